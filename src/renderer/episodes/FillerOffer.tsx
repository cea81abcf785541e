import { useEffect, useState } from 'react'
import type { ApiError, Episode, Filler } from '../../shared/contract/index.ts'
import { useClient } from '../app/client-context.ts'
import { useT } from '../i18n/useT.ts'
import type { SectionTranslate } from '../../shared/i18n/sections.ts'
import { clockText } from './time.ts'
import type { CutHistory } from './useCuts.ts'

/**
 * Filler words offered for removal (decision 0050), each in its sentence, with one button each and one
 * for all. Nothing is removed until the producer says so; removed ones can be given back here.
 */
export function FillerOffer({
  episode,
  history,
  strings,
}: {
  episode: Episode
  history: CutHistory
  strings: SectionTranslate<'cuts'>
}) {
  const client = useClient()
  const { errorText } = useT()
  const [fillers, setFillers] = useState<Filler[] | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [message, setMessage] = useState('')
  const key = JSON.stringify([episode.clips, episode.cuts])
  useEffect(() => {
    let live = true
    void client.call('episodes.fillers', { id: episode.id }).then((result) => {
      if (!live) return
      if (result.ok) setFillers(result.value)
      else setError(result.error)
    })
    return () => {
      live = false
    }
  }, [client, episode.id, key])

  const left = fillers?.filter((f) => !f.cut) ?? []
  const span = (f: Filler) => ({ recordingId: f.recordingId, start: f.start, end: f.end })
  const remove = async (list: Filler[]) => {
    if (list.length === 0) return
    if (await history.apply({ kind: 'cut', cutKind: 'filler', spans: list.map(span) }))
      setMessage(strings('didRemoveFillers', { count: list.length }))
  }
  const giveBack = async (filler: Filler) => {
    if (await history.apply({ kind: 'restore', spans: [span(filler)] }))
      setMessage(strings('didRestore'))
  }
  const time = (f: Filler) => clockText(f.at)

  return (
    <section className="panel fillers" aria-labelledby="fillers-heading">
      <div className="section-header">
        <h2 id="fillers-heading">{strings('fillersHeading')}</h2>
        {left.length > 0 && (
          <button
            type="button"
            className="button button--small"
            disabled={history.busy}
            onClick={() => void remove(left)}
          >
            {strings('removeAll', { count: left.length })}
          </button>
        )}
      </div>
      <p className="hint">{strings('fillersHelp')}</p>
      <p className="fillers__status" role="status" aria-live="polite">
        {message}
      </p>
      {error && (
        <p className="notice notice--error" role="alert">
          {errorText(error).text}
        </p>
      )}
      {fillers && fillers.length === 0 && <p className="muted">{strings('fillersNone')}</p>}
      {fillers && fillers.length > 0 && (
        <>
          <p className="hint">
            {strings('fillersCount', { left: left.length, all: fillers.length })}
          </p>
          <ul className="fillers__list">
            {fillers.map((filler) => (
              <li
                key={`${filler.recordingId}-${filler.start}`}
                className={`fillers__item${filler.cut ? ' fillers__item--cut' : ''}`}
              >
                <span className="fillers__time mono">{time(filler)}</span>
                <span className="fillers__context" lang={filler.language}>
                  {filler.before && <span className="muted">…{filler.before} </span>}
                  {filler.cut ? <del>{filler.text}</del> : <mark>{filler.text}</mark>}
                  {filler.after && (
                    <span className="muted">
                      {' '}
                      {filler.after}
                      {/[.!?…]$/.test(filler.after) ? '' : '…'}
                    </span>
                  )}
                </span>
                {filler.cut ? (
                  <button
                    type="button"
                    className="button button--small button--quiet"
                    disabled={history.busy}
                    aria-label={strings('restoreOne', { text: filler.text, time: time(filler) })}
                    onClick={() => void giveBack(filler)}
                  >
                    {strings('restore')}
                  </button>
                ) : (
                  <button
                    type="button"
                    className="button button--small"
                    disabled={history.busy}
                    aria-label={strings('removeOne', { text: filler.text, time: time(filler) })}
                    onClick={() => void remove([filler])}
                  >
                    {strings('remove')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  )
}
