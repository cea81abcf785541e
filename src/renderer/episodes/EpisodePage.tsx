import { useCallback, useEffect, useMemo, useState } from 'react'
import type { ApiError, Clip, Episode, EpisodeFields } from '../../shared/contract/index.ts'
import { useClient } from '../app/client-context.ts'
import { ExportButton } from '../export/ExportButton.tsx'
import { useT } from '../i18n/useT.ts'
import { useRecordings } from '../library/useRecordings.ts'
import { SaveIndicator } from '../recording/SaveIndicator.tsx'
import { formatDuration } from '../ui/format.ts'
import { ChaptersEditor } from './ChaptersEditor.tsx'
import { EpisodePlayer } from './EpisodePlayer.tsx'
import { ClipsEditor } from './ClipsEditor.tsx'
import { DescriptionFields } from './DescriptionFields.tsx'
import { clipsFromDrafts, draftsFromClips, type ClipDraft } from './clips.ts'
import {
  draftFromEpisode,
  fieldsFromDraft,
  fileFieldOf,
  type FieldsDraft,
  type FieldsErrors,
} from './fields.ts'
import { FieldsForm } from './FieldsForm.tsx'
import { FillerOffer } from './FillerOffer.tsx'
import { ShowNotesEditor } from './ShowNotesEditor.tsx'
import { sectionTranslator } from '../../shared/i18n/sections.ts'
import { TranscriptCuts } from './TranscriptCuts.tsx'
import { useCuts } from './useCuts.ts'
import { useDebouncedSave } from '../ui/useDebouncedSave.ts'
import './episodes.css'

type State =
  | { status: 'loading' }
  | { status: 'failed'; error: ApiError }
  | { status: 'ready'; episode: Episode }

export function EpisodePage({ id }: { id: string }) {
  const { t, errorText } = useT()
  const client = useClient()
  const [state, setState] = useState<State>({ status: 'loading' })

  useEffect(() => {
    let live = true
    void client.call('episodes.get', { id }).then((result) => {
      if (!live) return
      setState(
        result.ok
          ? { status: 'ready', episode: result.value }
          : { status: 'failed', error: result.error },
      )
    })
    return () => {
      live = false
    }
  }, [client, id])

  const onSaved = useCallback((episode: Episode) => setState({ status: 'ready', episode }), [])

  const back = (
    <a className="back-link" href="#/episodes">
      <span aria-hidden="true">← </span>
      {t('episode.back')}
    </a>
  )
  if (state.status !== 'ready')
    return (
      <div className="page">
        {back}
        {state.status === 'loading' ? (
          <p className="muted" role="status">
            {t('episode.loading')}
          </p>
        ) : (
          <p className="notice notice--error" role="alert">
            {errorText(state.error).text}
          </p>
        )}
      </div>
    )
  return <EpisodeView episode={state.episode} back={back} onSaved={onSaved} />
}

function EpisodeView({
  episode,
  back,
  onSaved,
}: {
  episode: Episode
  back: React.ReactNode
  onSaved: (episode: Episode) => void
}) {
  const { t, language } = useT()
  const client = useClient()
  const { state: library } = useRecordings()
  const cutHistory = useCuts(episode, onSaved)
  const strings = sectionTranslator(language, 'cuts')
  const recordings = useMemo(
    () => (library.status === 'ready' ? library.recordings : []),
    [library],
  )
  const byId = useMemo(() => new Map(recordings.map((r) => [r.id, r])), [recordings])
  const [draft, setDraft] = useState<FieldsDraft>(() => draftFromEpisode(episode))
  const [clips, setClips] = useState<ClipDraft[]>(() => draftsFromClips(episode.clips))
  const checked = fieldsFromDraft(draft)
  // The core's refusal of a cover, intro or outro (a file that is gone), on its field.
  const [refused, setRefused] = useState<FieldsErrors>({})

  const details = useDebouncedSave(
    (value: FieldsDraft) => {
      const result = fieldsFromDraft(value)
      return result.ok ? result.fields : null
    },
    async (patch: EpisodeFields) => {
      const result = await client.call('episodes.update', { id: episode.id, patch })
      if (result.ok) onSaved(result.value)
      const field = result.ok ? null : fileFieldOf(result.error)
      setRefused(field && !result.ok ? { [field]: result.error } : {})
      return result
    },
  )
  const clipsSave = useDebouncedSave(
    (value: ClipDraft[]) => clipsFromDrafts(value, byId),
    async (ready: Clip[]) => {
      const result = await client.call('episodes.update', {
        id: episode.id,
        patch: {},
        clips: ready,
      })
      if (result.ok) onSaved(result.value)
      return result
    },
  )

  const used = [...new Set(episode.clips.map((clip) => clip.recordingId))]
    .map((recordingId) => byId.get(recordingId))
    .filter((recording) => recording !== undefined)

  return (
    <div className="page page--episode">
      {back}
      <div className="page__header episode-header">
        <h1>{episode.title}</h1>
        <p className="recording-header__facts">
          {episode.showTitle && <span>{episode.showTitle}</span>}
          {episode.number !== null && (
            <span>{t('episode.numberShort', { n: episode.number })}</span>
          )}
          {episode.year !== null && <span>{episode.year}</span>}
          <span>{t('episode.length', { length: formatDuration(episode.duration) })}</span>
        </p>
        <div className="episode-header__actions">
          <ExportButton source={{ kind: 'episode', episode }} recordings={used} />
        </div>
      </div>
      <EpisodePlayer episode={episode} />
      <div className="episode-layout">
        <section className="panel" aria-labelledby="episode-details-heading">
          <div className="section-header">
            <h2 id="episode-details-heading">{t('episode.details')}</h2>
            <SaveIndicator save={details.save} />
          </div>
          <form
            noValidate
            onBlur={() => void details.flush()}
            onSubmit={(event) => {
              event.preventDefault()
              void details.flush()
            }}
          >
            <FieldsForm
              idPrefix="episode"
              draft={draft}
              errors={{ ...refused, ...(checked.ok ? {} : checked.errors) }}
              onChange={(next) => {
                setDraft(next)
                details.queue(next)
              }}
            />
            <DescriptionFields
              episodeId={episode.id}
              draft={draft}
              onChange={(next) => {
                setDraft(next)
                details.queue(next)
              }}
              flush={details.flush}
            />
          </form>
        </section>
        <section className="panel" aria-labelledby="episode-clips-heading">
          <div className="section-header">
            <h2 id="episode-clips-heading">{t('clips.heading')}</h2>
            <SaveIndicator save={clipsSave.save} />
          </div>
          {library.status === 'ready' ? (
            <ClipsEditor
              recordings={recordings}
              clips={clips}
              onChange={(next) => {
                setClips(next)
                clipsSave.queue(next)
              }}
              onBlur={() => void clipsSave.flush()}
            />
          ) : (
            <p className="muted" role="status">
              {t('library.loading')}
            </p>
          )}
        </section>
      </div>
      <TranscriptCuts
        episode={episode}
        history={cutHistory}
        titleOf={(recordingId) => byId.get(recordingId)?.title ?? recordingId}
        strings={strings}
      />
      <FillerOffer episode={episode} history={cutHistory} strings={strings} />
      {/* Cuts move chapters with their words (in the core): the editor starts again from them. */}
      <ChaptersEditor key={JSON.stringify(episode.cuts)} episode={episode} onSaved={onSaved} />
      <ShowNotesEditor episodeId={episode.id} title={episode.title} />
    </div>
  )
}
