import type { Database } from 'better-sqlite3'
import { cached } from './statements.ts'

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

interface RunsCache {
  /** FTS5's averages and structure records: one changes whenever a segment with words is written. */
  stamp: string
  byTrack: Map<number, SegmentRuns>
}
const caches = new WeakMap<Database, RunsCache>()

/**
 * A segment id stays in its track (no code moves a segment; an edit that splits one writes a new
 * id, which changes the index). Only segments with words can match, and writing one writes the
 * index, so the runs are remembered until FTS5's own records change. (A segment without words
 * might not change them, but it matches nothing.)
 */
function runsCache(db: Database): RunsCache {
  const stamp = cached(
    db,
    `SELECT coalesce((SELECT hex(block) FROM segments_fts_data WHERE id = 1), '') || ':' ||
            coalesce((SELECT hex(block) FROM segments_fts_data WHERE id = 10), '')`,
  )
    .pluck()
    .get() as string
  let cache = caches.get(db)
  if (!cache || cache.stamp !== stamp) {
    cache = { stamp, byTrack: new Map() }
    caches.set(db, cache)
  }
  return cache
}

/** One track's segment ids as runs. */
function trackRuns(db: Database, cache: RunsCache, trackId: number): SegmentRuns {
  let runs = cache.byTrack.get(trackId)
  if (!runs) {
    const ids = cached(db, 'SELECT id FROM segments WHERE track_id = ?')
      .pluck()
      .all(trackId) as number[]
    runs = runsOfSorted(Float64Array.from(ids).sort(), true)
    cache.byTrack.set(trackId, runs)
  }
  return runs
}

/** The sorted, merged runs of these tracks' segment ids. */
export function segmentRuns(
  db: Database,
  trackIds: readonly number[],
  allow: boolean,
): SegmentRuns {
  const cache = runsCache(db)
  const pairs: Array<[number, number]> = []
  for (const trackId of trackIds) {
    const { lo, hi } = trackRuns(db, cache, trackId)
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

/**
 * The segments these speakers say, kept to `within` when given: a speaker filter tested on the
 * id like a track filter, with no look-up of the segment (its index holds the ids). Speakers
 * change without the index changing (a segment given to another speaker), so these runs live
 * only as long as the scope they belong to, which any write ends (scope.ts).
 */
export function speakerRuns(
  db: Database,
  speakerIds: readonly number[],
  within: SegmentRuns | null,
): SegmentRuns {
  const ids = Float64Array.from(
    cached(db, 'SELECT id FROM segments WHERE speaker_id IN (SELECT value FROM json_each(?))')
      .pluck()
      .all(JSON.stringify(speakerIds)) as number[],
  ).sort()
  return runsOfSorted(within ? ids.filter((id) => inRuns(within, id)) : ids, true)
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

/** Name of the SQL function that tests a rowid against the runs of the search being run. */
export const inScopeFunction = 'voces_search_in_scope'

interface Holder {
  current: SegmentRuns | null
}
const holders = new WeakMap<Database, Holder>()

/**
 * Registers `voces_search_in_scope(rowid)` on this connection once, and runs `work` with `runs`
 * as the set it tests against. better-sqlite3 runs statements synchronously, so no other search
 * can run on this connection between setting the runs and clearing them.
 */
export function withRuns<T>(db: Database, runs: SegmentRuns | null, work: () => T): T {
  let holder = holders.get(db)
  if (!holder) {
    const created: Holder = { current: null }
    db.function(inScopeFunction, { deterministic: false, directOnly: true }, (id: unknown) =>
      created.current === null || inRuns(created.current, Number(id)) ? 1 : 0,
    )
    holders.set(db, created)
    holder = created
  }
  const before = holder.current
  holder.current = runs
  try {
    return work()
  } finally {
    holder.current = before
  }
}
