import { promises as fs } from 'node:fs'
import { rendererFile, rendererFileHeaders, resolveRendererPath } from '../server/static-files.ts'

// The window's page comes from `app://voces/…`, a privileged standard scheme served from the
// renderer build, not from file:// (which would give the page every file on the disk as its
// origin). Decision 0095. Nothing here imports electron, so Node tests run it as it is.

export const appScheme = 'app'
export const appHost = 'voces'
export const appUrl = `${appScheme}://${appHost}/index.html`

/** The scheme's privileges, as `protocol.registerSchemesAsPrivileged` takes them. */
export const appSchemePrivileges = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  codeCache: true,
} as const

const answer = (status: number, text: string): Response =>
  new Response(text, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' },
  })

/**
 * `app://voces/<path>` → the renderer build's file, with the same headers (the one
 * Content-Security-Policy among them) the HTTP transport sends; unknown paths get index.html.
 * Another host, a method other than GET/HEAD, a malformed escape or a path leaving the build is
 * refused.
 */
export function appProtocolHandler(root: string): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url)
    if (url.protocol !== `${appScheme}:` || url.host !== appHost) return answer(404, 'Not found.')
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return answer(405, 'Method not allowed.')
    const resolved = resolveRendererPath(root, url.pathname)
    if ('refused' in resolved)
      return resolved.refused === 'malformed'
        ? answer(400, 'This address is malformed.')
        : answer(404, 'Not found.')
    const file = await rendererFile(root, resolved.file)
    if (!file) return answer(503, 'The Voces interface is missing from this installation.')
    const body = request.method === 'HEAD' ? null : await fs.readFile(file)
    return new Response(body, { status: 200, headers: rendererFileHeaders(file) })
  }
}
