import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react'
import {
  errorText,
  makeTranslator,
  type ErrorLike,
  type Language,
} from '../../shared/i18n/index.ts'
import { useClient } from '../app/client-context.ts'
import { I18nContext, type I18n } from './context.ts'

/** Before the settings arrive (or if they cannot), the system's language decides. */
function systemLanguage(): Language {
  return navigator.language.toLowerCase().startsWith('es') ? 'es' : 'en'
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const client = useClient()
  const [language, setLanguageState] = useState<Language | null>(null)

  useEffect(() => {
    let live = true
    void client.call('settings.get', {}).then((result) => {
      if (live) setLanguageState(result.ok ? result.value.uiLanguage : systemLanguage())
    })
    return () => {
      live = false
    }
  }, [client])

  useEffect(() => {
    if (language) document.documentElement.lang = language
  }, [language])

  const setLanguage = useCallback(
    (next: Language) => {
      setLanguageState(next)
      void client.call('settings.update', { uiLanguage: next })
    },
    [client],
  )

  const value = useMemo<I18n | null>(
    () =>
      language && {
        language,
        t: makeTranslator(language),
        errorText: (error: ErrorLike) => errorText(language, error),
        setLanguage,
      },
    [language, setLanguage],
  )

  if (!value)
    return <p className="app-loading">{makeTranslator(systemLanguage())('app.loading')}</p>
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>
}
