import type { SubtitleCheck } from '../../shared/contract/index.ts'
import { languages, type Language as Lang } from '../../shared/language.ts'
import { qualityMessage } from './quality-messages.ts'
import type { EditorLanguage, EditorStringKey } from './strings.ts'
import { useEditorT } from './useEditorT.ts'

/** Each track's rule problems, counted by rule; picking one goes to its cue. */
export function QualityPanel({
  checks,
  language,
  onPick,
}: {
  checks: Partial<Record<Lang, SubtitleCheck>>
  language: EditorLanguage
  onPick: (cueId: number | undefined, language: Lang) => void
}) {
  const { t } = useEditorT()
  return (
    <aside className="quality" aria-label={t('subs.quality')}>
      <h3>{t('subs.quality')}</h3>
      {languages.map((track) => {
        const check = checks[track]
        if (!check) return null
        const counts = Object.entries(check.counts).filter(([, n]) => n > 0)
        return (
          <section key={track} className="quality__track">
            <h4>
              {track === 'en' ? t('subs.english') : t('subs.spanish')}
              <span className="quality__total">
                {check.problems.length === 0
                  ? t('subs.noProblems')
                  : check.problems.length === 1
                    ? t('subs.oneProblem')
                    : t('subs.problems', { count: check.problems.length })}
              </span>
            </h4>
            {counts.length > 0 && (
              <p className="quality__counts">
                {counts.map(([rule, n]) => (
                  <span key={rule} className="chip">
                    {t(`rule.${rule}` as EditorStringKey)}: {n}
                  </span>
                ))}
              </p>
            )}
            <ul className="quality__list">
              {check.problems.slice(0, 300).map((problem, k) => (
                <li key={k}>
                  <button
                    type="button"
                    className="quality__item"
                    onClick={() => onPick(problem.cueId, track)}
                  >
                    <strong>{t('subs.cue', { n: problem.cue })}</strong> ·{' '}
                    {t(`rule.${problem.rule}` as EditorStringKey)}
                    <span className="quality__message">
                      {qualityMessage(t, language, problem) ?? problem.message}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        )
      })}
    </aside>
  )
}
