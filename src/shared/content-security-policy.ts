/**
 * The one Content-Security-Policy of the Voces page, sent as a response header by both transports
 * that serve it: the loopback HTTP server (src/server/static-files.ts) and the Electron shell's
 * `app://voces/` protocol (src/main/app-protocol.ts). No inline or remote script, no eval, no
 * frames; media and pictures from the page's own origin, blobs, and the shell's `voces-media:`
 * protocol (which a browser cannot resolve, so it opens nothing there). Decision 0095.
 */
export const contentSecurityPolicy =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
  "img-src 'self' data: blob: voces-media:; media-src 'self' blob: voces-media:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
