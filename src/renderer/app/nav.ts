import type { MethodName } from '../../shared/contract/index.ts'
import type { Language, MessageKey } from '../../shared/i18n/index.ts'
import { sectionTranslator } from '../../shared/i18n/sections.ts'
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
    label: {
      en: sectionTranslator('en', 'transcription')('nav'),
      es: sectionTranslator('es', 'transcription')('nav'),
    },
    href: '#/models',
    owns: (route) => route.page === 'models',
  },
  { label: 'nav.settings', href: '#/settings', owns: (route) => route.page === 'settings' },
  {
    label: {
      en: sectionTranslator('en', 'people')('nav.people'),
      es: sectionTranslator('es', 'people')('nav.people'),
    },
    href: '#/people',
    owns: (route) => route.page === 'people',
    needs: 'people.list',
  },
  {
    label: {
      en: sectionTranslator('en', 'people')('nav.access'),
      es: sectionTranslator('es', 'people')('nav.access'),
    },
    href: '#/access',
    owns: (route) => route.page === 'access',
    needs: 'grants.list',
  },
  {
    label: {
      en: sectionTranslator('en', 'people')('nav.audit'),
      es: sectionTranslator('es', 'people')('nav.audit'),
    },
    href: '#/audit',
    owns: (route) => route.page === 'audit',
    needs: 'audit.list',
  },
]
