import { useCallback, useEffect, useState } from 'react'
import type {
  EditorSpeaker,
  EditorTranscript,
  SpeakersList,
  Voice,
} from '../../shared/contract/index.ts'
import { errorLine, speakerLabel } from '../../shared/i18n/index.ts'
import { useT } from '../i18n/useT.ts'
import { playFrom, resolveMedia, type MediaSource } from './media.ts'
import { speakerName } from './SegmentRow.tsx'
import { formatTime } from './strings.ts'
import type { TranscriptModel } from './useTranscript.ts'
import { useEditorT } from './useEditorT.ts'
import { useClient } from '../app/client-context.ts'

interface VoiceProps {
  speaker: EditorSpeaker
  voice: Voice | undefined
  others: readonly EditorSpeaker[]
  model: TranscriptModel
  media: MediaSource
  recordingId: string
  onRemembered: () => void
}

/** Plays a voice's sample and stops at its end. */
function playSample(media: MediaSource, sample: { start: number; end: number }): void {
  const element = resolveMedia(media)
  if (!element) return
  const stop = () => {
    if (element.currentTime >= sample.end) {
      element.pause()
      element.removeEventListener('timeupdate', stop)
    }
  }
  element.addEventListener('timeupdate', stop)
  playFrom(element, sample.start)
}

function VoiceFields(props: VoiceProps) {
  const { speaker, voice, others, model, media, recordingId } = props
  const client = useClient()
  const { t } = useEditorT()
  const { language } = useT()
  const [name, setName] = useState(speaker.name)
  const [affiliation, setAffiliation] = useState(speaker.affiliation)
  const [into, setInto] = useState('')
  const [note, setNote] = useState<{ text: string; error: boolean } | null>(null)
  // What was saved (or undone) shows in the fields; each field follows its own value only.
  useEffect(() => setName(speaker.name), [speaker.name])
  useEffect(() => setAffiliation(speaker.affiliation), [speaker.affiliation])
  const save = () => {
    if (name.trim() === speaker.name && affiliation.trim() === speaker.affiliation) return
    void model.send('editor.renameSpeaker', { speakerId: speaker.id, name, affiliation })
  }
  const remember = async () => {
    if (name.trim() === '') return setNote({ text: t('voices.nameFirst'), error: true })
    const result = await client.call('speakers.rename', {
      recordingId,
      speaker: speaker.label,
      name,
      affiliation,
      remember: true,
    })
    if (!result.ok) return setNote({ text: errorLine(language, result.error), error: true })
    setNote({ text: t('voices.remembered', { name: name.trim() }), error: false })
    props.onRemembered()
  }
  const shown = speakerLabel(language, speakerName(speaker))
  return (
    <fieldset className="speaker" data-speaker={speaker.label}>
      <legend>{speakerLabel(language, speaker.label)}</legend>
      <p className="speaker__time">
        {t('voices.talk', { time: formatTime(voice?.seconds ?? 0) })}
        {voice?.sample && (
          <button
            type="button"
            className="button button--small button--quiet"
            aria-label={t('voices.sampleOf', { name: shown })}
            onClick={() => voice.sample && playSample(media, voice.sample)}
          >
            ▶ {t('voices.sample')}
          </button>
        )}
      </p>
      {voice?.proposal && speaker.name === '' && (
        <p className="speaker__proposal" role="status">
          {t('voices.proposal', { name: voice.proposal.name })}
          <button
            type="button"
            className="button button--small"
            onClick={() => {
              const proposal = voice.proposal
              if (!proposal) return
              void model.send('editor.renameSpeaker', {
                speakerId: speaker.id,
                name: proposal.name,
                affiliation: proposal.affiliation,
              })
            }}
          >
            {t('voices.confirm')}
          </button>
        </p>
      )}
      <label>
        <span>{t('speakers.name')}</span>
        <input value={name} onChange={(event) => setName(event.target.value)} onBlur={save} />
      </label>
      <label>
        <span>{t('speakers.affiliation')}</span>
        <input
          value={affiliation}
          onChange={(event) => setAffiliation(event.target.value)}
          onBlur={save}
        />
      </label>
      <div className="speaker__actions">
        <button type="button" className="button button--small" onClick={() => void remember()}>
          {t('voices.remember')}
        </button>
        {others.length > 0 && (
          <>
            <label className="speaker__merge">
              <span>{t('voices.mergeInto', { name: shown })}</span>
              <select value={into} onChange={(event) => setInto(event.target.value)}>
                <option value="">{t('voices.choose')}</option>
                {others.map((other) => (
                  <option key={other.id} value={other.id}>
                    {speakerLabel(language, speakerName(other))}
                  </option>
                ))}
              </select>
            </label>
            <button
              type="button"
              className="button button--small"
              disabled={into === ''}
              onClick={() =>
                void model.send('editor.mergeSpeakers', {
                  speakerId: speaker.id,
                  intoId: Number(into),
                })
              }
            >
              {t('voices.merge')}
            </button>
          </>
        )}
      </div>
      {note && (
        <p className={note.error ? 'notice notice--error' : 'hint'} role="status">
          {note.text}
        </p>
      )}
    </fieldset>
  )
}

/** Detects the speakers again, with the count a person gives; asks before replacing their work. */
function Detect({
  recordingId,
  corrected,
  onDone,
}: {
  recordingId: string
  corrected: boolean
  onDone: () => void
}) {
  const client = useClient()
  const { t } = useEditorT()
  const { language } = useT()
  const [count, setCount] = useState('')
  const [state, setState] = useState<
    { status: 'idle' | 'running' | 'confirm' } | { status: 'failed'; message: string }
  >({ status: 'idle' })
  const start = async (replace: boolean) => {
    setState({ status: 'running' })
    const speakers = count.trim() === '' ? undefined : Number(count)
    const result = await client.call('speakers.detect', {
      recordingIds: [recordingId],
      ...(speakers !== undefined ? { speakers } : {}),
      replace,
    })
    if (!result.ok) {
      if (result.error.code === 'SPEAKERS_CORRECTED') return setState({ status: 'confirm' })
      return setState({ status: 'failed', message: errorLine(language, result.error) })
    }
    const ids = new Set(result.value.jobs.map((job) => job.jobId))
    const stop = client.on('job', (job) => {
      if (!ids.has(job.id) || job.state === 'queued' || job.state === 'running') return
      stop()
      if (job.state === 'succeeded') {
        setState({ status: 'idle' })
        onDone()
      } else
        setState({
          status: 'failed',
          message: job.error ? errorLine(language, job.error) : t('voices.detectFailed'),
        })
    })
  }
  return (
    <div className="speakers__detect">
      <label>
        <span>{t('voices.count')}</span>
        <input
          type="number"
          min={1}
          max={20}
          inputMode="numeric"
          placeholder={t('voices.countAuto')}
          value={count}
          onChange={(event) => setCount(event.target.value)}
        />
      </label>
      <button
        type="button"
        className="button button--small"
        disabled={state.status === 'running'}
        onClick={() => void start(false)}
      >
        {t('voices.detect')}
      </button>
      {state.status === 'running' && <p role="status">{t('voices.detecting')}</p>}
      {state.status === 'confirm' && (
        <p className="notice" role="alert">
          {t('voices.replaceAsk')}{' '}
          <button type="button" className="button button--small" onClick={() => void start(true)}>
            {t('voices.replace')}
          </button>
        </p>
      )}
      {state.status === 'failed' && (
        <p className="notice notice--error" role="alert">
          {state.message}
        </p>
      )}
      {corrected && state.status === 'idle' && <p className="hint">{t('voices.corrected')}</p>}
    </div>
  )
}

/**
 * The recording's voices (decision 0153): each with its talk time and a sample to play, its name
 * and union, the remembered name it may be, merge into another voice, and detection again with
 * a count; every edit goes through the editor, so Undo takes it back.
 */
export function SpeakersPanel({
  transcript,
  model,
  media,
}: {
  transcript: EditorTranscript
  model: TranscriptModel
  media: MediaSource
}) {
  const client = useClient()
  const { t } = useEditorT()
  const [list, setList] = useState<SpeakersList | null>(null)
  const { recordingId } = transcript
  const refresh = useCallback(async () => {
    const result = await client.call('speakers.list', { recordingId })
    if (result.ok) setList(result.value)
  }, [client, recordingId])
  // Talk time and proposals follow every edit of the transcript.
  useEffect(() => void refresh(), [refresh, transcript])
  const voices = new Map((list?.voices ?? []).map((voice) => [voice.id, voice]))
  return (
    <section className="editor-panel speakers" aria-label={t('speakers.title')}>
      <p className="hint">{t('speakers.hint')}</p>
      <Detect
        recordingId={recordingId}
        corrected={list?.state.corrected ?? false}
        onDone={() => void model.reload()}
      />
      {transcript.speakers.map((speaker) => (
        <VoiceFields
          key={speaker.id}
          speaker={speaker}
          voice={voices.get(speaker.id)}
          others={transcript.speakers.filter((other) => other.id !== speaker.id)}
          model={model}
          media={media}
          recordingId={recordingId}
          onRemembered={() => void model.reload()}
        />
      ))}
      <button
        type="button"
        className="button button--small"
        onClick={() =>
          void model.send('editor.addSpeaker', {
            recordingId: transcript.recordingId,
            name: '',
            affiliation: '',
          })
        }
      >
        {t('speakers.add')}
      </button>
    </section>
  )
}
