import { useEffect, useRef, useState } from 'react'
import {
  defaultDisguiseSemitones,
  type ApiError,
  type Recording,
} from '../../shared/contract/index.ts'
import { exportConsent } from '../../shared/consent.ts'
import { useClient } from '../app/client-context.ts'
import { fileSlug, parseClock } from '../episodes/time.ts'
import { useT } from '../i18n/useT.ts'
import { useJobs } from '../jobs/context.ts'
import { ExportForm } from './ExportForm.tsx'
import { useMay } from '../people/context.ts'
import { ExportProgress } from './ExportProgress.tsx'
import { sectionTranslator } from '../../shared/i18n/sections.ts'
import { downloadExport } from './TranscriptOptions.tsx'
import {
  burnLanguages,
  defaultLufs,
  captionedLanguages,
  cuesWithin,
  readiness,
  disguiseRequest,
  extensionFor,
  optionsProblems,
  sourceId,
  sourceLength,
  sourceTitle,
  type ExportOptions,
  type ExportSource,
  type SubtitleReadiness,
} from './options.ts'
import { defaultFolder, joinPath } from './paths.ts'
import '../episodes/episodes.css'
import './export.css'

const initial = (output: string): ExportOptions => ({
  kind: 'podcast',
  output,
  format: 'mp3',
  channels: 2,
  lufs: '',
  publishUrl: '',
  burn: 'en',
  soft: { en: false, es: false },
  size: 'square',
  captions: 'en',
  from: '',
  to: '',
  reason: '',
  disguise: { speakers: [], semitones: String(defaultDisguiseSemitones) },
  transcriptFormat: 'docx',
  transcriptTrack: 'en',
})

type Stage =
  | { stage: 'form' }
  | { stage: 'starting' }
  | { stage: 'job'; jobId: string }
  | { stage: 'refused'; error: ApiError }
  | { stage: 'saved'; file: string }
  | { stage: 'confirm'; readiness: SubtitleReadiness[] }

/**
 * "Export…" and its dialog, for an episode or a single recording: podcast, video (video
 * recordings only) or audiogram. The core runs the export as a job; the dialog follows it with
 * the same `job` events as the tasks tray, and shows the figures the export measured.
 */
export function ExportButton({
  source,
  recordings,
}: {
  source: ExportSource
  /** The recordings the export uses, for their consent. */
  recordings: readonly Recording[]
}) {
  const { t, language: uiLanguage } = useT()
  const client = useClient()
  const may = useMay()
  const { state: jobs, cancel } = useJobs()
  const dialog = useRef<HTMLDialogElement>(null)
  const [options, setOptions] = useState<ExportOptions>(() => initial(''))
  const [stage, setStage] = useState<Stage>({ stage: 'form' })
  const [tried, setTried] = useState(false)
  const [folder, setFolder] = useState<string | null>(null)
  const title = sourceTitle(source)
  const titleRef = useRef(title)
  titleRef.current = title

  useEffect(() => {
    let live = true
    void client.call('app.info', {}).then((result) => {
      if (!live || !result.ok) return
      const found = defaultFolder(result.value.libraryDir)
      setFolder(found)
      // The dialog may already be open (app.info asks FFmpeg its version, which takes a moment).
      setOptions((before) =>
        before.output !== ''
          ? before
          : {
              ...before,
              output: joinPath(found, `${fileSlug(titleRef.current)}.${extensionFor(before)}`),
            },
      )
    })
    // Where the center publishes its podcast, said once and kept in the library's settings.
    void client.call('settings.get', {}).then((result) => {
      if (!live || !result.ok || result.value.podcastPublishUrl === '') return
      const saved = result.value.podcastPublishUrl
      setOptions((before) => (before.publishUrl !== '' ? before : { ...before, publishUrl: saved }))
    })
    return () => {
      live = false
    }
  }, [client])

  const withdrawn = recordings.filter((r) => exportConsent(r.consentStatus) === 'refused')
  const needsReason = recordings.filter((r) => exportConsent(r.consentStatus) === 'reason')
  const problems = optionsProblems(
    options,
    { withdrawn: withdrawn.length > 0, needsReason: needsReason.length > 0 },
    sourceLength(source),
  )

  const job = stage.stage === 'job' ? jobs.jobs[stage.jobId] : undefined
  const running =
    stage.stage === 'starting' ||
    (stage.stage === 'job' && (!job || job.state === 'queued' || job.state === 'running'))

  const open = () => {
    // Closing the dialog does not stop an export: opening it again shows the same job.
    if (!running) {
      setStage({ stage: 'form' })
      setTried(false)
    }
    setOptions((before) =>
      before.output !== ''
        ? before
        : initial(folder ? joinPath(folder, `${fileSlug(title)}.${extensionFor(before)}`) : ''),
    )
    dialog.current?.showModal()
  }

  const start = async (confirmed = false) => {
    setTried(true)
    if (problems.length > 0) {
      // The message is by its field, which may be far above the Export button: go to it, once
      // React has marked it (aria-invalid), so that it is seen and read out.
      requestAnimationFrame(() => {
        const field = dialog.current?.querySelector<HTMLElement>('[aria-invalid="true"]')
        field?.focus()
        field?.scrollIntoView({ block: 'center' })
      })
      return
    }
    setStage({ stage: 'starting' })
    const id = sourceId(source)
    const clock = (text: string) =>
      text.trim() === '' ? undefined : (parseClock(text) ?? undefined)
    // Subtitles shown to viewers (a video's, an audiogram's captions) are checked first; empty or
    // rule-breaking cues are asked about (docs/decisions/0131-export-asks-about-unready-subtitles.md,
    // 0167-every-subtitle-export-asks.md).
    const shown = captionedLanguages(options)
    if (shown.length > 0 && source.kind === 'recording' && !confirmed) {
      let within: Set<number> | undefined
      if (options.kind === 'audiogram' && (options.from.trim() || options.to.trim())) {
        // Only the cues of the audiogram's stretch are seen.
        const subtitles = await client.call('subtitles.get', { recordingId: id })
        if (subtitles.ok)
          within = cuesWithin(
            subtitles.value.cues,
            clock(options.from) ?? 0,
            clock(options.to) ?? Infinity,
          )
      }
      const found: SubtitleReadiness[] = []
      for (const language of shown) {
        const check = await client.call('subtitles.check', { recordingId: id, language })
        if (check.ok) found.push(readiness(check.value, within))
      }
      const unready = found.filter((each) => each.empty + each.broken > 0)
      if (unready.length > 0) return setStage({ stage: 'confirm', readiness: unready })
    }
    const output = options.output.trim()
    const reason = options.reason.trim()
    const disguise = disguiseRequest(options)
    if (options.kind === 'transcript' && source.kind === 'recording') {
      const file = await client.call('transcripts.export', {
        recordingId: id,
        track: options.transcriptTrack,
        format: options.transcriptFormat,
        reason,
      })
      if (!file.ok) return setStage({ stage: 'refused', error: file.error })
      downloadExport(file.value)
      return setStage({ stage: 'saved', file: file.value.fileName })
    }
    let result
    if (options.kind === 'podcast') {
      const lufs = options.lufs.trim() === '' ? defaultLufs(options.channels) : Number(options.lufs)
      const publishUrl = options.publishUrl.trim()
      // Kept for the next export (and cleared when emptied: the export then writes no RSS item).
      await client.call('settings.update', { podcastPublishUrl: publishUrl })
      result = await client.call('export.podcast', {
        source: id,
        output,
        format: options.format,
        channels: options.channels,
        lufs,
        disguise,
        reason,
        publishUrl,
      })
    } else if (options.kind === 'video' && source.kind === 'recording') {
      result = await client.call('export.video', {
        recordingId: id,
        output,
        burn: burnLanguages(options.burn),
        soft: (['en', 'es'] as const).filter((language) => options.soft[language]),
        disguise,
        reason,
      })
    } else {
      const from = source.kind === 'recording' ? clock(options.from) : undefined
      const to = source.kind === 'recording' ? clock(options.to) : undefined
      result = await client.call('export.audiogram', {
        source: id,
        output,
        size: options.size,
        captions: options.captions === 'none' ? null : options.captions,
        ...(from !== undefined ? { from } : {}),
        ...(to !== undefined ? { to } : {}),
        disguise,
        reason,
      })
    }
    setStage(
      result.ok
        ? { stage: 'job', jobId: result.value.jobId }
        : { stage: 'refused', error: result.error },
    )
  }

  // Nothing to offer a role that may make none of the export calls (decision 0170).
  const mayExport =
    may('export.podcast') ||
    may('export.audiogram') ||
    (source.kind === 'recording' && (may('export.video') || may('transcripts.export')))
  if (!mayExport) return null
  // A finished export (saved, done or failed): export again with other choices, or close.
  const finished = (
    <>
      <button type="button" className="button" onClick={() => setStage({ stage: 'form' })}>
        {t('export.again')}
      </button>
      <button
        type="button"
        className="button button--primary"
        autoFocus
        onClick={() => dialog.current?.close()}
      >
        {t('export.close')}
      </button>
    </>
  )
  return (
    <>
      <button type="button" className="button" onClick={open}>
        {t('export.button')}
      </button>
      <dialog ref={dialog} className="dialog export-dialog" aria-labelledby="export-title">
        <h2 id="export-title">{t('export.title', { title })}</h2>
        {stage.stage === 'form' || stage.stage === 'refused' ? (
          <form
            noValidate
            onSubmit={(event) => {
              event.preventDefault()
              void start()
            }}
          >
            <ExportForm
              source={source}
              options={options}
              problems={problems}
              showProblems={tried}
              withdrawn={withdrawn}
              needsReason={needsReason}
              onChange={setOptions}
            />
            {stage.stage === 'refused' && <ExportProgress refused={stage.error} />}
            <div className="dialog__buttons">
              <button type="button" className="button" onClick={() => dialog.current?.close()}>
                {t('export.close')}
              </button>
              <button
                type="submit"
                className="button button--primary"
                disabled={withdrawn.length > 0}
              >
                {t('export.start')}
              </button>
            </div>
          </form>
        ) : stage.stage === 'confirm' ? (
          <>
            <div className="notice" role="alert">
              <p>{t('export.unready.title')}</p>
              <ul className="export-unready">
                {stage.readiness.map((each) => (
                  <li key={each.language} data-language={each.language}>
                    {t('export.unready.line', {
                      language: t(`languages.${each.language}`),
                      empty: each.empty,
                      broken: each.broken,
                    })}
                  </li>
                ))}
              </ul>
              <p>{t('export.unready.ask')}</p>
            </div>
            <div className="dialog__buttons">
              <button type="button" className="button" onClick={() => setStage({ stage: 'form' })}>
                {t('export.unready.back')}
              </button>
              <button
                type="button"
                className="button button--primary"
                autoFocus
                onClick={() => void start(true)}
              >
                {t('export.unready.go')}
              </button>
            </div>
          </>
        ) : stage.stage === 'saved' ? (
          <>
            <p className="notice export-progress__done" role="status">
              {sectionTranslator(uiLanguage, 'disguise')('transcriptSaved', { file: stage.file })}
            </p>
            <div className="dialog__buttons">{finished}</div>
          </>
        ) : (
          <>
            <ExportProgress job={job} name={options.output} />
            <div className="dialog__buttons">
              {running
                ? job && (
                    <button type="button" className="button" onClick={() => void cancel(job.id)}>
                      {t('jobs.cancel')}
                    </button>
                  )
                : finished}
            </div>
          </>
        )}
      </dialog>
    </>
  )
}
