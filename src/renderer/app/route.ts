/** The pages, addressed by the URL hash so the same build works from file:// and from HTTP. */
export type Route =
  | { page: 'library' }
  | { page: 'search' }
  /** `t`: seconds to start playing from (a search hit's moment). */
  | { page: 'recording'; id: string; t?: number }

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '')
  if (path === '/search') return { page: 'search' }
  const recording = /^\/recording\/([^/?#]+)(?:\?t=([\d.]+))?$/.exec(path)
  if (recording?.[1]) {
    const t = recording[2] === undefined ? undefined : Number(recording[2])
    const id = decodeURIComponent(recording[1])
    return t !== undefined && Number.isFinite(t)
      ? { page: 'recording', id, t }
      : { page: 'recording', id }
  }
  return { page: 'library' }
}

export function routeHref(route: Route): string {
  if (route.page === 'search') return '#/search'
  if (route.page === 'recording') {
    return `#/recording/${encodeURIComponent(route.id)}${route.t === undefined ? '' : `?t=${route.t}`}`
  }
  return '#/'
}
