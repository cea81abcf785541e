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

/** A URL's scheme and host, which are its origin for `app:` too (Node calls that origin "null"). */
function place(url: URL): string {
  return `${url.protocol}//${url.host}`
}

/**
 * IPC is answered only for our own page: the `app://voces/` page the shell loaded, or the dev
 * server in development. Anything else (an injected frame, a navigated page, another custom
 * scheme) is refused.
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
  // A non-special scheme's origin is opaque ("null" for every one of them): compare the parts.
  return app.host !== '' && place(sender) === place(app)
}

/** Navigation away from the app and new windows are always denied. */
export function isAllowedNavigation(targetUrl: string, appUrl: string): boolean {
  return isTrustedSender(targetUrl, appUrl)
}

/**
 * The permissions the page uses, granted to the app's own page only; every other one (camera,
 * microphone, location, notifications, MIDI, HID, serial, USB, …) is denied unasked, for requests
 * and checks alike (decision 0096). Copying show notes writes the clipboard; a video's own
 * controls go full screen.
 */
export const allowedPermissions: ReadonlySet<string> = new Set([
  'clipboard-sanitized-write',
  'fullscreen',
])

export function isPermissionAllowed(
  permission: string,
  requestingUrl: string,
  appUrl: string,
): boolean {
  return allowedPermissions.has(permission) && isTrustedSender(requestingUrl, appUrl)
}

/**
 * The only addresses the app hands to the system browser: its own help links, the sources its
 * subtitle rules and Whisper set-up cite (decision 0096). Anything else a page asks to open,
 * a show note's link included, stays unopened.
 */
export const helpLinks: readonly string[] = [
  'https://partnerhelp.netflixstudios.com/hc/en-us/articles/215758617-Timed-Text-Style-Guide-General-Requirements',
  'https://partnerhelp.netflixstudios.com/hc/en-us/articles/217350977-English-USA-Timed-Text-Style-Guide',
  'https://partnerhelp.netflixstudios.com/hc/en-us/articles/215600497-Spanish-Latin-American-Timed-Text-Style-Guide',
  'https://huggingface.co/ggml-org/whisper-vad',
  'https://ffmpeg.org/download.html',
]

/** Whether `shell.openExternal` may open this address: one of the help links, exactly (a #part aside). */
export function isHelpLink(target: string): boolean {
  let url: URL
  try {
    url = new URL(target)
  } catch {
    return false
  }
  if (url.username !== '' || url.password !== '') return false
  url.hash = ''
  return helpLinks.includes(url.href)
}
