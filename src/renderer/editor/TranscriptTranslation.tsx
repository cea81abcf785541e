import { otherLanguage, type Language } from '../../shared/language.ts'
import { useState } from 'react'
import { isMethodName } from '../../shared/contract/index.ts'
import { errorLine } from '../../shared/i18n/index.ts'
import type { EditorLanguage } from './strings.ts'
import { useEditorT } from './useEditorT.ts'
import { useClient } from '../app/client-context.ts'

type Lang = Language

/**
 * Translate the transcript into the other language (decision 0158): a job that makes the
 * translation track, segment for segment, as machine text. The track fills that language's
 * subtitles when they are made, and is searched and exported with the transcript.
 */
export function TranscriptTranslation({
  recordingId,
  track,
  language,
  onMade,
}: {
  recordingId: string
  /** The transcript's own language: the translation goes into the other. */
  track: Lang
  language: EditorLanguage
  /** Called when the translation track is made, so the track switch can offer it. */
  onMade?: () => void
}) {
  const client = useClient()
  const { t } = useEditorT()
  const to: Lang = otherLanguage(track)
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null)
  if (!isMethodName('translation.transcript')) return null

  const start = async (replace: boolean) => {
    const result = await client.call('translation.transcript', { recordingId, to, replace })
    if (!result.ok) {
      if (
        result.error.code === 'TRANSLATION_TRACK_EXISTS' &&
        window.confirm(t('transcript.translateReplace'))
      )
        return start(true)
      return setStatus({ text: errorLine(language, result.error), error: true })
    }
    setStatus({ text: t('subs.translating', { percent: 0 }), error: false })
    const { jobId } = result.value
    const stop = client.on('job', (job) => {
      if (job.id !== jobId) return
      if (job.state === 'queued' || job.state === 'running')
        return setStatus({
          text: t('subs.translating', { percent: Math.round((job.progress ?? 0) * 100) }),
          error: false,
        })
      stop()
      if (job.state !== 'succeeded')
        return setStatus(job.error ? { text: errorLine(language, job.error), error: true } : null)
      const made = job.result as { segments: number; engine: string }
      onMade?.()
      setStatus({
        text: t(to === 'en' ? 'transcript.translatedEn' : 'transcript.translatedEs', {
          count: made.segments,
          engine: made.engine,
        }),
        error: false,
      })
    })
  }

  return (
    <div className="transcript-translation">
      <button type="button" className="button button--small" onClick={() => void start(false)}>
        {t(to === 'en' ? 'transcript.translateEn' : 'transcript.translateEs')}
      </button>
      {status && (
        <span
          className={status.error ? 'field__error' : 'muted'}
          role={status.error ? 'alert' : 'status'}
        >
          {status.text}
        </span>
      )}
    </div>
  )
}
