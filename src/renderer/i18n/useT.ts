import { useContext } from 'react'
import { I18nContext, type I18n } from './context.ts'

/** The interface language and its translator: `const { t } = useT()`. */
export function useT(): I18n {
  const i18n = useContext(I18nContext)
  if (!i18n) throw new Error('useT outside <I18nProvider>')
  return i18n
}
