import type { StatementCache } from '../statements.ts'

/**
 * Filters as runs of segment ids, tested without reading `segments` (decision 0021).
 *
 * A track's segments are written together, so their ids form one run, or a few after edits.
 * Testing a match's id against the sorted runs of the allowed tracks costs about 0.3 µs (most of
 * it the call into JavaScript); the join to `segments` it replaces costs 1 to 2.5 µs for a word
 * said once a minute, because such matches sit on pages SQLite has not cached. That test is what every filtered search does for
 * every match it looks at, and what every search does to leave out withdrawn recordings.
 */
export interface SegmentRuns {
  /** Run i is [lo[i], hi[i]], sorted and disjoint. */
  lo: Float64Array
  hi: Float64Array
  /** true: the runs are what is allowed; false: what is excluded. */
  allow: boolean
}

/** Name of the SQL function that tests a rowid against the runs of the search being run. */
export const inScopeFunction = 'voces_search_in_scope'

interface RunsCache {
  /** FTS5's averages and structure records: one changes whenever a segment with words is written. */
  stamp: string
  byTrack: Map<number, SegmentRuns>
}

/**
 * One library's runs (decision 0120): the tracks' runs remembered between searches, and the runs
 * the search being run tests its matches against, which `voces_search_in_scope` reads. One per
 * connection, held by the storage (SqliteSearch), never by a module: the function registered on
 * the connection must read the same holder every search on it sets.
 */
export class SearchRuns {
  private readonly sql: StatementCache
  private cache: RunsCache | null = null
  /** The runs `voces_search_in_scope` tests against; null: every id passes. */
  private current: SegmentRuns | null = null
  private registered = false

  constructor(sql: StatementCache) {
    this.sql = sql
  }

  /**
   * A segment id stays in its track (no code moves a segment; an edit that splits one writes a
   * new id, which changes the index). Only segments with words can match, and writing one writes
   * the index, so the runs are remembered until FTS5's own records change. (A segment without
   * words might not change them, but it matches nothing.)
   */
  private runsCache(): RunsCache {
    const stamp = this.sql
      .get(
        `SELECT coalesce((SELECT hex(block) FROM segments_fts_data WHERE id = 1), '') || ':' ||
            coalesce((SELECT hex(block) FROM segments_fts_data WHERE id = 10), '')`,
      )
      .pluck()
      .get() as string
    if (!this.cache || this.cache.stamp !== stamp) this.cache = { stamp, byTrack: new Map() }
    return this.cache
  }

  /** One track's segment ids as runs. */
  private trackRuns(cache: RunsCache, trackId: number): SegmentRuns {
    let runs = cache.byTrack.get(trackId)
    if (!runs) {
      const ids = this.sql
        .get('SELECT id FROM segments WHERE track_id = ?')
        .pluck()
        .all(trackId) as number[]
      runs = runsOfSorted(Float64Array.from(ids).sort(), true)
      cache.byTrack.set(trackId, runs)
    }
    return runs
  }

  /** The sorted, merged runs of these tracks' segment ids. */
  segmentRuns(trackIds: readonly number[], allow: boolean): SegmentRuns {
    const cache = this.runsCache()
    const pairs: Array<[number, number]> = []
    for (const trackId of trackIds) {
      const { lo, hi } = this.trackRuns(cache, trackId)
      for (let i = 0; i < lo.length; i++) pairs.push([lo[i] as number, hi[i] as number])
    }
    pairs.sort((a, b) => a[0] - b[0])
    const lo: number[] = []
    const hi: number[] = []
    for (const [from, to] of pairs) {
      const last = hi.length - 1
      if (last >= 0 && from <= (hi[last] as number) + 1) hi[last] = Math.max(hi[last] as number, to)
      else {
        lo.push(from)
        hi.push(to)
      }
    }
    return { lo: Float64Array.from(lo), hi: Float64Array.from(hi), allow }
  }

  /**
   * The segments these speakers say, kept to `within` when given: a speaker filter tested on the
   * id like a track filter, with no look-up of the segment (its index holds the ids). Speakers
   * change without the index changing (a segment given to another speaker), so these runs live
   * only as long as the scope they belong to, which any write ends (scope.ts).
   */
  speakerRuns(speakerIds: readonly number[], within: SegmentRuns | null): SegmentRuns {
    const ids = Float64Array.from(
      this.sql
        .get('SELECT id FROM segments WHERE speaker_id IN (SELECT value FROM json_each(?))')
        .pluck()
        .all(JSON.stringify(speakerIds)) as number[],
    ).sort()
    return runsOfSorted(within ? ids.filter((id) => inRuns(within, id)) : ids, true)
  }

  /**
   * Registers `voces_search_in_scope(rowid)` on this connection once, and runs `work` with `runs`
   * as the set it tests against. better-sqlite3 runs statements synchronously, so no other search
   * can run on this connection between setting the runs and clearing them.
   */
  withRuns<T>(runs: SegmentRuns | null, work: () => T): T {
    if (!this.registered) {
      this.sql.db.function(
        inScopeFunction,
        { deterministic: false, directOnly: true },
        (id: unknown) => (this.current === null || inRuns(this.current, Number(id)) ? 1 : 0),
      )
      this.registered = true
    }
    const before = this.current
    this.current = runs
    try {
      return work()
    } finally {
      this.current = before
    }
  }
}

/** Runs of sorted ids: consecutive ids join one run. */
function runsOfSorted(ids: ArrayLike<number>, allow: boolean): SegmentRuns {
  const lo: number[] = []
  const hi: number[] = []
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i] as number
    const last = hi.length - 1
    if (last >= 0 && (hi[last] as number) + 1 >= id) hi[last] = Math.max(hi[last] as number, id)
    else {
      lo.push(id)
      hi.push(id)
    }
  }
  return { lo: Float64Array.from(lo), hi: Float64Array.from(hi), allow }
}

/** Whether `id` passes: inside a run when they allow, outside every run when they exclude. */
export function inRuns(runs: SegmentRuns, id: number): boolean {
  let low = 0
  let high = runs.lo.length - 1
  while (low <= high) {
    const mid = (low + high) >> 1
    if ((runs.lo[mid] as number) > id) high = mid - 1
    else if ((runs.hi[mid] as number) < id) low = mid + 1
    else return runs.allow
  }
  return !runs.allow
}
