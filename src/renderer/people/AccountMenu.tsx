import { useT } from '../i18n/useT.ts'
import { useMe } from './context.ts'
import { sectionTranslator } from '../../shared/i18n/sections.ts'

/** Who is signed in, with their role, and the way out; nothing for the embedded library. */
export function AccountMenu() {
  const { language } = useT()
  const s = sectionTranslator(language, 'people')
  const { whoami, signOut } = useMe()
  if (!whoami || whoami.implicit) return null
  return (
    <div className="account" role="group" aria-label={s('signedInAs')}>
      <span className="account__who">
        <span className="visually-hidden">{s('signedInAs')} </span>
        <span className="account__name" title={whoami.email ?? undefined}>
          {whoami.name || whoami.email}
        </span>{' '}
        <span className="account__role">{s(`roles.${whoami.role}`)}</span>
      </span>
      <button type="button" className="button button--small" onClick={() => void signOut()}>
        {s('signOut')}
      </button>
    </div>
  )
}
