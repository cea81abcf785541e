import type { SearchResult } from '../../shared/contract/index.ts'
import { speakerLabel } from '../../shared/i18n/index.ts'
import { useT } from '../i18n/useT.ts'
import { formatClock, formatDate } from '../ui/format.ts'
import { Snippet } from './Snippet.tsx'
import type { SectionTranslate } from '../../shared/i18n/sections.ts'

type Group = SearchResult['groups'][number]

/** One recording's heading and its hits; a click on a hit plays the recording from there. */
export function ResultGroup({
  group,
  strings,
  onOpen,
}: {
  group: Group
  strings: SectionTranslate<'search'>
  onOpen: (recordingId: string, time: number) => void
}) {
  const { language } = useT()
  const { recording, hits } = group
  const consent =
    recording.consentStatus === 'withdrawn'
      ? strings('consentWithdrawn')
      : recording.consentStatus === 'restricted'
        ? strings('consentRestricted')
        : null
  return (
    <section className="search-group" aria-label={recording.title}>
      <header className="search-group__header">
        <h3 className="search-group__title">{recording.title}</h3>
        <span className="search-group__meta">
          {[
            recording.interviewDate && formatDate(recording.interviewDate, language),
            recording.interviewees.join(', '),
            recording.place,
          ]
            .filter(Boolean)
            .join(' · ')}
        </span>
        {consent && (
          <span className={`badge badge--consent-${recording.consentStatus}`}>{consent}</span>
        )}
      </header>
      <ol className="search-group__hits">
        {hits.map((hit) => (
          <li key={hit.segmentId}>
            <button
              type="button"
              className="search-hit"
              data-testid="search-hit"
              title={strings('playFrom', { time: formatClock(hit.start) })}
              onClick={() => onOpen(hit.recordingId, hit.start)}
            >
              <span className="search-hit__time">{formatClock(hit.start)}</span>
              <span className="search-hit__lang">{hit.language}</span>
              {hit.speaker && (
                <span className="search-hit__speaker">{speakerLabel(language, hit.speaker)}</span>
              )}
              <Snippet hit={hit} />
            </button>
          </li>
        ))}
      </ol>
    </section>
  )
}
