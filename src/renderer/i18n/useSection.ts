import type { Section, SectionTranslate } from '../../shared/i18n/sections.ts'
import { sectionTranslator } from '../../shared/i18n/sections.ts'
import type { I18n } from './context.ts'
import { useT } from './useT.ts'

/**
 * A section of the catalogue in the interface language (decision 0196), beside the shared
 * translator: `const { s, t } = useSection('transcription')`.
 */
export function useSection<S extends Section>(section: S): I18n & { s: SectionTranslate<S> } {
  const i18n = useT()
  return { ...i18n, s: sectionTranslator(i18n.language, section) }
}
