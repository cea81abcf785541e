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

/**
 * Where a signed-in person's own choice of language is kept (decision 0188): in their browser,
 * not in the archive's settings, which only an admin may change.
 */
const ownLanguageKey = 'voces.language'

function ownLanguage(): Language | null {
  try {
    const kept = window.localStorage.getItem(ownLanguageKey)
    return kept === 'en' || kept === 'es' ? kept : null
  } catch {
    return null
  }
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const client = useClient()
  const [language, setLanguageState] = useState<Language | null>(null)

  useEffect(() => {
    let live = true
    void client.call('settings.get', {}).then((result) => {
      if (live)
        setLanguageState(ownLanguage() ?? (result.ok ? result.value.uiLanguage : systemLanguage()))
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
      // The single-user library keeps it in its settings, as the app's menu does; a person of a
      // shared archive keeps it in this browser, so no admin-only call is made (decision 0188).
      void client.call('people.whoami', {}).then((me) => {
        if (me.ok && me.value.implicit) void client.call('settings.update', { uiLanguage: next })
        else
          try {
            window.localStorage.setItem(ownLanguageKey, next)
          } catch {
            // A browser that keeps nothing shows the choice until the page is reloaded.
          }
      })
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
