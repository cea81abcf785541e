import type { Database } from 'better-sqlite3'
import type { MediaStore, Storage, StoragePorts } from '../ports.ts'
import { SqliteRecordings } from './recordings.ts'
import { SerialGate } from './serial.ts'
import {
  SqliteExportLog,
  SqliteGlossary,
  SqliteSavedSearches,
  SqliteSettings,
} from './small-stores.ts'
import { StatementCache } from './statements.ts'

export interface SqliteStorageOptions {
  db: Database
  media: MediaStore
  now?: () => Date
  /** Close the connection on close(); false while `voces.db` still serves unmoved areas. */
  ownsDatabase?: boolean
}

type TxPorts = StoragePorts & Pick<Storage, 'transaction'>

/**
 * The embedded backend (decisions 0100 and 0107): one better-sqlite3 connection, one
 * statement cache for it, and one gate that serialises transactions. Each port method is the
 * synchronous SQL of sqlite/small-stores.ts, run through `run`: outside a transaction it waits for
 * an open one to end; inside, it runs at once on the transaction's connection.
 */
export class SqliteStorage implements Storage {
  readonly settings: StoragePorts['settings']
  readonly glossary: StoragePorts['glossary']
  readonly savedSearches: StoragePorts['savedSearches']
  readonly exportLog: StoragePorts['exportLog']
  readonly recordings: StoragePorts['recordings']
  readonly media: MediaStore
  readonly statements: StatementCache
  private readonly db: Database
  private readonly gate = new SerialGate()
  private readonly ownsDatabase: boolean
  private readonly inTransaction: TxPorts
  private savepoints = 0

  constructor(options: SqliteStorageOptions) {
    this.db = options.db
    this.media = options.media
    this.ownsDatabase = options.ownsDatabase ?? false
    this.statements = new StatementCache(options.db)
    const now = options.now ?? (() => new Date())
    const outside = <T>(fn: () => T): Promise<T> => this.gate.call(fn)
    const inside = async <T>(fn: () => T): Promise<T> => fn()
    const outer = this.ports(outside, now)
    this.settings = outer.settings
    this.glossary = outer.glossary
    this.savedSearches = outer.savedSearches
    this.exportLog = outer.exportLog
    this.recordings = outer.recordings
    this.inTransaction = {
      ...this.ports(inside, now),
      transaction: (fn) => this.savepoint(fn),
    }
  }

  private ports(run: <T>(fn: () => T) => Promise<T>, now: () => Date): StoragePorts {
    const settings = new SqliteSettings(this.statements)
    const glossary = new SqliteGlossary(this.statements)
    const saved = new SqliteSavedSearches(this.statements, now)
    const exportLog = new SqliteExportLog(this.statements)
    const recordings = new SqliteRecordings(this.statements, now)
    return {
      settings: {
        get: () => run(() => settings.get()),
        update: (patch) => run(() => settings.update(patch)),
      },
      glossary: {
        list: () => run(() => glossary.list()),
        replace: (terms) => run(() => glossary.replace(terms)),
      },
      savedSearches: {
        list: () => run(() => saved.list()),
        save: (name, query, filters) => run(() => saved.save(name, query, filters)),
        remove: (id) => run(() => saved.remove(id)),
      },
      exportLog: {
        append: (record) => run(() => exportLog.append(record)),
        list: () => run(() => exportLog.list()),
      },
      recordings: {
        insert: (recording) => run(() => recordings.insert(recording)),
        get: (id) => run(() => recordings.get(id)),
        require: (id) => run(() => recordings.require(id)),
        list: () => run(() => recordings.list()),
        bySha256: (sha256) => run(() => recordings.bySha256(sha256)),
        files: (id) => run(() => recordings.files(id)),
        forgetStoredCopy: (id) => run(() => recordings.forgetStoredCopy(id)),
        update: (id, patch) => run(() => recordings.update(id, patch)),
        remove: (id) => run(() => recordings.remove(id)),
      },
    }
  }

  transaction<T>(fn: (tx: TxPorts) => Promise<T>): Promise<T> {
    return this.gate.exclusive(async () => {
      this.statements.get('BEGIN IMMEDIATE').run()
      try {
        const value = await fn(this.inTransaction)
        this.statements.get('COMMIT').run()
        return value
      } catch (error) {
        if (this.db.inTransaction) this.statements.get('ROLLBACK').run()
        throw error
      }
    })
  }

  /** A transaction inside a transaction: a savepoint, undone alone when its `fn` throws. */
  private async savepoint<T>(fn: (tx: TxPorts) => Promise<T>): Promise<T> {
    const name = `voces_${++this.savepoints}`
    this.db.exec(`SAVEPOINT ${name}`)
    try {
      const value = await fn(this.inTransaction)
      this.db.exec(`RELEASE ${name}`)
      return value
    } catch (error) {
      this.db.exec(`ROLLBACK TO ${name}`)
      this.db.exec(`RELEASE ${name}`)
      throw error
    } finally {
      this.savepoints--
    }
  }

  /** `VACUUM INTO`: one read transaction, so a consistent copy while writers go on in WAL. */
  backupTo(file: string): Promise<void> {
    return this.gate.call(() => {
      this.statements.get('VACUUM INTO ?').run(file)
    })
  }

  /** Waits for an open transaction; closes the connection only when this storage opened it. */
  async close(): Promise<void> {
    await this.gate.call(() => undefined)
    if (this.ownsDatabase) this.db.close()
  }
}
