import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { isMethodName, type ApiError, type SubtitleCue } from '../../shared/contract/index.ts'
import { errorLine, translate } from '../../shared/i18n/index.ts'
import { CueStore, useCueStore } from './cue-store.ts'
import { CueRow, type CueActions, type CueCaret } from './CueRow.tsx'
import { HelpPopover } from './HelpPopover.tsx'
import { playFrom, resolveMedia, type MediaSource } from './media.ts'
import { QualityPanel } from './QualityPanel.tsx'
import { ReviewerNameLink } from './ReviewerNameLink.tsx'
import { RulesPanel } from './RulesPanel.tsx'
import type { EditorLanguage } from './strings.ts'
import { downloadText, pathOfPickedFile } from './subtitle-files.ts'
import { readiness, type SubtitleReadiness } from '../export/options.ts'
import {
  SubtitlesToolbar,
  type SubtitleFormat,
  type SubtitlesPanelName,
} from './SubtitlesToolbar.tsx'
import { useUndoKeys } from './undo-keys.ts'
import { VirtualList, type VirtualListHandle } from './VirtualList.tsx'
import type { Language } from '../../shared/language.ts'
import { useReviewerName } from '../settings/reviewer.ts'
import { useEditorT } from './useEditorT.ts'
import { useClient } from '../app/client-context.ts'

const cueKey = (cue: SubtitleCue) => cue.id

interface Props {
  recordingId: string
  media: MediaSource
  /** The interface language: errors and quality messages are said in it. */
  language: EditorLanguage
}

/** `reviewer`: the notice links to where the reviewer's name is set. */
type Message = { text: string; error: boolean; replaceKept?: Language; reviewer?: boolean } | null

/** What a translation job answers (src/core/translation/subtitles.ts). */
interface TranslationResult {
  translated: number
  kept: number
  engine: string
  problemCues: number[]
  shorter?: Offer[]
}

/** A shorter wording offered for a translated cue that breaks the rules; never applied unasked. */
interface Offer {
  cueId: number
  text: string
}

/**
 * English | Español side by side on shared timing, with the cue operations, undo, the rules
 * settings, the quality panel and import/export. The cues live in the recording's CueStore,
 * which the waveform shares.
 */
export function SubtitlesPanel({ recordingId, media, language }: Props) {
  const client = useClient()
  const { t } = useEditorT()
  const [state, store] = useCueStore(client, recordingId)
  const [message, setMessage] = useState<Message>(null)
  const [format, setFormat] = useState<SubtitleFormat>('srt')
  const [exportLang, setExportLang] = useState<Language>('en')
  // Shown when the core asks for one: restricted or unknown consent (decision 0007).
  const [reason, setReason] = useState<string | null>(null)
  // The track about to be exported has empty or rule-breaking cues: asked first (decision 0167).
  const [unready, setUnready] = useState<SubtitleReadiness | null>(null)
  const [panel, setPanel] = useState<SubtitlesPanelName>('none')
  const [revision, setRevision] = useState(0)
  const [offers, setOffers] = useState<{ language: Language; list: Offer[] }>({
    language: 'es',
    list: [],
  })
  // The cues still holding Voces' unchecked machine translation, by language (decision 0157).
  const [machine, setMachine] = useState<Record<Language, ReadonlySet<number>>>({
    en: new Set(),
    es: new Set(),
  })
  const list = useRef<VirtualListHandle | null>(null)
  const reviewer = useReviewerName().trim()
  const root = useRef<HTMLDivElement | null>(null)
  const { subtitles, checks } = state
  const fail = useCallback(
    (error: ApiError) => setMessage({ text: errorLine(language, error), error: true }),
    [language],
  )

  const undo = useCallback(
    async (redo: boolean) => {
      await (redo ? store.redo() : store.undo())
      setRevision((n) => n + 1)
    },
    [store],
  )

  // Undo and redo of cue edits while the focus is in the subtitles (the text fields included).
  useUndoKeys(root, (which) => void undo(which === 'redo'))

  const make = async () => {
    let result = await client.call('subtitles.make', { recordingId, replace: false })
    if (
      !result.ok &&
      result.error.code === 'SUBTITLES_VERIFIED' &&
      window.confirm(t('subs.confirmReplace'))
    ) {
      result = await client.call('subtitles.make', { recordingId, replace: true })
    }
    if (!result.ok) return fail(result.error)
    store.show(result.value)
    setMessage(null)
  }

  // Translate into the other language (decision 0156): a job; the cues are read again when it ends.
  const translateInto = async (to: Language, replace = false) => {
    await store.flush()
    setOffers({ language: to, list: [] })
    const result = await client.call('translation.subtitles', { recordingId, to, replace })
    if (!result.ok) return fail(result.error)
    const { jobId } = result.value
    setMessage({ text: t('subs.translating', { percent: 0 }), error: false })
    const stop = client.on('job', (job) => {
      if (job.id !== jobId) return
      if (job.state === 'queued' || job.state === 'running') {
        const percent = Math.round((job.progress ?? 0) * 100)
        return setMessage({ text: t('subs.translating', { percent }), error: false })
      }
      stop()
      if (job.state !== 'succeeded') {
        if (job.error) fail(job.error)
        else setMessage(null)
        return
      }
      const done = job.result as TranslationResult
      setOffers({ language: to, list: done.shorter ?? [] })
      const parts = [t('subs.translated', { count: done.translated, engine: done.engine })]
      if (done.problemCues.length > 0)
        parts.push(t('subs.translatedProblems', { count: done.problemCues.length }))
      if (done.kept > 0) parts.push(t('subs.translatedKept', { kept: done.kept }))
      setMessage({
        text: parts.join(' '),
        error: false,
        ...(done.kept > 0 && !replace ? { replaceKept: to } : {}),
      })
      void client.call('subtitles.get', { recordingId }).then((fresh) => {
        if (fresh.ok) store.show(fresh.value)
      })
    })
  }

  const takeOffer = async (offer: Offer) => {
    store.editText(offer.cueId, offers.language, offer.text)
    await store.flush(offer.cueId, offers.language)
    setRevision((n) => n + 1)
    setOffers((was) => ({ ...was, list: was.list.filter((o) => o.cueId !== offer.cueId) }))
  }

  const actions: CueActions = useMemo(() => {
    const playhead = () => resolveMedia(media)?.currentTime
    return {
      text: (cueId, language, text) => store.editText(cueId, language, text),
      flush: (cueId, language) => void store.flush(cueId, language),
      seek: (time) => playFrom(resolveMedia(media), time),
      review: (cueId, language, verified) => {
        if (verified && reviewer === '') {
          setMessage({ text: t('review.needName'), error: true, reviewer: true })
          return
        }
        void store.review(cueId, language, verified, reviewer)
      },
      split: (cue: SubtitleCue, caret: CueCaret | null) => {
        const time = playhead()
        const inside = time !== undefined && time > cue.start && time < cue.end
        void store.split(cue.id, caret ? { caret } : inside ? { time } : {})
      },
      merge: (cueId) => void store.merge(cueId),
      insertAfter: (cue) => void store.insert(cue.end),
      remove: (cueId) => void store.remove(cueId),
    }
  }, [store, media, t, reviewer])

  const subtitlesNow = state.subtitles
  useEffect(() => {
    if (!subtitlesNow || !isMethodName('translation.machineCues')) return
    let live = true
    void client.call('translation.machineCues', { recordingId }).then((result) => {
      if (live && result.ok)
        setMachine({ en: new Set(result.value.en), es: new Set(result.value.es) })
    })
    return () => {
      live = false
    }
  }, [client, recordingId, subtitlesNow])

  const problemsByCue = useMemo(() => CueStore.problemsByCue(checks), [checks])

  const goToCue = (cueId: number | undefined, language: Language) => {
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

  const importFile = async (track: Language, file: File | undefined) => {
    if (!file) return
    const path = await pathOfPickedFile(client, file)
    if (typeof path !== 'string') return fail(path.apiError)
    let result = await client.call('subtitles.import', { recordingId, language: track, path })
    // An import never replaces cues without asking (docs/decisions/0084-imports-never-replace-work.md).
    if (!result.ok && result.error.code === 'SUBTITLES_IMPORT_REPLACES') {
      const { count = 0, verified = 0 } = result.error.params ?? {}
      if (!window.confirm(t('subs.confirmImportReplace', { file: file.name, count, verified })))
        return setMessage(null)
      result = await client.call('subtitles.import', {
        recordingId,
        language: track,
        path,
        replace: true,
      })
    }
    if (!result.ok) return fail(result.error)
    store.show(result.value.subtitles)
    const { cues: count, encoding } = result.value
    setMessage({
      // A file that mixes two encodings was read letter by letter; the person is told so in
      // words, not by the encoding's name (src/core/subtitles/encoding.ts).
      text:
        encoding === 'utf-8+windows-1252'
          ? translate(language, 'subtitles.importedMixed', { count })
          : t('subs.imported', { count, encoding }),
      error: false,
    })
  }

  const exportTrack = async (confirmed = false) => {
    await store.flush()
    setUnready(null)
    if (!confirmed) {
      const check = await client.call('subtitles.check', { recordingId, language: exportLang })
      const found = check.ok ? readiness(check.value) : null
      if (found && found.empty + found.broken > 0) return setUnready(found)
    }
    const result = await client.call('subtitles.export', {
      recordingId,
      language: exportLang,
      format,
      reason: reason ?? '',
    })
    if (result.ok) {
      setMessage(null)
      downloadText(result.value.fileName, result.value.text)
    } else {
      if (result.error.code === 'CONSENT_REASON_REQUIRED') setReason((was) => was ?? '')
      fail(result.error)
    }
  }

  const cues = subtitles?.cues ?? []
  const storeError = state.error?.place === 'list' ? state.error.error : null
  const toggle = (which: typeof panel) => setPanel((was) => (was === which ? 'none' : which))
  return (
    <div className="subtitles" ref={root}>
      <SubtitlesToolbar
        cues={cues.length}
        depth={state.depth}
        saving={state.saving}
        panel={panel}
        onToggle={toggle}
        onMake={() => void make()}
        onImport={(track, file) => void importFile(track, file)}
        onTranslate={(to) => void translateInto(to)}
        onUndo={(redo) => void undo(redo)}
        exportLang={exportLang}
        onExportLang={setExportLang}
        format={format}
        onFormat={setFormat}
        onExport={() => void exportTrack()}
        reason={reason}
        onReason={setReason}
      />
      {unready && (
        <div className="notice subtitles__unready" role="alert">
          <p>{translate(language, 'export.unready.fileTitle')}</p>
          <p data-language={unready.language}>
            {translate(language, 'export.unready.line', {
              language: translate(language, `languages.${unready.language}`),
              empty: unready.empty,
              broken: unready.broken,
            })}
          </p>
          <p>{translate(language, 'export.unready.ask')}</p>
          <div className="dialog__buttons">
            <button type="button" className="button button--small" onClick={() => setUnready(null)}>
              {translate(language, 'export.unready.back')}
            </button>
            <button
              type="button"
              className="button button--small button--primary"
              onClick={() => void exportTrack(true)}
            >
              {translate(language, 'export.unready.go')}
            </button>
          </div>
        </div>
      )}
      {panel === 'help' && <HelpPopover tab="subtitles" onClose={() => setPanel('none')} />}
      {panel === 'rules' && (
        <RulesPanel
          recordingId={recordingId}
          language={language}
          onChanged={() => void store.rulesChanged()}
          onClose={() => setPanel('none')}
        />
      )}
      {storeError ? (
        <p className="notice notice--error" role="alert">
          {errorLine(language, storeError)}
        </p>
      ) : (
        message && (
          <p
            className={`notice${message.error ? ' notice--error' : ''}`}
            role={message.error ? 'alert' : 'status'}
          >
            {message.text}
            {message.reviewer && (
              <>
                {' '}
                <ReviewerNameLink />
              </>
            )}
            {message.replaceKept && (
              <>
                {' '}
                <button
                  type="button"
                  className="button button--small"
                  onClick={() => {
                    if (message.replaceKept) void translateInto(message.replaceKept, true)
                  }}
                >
                  {t('subs.replaceKept')}
                </button>
              </>
            )}
          </p>
        )
      )}
      {offers.list.length > 0 && (
        <div className="translation-offers">
          <p>{t('subs.shorterList')}</p>
          <ul>
            {offers.list.map((offer) => (
              <li key={offer.cueId}>
                <span lang={offers.language}>
                  {t('subs.cue', { n: cues.findIndex((cue) => cue.id === offer.cueId) + 1 })}: «
                  {offer.text.replace(/\n/g, ' ')}»
                </span>{' '}
                <button
                  type="button"
                  className="button button--small"
                  onClick={() => void takeOffer(offer)}
                >
                  {t('subs.useShorter')}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {subtitles && cues.length === 0 && <p className="muted">{t('subs.none')}</p>}
      {cues.length > 0 && (
        <div className="subtitles__body">
          <div className="subtitles__grid">
            <div className="cue cue--head" aria-hidden="true">
              <span>{t('subs.time')}</span>
              {/* Each language named in the interface's own (decision 0082): "Inglés", not "English". */}
              <span lang={language}>{t('subs.english')}</span>
              <span lang={language === 'en' ? 'es' : language}>{t('subs.spanish')}</span>
            </div>
            <VirtualList
              items={cues}
              itemKey={cueKey}
              estimate={96}
              label={t('subs.list')}
              className="subtitles__list"
              handle={list}
              renderItem={(cue, index) => (
                <CueRow
                  cue={cue}
                  index={index}
                  isLast={index === cues.length - 1}
                  problems={problemsByCue.get(cue.id) ?? 0}
                  revision={revision}
                  machine={machine}
                  actions={actions}
                />
              )}
            />
          </div>
          <QualityPanel checks={checks} language={language} onPick={goToCue} />
        </div>
      )}
    </div>
  )
}
