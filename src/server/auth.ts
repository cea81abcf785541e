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

/** A request carries the session token as the cookie the server set, or as a bearer header (scripts). */
export function isAuthorised(req: IncomingMessage, token: string): boolean {
  const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1]
  const presented = bearer ?? cookieToken(req)
  return presented !== null && sameToken(presented, token)
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
