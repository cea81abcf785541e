/** The pages, addressed by the URL hash so the same build works from file:// and from HTTP. */
export type Route =
  | { page: 'library' }
  | { page: 'search' }
  | { page: 'episodes' }
  | { page: 'episode'; id: string }
  | { page: 'settings' }
  | { page: 'models' }
  | { page: 'people' }
  | { page: 'access' }
  | { page: 'audit' }
  /** `t`: seconds to start playing from (a search hit's moment). */
  | { page: 'recording'; id: string; t?: number }
  /** An address that names nothing readable (`#/recording/%E0`: no text decodes from it). */
  | { page: 'notFound' }

/** A part of the address as text; null when it is no valid percent-encoding. */
function decodePart(part: string): string | null {
  try {
    return decodeURIComponent(part)
  } catch {
    return null
  }
}

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '')
  if (path === '/search') return { page: 'search' }
  if (path === '/episodes') return { page: 'episodes' }
  if (path === '/settings') return { page: 'settings' }
  if (path === '/models') return { page: 'models' }
  if (path === '/people') return { page: 'people' }
  if (path === '/access') return { page: 'access' }
  if (path === '/audit') return { page: 'audit' }
  const episode = /^\/episode\/([^/?#]+)$/.exec(path)
  if (episode?.[1]) {
    const id = decodePart(episode[1])
    return id === null ? { page: 'notFound' } : { page: 'episode', id }
  }
  const recording = /^\/recording\/([^/?#]+)(?:\?t=([\d.]+))?$/.exec(path)
  if (recording?.[1]) {
    const t = recording[2] === undefined ? undefined : Number(recording[2])
    const id = decodePart(recording[1])
    if (id === null) return { page: 'notFound' }
    return t !== undefined && Number.isFinite(t)
      ? { page: 'recording', id, t }
      : { page: 'recording', id }
  }
  return { page: 'library' }
}

export function routeHref(route: Route): string {
  if (route.page === 'search') return '#/search'
  if (route.page === 'episodes') return '#/episodes'
  if (route.page === 'settings') return '#/settings'
  if (route.page === 'models') return '#/models'
  if (route.page === 'people') return '#/people'
  if (route.page === 'access') return '#/access'
  if (route.page === 'audit') return '#/audit'
  if (route.page === 'episode') return `#/episode/${encodeURIComponent(route.id)}`
  if (route.page === 'recording') {
    return `#/recording/${encodeURIComponent(route.id)}${route.t === undefined ? '' : `?t=${route.t}`}`
  }
  return '#/'
}
