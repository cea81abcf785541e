import type { Database, Statement } from 'better-sqlite3'

const caches = new WeakMap<Database, Map<string, Statement>>()

/**
 * The prepared statement for `sql` on `db`, made once and kept while the database lives.
 *
 * Besides saving the prepare on every keystroke of a search, this matters for correctness:
 * with better-sqlite3 12.11 on Node 24 a Statement reclaimed by the garbage collector can abort
 * the process (`Assertion failed: (env) != nullptr` in RemoveEnvironmentCleanupHook, from
 * Statement::~Statement; reproduced here with a loop of one-off prepares). Statements kept
 * here are only finalized when the database closes. The SQL texts are a small fixed set.
 */
export function cached(db: Database, sql: string): Statement {
  let cache = caches.get(db)
  if (!cache) {
    cache = new Map()
    caches.set(db, cache)
  }
  let statement = cache.get(sql)
  if (!statement) {
    statement = db.prepare(sql)
    cache.set(sql, statement)
  }
  return statement
}
