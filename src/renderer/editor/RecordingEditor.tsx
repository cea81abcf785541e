import type { Language } from '../../shared/language.ts'
import { useCallback, useEffect, useState } from 'react'
import { isMethodName, type TrackSummary } from '../../shared/contract/index.ts'
import { useClient } from '../app/client-context.ts'
import './editor.css'
import type { MediaSource } from './media.ts'
import { SubtitlesPanel } from './SubtitlesPanel.tsx'
import { TranscriptPanel } from './TranscriptPanel.tsx'
import { TranscriptTranslation } from './TranscriptTranslation.tsx'
import { useEditorT } from './useEditorT.ts'
import { useTranscript } from './useTranscript.ts'
import { useMay } from '../people/context.ts'
import { TranscribeDialog } from '../transcription/TranscribeDialog.tsx'

interface Props {
  recordingId: string
  /** The page's player; without one, the editor uses the page's <audio>/<video>. */
  media?: MediaSource
}

/**
 * The recording page's editor: the transcript, kept in step with the player, and the two subtitle
 * tracks side by side. It needs the recording and the page's media element; the client and the
 * interface language come from the app's contexts.
 */
export function RecordingEditor({ recordingId, media }: Props) {
  const client = useClient()
  const { t, language } = useEditorT()
  const [tab, setTab] = useState<'transcript' | 'subtitles'>('transcript')
  // The recording's tracks: its transcript and any translation track (Voces' own, decision 0158,
  // or Whisper's translate task); the switch shows when there is more than one.
  const [tracks, setTracks] = useState<TrackSummary[]>([])
  const [track, setTrack] = useState<Language | undefined>(undefined)
  const listTracks = useCallback(async () => {
    const result = await client.call('transcripts.list', { recordingId })
    if (result.ok) setTracks(result.value)
  }, [client, recordingId])
  useEffect(() => {
    void listTracks()
  }, [listTracks])
  const model = useTranscript(client, recordingId, language, track)
  const shown = model.state.status === 'ready' ? model.state.transcript : null
  const tabs = [
    ['transcript', t('tabs.transcript')],
    ['subtitles', t('tabs.subtitles')],
  ] as const

  return (
    <section className="recording-editor" aria-label={t('tabs.label')}>
      <div className="editor-tabs" role="tablist" aria-label={t('tabs.label')}>
        {tabs.map(([id, label]) => (
          <button
            key={id}
            type="button"
            role="tab"
            id={`editor-tab-${id}`}
            aria-selected={tab === id}
            aria-controls={`editor-panel-${id}`}
            className={`editor-tabs__tab${tab === id ? ' is-active' : ''}`}
            onClick={() => setTab(id)}
          >
            {label}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`editor-panel-${tab}`}
        aria-labelledby={`editor-tab-${tab}`}
        className="editor-body"
      >
        {tab === 'subtitles' ? (
          <SubtitlesPanel recordingId={recordingId} media={media} language={language} />
        ) : model.state.status === 'loading' ? (
          <p className="muted" role="status">
            {t('loading')}
          </p>
        ) : model.state.status === 'failed' ? (
          <p className="notice notice--error" role="alert">
            {model.state.message}
          </p>
        ) : model.state.status === 'none' ? (
          <NoTranscript recordingId={recordingId} onDone={() => void model.reload()} />
        ) : (
          <>
            {tracks.length > 1 && (
              <div className="track-switch" role="group" aria-label={t('tracks.label')}>
                {tracks.map((each) => (
                  <button
                    key={each.track}
                    type="button"
                    className="button button--small"
                    aria-pressed={shown?.track === each.track}
                    onClick={() => setTrack(each.track)}
                  >
                    {t(each.kind === 'translation' ? 'tracks.translation' : 'tracks.transcript', {
                      language: t(each.track === 'en' ? 'tracks.en' : 'tracks.es'),
                    })}
                  </button>
                ))}
              </div>
            )}
            {model.state.transcript.kind === 'translation' ? (
              <p className="muted track-switch__note">{t('tracks.translationNote')}</p>
            ) : (
              <TranscriptTranslation
                recordingId={recordingId}
                track={model.state.transcript.track}
                language={language}
                onMade={() => void listTracks()}
              />
            )}
            <TranscriptPanel transcript={model.state.transcript} model={model} media={media} />
          </>
        )}
      </div>
    </section>
  )
}

function NoTranscript({ recordingId, onDone }: { recordingId: string; onDone: () => void }) {
  const client = useClient()
  const { t } = useEditorT()
  const available = isMethodName('transcription.start')
  const may = useMay()
  const [state, setState] = useState<{ status: 'idle' | 'started' }>({ status: 'idle' })
  // The dialog says why a start was refused, in its own place.
  const [asking, setAsking] = useState(false)
  // The same choices as the library's dialog: language spoken, model, translation.
  const started = (jobIds: readonly string[]) => {
    setAsking(false)
    setState({ status: 'started' })
    const waiting = new Set(jobIds)
    const stop = client.on('job', (job) => {
      if (waiting.has(job.id) && job.state === 'succeeded') {
        stop()
        onDone()
      }
    })
  }
  return (
    <div className="editor-empty">
      <h3>{t('empty.title')}</h3>
      <p className="muted">{t('empty.body')}</p>
      {/* Left out for a role that may not transcribe (decision 0170). */}
      {may('transcription.start') && (
        <button
          type="button"
          className="button button--primary"
          disabled={!available || state.status === 'started'}
          onClick={() => setAsking(true)}
        >
          {t('empty.transcribe')}
        </button>
      )}
      <TranscribeDialog
        recordingIds={[recordingId]}
        open={asking}
        onClose={() => setAsking(false)}
        onStarted={started}
      />
      {!available && <p className="hint">{t('empty.unavailable')}</p>}
      {state.status === 'started' && <p role="status">{t('empty.started')}</p>}
    </div>
  )
}
