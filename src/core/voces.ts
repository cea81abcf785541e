import { EventEmitter } from 'node:events'
import { mkdirSync } from 'node:fs'
import type { EventPayload } from '../shared/contract/index.ts'
import { openDatabase } from './storage/sqlite/database.ts'
import { JobRunner } from './jobs/runner.ts'
import { libraryLayout, type LibraryLayout } from './paths.ts'
import { LocalMediaStore } from './storage/local/media.ts'
import type { SettingsStore, Storage } from './storage/ports.ts'
import { SqliteStorage } from './storage/sqlite/storage.ts'
import { capabilityRegistrations } from './capabilities.ts'
import type { CoreContext, CoreEvents } from './context.ts'
import { Logger } from './log.ts'

export interface VocesOptions {
  libraryDir: string
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
  /** Library changes, forwarded to the UI by both transports as the contract's `library` event. */
  readonly events: CoreEvents = new EventEmitter<{ library: [EventPayload<'library'>] }>()

  constructor(options: VocesOptions) {
    this.layout = libraryLayout(options.libraryDir)
    this.resourcesDir = options.resourcesDir
    for (const dir of [this.layout.root, this.layout.media, this.layout.temp, this.layout.logs]) {
      mkdirSync(dir, { recursive: true })
    }
    this.log = new Logger(this.layout.logs)
    const now = options.now ?? (() => new Date())
    this.storage = new SqliteStorage({
      db: openDatabase(this.layout.database),
      media: new LocalMediaStore(this.layout.root),
      now,
      ownsDatabase: true,
    })
    this.settings = this.storage.settings
    this.jobs = new JobRunner(this.storage, now, this.log)
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
