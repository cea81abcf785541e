import type { Database, Statement } from 'better-sqlite3'

/**
 * One connection's prepared statements: each SQL text is prepared once and kept while the
 * connection lives (docs/decisions/0100-storage-seam.md). The search hot path cannot afford a
 * prepare per keystroke, and it matters for correctness too: with better-sqlite3 12.11 on Node 24
 * a Statement reclaimed by the garbage collector can abort the process (`Assertion failed: (env)
 * != nullptr` in RemoveEnvironmentCleanupHook, from Statement::~Statement). Statements kept here
 * are finalized only when the connection closes. The SQL texts are a small fixed set: never build
 * one from data.
 */
export class StatementCache {
  readonly db: Database
  private readonly statements = new Map<string, Statement>()

  constructor(db: Database) {
    this.db = db
  }

  get(sql: string): Statement {
    let statement = this.statements.get(sql)
    if (!statement) {
      statement = this.db.prepare(sql)
      this.statements.set(sql, statement)
    }
    return statement
  }

  /** How many SQL texts were prepared (a test reads it: one prepare per text, not per call). */
  get size(): number {
    return this.statements.size
  }
}
