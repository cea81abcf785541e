import type { SearchHit } from '../../../../shared/contract/index.ts'
import { shownSpeakerOrNull } from '../../../../shared/speakers.ts'
import { tokenChar } from '../../../search/query.ts'
import { snippetClose, snippetOpen, unmark } from '../../../search/service.ts'
import type { Queryable } from '../db.ts'

/**
 * The shown page's hits: times, track, speaker and a snippet, for those ids only. `ts_headline`
 * re-parses the segment's text (about 6 µs a short segment, decision 0142), so it never runs on
 * the window's other matches. The marks are service.ts's snippetOpen/snippetClose, as SQLite's.
 */
interface HitRow {
  id: number
  start: number
  end: number
  text: string
  track_id: number
  kind: SearchHit['trackKind']
  language: SearchHit['language']
  recording_id: string
  label: string | null
  name: string | null
  headline: string
}

/**
 * About a subtitle line either side, as SQLite's 24-token snippets: ts_headline counts words,
 * and a fragment of at most this many shows whole segments of the usual length.
 */
const headlineOptions = `StartSel=${snippetOpen}, StopSel=${snippetClose}, MaxWords=24, MinWords=12, ShortWord=0`

const hitsSql = `
  SELECT s.id, s.start, s."end", s.text, s.track_id, t.kind, t.language, t.recording_id,
    sp.label, sp.name,
    ts_headline('voces_search', s.text, to_tsquery('voces_search', $1), $3) AS headline
  FROM segments s JOIN tracks t ON t.id = s.track_id
    LEFT JOIN speakers sp ON sp.id = s.speaker_id
  WHERE s.id = ANY($2::bigint[])`

/**
 * The headline's plain text and marks, with '…' where words of the text were left out before or
 * after it (as FTS5's snippet() says): ts_headline returns a piece of the text as it is, so the
 * piece is found in the text to tell.
 */
export function snippetOf(
  text: string,
  headline: string,
): Pick<SearchHit, 'snippet' | 'highlights'> {
  const { snippet, highlights } = unmark(headline)
  const at = text.indexOf(snippet)
  if (at < 0) return { snippet, highlights }
  const before = tokenChar.test(text.slice(0, at)) ? '…' : ''
  const after = tokenChar.test(text.slice(at + snippet.length)) ? '…' : ''
  const shift = before.length
  return {
    snippet: `${before}${snippet}${after}`,
    highlights: highlights.map(([from, to]): [number, number] => [from + shift, to + shift]),
  }
}

/** The hits for these [id, score] pairs, in their order; an id deleted meanwhile is left out. */
export async function pageHits(
  q: Queryable,
  positive: string,
  page: ReadonlyArray<[number, number]>,
): Promise<SearchHit[]> {
  if (page.length === 0) return []
  const rows = await q.rows<HitRow>(hitsSql, [positive, page.map(([id]) => id), headlineOptions])
  const byId = new Map(rows.map((row) => [row.id, row]))
  return page.flatMap(([id, score]) => {
    const row = byId.get(id)
    if (!row) return []
    return [
      {
        segmentId: id,
        recordingId: row.recording_id,
        track: row.track_id,
        trackKind: row.kind,
        language: row.language,
        start: row.start,
        end: row.end,
        speaker: shownSpeakerOrNull(row.label, row.name),
        text: row.text,
        ...snippetOf(row.text, row.headline),
        score,
      },
    ]
  })
}
