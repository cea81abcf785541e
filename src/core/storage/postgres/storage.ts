import { VocesError } from '../../../shared/contract/define.ts'
import type { HeldLock, MediaStore, Storage, StoragePorts } from '../ports.ts'
import { PostgresDatabase } from './db.ts'
import type { Transactional } from './db.ts'
import { PostgresEpisodes } from './episodes.ts'
import {
  PostgresEpisodeMasking,
  PostgresJobMasking,
  PostgresRedactions,
  PostgresSpeakerTurns,
  PostgresSubtitleMasking,
  PostgresTranscriptMasking,
} from './masking.ts'
import { migratePostgres } from './migrations/index.ts'
import { scrubMaskedTables } from './scrub.ts'
import { PostgresSpeakers } from './speakers.ts'
import { holdSessionLock } from './locks.ts'
import { PostgresSubtitles } from './subtitles.ts'
import { PostgresTranscriptEditor } from './editor.ts'
import { PostgresJobQueue } from './jobs.ts'
import { PostgresPeople } from './people.ts'
import { PostgresRecordings } from './recordings.ts'
import { PostgresSearch } from './search/engine.ts'
import {
  PostgresExportLog,
  PostgresGlossary,
  PostgresSavedSearches,
  PostgresSettings,
} from './small-stores.ts'
import { PostgresTimes } from './times.ts'
import { PostgresTranscripts } from './transcripts.ts'

type TxPorts = StoragePorts & Pick<Storage, 'transaction'>

/**
 * Every port on one Transactional: the pool outside a transaction, the transaction's connection
 * inside one. Each area is one line, a class taking `(q, now)` beside its SQLite twin's logic.
 */
function portsOn(q: Transactional, now: () => Date): StoragePorts {
  return {
    settings: new PostgresSettings(q),
    glossary: new PostgresGlossary(q),
    savedSearches: new PostgresSavedSearches(q, now),
    exportLog: new PostgresExportLog(q),
    search: new PostgresSearch(q),
    jobQueue: new PostgresJobQueue(q),
    subtitles: new PostgresSubtitles(q, now),
    episodes: new PostgresEpisodes(q, now),
    transcripts: transcriptsOn(q, now),
    redactions: new PostgresRedactions(q, now),
    masking: {
      transcripts: new PostgresTranscriptMasking(q),
      subtitles: new PostgresSubtitleMasking(q),
      episodes: new PostgresEpisodeMasking(q),
      jobs: new PostgresJobMasking(q),
    },
    speakerTurns: new PostgresSpeakerTurns(q),
    speakers: new PostgresSpeakers(q, now),
    recordings: new PostgresRecordings(q, now),
    people: new PostgresPeople(q),
    times: new PostgresTimes(q),
  }
}

/** The tracks and the editor's edits: one port, two classes as on SQLite. */
function transcriptsOn(q: Transactional, now: () => Date): StoragePorts['transcripts'] {
  const tracks = new PostgresTranscripts(q, now)
  const editor = new PostgresTranscriptEditor(q, now)
  return {
    listTracks: (recordingId) => tracks.listTracks(recordingId),
    getTrack: (recordingId, language) => tracks.getTrack(recordingId, language),
    requireTrack: (recordingId, language) => tracks.requireTrack(recordingId, language),
    replaceTrack: (track) => tracks.replaceTrack(track),
    removeTrack: (recordingId, language) => tracks.removeTrack(recordingId, language),
    verifiedSegments: (recordingId, languages) => tracks.verifiedSegments(recordingId, languages),
    labelledSegments: (recordingId, language) => tracks.labelledSegments(recordingId, language),
    editorTrack: (recordingId, language) => editor.load(recordingId, language),
    editText: (segmentId, text) => editor.editText(segmentId, text),
    split: (segmentId, wordIndex) => editor.split(segmentId, wordIndex),
    merge: (segmentId) => editor.merge(segmentId),
    setSpeaker: (segmentId, speakerId) => editor.setSpeaker(segmentId, speakerId),
    renameSpeaker: (speakerId, name, affiliation) =>
      editor.renameSpeaker(speakerId, name, affiliation),
    addSpeaker: (recordingId, name, affiliation) =>
      editor.addSpeaker(recordingId, name, affiliation),
    replaceText: (recordingId, language, find, replacement, options) =>
      editor.replace(recordingId, language, find, replacement, options),
    review: (segmentIds, review, reviewedBy) => editor.review(segmentIds, review, reviewedBy),
    applyEdit: (patch) => editor.apply(patch),
    moveWords: (segmentId, from, to, speakerId) => editor.moveWords(segmentId, from, to, speakerId),
    mergeSpeakers: (speakerId, intoId) => editor.mergeSpeakers(speakerId, intoId),
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
  readonly speakers: StoragePorts['speakers']
  readonly recordings: StoragePorts['recordings']
  readonly people: StoragePorts['people']
  readonly times: StoragePorts['times']
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
    this.speakers = ports.speakers
    this.recordings = ports.recordings
    this.people = ports.people
    this.times = ports.times
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
   * A Voces backup is a SQLite library that `restore` puts back; the shared archive is backed up
   * on its server (pg_dump, base backups and WAL archiving) with its bucket, which Voces cannot
   * do for the center from one machine. Refused before anything is written (decision 0136).
   */
  holdLock(name: string): Promise<HeldLock | null> {
    return holdSessionLock(this.db, name)
  }

  async backupTo(_file: string): Promise<void> {
    throw new VocesError(
      'BACKUP_SHARED_ARCHIVE',
      'The shared archive is backed up on its database server (pg_dump or the server’s own backups) together with its media bucket, not by Voces. Nothing was written.',
    )
  }

  /**
   * After a redaction: VACUUM FULL of the tables masking writes, so the old row versions leave
   * the table files (scrub.ts, decision 0140). On the pool: VACUUM runs outside a transaction.
   */
  scrub(): Promise<void> {
    return scrubMaskedTables(this.db)
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
