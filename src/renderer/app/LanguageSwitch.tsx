import { ownLanguageNames } from '../../shared/language.ts'
import { languages } from '../../shared/i18n/index.ts'
import { useT } from '../i18n/useT.ts'

/** EN | ES as two toggle buttons; each names its language in that language, for who needs it. */
export function LanguageSwitch() {
  const { language, setLanguage, t } = useT()
  return (
    <div className="language-switch" role="group" aria-label={t('language.label')}>
      {languages.map((code) => (
        <button
          key={code}
          type="button"
          lang={code}
          className="language-switch__option"
          aria-pressed={language === code}
          title={ownLanguageNames[code]}
          onClick={() => setLanguage(code)}
        >
          <span aria-hidden="true">{code.toUpperCase()}</span>
          <span className="visually-hidden">{ownLanguageNames[code]}</span>
        </button>
      ))}
    </div>
  )
}
