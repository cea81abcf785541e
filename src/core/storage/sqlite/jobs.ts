import type { ApiError, JobState } from '../../../shared/contract/index.ts'
import type { JobLease, JobPartials, JobRow } from '../ports.ts'
import { jobColumns, jobFromRow, jobJsonColumns, jsonOrNull, type JobDbRow } from '../rows.ts'
import type { StatementCache } from './statements.ts'

/*
 * The job queue's SQL on SQLite (decisions 0090 and 0118). Synchronous, on one connection;
 * sqlite/storage.ts puts it behind the async JobQueueStore port and the serialised transaction.
 * Every statement is prepared once (StatementCache): preparing per call was most of an enqueue's
 * cost, and no call reads more rows than it returns.
 */

type DbJob = JobDbRow<string>

const parse = (text: string | null): unknown => (text === null ? null : JSON.parse(text))
const fromDb = (row: DbJob): JobRow => jobFromRow(row, parse)

function patchSql(
  id: string,
  patch: Partial<Omit<JobRow, 'id' | 'kind' | 'input' | 'createdAt'>>,
): { sets: string[]; values: Record<string, unknown> } {
  const sets: string[] = []
  const values: Record<string, unknown> = { id }
  for (const [key, value] of Object.entries(patch)) {
    const column = jobColumns[key]
    if (!column) continue
    sets.push(`${column} = @${key}`)
    values[key] = jobJsonColumns.has(key) ? jsonOrNull(value) : (value ?? null)
  }
  return { sets, values }
}

const insertJob = `INSERT INTO jobs (id, kind, state, recording_id, label, input, checkpoint, result,
    error, progress, created_at, updated_at, finished_at, pinned_to)
  VALUES (@id, @kind, @state, @recordingId, @label, @input, @checkpoint, @result, @error, @progress,
    @createdAt, @updatedAt, @finishedAt, @pinnedTo)`

export class SqliteJobQueue {
  private readonly sql: StatementCache
  private readonly insertRows: (rows: readonly JobRow[]) => void
  constructor(sql: StatementCache) {
    this.sql = sql
    // One transaction for a whole batch (decision 0090); inside storage.transaction, a savepoint.
    this.insertRows = sql.db.transaction((rows: readonly JobRow[]) => {
      const insert = this.sql.get(insertJob)
      for (const row of rows)
        insert.run({
          ...row,
          input: JSON.stringify(row.input),
          checkpoint: jsonOrNull(row.checkpoint),
          result: jsonOrNull(row.result),
          error: jsonOrNull(row.error),
          pinnedTo: row.pinnedTo ?? null,
        })
    })
  }

  insert(row: JobRow): void {
    this.insertRows([row])
  }

  insertMany(rows: readonly JobRow[]): void {
    if (rows.length > 0) this.insertRows(rows)
  }

  update(id: string, patch: Partial<Omit<JobRow, 'id' | 'kind' | 'input' | 'createdAt'>>): void {
    const { sets, values } = patchSql(id, patch)
    if (sets.length === 0) return
    // A handful of patch shapes exist (state, progress, checkpoint…): one statement each, made
    // only of the column names above, never of data.
    this.sql.get(`UPDATE jobs SET ${sets.join(', ')} WHERE id = @id`).run(values)
  }

  get(id: string): JobRow | undefined {
    const row = this.sql.get('SELECT * FROM jobs WHERE id = ?').get(id) as DbJob | undefined
    return row && fromDb(row)
  }

  list(limit = 200): JobRow[] {
    const rows = this.sql
      .get('SELECT * FROM jobs ORDER BY created_at DESC, rowid DESC LIMIT ?')
      .all(limit) as DbJob[]
    return rows.map(fromDb)
  }

  active(kind: string): JobRow[] {
    const rows = this.sql
      .get(
        `SELECT * FROM jobs WHERE state IN ('queued', 'running') AND kind = ?
         ORDER BY created_at, rowid`,
      )
      .all(kind) as DbJob[]
    return rows.map(fromDb)
  }

  /**
   * Reads the candidates, then takes each with an UPDATE that holds only while the row is still
   * queued: another process on the same library (the app, a command, a worker) that took a row
   * in between leaves it unchanged here, so no job is taken twice, and an empty queue costs one
   * read (no write) as before. A lease names the holder and how long it holds (decision 0147).
   */
  claim(kind: string, limit: number, at: string, lease?: JobLease): JobRow[] {
    if (limit <= 0) return []
    const rows = this.sql
      .get(
        `SELECT * FROM jobs WHERE state = 'queued' AND kind = ?
           AND (pinned_to IS NULL OR pinned_to = ?)
         ORDER BY created_at, rowid LIMIT ?`,
      )
      .all(kind, lease?.owner ?? null, limit) as DbJob[]
    const take = this.sql.get(
      `UPDATE jobs SET state = 'running', updated_at = @at, owner = @owner, lease_until = @until
       WHERE id = @id AND state = 'queued'`,
    )
    const claimed: JobRow[] = []
    for (const row of rows) {
      const taken = take.run({
        at,
        id: row.id,
        owner: lease?.owner ?? null,
        until: lease?.until ?? null,
      })
      if (taken.changes === 0) continue
      claimed.push(fromDb({ ...row, state: 'running', updated_at: at }))
    }
    return claimed
  }

  renew(
    owner: string,
    ids: readonly string[],
    until: string,
  ): { held: string[]; cancelled: string[] } {
    const extend = this.sql.get(
      `UPDATE jobs SET lease_until = @until WHERE id = @id AND owner = @owner AND state = 'running'
       RETURNING json_extract(error, '$.code') AS code`,
    )
    const held: string[] = []
    const cancelled: string[] = []
    for (const id of ids) {
      const row = extend.get({ id, owner, until }) as { code: string | null } | undefined
      if (!row) continue
      held.push(id)
      if (row.code === 'CANCELLED') cancelled.push(id)
    }
    return { held, cancelled }
  }

  release(owner: string, at: string): number {
    return this.sql
      .get(`UPDATE jobs SET lease_until = ? WHERE owner = ? AND state = 'running'`)
      .run(at, owner).changes
  }

  owners(): string[] {
    const rows = this.sql
      .get(
        `SELECT DISTINCT owner FROM jobs WHERE state = 'running' AND owner IS NOT NULL ORDER BY owner`,
      )
      .all() as Array<{ owner: string }>
    return rows.map((row) => row.owner)
  }

  running(): JobRow[] {
    const rows = this.sql
      .get(`SELECT * FROM jobs WHERE state = 'running' ORDER BY created_at, rowid`)
      .all() as DbJob[]
    return rows.map(fromDb)
  }

  updateHeld(
    id: string,
    owner: string,
    patch: Partial<Omit<JobRow, 'id' | 'kind' | 'input' | 'createdAt'>>,
  ): boolean {
    const { sets, values } = patchSql(id, patch)
    values.owner = owner
    const assignments = sets.length > 0 ? sets.join(', ') : 'owner = owner'
    return (
      this.sql
        .get(
          `UPDATE jobs SET ${assignments} WHERE id = @id AND owner = @owner AND state = 'running'`,
        )
        .run(values).changes > 0
    )
  }

  cancel(id: string, error: ApiError, at: string): { previous: JobState; row: JobRow } | undefined {
    // The write holds only on the state read, so a claim by another process in between cannot
    // be overwritten: read again and decide on what is there now.
    for (;;) {
      const row = this.get(id)
      if (!row) return undefined
      if (row.state !== 'queued' && row.state !== 'running') return { previous: row.state, row }
      const state: JobState = row.state === 'queued' ? 'cancelled' : 'running'
      const finishedAt = state === 'cancelled' ? at : row.finishedAt
      const changes = this.sql
        .get(
          `UPDATE jobs SET state = @state, error = @error, updated_at = @at, finished_at = @finishedAt
           WHERE id = @id AND state = @previous`,
        )
        .run({
          id,
          state,
          error: JSON.stringify(error),
          at,
          finishedAt,
          previous: row.state,
        }).changes
      if (changes > 0)
        return { previous: row.state, row: { ...row, state, error, updatedAt: at, finishedAt } }
    }
  }

  requeueInterrupted(now: string): number {
    // Only what no runner holds any more: no lease (rows from before leases), or a lease that ran
    // out or was released (decision 0147). A job a person cancelled whose process died before it
    // ended stays cancelled (decision 0092).
    const expired = `state = 'running' AND (lease_until IS NULL OR lease_until <= @now)`
    this.sql
      .get(
        `UPDATE jobs SET state = 'cancelled', updated_at = @now, finished_at = @now, owner = NULL,
           lease_until = NULL
         WHERE ${expired} AND json_extract(error, '$.code') = 'CANCELLED'`,
      )
      .run({ now })
    return this.sql
      .get(
        `UPDATE jobs SET state = 'queued', updated_at = @now, owner = NULL, lease_until = NULL
         WHERE ${expired}`,
      )
      .run({ now }).changes
  }

  setPartials(id: string, partials: JobPartials | null): void {
    this.sql.get('UPDATE jobs SET partials = ? WHERE id = ?').run(jsonOrNull(partials), id)
  }

  withPartials(): Array<{ id: string; partials: JobPartials }> {
    const rows = this.sql
      .get('SELECT id, partials FROM jobs WHERE partials IS NOT NULL')
      .all() as Array<{ id: string; partials: string }>
    return rows.map((row) => ({ id: row.id, partials: JSON.parse(row.partials) as JobPartials }))
  }

  forgetWork(recordingId: string, kind: string): number {
    return this.sql
      .get(
        `UPDATE jobs SET checkpoint = NULL, result = NULL
         WHERE recording_id = ? AND kind = ? AND state IN ('succeeded', 'failed', 'cancelled')`,
      )
      .run(recordingId, kind).changes
  }
}
