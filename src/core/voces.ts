import { EventEmitter } from 'node:events'
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import type { EventPayload } from '../shared/contract/index.ts'
import { openDatabase } from './storage/sqlite/database.ts'
import { JobRunner, type JobRunnerOptions } from './jobs/runner.ts'
import { libraryLayout, type LibraryLayout } from './paths.ts'
import { LocalMediaStore } from './storage/local/media.ts'
import type { MediaStore, SettingsStore, Storage } from './storage/ports.ts'
import type { LibraryLocation } from './storage/open.ts'
import { SqliteStorage } from './storage/sqlite/storage.ts'
import { openPostgresStorage } from './storage/postgres/storage.ts'
import { S3MediaStore } from './storage/s3/media.ts'
import { capabilityRegistrations } from './capabilities.ts'
import type { CoreContext, CoreEvents } from './context.ts'
import { Logger } from './log.ts'

export interface VocesOptions {
  /**
   * The library folder; for a library on a server (`storage` given), this machine's working
   * folder for its temp files and logs.
   */
  libraryDir: string
  /** Storage already opened (`openVoces`); SQLite in `libraryDir` unless given. */
  storage?: Storage | undefined
  /** A shared archive (decision 0148): commands queue the heavy work for `voces worker`. */
  shared?: boolean | undefined
  /** How this process's job runner shares the queue: `voces worker --kinds --concurrency`. */
  jobs?: JobRunnerOptions | undefined
  /** Whisper's threads per window in this process (`voces worker --threads`). */
  threads?: number | undefined
  /** Start the job runner (and resume interrupted jobs). The CLI's read-only commands do not. */
  startJobs?: boolean
  /** The packaged app's resources folder, where a bundled FFmpeg may live. */
  resourcesDir?: string
  now?: () => Date
}

/**
 * The core, opened on one library: the services every transport (IPC, HTTP, CLI) calls. The one
 * composition root (decision 0105): it builds the `CoreContext` and hands it to each capability's
 * registration in `capabilities.ts`; nothing in the core imports this class.
 */
export class Voces implements CoreContext {
  readonly layout: LibraryLayout
  readonly settings: SettingsStore
  /** Every stored fact and file of the library, behind the ports (decision 0100). */
  readonly storage: Storage
  readonly jobs: JobRunner
  readonly log: Logger
  readonly resourcesDir: string | undefined
  readonly shared: boolean
  readonly threads: number | undefined
  /** Library changes, forwarded to the UI by both transports as the contract's `library` event. */
  readonly events: CoreEvents = new EventEmitter<{ library: [EventPayload<'library'>] }>()

  constructor(options: VocesOptions) {
    this.layout = libraryLayout(options.libraryDir)
    this.resourcesDir = options.resourcesDir
    this.shared = options.shared ?? false
    this.threads = options.threads
    for (const dir of [this.layout.root, this.layout.media, this.layout.temp, this.layout.logs]) {
      mkdirSync(dir, { recursive: true })
    }
    this.log = new Logger(this.layout.logs)
    const now = options.now ?? (() => new Date())
    this.storage =
      options.storage ??
      new SqliteStorage({
        db: openDatabase(this.layout.database),
        media: new LocalMediaStore(this.layout.root),
        now,
        ownsDatabase: true,
      })
    this.settings = this.storage.settings
    this.jobs = new JobRunner(this.storage, now, this.log, options.jobs)
    for (const register of capabilityRegistrations) register(this)
    // `close` waits for the start (sweep, requeue) to end.
    if (options.startJobs !== false)
      void this.jobs.start().catch((error: unknown) =>
        this.log.error('job runner could not start', {
          message: error instanceof Error ? error.message : String(error),
        }),
      )
  }

  async close(): Promise<void> {
    await this.jobs.stop()
    await this.storage.close()
  }
}

/** What `openVoces` opens: where the library is, and the rest of `VocesOptions`. */
export type OpenVocesOptions = Omit<VocesOptions, 'libraryDir' | 'storage' | 'shared'> & {
  location: LibraryLocation
}

/**
 * Opens the core on a library wherever it is (decision 0148): a folder (SQLite, media beside it
 * or in another folder), or a shared archive (PostgreSQL, media in an S3 bucket) with a working
 * folder on this machine.
 */
export async function openVoces(options: OpenVocesOptions): Promise<Voces> {
  const { location, ...rest } = options
  const now = rest.now ?? (() => new Date())
  if (location.kind === 'folder') {
    if (location.media.kind === 'folder' && location.media.dir === location.dir)
      return new Voces({ ...rest, libraryDir: location.dir })
    const media = await openMedia(location.media, location.dir)
    mkdirSync(location.dir, { recursive: true })
    const storage = new SqliteStorage({
      db: openDatabase(libraryLayout(location.dir).database),
      media,
      now,
      ownsDatabase: true,
    })
    return new Voces({ ...rest, libraryDir: location.dir, storage })
  }
  // A shared archive: PostgreSQL, media every machine reaches, and this machine's working
  // folder for temp files and logs (decision 0148). Heavy work goes to `voces worker`.
  const media = await openMedia(location.media, location.workDir)
  const storage = await openPostgresStorage(location.url, media, now)
  try {
    return new Voces({ ...rest, libraryDir: location.workDir, storage, shared: true })
  } catch (error) {
    await storage.close()
    throw error
  }
}

async function openMedia(media: LibraryLocation['media'], workDir: string): Promise<MediaStore> {
  if (media.kind === 'folder') return new LocalMediaStore(media.dir)
  // Checked before anything is written: a bucket that is missing, or a store that refuses the
  // credentials, is said now, naming what to fix.
  const store = new S3MediaStore({
    location: media.location,
    tempDir: path.join(libraryLayout(workDir).temp, 's3'),
  })
  await store.check()
  return store
}
