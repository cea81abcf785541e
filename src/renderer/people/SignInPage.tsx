import { useId, useState, type FormEvent } from 'react'
import type { ApiError } from '../../shared/contract/index.ts'
import { useClient } from '../app/client-context.ts'
import { LanguageSwitch } from '../app/LanguageSwitch.tsx'
import { useT } from '../i18n/useT.ts'
import { sectionTranslator } from '../../shared/i18n/sections.ts'
import './people.css'

/** Shown when the server says a session is needed: email, password, and why it failed. */
export function SignInPage({ ended, onSignedIn }: { ended: boolean; onSignedIn: () => void }) {
  const { t, language, errorText } = useT()
  const s = sectionTranslator(language, 'people')
  const client = useClient()
  const id = useId()
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!client.session) return
    setBusy(true)
    setError(null)
    const result = await client.session.signIn(email.trim(), password)
    setBusy(false)
    if (result.ok) {
      setPassword('')
      onSignedIn()
    } else setError(result.error)
  }

  return (
    <div className="sign-in">
      <header className="sign-in__top">
        <span className="app-header__name">{t('app.name')}</span>
        <LanguageSwitch />
      </header>
      <main className="sign-in__card">
        <h1>{s('signInTitle')}</h1>
        <p className="sign-in__lead">{s('signInLead')}</p>
        {ended && !error && (
          <p className="notice" role="status">
            {s('signedOutNotice')}
          </p>
        )}
        <form onSubmit={(event) => void submit(event)} className="sign-in__form">
          <label htmlFor={`${id}-email`}>{s('email')}</label>
          <input
            id={`${id}-email`}
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
          <label htmlFor={`${id}-password`}>{s('password')}</label>
          <input
            id={`${id}-password`}
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
          {error && (
            <p className="notice notice--error" role="alert">
              {errorText(error).text}
            </p>
          )}
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? s('signingIn') : s('signIn')}
          </button>
        </form>
      </main>
    </div>
  )
}
