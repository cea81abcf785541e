import type { MethodName } from '../../shared/contract/index.ts'
import type { Language, MessageKey } from '../../shared/i18n/index.ts'
import { sectionTranslator, type Section, type SectionKey } from '../../shared/i18n/sections.ts'
import type { Route } from './route.ts'

/** A page's own words, from its section of the catalogue, in both languages. */
const inBoth = <S extends Section>(section: S, key: SectionKey<S>) => ({
  en: sectionTranslator('en', section)(key),
  es: sectionTranslator('es', section)(key),
})

/**
 * The pages in the header, in order. Later pages (Search, Episodes) add a line here and a case
 * in route.ts; `owns` says which routes light their link up.
 */
export const navItems: readonly {
  /** A shared catalogue key, or a page's own words in both languages. */
  label: MessageKey | Readonly<Record<Language, string>>
  href: string
  owns: (route: Route) => boolean
  /** The call the page is made of: the link is there only for who may make it (decision 0170). */
  needs?: MethodName
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
  {
    label: inBoth('transcription', 'nav'),
    href: '#/models',
    owns: (route) => route.page === 'models',
  },
  { label: 'nav.settings', href: '#/settings', owns: (route) => route.page === 'settings' },
  {
    label: inBoth('people', 'nav.people'),
    href: '#/people',
    owns: (route) => route.page === 'people',
    needs: 'people.list',
  },
  {
    label: inBoth('people', 'nav.access'),
    href: '#/access',
    owns: (route) => route.page === 'access',
    needs: 'grants.list',
  },
  {
    label: inBoth('people', 'nav.audit'),
    href: '#/audit',
    owns: (route) => route.page === 'audit',
    needs: 'audit.list',
  },
]
