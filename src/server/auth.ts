import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

export const sessionCookie = 'voces_session'

export function newToken(): string {
  return randomBytes(24).toString('base64url')
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

export function cookieToken(req: IncomingMessage): string | null {
  const header = req.headers.cookie ?? ''
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=')
    if (name === sessionCookie) return rest.join('=')
  }
  return null
}

/**
 * Who may use one running server (decision 0094). The link printed by `serve` carries a token that
 * is swapped, once, for a separate random session id kept in an HttpOnly cookie; the token is then
 * spent. Callers in the same process (tests, benches) hold a bearer credential that is never
 * printed nor put in a link.
 */
export class Sessions {
  readonly linkToken: string
  readonly bearer: string
  private linkSpent = false
  private readonly ids = new Set<string>()

  constructor() {
    this.linkToken = newToken()
    this.bearer = newToken()
  }

  /**
   * The link's token presented: `session` (a new id, the token now spent), `spent` (it was right
   * but already swapped) or `wrong`.
   */
  swap(presented: string): { session: string } | 'spent' | 'wrong' {
    if (!sameToken(presented, this.linkToken)) return 'wrong'
    if (this.linkSpent) return 'spent'
    this.linkSpent = true
    const session = newToken()
    this.ids.add(session)
    return { session }
  }

  /** A request carries a session id the server issued as its cookie, or the bearer credential. */
  isAuthorised(req: IncomingMessage): boolean {
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1]
    if (bearer !== undefined) return sameToken(bearer, this.bearer)
    const presented = cookieToken(req)
    if (presented === null) return false
    for (const id of this.ids) if (sameToken(presented, id)) return true
    return false
  }
}

/**
 * Refuses requests whose Host is not this loopback server (DNS rebinding) and state-changing
 * requests from another origin (CSRF), on top of the SameSite=Strict cookie.
 */
export function isSameOriginRequest(req: IncomingMessage, port: number): boolean {
  const allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`])
  if (!allowedHosts.has(req.headers.host ?? '')) return false
  const origin = req.headers.origin
  if (origin === undefined || req.method === 'GET' || req.method === 'HEAD') return true
  try {
    return allowedHosts.has(new URL(origin).host)
  } catch {
    return false
  }
}

/** 127.0.0.1, ::1 or localhost: an address only this machine reaches. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host)
}

/**
 * A server with accounts answers whatever name it is reached by, so it cannot list its Hosts;
 * a state-changing request (anything but GET and HEAD, signing in included) must then come from
 * a page of this same origin: its Origin, when the browser sends one, is this Host under this
 * scheme (decision 0162). The session cookie is SameSite=Strict on top of this.
 */
export function isSameSiteRequest(req: IncomingMessage, secure: boolean): boolean {
  const origin = req.headers.origin
  if (origin === undefined || req.method === 'GET' || req.method === 'HEAD') return true
  return origin === `${secure ? 'https' : 'http'}://${req.headers.host ?? ''}`
}
