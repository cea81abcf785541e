import { serveMedia } from '../core/media/serve.ts'
import type { Voces } from '../core/voces.ts'

export const mediaScheme = 'voces-media'

/**
 * `voces-media://media/<id>/<kind>` → the same handler the HTTP transport uses for
 * `/media/<id>/<kind>`: library files only, with Range support for seeking.
 */
export function mediaProtocolHandler(voces: Voces): (request: Request) => Promise<Response> {
  return (request) => {
    const url = new URL(request.url)
    // The query carries where an episode preview starts (decision 0165).
    const path = `/${url.host}${url.pathname}${url.search}`
    return serveMedia(
      voces,
      new Request(new URL(path, 'http://voces.local'), {
        headers: request.headers,
        method: request.method,
      }),
    )
  }
}
