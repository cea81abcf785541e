import { useLayoutEffect, useRef, useState } from 'react'
import type { RecordingState } from '../../shared/contract/index.ts'
import { routeHref } from '../app/route.ts'
import { useT } from '../i18n/useT.ts'
import { formatDate, formatDuration } from '../ui/format.ts'
import { SelectAll, SelectBox, type Selection } from '../transcription/selection.tsx'
import { ConsentBadge } from './ConsentBadge.tsx'
import type { LibraryRow } from './library-view.ts'

/** Every row is this tall (one line, tags clipped), so the window is found without measuring. */
// Room for a title on two lines (decision 0133): every row is this tall, so the window stays exact.
const rowHeight = 64
/** Rows drawn beyond each edge of the view, so fast scrolling shows no blank. */
const overscan = 8

/**
 * The recordings as a table; the title is the link, and a click anywhere on the row follows it.
 * Only the rows in view are in the DOM, with a spacer row above and below (decision 0133), so
 * 10,000 recordings scroll like 10 and the table keeps its rows and cells for screen readers.
 */
export function RecordingTable({
  rows,
  selection,
}: {
  rows: readonly LibraryRow[]
  /** Tick boxes for batch actions (Transcribe selected). */
  selection?: Selection
}) {
  const { t, language } = useT()
  const scroller = useRef<HTMLDivElement | null>(null)
  const [view, setView] = useState({ top: 0, height: 800 })

  useLayoutEffect(() => {
    const element = scroller.current
    if (!element) return
    const update = () => setView({ top: element.scrollTop, height: element.clientHeight })
    update()
    element.addEventListener('scroll', update, { passive: true })
    const observer = new ResizeObserver(update)
    observer.observe(element)
    return () => {
      element.removeEventListener('scroll', update)
      observer.disconnect()
    }
  }, [])

  // A filter that leaves fewer rows can leave the scroll offset past the end until the browser
  // clamps it; the window is clamped here so it is never empty.
  const top = Math.min(view.top, Math.max(0, rows.length * rowHeight - view.height))
  const first = Math.max(0, Math.floor(top / rowHeight) - overscan)
  const last = Math.min(rows.length, Math.ceil((top + view.height) / rowHeight) + overscan)
  const shown = rows.slice(first, last)

  return (
    <div className="recordings-scroll" ref={scroller}>
      <table className="recordings" aria-rowcount={rows.length + 1}>
        <caption className="visually-hidden">{t('library.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">
              {selection && <SelectAll selection={selection} />}
              {t('library.col.title')}
            </th>
            <th scope="col" className="num">
              {t('library.col.duration')}
            </th>
            <th scope="col">{t('library.col.kind')}</th>
            <th scope="col">{t('library.col.consent')}</th>
            <th scope="col">{t('library.col.transcript')}</th>
            <th scope="col">{t('library.col.subtitles')}</th>
            <th scope="col" className="num">
              {t('library.col.checked')}
            </th>
            <th scope="col">{t('library.col.date')}</th>
            <th scope="col">{t('library.col.tags')}</th>
          </tr>
        </thead>
        <tbody>
          {first > 0 && (
            <tr
              aria-hidden="true"
              className="recordings__spacer"
              style={{ height: first * rowHeight }}
            />
          )}
          {shown.map(({ recording, state }, k) => {
            const href = routeHref({ page: 'recording', id: recording.id })
            return (
              <tr
                key={recording.id}
                className="recordings__row"
                aria-rowindex={first + k + 2}
                style={{ height: rowHeight }}
                onClick={(event) => {
                  // The link handles its own clicks (and middle clicks); the rest of the row follows it.
                  if ((event.target as HTMLElement).closest('a')) return
                  window.location.hash = href
                }}
              >
                <th scope="row" className="recordings__title">
                  {/* A long title wraps beside its checkbox, not under it. */}
                  <div className="recordings__name">
                    {selection && (
                      <SelectBox selection={selection} id={recording.id} title={recording.title} />
                    )}
                    <a href={href}>{recording.title}</a>
                  </div>
                </th>
                <td className="num">{formatDuration(recording.duration)}</td>
                <td>
                  <span className={`kind kind--${recording.hasVideo ? 'video' : 'audio'}`}>
                    {t(recording.hasVideo ? 'library.kind.video' : 'library.kind.audio')}
                  </span>
                </td>
                <td>
                  <ConsentBadge status={recording.consentStatus} />
                </td>
                <td>
                  {state?.transcribed ? (
                    t('library.state.transcribed')
                  ) : (
                    <span className="muted">{t('library.state.none')}</span>
                  )}
                </td>
                <td>
                  {state && state.subtitles.length > 0 ? (
                    state.subtitles.map((code) => code.toUpperCase()).join(' · ')
                  ) : (
                    <span className="muted">{t('library.state.none')}</span>
                  )}
                </td>
                <td className="num">
                  <CheckedShare state={state} />
                </td>
                <td>
                  {recording.interviewDate ? (
                    <time dateTime={recording.interviewDate}>
                      {formatDate(recording.interviewDate, language)}
                    </time>
                  ) : (
                    <span className="muted">{t('library.undated')}</span>
                  )}
                </td>
                <td>
                  <ul className="chips chips--static">
                    {recording.tags.map((tag) => (
                      <li key={tag} className="chip">
                        {tag}
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            )
          })}
          {last < rows.length && (
            <tr
              aria-hidden="true"
              className="recordings__spacer"
              style={{ height: (rows.length - last) * rowHeight }}
            />
          )}
        </tbody>
      </table>
    </div>
  )
}

/** The share of the transcript's segments a person checked, as a whole percentage. */
function CheckedShare({ state }: { state: RecordingState | undefined }) {
  const { t } = useT()
  if (!state || state.segments === 0)
    return <span className="muted">{t('library.state.none')}</span>
  const share = Math.floor((state.checkedSegments / state.segments) * 100)
  return <>{t('library.state.checked', { share })}</>
}
