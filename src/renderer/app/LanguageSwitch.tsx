import { languages } from '../../shared/i18n/index.ts'
import { useT } from '../i18n/useT.ts'

/** EN | ES as two toggle buttons; each names its language in that language, for who needs it. */
export function LanguageSwitch() {
  const { language, setLanguage, t } = useT()
  const ownName = { en: 'English', es: 'Español' } as const
  return (
    <div className="language-switch" role="group" aria-label={t('language.label')}>
      {languages.map((code) => (
        <button
          key={code}
          type="button"
          lang={code}
          className="language-switch__option"
          aria-pressed={language === code}
          title={ownName[code]}
          onClick={() => setLanguage(code)}
        >
          <span aria-hidden="true">{code.toUpperCase()}</span>
          <span className="visually-hidden">{ownName[code]}</span>
        </button>
      ))}
    </div>
  )
}
