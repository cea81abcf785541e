import type { MessageKey } from '../../shared/i18n/index.ts'
import type { Route } from './route.ts'

/**
 * The pages in the header, in order. Later pages (Search, Episodes) add a line here and a case
 * in route.ts; `owns` says which routes light their link up.
 */
export const navItems: readonly {
  label: MessageKey
  href: string
  owns: (route: Route) => boolean
}[] = [
  {
    label: 'nav.library',
    href: '#/',
    owns: (route) => route.page === 'library' || route.page === 'recording',
  },
  { label: 'nav.search', href: '#/search', owns: (route) => route.page === 'search' },
]
