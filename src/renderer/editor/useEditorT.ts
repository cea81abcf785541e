import { useMemo } from 'react'
import { useT } from '../i18n/useT.ts'
import { editorStrings, type EditorLanguage, type EditorT } from './strings.ts'

/**
 * The editor's words in the interface language, read where they are needed rather than passed
 * down as a prop: `const { t } = useEditorT()`, like `useT()` elsewhere.
 */
export function useEditorT(): { t: EditorT; language: EditorLanguage } {
  const { language } = useT()
  const t = useMemo(() => editorStrings(language), [language])
  return { t, language }
}
