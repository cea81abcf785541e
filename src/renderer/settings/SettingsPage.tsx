import { ownLanguageNames } from '../../shared/language.ts'
import { useCallback, useEffect, useState } from 'react'
import { languages } from '../../shared/i18n/index.ts'
import type {
  ApiError,
  AppInfo,
  Glossary,
  Settings,
  TranslationEngineInfo,
} from '../../shared/contract/index.ts'
import { useClient } from '../app/client-context.ts'
import { useT } from '../i18n/useT.ts'
import { useMay, useMe } from '../people/context.ts'
import '../episodes/episodes.css'
import './settings.css'

/**
 * The library's settings: the interface language (the same switch as the header's), whether
 * ingest copies originals into the library, which FFmpeg to use, with the version found, and the
 * glossary Whisper is given as its prompt (docs/decisions/0080-glossary-prompt.md).
 */
export function SettingsPage() {
  const { t, language, setLanguage, errorText } = useT()
  const client = useClient()
  const may = useMay()
  const { whoami } = useMe()
  const [settings, setSettings] = useState<Settings | null>(null)
  const [info, setInfo] = useState<AppInfo | null>(null)
  const [ffmpegPath, setFfmpegPath] = useState('')
  const [error, setError] = useState<ApiError | null>(null)
  const [saved, setSaved] = useState('')
  const [glossary, setGlossary] = useState<Glossary | null>(null)
  const [term, setTerm] = useState('')
  const [glossaryError, setGlossaryError] = useState<ApiError | null>(null)
  /** A refused FFmpeg path, shown by its field (the path typed stays there to be corrected). */
  const [ffmpegError, setFfmpegError] = useState<ApiError | null>(null)
  const [apertiumPath, setApertiumPath] = useState('')
  const [apertiumError, setApertiumError] = useState<ApiError | null>(null)
  const [engines, setEngines] = useState<TranslationEngineInfo[] | null>(null)
  const [reviewerName, setReviewerName] = useState('')

  const loadEngines = useCallback(async () => {
    const result = await client.call('translation.engines', {})
    if (result.ok) setEngines(result.value)
  }, [client])

  const loadInfo = useCallback(async () => {
    const result = await client.call('app.info', {})
    if (result.ok) setInfo(result.value)
    else setError(result.error)
  }, [client])

  useEffect(() => {
    let live = true
    void client.call('settings.get', {}).then((result) => {
      if (!live) return
      if (result.ok) {
        setSettings(result.value)
        setFfmpegPath(result.value.ffmpegPath)
        setApertiumPath(result.value.apertiumPath)
        setReviewerName(result.value.reviewerName)
      } else setError(result.error)
    })
    void loadInfo()
    void loadEngines()
    void client.call('glossary.list', {}).then((result) => {
      if (!live) return
      if (result.ok) setGlossary(result.value)
      else setGlossaryError(result.error)
    })
    return () => {
      live = false
    }
  }, [client, loadInfo, loadEngines])

  const update = async (patch: Partial<Settings>) => {
    setSaved('')
    // Shown at once, as a checkbox should; put back if the core refuses it.
    const before = settings
    setSettings((current) => current && { ...current, ...patch })
    const result = await client.call('settings.update', patch)
    if (!result.ok) {
      setSettings(before)
      if (patch.ffmpegPath !== undefined) setFfmpegError(result.error)
      else if (patch.apertiumPath !== undefined) setApertiumError(result.error)
      else setError(result.error)
      return
    }
    setError(null)
    if (patch.ffmpegPath !== undefined) setFfmpegError(null)
    setSettings(result.value)
    setSaved(t('save.saved'))
    if (patch.ffmpegPath !== undefined) await loadInfo()
    if (patch.apertiumPath !== undefined) {
      setApertiumError(null)
      await loadEngines()
    }
  }

  /** Adds or removes a term; a refusal is shown by the field and changes nothing. */
  const changeGlossary = async (method: 'glossary.add' | 'glossary.remove', value: string) => {
    setSaved('')
    const result = await client.call(method, { term: value })
    if (!result.ok) {
      setGlossaryError(result.error)
      return false
    }
    setGlossaryError(null)
    setGlossary(result.value)
    setSaved(t('save.saved'))
    return true
  }

  const fit = glossary?.prompt ?? null

  return (
    <div className="page page--settings">
      <div className="page__header">
        <h1>{t('settings.heading')}</h1>
        <p className="hint" role="status" aria-live="polite">
          {saved}
        </p>
      </div>
      {error && (
        <p className="notice notice--error" role="alert">
          {errorText(error).text}
        </p>
      )}
      <div className="settings">
        <fieldset className="panel field">
          <legend>{t('settings.language')}</legend>
          <div className="segmented">
            {languages.map((code) => (
              <label key={code} className="segmented__option" lang={code}>
                <input
                  type="radio"
                  name="ui-language"
                  checked={language === code}
                  onChange={() => setLanguage(code)}
                />
                <span>{ownLanguageNames[code]}</span>
              </label>
            ))}
          </div>
          <p className="hint">{t('settings.languageHint')}</p>
        </fieldset>

        {/* The single-user library's reviewer; a signed-in person reviews under their account's
            name (decision 0203). */}
        {(whoami === null || whoami.implicit) && (
          <div className="panel field">
            <label htmlFor="settings-reviewer">{t('settings.reviewerName')}</label>
            <input
              id="settings-reviewer"
              type="text"
              value={reviewerName}
              maxLength={200}
              disabled={!settings}
              aria-describedby="settings-reviewer-hint"
              onChange={(event) => setReviewerName(event.target.value)}
              onBlur={() => {
                if (settings && reviewerName.trim() !== settings.reviewerName)
                  void update({ reviewerName: reviewerName.trim() })
              }}
            />
            <p id="settings-reviewer-hint" className="hint">
              {t('settings.reviewerNameHint')}
            </p>
          </div>
        )}

        {/* The library's settings, shown to every role, changed by who may (decision 0170). */}
        <fieldset className="form-grid__all" disabled={!may('settings.update')}>
          <section className="panel" aria-labelledby="settings-library">
            <h2 id="settings-library">{t('settings.library')}</h2>
            <label className="check settings__check">
              <input
                type="checkbox"
                checked={settings?.copyIntoLibrary ?? false}
                disabled={!settings}
                aria-describedby="settings-copy-hint"
                onChange={(event) => void update({ copyIntoLibrary: event.target.checked })}
              />
              {t('settings.copyIntoLibrary')}
            </label>
            <p id="settings-copy-hint" className="hint">
              {t('settings.copyHint')}
            </p>
            <label className="check settings__check">
              <input
                type="checkbox"
                checked={settings?.detectSpeakers ?? true}
                disabled={!settings}
                aria-describedby="settings-speakers-hint"
                onChange={(event) => void update({ detectSpeakers: event.target.checked })}
              />
              {t('settings.detectSpeakers')}
            </label>
            <p id="settings-speakers-hint" className="hint">
              {t('settings.detectSpeakersHint')}
            </p>
            {info && (
              <dl className="settings__facts">
                <div>
                  <dt>{t('settings.libraryFolder')}</dt>
                  <dd className="mono">{info.libraryDir}</dd>
                </div>
                <div>
                  <dt>{t('settings.version')}</dt>
                  <dd>{info.version}</dd>
                </div>
              </dl>
            )}
          </section>

          <section className="panel" aria-labelledby="settings-ffmpeg">
            <h2 id="settings-ffmpeg">FFmpeg</h2>
            <ProgramPathField
              name="ffmpeg"
              value={ffmpegPath}
              error={ffmpegError}
              label={t('settings.ffmpegPath')}
              hint={t('settings.ffmpegHint')}
              onChange={setFfmpegPath}
              onSubmit={() => void update({ ffmpegPath: ffmpegPath.trim() })}
            />
            {info &&
              (info.ffmpeg.found ? (
                <p className="notice settings__ffmpeg settings__ffmpeg--found" role="status">
                  {t('settings.ffmpegFound', {
                    version: info.ffmpeg.version ?? '',
                    path: info.ffmpeg.path ?? '',
                  })}
                </p>
              ) : (
                <p className="notice notice--error settings__ffmpeg" role="status">
                  {t('error.FFMPEG_NOT_FOUND')}
                </p>
              ))}
          </section>

          <section className="panel" aria-labelledby="settings-translation">
            <h2 id="settings-translation">{t('settings.translation')}</h2>
            <ProgramPathField
              name="apertium"
              value={apertiumPath}
              error={apertiumError}
              label={t('settings.apertiumPath')}
              hint={t('settings.apertiumHint')}
              onChange={setApertiumPath}
              onSubmit={() => void update({ apertiumPath: apertiumPath.trim() })}
            />
            {engines && (
              <ul className="settings__engines">
                {engines.map((engine) => (
                  <li
                    key={engine.name}
                    className={`notice settings__ffmpeg${engine.installed ? ' settings__ffmpeg--found' : ''}`}
                  >
                    {engine.installed
                      ? t('settings.engineInstalled', {
                          name: engine.name,
                          pairs: engine.pairs.map((pair) => `${pair.from}→${pair.to}`).join(', '),
                        })
                      : t('settings.engineMissing', {
                          name: engine.name,
                          hint: t(
                            engine.name === 'bergamot'
                              ? 'settings.bergamotInstall'
                              : 'settings.apertiumInstall',
                          ),
                        })}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </fieldset>

        <section className="panel" aria-labelledby="settings-glossary">
          <h2 id="settings-glossary">{t('settings.glossary')}</h2>
          <p id="settings-glossary-hint" className="hint">
            {t('settings.glossaryHint')}
          </p>
          <form
            className="field"
            onSubmit={(event) => {
              event.preventDefault()
              void changeGlossary('glossary.add', term).then((added) => added && setTerm(''))
            }}
          >
            <label htmlFor="settings-glossary-term">{t('settings.glossaryTerm')}</label>
            <div className="settings__row">
              <input
                id="settings-glossary-term"
                type="text"
                value={term}
                placeholder={t('settings.glossaryPlaceholder')}
                aria-describedby="settings-glossary-hint"
                aria-invalid={glossaryError ? true : undefined}
                aria-errormessage={glossaryError ? 'settings-glossary-error' : undefined}
                onChange={(event) => setTerm(event.target.value)}
              />
              <button type="submit" className="button" disabled={!glossary}>
                {t('settings.glossaryAdd')}
              </button>
            </div>
            {glossaryError && (
              <p id="settings-glossary-error" className="field__error" role="alert">
                {errorText(glossaryError).text}
              </p>
            )}
          </form>
          {glossary &&
            (glossary.terms.length === 0 ? (
              <p className="hint">{t('settings.glossaryEmpty')}</p>
            ) : (
              <>
                <p className="hint settings__fit" role="status">
                  {!fit
                    ? t('settings.glossaryNoModel')
                    : fit.leftOut === 0
                      ? t('settings.glossaryAllFit', {
                          count: fit.used,
                          tokens: fit.tokens,
                          budget: fit.budget,
                        })
                      : t('settings.glossaryLeftOut', { count: fit.leftOut, used: fit.used })}
                </p>
                <ul className="settings__terms" aria-labelledby="settings-glossary">
                  {glossary.terms.map((item, i) => (
                    <li key={item} className="settings__term">
                      <span lang="">{item}</span>
                      {fit && i >= fit.used && (
                        <span className="badge settings__left-out">
                          {t('settings.glossaryLeftOutBadge')}
                        </span>
                      )}
                      <button
                        type="button"
                        className="button button--small"
                        aria-label={t('settings.glossaryRemoveTerm', { term: item })}
                        onClick={() => void changeGlossary('glossary.remove', item)}
                      >
                        {t('settings.glossaryRemove')}
                      </button>
                    </li>
                  ))}
                </ul>
              </>
            ))}
        </section>
      </div>
    </div>
  )
}

/**
 * A program's path, as FFmpeg's and Apertium's are chosen: empty finds it automatically; a path
 * the core refuses is shown by the field with its reason, and stays there to be corrected.
 */
function ProgramPathField(props: {
  name: string
  value: string
  error: ApiError | null
  label: string
  hint: string
  onChange(value: string): void
  onSubmit(): void
}) {
  const { t, errorText } = useT()
  const { name, value, error } = props
  return (
    <form
      className="field"
      onSubmit={(event) => {
        event.preventDefault()
        props.onSubmit()
      }}
    >
      <label htmlFor={`settings-${name}-path`}>{props.label}</label>
      <div className="settings__row">
        <input
          id={`settings-${name}-path`}
          type="text"
          className="mono"
          value={value}
          placeholder={t('settings.ffmpegAuto')}
          aria-describedby={
            error ? `settings-${name}-error settings-${name}-hint` : `settings-${name}-hint`
          }
          aria-invalid={error !== null}
          onChange={(event) => props.onChange(event.target.value)}
        />
        <button type="submit" className="button">
          {t('settings.ffmpegApply')}
        </button>
      </div>
      {error && (
        <p id={`settings-${name}-error`} className="field__error" role="alert">
          {errorText(error).text}
        </p>
      )}
      <p id={`settings-${name}-hint`} className="hint">
        {props.hint}
      </p>
    </form>
  )
}
