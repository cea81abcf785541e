import type { Database, Statement } from 'better-sqlite3'
import type { ApiError, JobState } from '../../shared/contract/index.ts'

export interface JobRow {
  id: string
  kind: string
  state: JobState
  recordingId: string | null
  label: string
  input: unknown
  checkpoint: unknown
  result: unknown
  error: ApiError | null
  progress: number
  createdAt: string
  updatedAt: string
  finishedAt: string | null
}

/** The half-written files a job makes beside its target, and the process that writes them. */
export interface JobPartials {
  pid: number
  paths: string[]
}

/**
 * Where jobs persist, so a queue cut off by a crash or a quit resumes. SQLite is the embedded
 * default; a shared archive would put the same interface on PostgreSQL. No call reads more rows
 * than it returns to its caller, so a queue of any length costs each call the same
 * (decision 0090).
 */
export interface JobStore {
  insert(row: JobRow): void
  /** All the rows or none, in one transaction. */
  insertMany(rows: readonly JobRow[]): void
  update(id: string, patch: Partial<Omit<JobRow, 'id' | 'kind' | 'input' | 'createdAt'>>): void
  get(id: string): JobRow | undefined
  list(limit?: number): JobRow[]
  /**
   * Jobs left `running` by a process that died go back to the queue, except those with a cancel
   * recorded (`error` CANCELLED), which end cancelled.
   */
  requeueInterrupted(now: string): number
  /** The oldest `limit` queued jobs of one kind, oldest first. */
  nextQueued(kind: string, limit: number): JobRow[]
  /** Records (or, with null, forgets) where a job's half-written files go (decision 0091). */
  setPartials(id: string, partials: JobPartials | null): void
  /** Every job with half-written files recorded. */
  withPartials(): Array<{ id: string; partials: JobPartials }>
}

interface DbJob {
  id: string
  kind: string
  state: JobState
  recording_id: string | null
  label: string
  input: string
  checkpoint: string | null
  result: string | null
  error: string | null
  progress: number
  created_at: string
  updated_at: string
  finished_at: string | null
}

const parse = (text: string | null): unknown => (text === null ? null : JSON.parse(text))

function fromDb(row: DbJob): JobRow {
  return {
    id: row.id,
    kind: row.kind,
    state: row.state,
    recordingId: row.recording_id,
    label: row.label,
    input: parse(row.input),
    checkpoint: parse(row.checkpoint),
    result: parse(row.result),
    error: parse(row.error) as ApiError | null,
    progress: row.progress,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
  }
}

const columns: Record<string, string> = {
  state: 'state',
  recordingId: 'recording_id',
  label: 'label',
  checkpoint: 'checkpoint',
  result: 'result',
  error: 'error',
  progress: 'progress',
  updatedAt: 'updated_at',
  finishedAt: 'finished_at',
}
const jsonColumns = new Set(['checkpoint', 'result', 'error'])

export class SqliteJobStore implements JobStore {
  private readonly db: Database
  /** Prepared once each (decision 0090): preparing per call was most of an enqueue's cost. */
  private readonly statements = new Map<string, Statement<unknown[]>>()
  private readonly insertRows: (rows: readonly JobRow[]) => void
  constructor(db: Database) {
    this.db = db
    this.insertRows = db.transaction((rows: readonly JobRow[]) => {
      const insert = this.statement(
        `INSERT INTO jobs (id, kind, state, recording_id, label, input, checkpoint, result, error, progress,
           created_at, updated_at, finished_at)
         VALUES (@id, @kind, @state, @recordingId, @label, @input, @checkpoint, @result, @error, @progress,
           @createdAt, @updatedAt, @finishedAt)`,
      )
      for (const row of rows)
        insert.run({
          ...row,
          input: JSON.stringify(row.input),
          checkpoint: row.checkpoint === null ? null : JSON.stringify(row.checkpoint),
          result: row.result === null ? null : JSON.stringify(row.result),
          error: row.error === null ? null : JSON.stringify(row.error),
        })
    })
  }

  private statement(sql: string): Statement<unknown[]> {
    let statement = this.statements.get(sql)
    if (!statement) {
      statement = this.db.prepare(sql)
      this.statements.set(sql, statement)
    }
    return statement
  }

  insert(row: JobRow): void {
    this.insertRows([row])
  }

  insertMany(rows: readonly JobRow[]): void {
    this.insertRows(rows)
  }

  update(id: string, patch: Partial<Omit<JobRow, 'id' | 'kind' | 'input' | 'createdAt'>>): void {
    const sets: string[] = []
    const values: Record<string, unknown> = { id }
    for (const [key, value] of Object.entries(patch)) {
      const column = columns[key]
      if (!column) continue
      sets.push(`${column} = @${key}`)
      values[key] =
        jsonColumns.has(key) && value !== null && value !== undefined
          ? JSON.stringify(value)
          : (value ?? null)
    }
    if (sets.length === 0) return
    // A handful of patch shapes exist (state, progress, checkpoint…): one statement each.
    this.statement(`UPDATE jobs SET ${sets.join(', ')} WHERE id = @id`).run(values)
  }

  get(id: string): JobRow | undefined {
    const row = this.statement('SELECT * FROM jobs WHERE id = ?').get(id) as DbJob | undefined
    return row && fromDb(row)
  }

  list(limit = 200): JobRow[] {
    const rows = this.statement(
      'SELECT * FROM jobs ORDER BY created_at DESC, rowid DESC LIMIT ?',
    ).all(limit) as DbJob[]
    return rows.map(fromDb)
  }

  requeueInterrupted(now: string): number {
    // A job a person cancelled whose process died before it ended stays cancelled (decision 0092).
    this.statement(
      `UPDATE jobs SET state = 'cancelled', updated_at = @now, finished_at = @now
       WHERE state = 'running' AND json_extract(error, '$.code') = 'CANCELLED'`,
    ).run({ now })
    return this.statement(
      `UPDATE jobs SET state = 'queued', updated_at = ? WHERE state = 'running'`,
    ).run(now).changes
  }

  nextQueued(kind: string, limit: number): JobRow[] {
    if (limit <= 0) return []
    const rows = this.statement(
      `SELECT * FROM jobs WHERE state = 'queued' AND kind = ? ORDER BY created_at, rowid LIMIT ?`,
    ).all(kind, limit) as DbJob[]
    return rows.map(fromDb)
  }

  setPartials(id: string, partials: JobPartials | null): void {
    this.statement('UPDATE jobs SET partials = ? WHERE id = ?').run(
      partials === null ? null : JSON.stringify(partials),
      id,
    )
  }

  withPartials(): Array<{ id: string; partials: JobPartials }> {
    const rows = this.statement(
      'SELECT id, partials FROM jobs WHERE partials IS NOT NULL',
    ).all() as Array<{ id: string; partials: string }>
    return rows.map((row) => ({ id: row.id, partials: JSON.parse(row.partials) as JobPartials }))
  }
}
