import type { MediaStore, Storage, StoragePorts } from '../ports.ts'
import { PostgresDatabase } from './db.ts'
import type { Transactional } from './db.ts'
import { migratePostgres } from './migrations/index.ts'

type TxPorts = StoragePorts & Pick<Storage, 'transaction'>

/**
 * A port not yet written for PostgreSQL: every call rejects with a plain Error naming the area
 * (nested objects such as masking.transcripts too), so a command that needs it fails loudly.
 */
function notYet<K extends keyof StoragePorts>(area: K): StoragePorts[K] {
  const refuse = (): Promise<never> => Promise.reject(new Error(`not yet on PostgreSQL: ${area}`))
  const handler: ProxyHandler<() => Promise<never>> = {
    get: (_target, property) => (property === 'then' ? undefined : new Proxy(refuse, handler)),
    apply: () => refuse(),
  }
  return new Proxy(refuse, handler) as unknown as StoragePorts[K]
}

/**
 * Every port on one Transactional: the pool outside a transaction, the transaction's connection
 * inside one. Each area is one line, a class taking `(q, now)` beside its SQLite twin's logic.
 */
function portsOn(_q: Transactional, _now: () => Date): StoragePorts {
  return {
    settings: notYet('settings'),
    glossary: notYet('glossary'),
    savedSearches: notYet('savedSearches'),
    exportLog: notYet('exportLog'),
    search: notYet('search'),
    jobQueue: notYet('jobQueue'),
    subtitles: notYet('subtitles'),
    episodes: notYet('episodes'),
    transcripts: notYet('transcripts'),
    redactions: notYet('redactions'),
    masking: notYet('masking'),
    speakerTurns: notYet('speakerTurns'),
    recordings: notYet('recordings'),
  }
}

/**
 * The shared archive's backend (docs/decisions/0136-postgres-backend.md): the same ports as
 * SQLite over a PostgreSQL pool, media in any MediaStore (an S3 bucket on a server).
 */
export class PostgresStorage implements Storage {
  readonly settings: StoragePorts['settings']
  readonly glossary: StoragePorts['glossary']
  readonly savedSearches: StoragePorts['savedSearches']
  readonly exportLog: StoragePorts['exportLog']
  readonly search: StoragePorts['search']
  readonly jobQueue: StoragePorts['jobQueue']
  readonly subtitles: StoragePorts['subtitles']
  readonly episodes: StoragePorts['episodes']
  readonly transcripts: StoragePorts['transcripts']
  readonly redactions: StoragePorts['redactions']
  readonly masking: StoragePorts['masking']
  readonly speakerTurns: StoragePorts['speakerTurns']
  readonly recordings: StoragePorts['recordings']
  readonly media: MediaStore
  /** The pool (or whatever Transactional the storage was given): tests and tools query it. */
  readonly db: Transactional
  private readonly now: () => Date
  private readonly onClose: () => Promise<void>

  /** `close` runs `onClose` (openPostgresStorage ends the pool it opened). */
  constructor(
    db: Transactional,
    media: MediaStore,
    now: () => Date = () => new Date(),
    onClose: () => Promise<void> = async () => undefined,
  ) {
    this.db = db
    this.media = media
    this.now = now
    this.onClose = onClose
    const ports = portsOn(db, now)
    this.settings = ports.settings
    this.glossary = ports.glossary
    this.savedSearches = ports.savedSearches
    this.exportLog = ports.exportLog
    this.search = ports.search
    this.jobQueue = ports.jobQueue
    this.subtitles = ports.subtitles
    this.episodes = ports.episodes
    this.transcripts = ports.transcripts
    this.redactions = ports.redactions
    this.masking = ports.masking
    this.speakerTurns = ports.speakerTurns
    this.recordings = ports.recordings
  }

  transaction<T>(fn: (tx: TxPorts) => Promise<T>): Promise<T> {
    return this.db.transaction((q) => fn(this.transactionPorts(q)))
  }

  private transactionPorts(q: Transactional): TxPorts {
    return {
      ...portsOn(q, this.now),
      // A transaction inside: a savepoint on the same connection.
      transaction: (fn) => q.transaction((inner) => fn(this.transactionPorts(inner))),
    }
  }

  /**
   * A copy of the shared archive is the center's own database backup (pg_dump, or the server's
   * base backups and WAL archive): Voces refuses instead of writing a partial one.
   */
  async backupTo(_file: string): Promise<void> {
    throw new Error('not yet on PostgreSQL: backupTo')
  }

  /** After a redaction: vacuum of the touched tables (pg-areas writes it). */
  async scrub(): Promise<void> {
    throw new Error('not yet on PostgreSQL: scrub')
  }

  close(): Promise<void> {
    return this.onClose()
  }
}

/**
 * Connects to `url`, checks it lets us in (clear VocesErrors otherwise: db.ts), brings the schema
 * up to date (migrations/index.ts) and returns the storage, which ends the pool on close.
 */
export async function openPostgresStorage(
  url: string,
  media: MediaStore,
  now: () => Date = () => new Date(),
): Promise<PostgresStorage> {
  const db = new PostgresDatabase(url)
  try {
    await db.connect()
    await migratePostgres(db)
  } catch (error) {
    await db.close().catch(() => undefined)
    throw error
  }
  return new PostgresStorage(db, media, now, () => db.close())
}
