import type { ApiError, JobState } from '../../../shared/contract/index.ts'
import type { JobLease, JobPartials, JobQueueStore, JobRow } from '../ports.ts'
import { jobColumns, jobFromRow, jobJsonColumns, jsonOrNull, type JobDbRow } from '../rows.ts'
import type { Queryable } from './db.ts'

/*
 * The job queue on PostgreSQL: sqlite/jobs.ts's rows (decisions 0090, 0118 and 0136), shared by
 * runners on several machines. Each call is one statement, so it is atomic without a transaction
 * of its own: a batch goes in as one JSON array, a claim takes its rows with FOR UPDATE SKIP
 * LOCKED (two claims, from any process, never take the same job and never wait on each other),
 * and a cancel decides on the state it locked.
 */

type DbJob = JobDbRow<unknown>

/** jsonb comes parsed. */
const fromDb = (row: DbJob): JobRow => jobFromRow(row, (value) => value)

const rowColumns = `id, kind, state, recording_id, label, input, checkpoint, result, error, progress,
  created_at, updated_at, finished_at`

const some = (field: string) => `nullif(job -> '${field}', 'null'::jsonb)`

/** Rows from one JSON array, in its order (the seq column breaks ties in that order). */
const insertJobs = `INSERT INTO jobs (${rowColumns}, pinned_to)
  SELECT job ->> 'id', job ->> 'kind', job ->> 'state', job ->> 'recordingId', job ->> 'label',
    coalesce(job -> 'input', 'null'::jsonb), ${some('checkpoint')}, ${some('result')}, ${some('error')},
    (job ->> 'progress')::float8, (job ->> 'createdAt')::timestamptz,
    (job ->> 'updatedAt')::timestamptz, (job ->> 'finishedAt')::timestamptz, job ->> 'pinnedTo'
  FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS j(job, ord)
  ORDER BY ord`

/** A patch's SET list over $2…, the id as $1; made only of known column names. */
function patchSql(
  id: string,
  patch: Partial<Omit<JobRow, 'id' | 'kind' | 'input' | 'createdAt'>>,
): { sets: string[]; values: unknown[] } {
  const sets: string[] = []
  const values: unknown[] = [id]
  for (const [key, value] of Object.entries(patch)) {
    const column = jobColumns[key]
    if (!column) continue
    values.push(jobJsonColumns.has(key) ? jsonOrNull(value) : (value ?? null))
    sets.push(`${column} = $${values.length}`)
  }
  return { sets, values }
}

export class PostgresJobQueue implements JobQueueStore {
  private readonly q: Queryable
  constructor(q: Queryable) {
    this.q = q
  }

  async insert(row: JobRow): Promise<void> {
    await this.q.run(insertJobs, [JSON.stringify([row])])
  }

  async insertMany(rows: readonly JobRow[]): Promise<void> {
    if (rows.length > 0) await this.q.run(insertJobs, [JSON.stringify(rows)])
  }

  async update(
    id: string,
    patch: Partial<Omit<JobRow, 'id' | 'kind' | 'input' | 'createdAt'>>,
  ): Promise<void> {
    const { sets, values } = patchSql(id, patch)
    if (sets.length === 0) return
    // Made only of the column names above, never of data.
    await this.q.run(`UPDATE jobs SET ${sets.join(', ')} WHERE id = $1`, values)
  }

  async updateHeld(
    id: string,
    owner: string,
    patch: Partial<Omit<JobRow, 'id' | 'kind' | 'input' | 'createdAt'>>,
  ): Promise<boolean> {
    const { sets, values } = patchSql(id, patch)
    values.push(owner)
    const assignments = sets.length > 0 ? sets.join(', ') : 'owner = owner'
    const changed = await this.q.run(
      `UPDATE jobs SET ${assignments} WHERE id = $1 AND owner = $${values.length} AND state = 'running'`,
      values,
    )
    return changed > 0
  }

  async renew(
    owner: string,
    ids: readonly string[],
    until: string,
  ): Promise<{ held: string[]; cancelled: string[] }> {
    if (ids.length === 0) return { held: [], cancelled: [] }
    const rows = await this.q.rows<{ id: string; code: string | null }>(
      `UPDATE jobs SET lease_until = $3
       WHERE id = ANY($1::text[]) AND owner = $2 AND state = 'running'
       RETURNING id, error ->> 'code' AS code`,
      [ids, owner, until],
    )
    const found = new Map(rows.map((row) => [row.id, row.code]))
    const held = ids.filter((id) => found.has(id))
    return { held, cancelled: held.filter((id) => found.get(id) === 'CANCELLED') }
  }

  release(owner: string, at: string): Promise<number> {
    return this.q.run(`UPDATE jobs SET lease_until = $2 WHERE owner = $1 AND state = 'running'`, [
      owner,
      at,
    ])
  }

  async owners(): Promise<string[]> {
    const rows = await this.q.rows<{ owner: string }>(
      `SELECT DISTINCT owner COLLATE "C" AS owner FROM jobs
       WHERE state = 'running' AND owner IS NOT NULL ORDER BY 1`,
    )
    return rows.map((row) => row.owner)
  }

  async running(): Promise<JobRow[]> {
    const rows = await this.q.rows<DbJob>(
      `SELECT ${rowColumns} FROM jobs WHERE state = 'running' ORDER BY created_at, seq`,
    )
    return rows.map(fromDb)
  }

  async get(id: string): Promise<JobRow | undefined> {
    const row = await this.q.row<DbJob>(`SELECT ${rowColumns} FROM jobs WHERE id = $1`, [id])
    return row && fromDb(row)
  }

  async list(limit = 200): Promise<JobRow[]> {
    const rows = await this.q.rows<DbJob>(
      `SELECT ${rowColumns} FROM jobs ORDER BY created_at DESC, seq DESC LIMIT $1`,
      [limit],
    )
    return rows.map(fromDb)
  }

  async active(kind: string): Promise<JobRow[]> {
    const rows = await this.q.rows<DbJob>(
      `SELECT ${rowColumns} FROM jobs WHERE state IN ('queued', 'running') AND kind = $1
       ORDER BY created_at, seq`,
      [kind],
    )
    return rows.map(fromDb)
  }

  async claim(kind: string, limit: number, at: string, lease?: JobLease): Promise<JobRow[]> {
    if (limit <= 0) return []
    const rows = await this.q.rows<DbJob>(
      `WITH taken AS (
         UPDATE jobs SET state = 'running', updated_at = $3, owner = $4, lease_until = $5
         WHERE id IN (
           SELECT id FROM jobs WHERE state = 'queued' AND kind = $1
             AND (pinned_to IS NULL OR pinned_to = $4)
           ORDER BY created_at, seq LIMIT $2
           FOR UPDATE SKIP LOCKED)
         RETURNING *)
       SELECT ${rowColumns} FROM taken ORDER BY created_at, seq`,
      [kind, limit, at, lease?.owner ?? null, lease?.until ?? null],
    )
    return rows.map(fromDb)
  }

  async cancel(
    id: string,
    error: ApiError,
    at: string,
  ): Promise<{ previous: JobState; row: JobRow } | undefined> {
    // The row is locked as it is read, so a claim in between cannot be overwritten: a queued job
    // ends cancelled, a running one keeps running with the cancel recorded.
    const changed = await this.q.row<DbJob & { previous: JobState }>(
      `WITH before AS (
         SELECT id, state FROM jobs WHERE id = $1 AND state IN ('queued', 'running') FOR UPDATE)
       UPDATE jobs j SET
         state = CASE WHEN b.state = 'queued' THEN 'cancelled' ELSE 'running' END,
         error = $2, updated_at = $3,
         finished_at = CASE WHEN b.state = 'queued' THEN $3::timestamptz ELSE j.finished_at END
       FROM before b WHERE j.id = b.id
       RETURNING b.state AS previous, ${rowColumns
         .split(',')
         .map((c) => `j.${c.trim()}`)
         .join(', ')}`,
      [id, JSON.stringify(error), at],
    )
    if (changed) {
      const { previous, ...row } = changed
      return { previous, row: fromDb(row) }
    }
    const row = await this.get(id)
    return row && { previous: row.state, row }
  }

  async requeueInterrupted(now: string): Promise<number> {
    // Only what no runner holds any more: no lease, or one that ran out or was released
    // (decision 0147). A job a person cancelled whose process died before it ended stays
    // cancelled (decision 0092).
    const expired = `state = 'running' AND (lease_until IS NULL OR lease_until <= $1::timestamptz)`
    await this.q.run(
      `UPDATE jobs SET state = 'cancelled', updated_at = $1, finished_at = $1, owner = NULL,
         lease_until = NULL
       WHERE ${expired} AND error ->> 'code' = 'CANCELLED'`,
      [now],
    )
    return this.q.run(
      `UPDATE jobs SET state = 'queued', updated_at = $1, owner = NULL, lease_until = NULL
       WHERE ${expired}`,
      [now],
    )
  }

  async setPartials(id: string, partials: JobPartials | null): Promise<void> {
    await this.q.run('UPDATE jobs SET partials = $1 WHERE id = $2', [jsonOrNull(partials), id])
  }

  async withPartials(): Promise<Array<{ id: string; partials: JobPartials }>> {
    return this.q.rows<{ id: string; partials: JobPartials }>(
      'SELECT id, partials FROM jobs WHERE partials IS NOT NULL',
    )
  }

  forgetWork(recordingId: string, kind: string): Promise<number> {
    return this.q.run(
      `UPDATE jobs SET checkpoint = NULL, result = NULL
       WHERE recording_id = $1 AND kind = $2 AND state IN ('succeeded', 'failed', 'cancelled')`,
      [recordingId, kind],
    )
  }
}
