import type { SearchHit, SearchRecording, SearchResult } from '../../../../shared/contract/index.ts'
import { shownSpeakerOrNull } from '../../../../shared/speakers.ts'
import { tokenChar } from '../../../search/query.ts'
import { snippetClose, snippetOpen, unmark } from '../../../search/service.ts'
import type { Queryable } from '../db.ts'
import type { PgScope } from './scope.ts'
import type { TsQueries } from './tsquery.ts'
import { windowSql, type WindowForm } from './window.ts'

/**
 * One statement for the page a search shows (decision 0142): the window of matches (window.ts),
 * ranked, the oldest dropped when it overflows, the page cut from the ranking, and for the page's
 * rows only their times, track, speaker, recording and a `ts_headline` snippet (about 6 µs a short
 * segment: never the window's other matches). One round trip instead of three: on a busy server
 * each costs more than the work.
 */
export interface RankedPage {
  ranking: SearchResult['ranking']
  /** Matches ranked: the window's, or every match when fewer. */
  total: number
  /** Matches read (one more than `total` when the window overflowed). */
  examined: number
  hits: SearchHit[]
  recordings: Map<string, SearchRecording>
  form: WindowForm
}

interface PageRow {
  /** How many matches the window statement read; the page's columns are null when it is empty. */
  read: number
  id: number | null
  score: number
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
  title: string
  /** A `date`, which db.ts gives as its 'YYYY-MM-DD' text. */
  interview_date: string | null
  /** jsonb, parsed. */
  interviewees: string[]
  place: string
  consent_status: SearchRecording['consentStatus']
  duration: number
  tags: string[]
}

/**
 * About a subtitle line either side, as SQLite's 24-token snippets: ts_headline counts words, and
 * a fragment of at most this many shows whole segments of the usual length. The marks are
 * service.ts's snippetOpen/snippetClose, as FTS5's.
 */
const headlineOptions = `StartSel=${snippetOpen}, StopSel=${snippetClose}, MaxWords=24, MinWords=12, ShortWord=0`

/**
 * `$1` the tsquery, `$2` the window + 1 (the oldest of a full window is dropped), then the scope's
 * arrays; `offset`, `limit`, the positive
 * tsquery and the headline options after them. Ties keep the newer first, as a stable sort of the
 * newest-first window would.
 */
function pageSql(window: string, next: number): string {
  const [offset, limit, positive, options] = [next, next + 1, next + 2, next + 3].map(
    (n) => `$${n}`,
  )
  return `
  WITH w AS (${window}),
  aged AS (SELECT id, score, row_number() OVER (ORDER BY id DESC) AS age FROM w),
  ranked AS (
    SELECT id, score, row_number() OVER (ORDER BY score, id DESC) AS place
    FROM aged WHERE age < $2),
  page AS (SELECT id, score, place FROM ranked WHERE place > ${offset} ORDER BY place LIMIT ${limit})
  SELECT (SELECT count(*) FROM w) AS read, p.id, p.score, s.start, s."end", s.text, s.track_id,
    t.kind, t.language, t.recording_id, sp.label, sp.name,
    ts_headline('voces_search', s.text, to_tsquery('voces_search', ${positive}), ${options})
      AS headline,
    r.title, r.interview_date, r.interviewees, r.place, r.consent_status, r.duration,
    array(SELECT g.tag FROM recording_tags g WHERE g.recording_id = r.id ORDER BY g.tag COLLATE "C")
      AS tags
  FROM (SELECT 1) one
    LEFT JOIN page p ON true
    LEFT JOIN segments s ON s.id = p.id
    LEFT JOIN tracks t ON t.id = s.track_id
    LEFT JOIN speakers sp ON sp.id = s.speaker_id
    LEFT JOIN recordings r ON r.id = t.recording_id
  ORDER BY p.place`
}

/** The ranked page of a search in the window form given (window.ts picks it). */
export async function rankedPage(
  q: Queryable,
  queries: TsQueries,
  scope: PgScope,
  options: { window: number; offset: number; limit: number; form: WindowForm },
): Promise<RankedPage> {
  const params: unknown[] = [queries.query, options.window + 1]
  const window = windowSql(scope, params, options.form)
  const sql = pageSql(window, params.length + 1)
  params.push(options.offset, options.limit, queries.positive, headlineOptions)
  const rows = await q.rows<PageRow>(sql, params)
  const read = rows[0]?.read ?? 0
  const total = Math.min(read, options.window)
  const hits: SearchHit[] = []
  const recordings = new Map<string, SearchRecording>()
  for (const row of rows) {
    if (row.id === null) continue
    hits.push(toHit(row, row.id))
    if (!recordings.has(row.recording_id)) recordings.set(row.recording_id, toRecording(row))
  }
  return {
    ranking: read > options.window ? 'newest' : 'all',
    total,
    examined: read,
    hits,
    recordings,
    form: options.form,
  }
}

function toHit(row: PageRow, id: number): SearchHit {
  return {
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
    score: row.score,
  }
}

function toRecording(row: PageRow): SearchRecording {
  return {
    id: row.recording_id,
    title: row.title,
    interviewDate: row.interview_date,
    interviewees: row.interviewees,
    place: row.place,
    consentStatus: row.consent_status,
    tags: row.tags,
    duration: row.duration,
  }
}

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
