import type { Recording } from '../../shared/contract/index.ts'
import { routeHref } from '../app/route.ts'
import { useT } from '../i18n/useT.ts'
import { formatDate, formatDuration } from '../ui/format.ts'
import { SelectAll, SelectBox, type Selection } from '../transcription/selection.tsx'
import { ConsentBadge } from './ConsentBadge.tsx'

/** The recordings as a table; the title is the link, and a click anywhere on the row follows it. */
export function RecordingTable({
  recordings,
  selection,
}: {
  recordings: readonly Recording[]
  /** Tick boxes for batch actions (Transcribe selected). */
  selection?: Selection
}) {
  const { t, language } = useT()
  return (
    <table className="recordings">
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
          <th scope="col">{t('library.col.date')}</th>
          <th scope="col">{t('library.col.consent')}</th>
          <th scope="col">{t('library.col.tags')}</th>
        </tr>
      </thead>
      <tbody>
        {recordings.map((recording) => {
          const href = routeHref({ page: 'recording', id: recording.id })
          return (
            <tr
              key={recording.id}
              className="recordings__row"
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
                {recording.interviewDate ? (
                  <time dateTime={recording.interviewDate}>
                    {formatDate(recording.interviewDate, language)}
                  </time>
                ) : (
                  <span className="muted">{t('library.undated')}</span>
                )}
              </td>
              <td>
                <ConsentBadge status={recording.consentStatus} />
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
      </tbody>
    </table>
  )
}
