import type { EventEmitter } from 'node:events'
import type { EventPayload } from '../shared/contract/index.ts'
import type { JobRunner } from './jobs/runner.ts'
import type { Logger } from './log.ts'
import type { LibraryLayout } from './paths.ts'
import type { SettingsStore, Storage } from './storage/ports.ts'

/** The core's events: library changes, forwarded to the UI as the contract's `library` event. */
export type CoreEvents = EventEmitter<{ library: [EventPayload<'library'>] }>

/**
 * What a capability may use of the core opened on one library (decision 0105). Capabilities,
 * API handlers and services take a `CoreContext` and never import the class that builds it
 * (`Voces`, the one composition root), so no module of the core depends on every other and
 * `npm run check` finds no import circle (madge, type imports counted).
 */
export interface CoreContext {
  /** Where the library's files are. */
  readonly layout: LibraryLayout
  /**
   * The library's SQLite handle, for the areas whose SQL has not moved behind the storage ports
   * yet (decision 0100 lists the order); new code uses the repositories.
   */
  /** The library's settings: `storage.settings` (the storage seam, decision 0100). */
  readonly settings: SettingsStore
  /** The storage ports (decision 0100): the areas moved so far, media, and transactions. */
  readonly storage: Storage
  /** The one job runner: capabilities register their job kinds on it. */
  readonly jobs: JobRunner
  readonly log: Logger
  /** Where bundled tools (FFmpeg, whisper-cli) may live: the packaged app's resources folder. */
  readonly resourcesDir: string | undefined
  /** A shared archive (decision 0148): the heavy work goes to `voces worker` processes. */
  readonly shared: boolean
  /** Whisper's threads per window in this process, when told (`voces worker --threads`). */
  readonly threads: number | undefined
  readonly events: CoreEvents
}

/** A capability's registration: its job handlers and anything else it sets up on the core. */
export type CapabilityRegistration = (core: CoreContext) => void
