import { createContext } from 'react'
import type { ErrorLike, ErrorText, Language, Translate } from '../../shared/i18n/index.ts'

export interface I18n {
  language: Language
  t: Translate
  /** An error from the core in the interface language, with the file it names apart. */
  errorText: (error: ErrorLike) => ErrorText
  /** Applies at once and is saved in the library's settings. */
  setLanguage: (language: Language) => void
}

export const I18nContext = createContext<I18n | null>(null)
