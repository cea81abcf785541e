import type { WebPreferences } from 'electron'

/** The window's settings: the page gets the preload's bridge and nothing of Node. */
export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    nodeIntegration: false,
    sandbox: true,
    webSecurity: true,
    allowRunningInsecureContent: false,
    spellcheck: true,
  }
}

/** The same policy the HTTP transport sends (src/server/static-files.ts), plus the media protocol. */
export const windowContentSecurityPolicy =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: voces-media:; " +
  "media-src 'self' blob: voces-media:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"

/**
 * IPC is answered only for our own page: the file the shell loaded, or the dev server in
 * development. Anything else (an injected frame, a navigated page) is refused.
 */
export function isTrustedSender(senderUrl: string, appUrl: string): boolean {
  let sender: URL
  let app: URL
  try {
    sender = new URL(senderUrl)
    app = new URL(appUrl)
  } catch {
    return false
  }
  if (app.protocol === 'file:')
    return sender.protocol === 'file:' && sender.pathname === app.pathname
  return sender.origin === app.origin
}

/** Navigation away from the app and new windows are always denied. */
export function isAllowedNavigation(targetUrl: string, appUrl: string): boolean {
  return isTrustedSender(targetUrl, appUrl)
}
