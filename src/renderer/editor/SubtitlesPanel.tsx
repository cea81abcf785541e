import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { SubtitleCheck, SubtitleCue, Subtitles } from '../../shared/contract/index.ts'
import type { VocesClient } from '../client/index.ts'
import { CueRow } from './CueRow.tsx'
import { playFrom, resolveMedia, type MediaSource } from './media.ts'
import type { EditorStringKey, EditorT } from './strings.ts'
import { downloadText, pathOfPickedFile } from './subtitle-files.ts'
import { SAVE_DELAY_MS } from './useTranscript.ts'
import { VirtualList, type VirtualListHandle } from './VirtualList.tsx'

type Lang = 'en' | 'es'
const languages: Lang[] = ['en', 'es']
const cueKey = (cue: SubtitleCue) => cue.id

interface Props {
  client: VocesClient
  recordingId: string
  media: MediaSource
  t: EditorT
  /** The core's rule messages are English; in Spanish the rule's name says it. */
  showMessages: boolean
}

/** English | Español side by side on shared timing, with the quality panel and import/export. */
export function SubtitlesPanel({ client, recordingId, media, t, showMessages }: Props) {
  const [subtitles, setSubtitles] = useState<Subtitles | null>(null)
  const [checks, setChecks] = useState<Partial<Record<Lang, SubtitleCheck>>>({})
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null)
  const [format, setFormat] = useState<'srt' | 'vtt' | 'ass'>('srt')
  const [exportLang, setExportLang] = useState<Lang>('en')
  const list = useRef<VirtualListHandle | null>(null)
  const root = useRef<HTMLDivElement | null>(null)
  const pending = useRef(new Map<string, { timer: number; text: string }>())

  const check = useCallback(
    async (current: Subtitles) => {
      const next: Partial<Record<Lang, SubtitleCheck>> = {}
      for (const track of current.tracks) {
        const result = await client.call('subtitles.check', {
          recordingId,
          language: track.language,
        })
        if (result.ok) next[track.language] = result.value
      }
      setChecks(next)
    },
    [client, recordingId],
  )

  const show = useCallback(
    (value: Subtitles) => {
      setSubtitles(value)
      void check(value)
    },
    [check],
  )

  useEffect(() => {
    void client.call('subtitles.get', { recordingId }).then((result) => {
      if (result.ok) show(result.value)
      else setMessage({ text: result.error.message, error: true })
    })
  }, [client, recordingId, show])

  const make = async () => {
    let result = await client.call('subtitles.make', { recordingId, replace: false })
    if (
      !result.ok &&
      subtitles &&
      subtitles.cues.length > 0 &&
      window.confirm(t('subs.confirmReplace'))
    ) {
      result = await client.call('subtitles.make', { recordingId, replace: true })
    }
    if (result.ok) {
      show(result.value)
      setMessage(null)
    } else setMessage({ text: result.error.message, error: true })
  }

  const flush = useCallback(
    async (cueId: number, language: Lang) => {
      const key = `${cueId}:${language}`
      const entry = pending.current.get(key)
      if (!entry) return
      window.clearTimeout(entry.timer)
      pending.current.delete(key)
      const result = await client.call('subtitles.updateCue', { cueId, language, text: entry.text })
      if (!result.ok) {
        setMessage({ text: result.error.message, error: true })
        return
      }
      setSubtitles((was) => {
        if (!was) return was
        const next = {
          ...was,
          cues: was.cues.map((cue) => (cue.id === cueId ? result.value : cue)),
        }
        void check(next)
        return next
      })
    },
    [client, check],
  )

  const onText = useCallback(
    (cueId: number, language: Lang, text: string) => {
      const key = `${cueId}:${language}`
      const was = pending.current.get(key)
      if (was) window.clearTimeout(was.timer)
      pending.current.set(key, {
        text,
        timer: window.setTimeout(() => void flush(cueId, language), SAVE_DELAY_MS),
      })
    },
    [flush],
  )

  useEffect(() => {
    const out = () => {
      for (const key of [...pending.current.keys()]) {
        const [id, language] = key.split(':')
        void flush(Number(id), language as Lang)
      }
    }
    window.addEventListener('pagehide', out)
    return () => {
      window.removeEventListener('pagehide', out)
      out()
    }
  }, [flush])

  const onSeek = useCallback((time: number) => playFrom(resolveMedia(media), time), [media])

  const onReview = useCallback(
    async (cueId: number, language: Lang, verified: boolean) => {
      await flush(cueId, language)
      // The same name the Transcript tab keeps for its review marks.
      const reviewer = localStorage.getItem('voces.editor.reviewer')?.trim() ?? ''
      if (verified && reviewer === '') {
        setMessage({ text: t('subs.needReviewer'), error: true })
        return
      }
      const result = await client.call('subtitles.updateCue', {
        cueId,
        language,
        review: verified ? 'verified' : 'machine',
        ...(verified ? { reviewedBy: reviewer } : {}),
      })
      if (!result.ok) {
        setMessage({ text: result.error.message, error: true })
        return
      }
      setSubtitles((was) =>
        was
          ? { ...was, cues: was.cues.map((cue) => (cue.id === cueId ? result.value : cue)) }
          : was,
      )
    },
    [client, flush, t],
  )

  const problemsByCue = useMemo(() => {
    const map = new Map<number, number>()
    for (const language of languages)
      for (const problem of checks[language]?.problems ?? [])
        if (problem.cueId !== undefined) map.set(problem.cueId, (map.get(problem.cueId) ?? 0) + 1)
    return map
  }, [checks])

  const goToCue = (cueId: number | undefined, language: Lang) => {
    if (!subtitles || cueId === undefined) return
    const index = subtitles.cues.findIndex((cue) => cue.id === cueId)
    if (index < 0) return
    list.current?.scrollToIndex(index, 'center')
    requestAnimationFrame(() =>
      root.current
        ?.querySelector<HTMLTextAreaElement>(
          `textarea[data-cue="${cueId}"][data-language="${language}"]`,
        )
        ?.focus(),
    )
  }

  const importFile = async (language: Lang, file: File | undefined) => {
    if (!file) return
    const path = await pathOfPickedFile(client, file)
    if (typeof path !== 'string') return setMessage({ text: path.error, error: true })
    const result = await client.call('subtitles.import', { recordingId, language, path })
    if (!result.ok) return setMessage({ text: result.error.message, error: true })
    show(result.value.subtitles)
    setMessage({
      text: t('subs.imported', { count: result.value.cues, encoding: result.value.encoding }),
      error: false,
    })
  }

  const exportTrack = async () => {
    const result = await client.call('subtitles.export', {
      recordingId,
      language: exportLang,
      format,
    })
    if (result.ok) downloadText(result.value.fileName, result.value.text)
    else setMessage({ text: result.error.message, error: true })
  }

  const cues = subtitles?.cues ?? []
  return (
    <div className="subtitles" ref={root}>
      <div className="editor-toolbar">
        <button
          type="button"
          className="button button--small button--primary"
          onClick={() => void make()}
        >
          {cues.length > 0 ? t('subs.remake') : t('subs.make')}
        </button>
        {languages.map((language) => (
          <label key={language} className="button button--small file-button">
            {t(language === 'en' ? 'subs.importEn' : 'subs.importEs')}
            <input
              type="file"
              accept=".srt,.vtt,.ass,.ssa"
              className="visually-hidden"
              onChange={(event) => void importFile(language, event.target.files?.[0])}
            />
          </label>
        ))}
        <span className="editor-toolbar__group">
          <select
            aria-label={t('subs.track')}
            value={exportLang}
            onChange={(event) => setExportLang(event.target.value as Lang)}
          >
            <option value="en">{t('subs.english')}</option>
            <option value="es">{t('subs.spanish')}</option>
          </select>
          <select
            aria-label={t('subs.format')}
            value={format}
            onChange={(event) => setFormat(event.target.value as typeof format)}
          >
            <option value="srt">SRT</option>
            <option value="vtt">WebVTT</option>
            <option value="ass">ASS</option>
          </select>
          <button
            type="button"
            className="button button--small"
            disabled={cues.length === 0}
            onClick={() => void exportTrack()}
          >
            {t('subs.export')}
          </button>
        </span>
      </div>
      {message && (
        <p
          className={`notice${message.error ? ' notice--error' : ''}`}
          role={message.error ? 'alert' : 'status'}
        >
          {message.text}
        </p>
      )}
      {subtitles && cues.length === 0 && <p className="muted">{t('subs.none')}</p>}
      {cues.length > 0 && (
        <div className="subtitles__body">
          <div className="subtitles__grid">
            <div className="cue cue--head" aria-hidden="true">
              <span>{t('subs.time')}</span>
              <span lang="en">{t('subs.english')}</span>
              <span lang="es">{t('subs.spanish')}</span>
            </div>
            <VirtualList
              items={cues}
              itemKey={cueKey}
              estimate={84}
              label={t('subs.list')}
              className="subtitles__list"
              handle={list}
              renderItem={(cue, index) => (
                <CueRow
                  cue={cue}
                  index={index}
                  problems={problemsByCue.get(cue.id) ?? 0}
                  t={t}
                  onText={onText}
                  onFlush={(id, language) => void flush(id, language)}
                  onSeek={onSeek}
                  onReview={(id, language, verified) => void onReview(id, language, verified)}
                />
              )}
            />
          </div>
          <QualityPanel checks={checks} t={t} onPick={goToCue} showMessages={showMessages} />
        </div>
      )}
    </div>
  )
}

function QualityPanel({
  checks,
  t,
  onPick,
  showMessages,
}: {
  showMessages: boolean
  checks: Partial<Record<Lang, SubtitleCheck>>
  t: EditorT
  onPick: (cueId: number | undefined, language: Lang) => void
}) {
  return (
    <aside className="quality" aria-label={t('subs.quality')}>
      <h3>{t('subs.quality')}</h3>
      {languages.map((language) => {
        const check = checks[language]
        if (!check) return null
        const counts = Object.entries(check.counts).filter(([, n]) => n > 0)
        return (
          <section key={language} className="quality__track">
            <h4>
              {language === 'en' ? t('subs.english') : t('subs.spanish')}
              <span className="quality__total">
                {check.problems.length === 0
                  ? t('subs.noProblems')
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
                    onClick={() => onPick(problem.cueId, language)}
                  >
                    <strong>{t('subs.cue', { n: problem.cue })}</strong> ·{' '}
                    {t(`rule.${problem.rule}` as EditorStringKey)}
                    {showMessages && <span className="quality__message">{problem.message}</span>}
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
