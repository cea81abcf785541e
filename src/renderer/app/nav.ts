import type { Language, MessageKey } from '../../shared/i18n/index.ts'
import { modelsNavLabel } from '../transcription/strings.ts'
import type { Route } from './route.ts'

/**
 * The pages in the header, in order. Later pages (Search, Episodes) add a line here and a case
 * in route.ts; `owns` says which routes light their link up.
 */
export const navItems: readonly {
  /** A shared catalogue key, or a page's own words in both languages. */
  label: MessageKey | Readonly<Record<Language, string>>
  href: string
  owns: (route: Route) => boolean
}[] = [
  {
    label: 'nav.library',
    href: '#/',
    owns: (route) => route.page === 'library' || route.page === 'recording',
  },
  { label: 'nav.search', href: '#/search', owns: (route) => route.page === 'search' },
  {
    label: 'nav.episodes',
    href: '#/episodes',
    owns: (route) => route.page === 'episodes' || route.page === 'episode',
  },
  { label: modelsNavLabel, href: '#/models', owns: (route) => route.page === 'models' },
  { label: 'nav.settings', href: '#/settings', owns: (route) => route.page === 'settings' },
]
