/** The pages, addressed by the URL hash so the same build works from file:// and from HTTP. */
export type Route = { page: 'library' } | { page: 'recording'; id: string }

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '')
  const recording = /^\/recording\/([^/?#]+)$/.exec(path)
  if (recording?.[1]) return { page: 'recording', id: decodeURIComponent(recording[1]) }
  return { page: 'library' }
}

export function routeHref(route: Route): string {
  return route.page === 'recording' ? `#/recording/${encodeURIComponent(route.id)}` : '#/'
}
