import { useEffect, useState } from 'react'
import type { ApiError, Episode } from '../../shared/contract/index.ts'
import { useClient } from '../app/client-context.ts'
import { useT } from '../i18n/useT.ts'
import { useRecordings } from '../library/useRecordings.ts'
import { formatDuration } from '../ui/format.ts'
import { NewEpisodeForm } from './NewEpisodeForm.tsx'
import { useMay } from '../people/context.ts'
import './episodes.css'

type State =
  | { status: 'loading' }
  | { status: 'failed'; error: ApiError }
  | { status: 'ready'; episodes: Episode[] }

export const episodeHref = (id: string) => `#/episode/${encodeURIComponent(id)}`

/** Every episode, newest first, and the form that makes a new one from library recordings. */
export function EpisodesPage() {
  const { t, errorText } = useT()
  const client = useClient()
  const may = useMay()
  const { state: library } = useRecordings()
  const [state, setState] = useState<State>({ status: 'loading' })
  const [creating, setCreating] = useState(false)

  useEffect(() => {
    let live = true
    void client.call('episodes.list', {}).then((result) => {
      if (!live) return
      setState(
        result.ok
          ? { status: 'ready', episodes: result.value }
          : { status: 'failed', error: result.error },
      )
    })
    return () => {
      live = false
    }
  }, [client])

  const recordings = library.status === 'ready' ? library.recordings : []

  return (
    <div className="page page--episodes">
      <div className="page__header episodes-header">
        <h1>{t('episodes.heading')}</h1>
        {state.status === 'ready' && state.episodes.length > 0 && (
          <p className="page__subtitle">{t('episodes.count', { count: state.episodes.length })}</p>
        )}
        {!creating && may('episodes.create') && (
          <button
            type="button"
            className="button button--primary episodes-header__new"
            onClick={() => setCreating(true)}
          >
            {t('episodes.new')}
          </button>
        )}
      </div>
      {creating && <NewEpisodeForm recordings={recordings} onCancel={() => setCreating(false)} />}
      {state.status === 'loading' && (
        <p className="muted" role="status">
          {t('episodes.loading')}
        </p>
      )}
      {state.status === 'failed' && (
        <p className="notice notice--error" role="alert">
          {errorText(state.error).text}
        </p>
      )}
      {state.status === 'ready' && state.episodes.length === 0 && !creating && (
        <p className="empty-state">{t('episodes.empty')}</p>
      )}
      {state.status === 'ready' && state.episodes.length > 0 && (
        <table className="recordings episodes-table">
          <caption className="visually-hidden">{t('episodes.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('episode.title')}</th>
              <th scope="col">{t('episode.show')}</th>
              <th scope="col" className="num">
                {t('episode.number')}
              </th>
              <th scope="col" className="num">
                {t('episodes.col.clips')}
              </th>
              <th scope="col" className="num">
                {t('episodes.col.length')}
              </th>
            </tr>
          </thead>
          <tbody>
            {state.episodes.map((episode) => (
              <tr key={episode.id}>
                <th scope="row" className="recordings__title">
                  <a href={episodeHref(episode.id)}>{episode.title}</a>
                </th>
                <td>{episode.showTitle}</td>
                <td className="num">{episode.number ?? ''}</td>
                <td className="num">{episode.clips.length}</td>
                <td className="num">{formatDuration(episode.duration)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}
