import type { Database } from 'better-sqlite3'
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

/**
 * Where jobs persist, so a queue cut off by a crash or a quit resumes. SQLite is the embedded
 * default; a shared archive would put the same interface on PostgreSQL.
 */
export interface JobStore {
  insert(row: JobRow): void
  update(id: string, patch: Partial<Omit<JobRow, 'id' | 'kind' | 'input' | 'createdAt'>>): void
  get(id: string): JobRow | undefined
  list(limit?: number): JobRow[]
  /** Jobs left `running` by a process that died: they go back to the queue. */
  requeueInterrupted(now: string): number
  queued(): JobRow[]
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
  constructor(db: Database) {
    this.db = db
  }

  insert(row: JobRow): void {
    this.db
      .prepare(
        `INSERT INTO jobs (id, kind, state, recording_id, label, input, checkpoint, result, error, progress,
           created_at, updated_at, finished_at)
         VALUES (@id, @kind, @state, @recordingId, @label, @input, @checkpoint, @result, @error, @progress,
           @createdAt, @updatedAt, @finishedAt)`,
      )
      .run({
        ...row,
        input: JSON.stringify(row.input),
        checkpoint: row.checkpoint === null ? null : JSON.stringify(row.checkpoint),
        result: row.result === null ? null : JSON.stringify(row.result),
        error: row.error === null ? null : JSON.stringify(row.error),
      })
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
    this.db.prepare(`UPDATE jobs SET ${sets.join(', ')} WHERE id = @id`).run(values)
  }

  get(id: string): JobRow | undefined {
    const row = this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as DbJob | undefined
    return row && fromDb(row)
  }

  list(limit = 200): JobRow[] {
    const rows = this.db
      .prepare('SELECT * FROM jobs ORDER BY created_at DESC, rowid DESC LIMIT ?')
      .all(limit) as DbJob[]
    return rows.map(fromDb)
  }

  requeueInterrupted(now: string): number {
    return this.db
      .prepare(`UPDATE jobs SET state = 'queued', updated_at = ? WHERE state = 'running'`)
      .run(now).changes
  }

  queued(): JobRow[] {
    const rows = this.db
      .prepare(`SELECT * FROM jobs WHERE state = 'queued' ORDER BY created_at, rowid`)
      .all() as DbJob[]
    return rows.map(fromDb)
  }
}
