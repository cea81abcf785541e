import type { Database } from 'better-sqlite3'
import type { HeldLock, MediaStore, Storage, StoragePorts } from '../ports.ts'
import { SqliteSearch } from './search/engine.ts'
import { SqliteJobQueue } from './jobs.ts'
import { SqliteEpisodes } from './episodes.ts'
import {
  SqliteEpisodeMasking,
  SqliteJobMasking,
  SqliteRedactions,
  SqliteSpeakerTurns,
  SqliteSubtitleMasking,
  SqliteTranscriptMasking,
} from './masking.ts'
import { SqlitePeople } from './people.ts'
import { SqliteRecordings } from './recordings.ts'
import { SerialGate } from './serial.ts'
import {
  SqliteExportLog,
  SqliteGlossary,
  SqliteSavedSearches,
  SqliteSettings,
} from './small-stores.ts'
import { StatementCache } from './statements.ts'
import { SqliteSpeakers } from './speakers.ts'
import { SqliteSubtitles } from './subtitles.ts'
import { SqliteTimes } from './times.ts'
import { SqliteTranscriptEditor } from './editor.ts'
import { SqliteTranscripts } from './transcripts.ts'

export interface SqliteStorageOptions {
  db: Database
  media: MediaStore
  now?: () => Date
  /** Close the connection on close() (the library's storage does; a test sharing one may not). */
  ownsDatabase?: boolean
}

type TxPorts = StoragePorts & Pick<Storage, 'transaction'>

/**
 * The embedded backend (decisions 0100 and 0107): one better-sqlite3 connection, one
 * statement cache for it, and one gate that serialises transactions. Each port method is the
 * synchronous SQL of sqlite/small-stores.ts, run through `run`: outside a transaction it waits for
 * an open one to end; inside, it runs at once on the transaction's connection.
 */
/** The named locks this process holds, by database file and name. */
const heldLocks = new Set<string>()

export class SqliteStorage implements Storage {
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
  readonly statements: StatementCache
  /** The FTS5 engine behind `search`, synchronous; tests and the bench tune its window here. */
  readonly searchEngine: SqliteSearch
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
    this.searchEngine = new SqliteSearch(this.statements)
    const now = options.now ?? (() => new Date())
    const outside = <T>(fn: () => T): Promise<T> => this.gate.call(fn)
    const inside = async <T>(fn: () => T): Promise<T> => fn()
    const outer = this.ports(outside, now)
    this.settings = outer.settings
    this.glossary = outer.glossary
    this.savedSearches = outer.savedSearches
    this.exportLog = outer.exportLog
    this.search = outer.search
    this.jobQueue = outer.jobQueue
    this.subtitles = outer.subtitles
    this.episodes = outer.episodes
    this.transcripts = outer.transcripts
    this.redactions = outer.redactions
    this.masking = outer.masking
    this.speakerTurns = outer.speakerTurns
    this.speakers = outer.speakers
    this.recordings = outer.recordings
    this.people = outer.people
    this.times = outer.times
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
    const jobQueue = new SqliteJobQueue(this.statements)
    const subtitles = new SqliteSubtitles(this.statements, now)
    const episodes = new SqliteEpisodes(this.statements, now)
    const transcripts = new SqliteTranscripts(this.statements, now)
    const editor = new SqliteTranscriptEditor(this.statements, now)
    const redactions = new SqliteRedactions(this.statements, now)
    const transcriptMasking = new SqliteTranscriptMasking(this.statements)
    const subtitleMasking = new SqliteSubtitleMasking(this.statements)
    const episodeMasking = new SqliteEpisodeMasking(this.statements)
    const jobMasking = new SqliteJobMasking(this.statements)
    const speakerTurns = new SqliteSpeakerTurns(this.statements)
    const speakers = new SqliteSpeakers(this.statements, now)
    const recordings = new SqliteRecordings(this.statements, now)
    const people = new SqlitePeople(this.statements)
    const times = new SqliteTimes(this.statements)
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
      search: {
        search: (options) => run(() => this.searchEngine.search(options)),
      },
      jobQueue: {
        insert: (row) => run(() => jobQueue.insert(row)),
        insertMany: (rows) => run(() => jobQueue.insertMany(rows)),
        update: (id, patch) => run(() => jobQueue.update(id, patch)),
        get: (id) => run(() => jobQueue.get(id)),
        list: (limit) => run(() => jobQueue.list(limit)),
        active: (kind) => run(() => jobQueue.active(kind)),
        claim: (kind, limit, at, lease) => run(() => jobQueue.claim(kind, limit, at, lease)),
        renew: (owner, ids, until) => run(() => jobQueue.renew(owner, ids, until)),
        release: (owner, at) => run(() => jobQueue.release(owner, at)),
        owners: () => run(() => jobQueue.owners()),
        running: () => run(() => jobQueue.running()),
        updateHeld: (id, owner, patch) => run(() => jobQueue.updateHeld(id, owner, patch)),
        cancel: (id, error, at) => run(() => jobQueue.cancel(id, error, at)),
        requeueInterrupted: (now) => run(() => jobQueue.requeueInterrupted(now)),
        setPartials: (id, partials) => run(() => jobQueue.setPartials(id, partials)),
        withPartials: () => run(() => jobQueue.withPartials()),
        forgetWork: (recordingId, kind) => run(() => jobQueue.forgetWork(recordingId, kind)),
      },
      subtitles: {
        tracks: (recordingId) => run(() => subtitles.tracks(recordingId)),
        cues: (recordingId) => run(() => subtitles.cues(recordingId)),
        replaceCues: (recordingId, cues, tracks) =>
          run(() => subtitles.replaceCues(recordingId, cues, tracks)),
        putCue: (recordingId, cue) => run(() => subtitles.putCue(recordingId, cue)),
        removeCue: (cueId) => run(() => subtitles.removeCue(cueId)),
        get: (recordingId) => run(() => subtitles.get(recordingId)),
        timingLanguage: (recordingId) => run(() => subtitles.timingLanguage(recordingId)),
        verifiedCount: (recordingId) => run(() => subtitles.verifiedCount(recordingId)),
        findCue: (cueId) => run(() => subtitles.findCue(cueId)),
        cue: (cueId) => run(() => subtitles.cue(cueId)),
        nextCueId: (cueId) => run(() => subtitles.nextCueId(cueId)),
        spans: (recordingId) => run(() => subtitles.spans(recordingId)),
        replaceTexts: (recordingId, language, texts, track) =>
          run(() => subtitles.replaceTexts(recordingId, language, texts, track)),
        updateCue: (cueId, change) => run(() => subtitles.updateCue(cueId, change)),
        edit: (recordingId, steps) => run(() => subtitles.edit(recordingId, steps)),
        rulesPatch: (recordingId) => run(() => subtitles.rulesPatch(recordingId)),
        setRulesPatch: (recordingId, patch, reset) =>
          run(() => subtitles.setRulesPatch(recordingId, patch, reset)),
        rules: (recordingId) => run(() => subtitles.rules(recordingId)),
        transcriptTracks: (recordingId) => run(() => subtitles.transcriptTracks(recordingId)),
        transcript: (recordingId, language) =>
          run(() => subtitles.transcript(recordingId, language)),
      },
      episodes: {
        create: (fields, clips, id) => run(() => episodes.create(fields, clips, id)),
        get: (id) => run(() => episodes.get(id)),
        require: (id) => run(() => episodes.require(id)),
        list: () => run(() => episodes.list()),
        update: (id, patch, clips) => run(() => episodes.update(id, patch, clips)),
        setChapters: (id, chapters) => run(() => episodes.setChapters(id, chapters)),
        setCuts: (id, cuts) => run(() => episodes.setCuts(id, cuts)),
        notes: (id) => run(() => episodes.notes(id)),
        setNotes: (id, notes) => run(() => episodes.setNotes(id, notes)),
        saveDrafted: (id, write) => run(() => episodes.saveDrafted(id, write)),
        remove: (id) => run(() => episodes.remove(id)),
      },
      transcripts: {
        listTracks: (recordingId) => run(() => transcripts.listTracks(recordingId)),
        getTrack: (recordingId, language) => run(() => transcripts.getTrack(recordingId, language)),
        requireTrack: (recordingId, language) =>
          run(() => transcripts.requireTrack(recordingId, language)),
        replaceTrack: (track) => run(() => transcripts.replaceTrack(track)),
        removeTrack: (recordingId, language) =>
          run(() => transcripts.removeTrack(recordingId, language)),
        verifiedSegments: (recordingId, languages) =>
          run(() => transcripts.verifiedSegments(recordingId, languages)),
        labelledSegments: (recordingId, language) =>
          run(() => transcripts.labelledSegments(recordingId, language)),
        editorTrack: (recordingId, language) => run(() => editor.store.load(recordingId, language)),
        editText: (segmentId, text) => run(() => editor.editText(segmentId, text)),
        split: (segmentId, wordIndex) => run(() => editor.split(segmentId, wordIndex)),
        merge: (segmentId) => run(() => editor.merge(segmentId)),
        setSpeaker: (segmentId, speakerId) => run(() => editor.setSpeaker(segmentId, speakerId)),
        renameSpeaker: (speakerId, name, affiliation) =>
          run(() => editor.renameSpeaker(speakerId, name, affiliation)),
        addSpeaker: (recordingId, name, affiliation) =>
          run(() => editor.addSpeaker(recordingId, name, affiliation)),
        moveWords: (segmentId, from, to, speakerId) =>
          run(() => editor.moveWords(segmentId, from, to, speakerId)),
        mergeSpeakers: (speakerId, intoId) => run(() => editor.mergeSpeakers(speakerId, intoId)),
        replaceText: (recordingId, language, find, replacement, options) =>
          run(() => editor.replace(recordingId, language, find, replacement, options)),
        review: (segmentIds, review, reviewedBy) =>
          run(() => editor.review(segmentIds, review, reviewedBy)),
        applyEdit: (patch) => run(() => editor.apply(patch)),
      },
      redactions: {
        add: (recordingId, spans, mode) => run(() => redactions.add(recordingId, spans, mode)),
        list: (recordingId) => run(() => redactions.list(recordingId)),
      },
      masking: {
        transcripts: {
          namesLanguage: (id) => run(() => transcriptMasking.namesLanguage(id)),
          maskName: (id, name, masks) => run(() => transcriptMasking.maskName(id, name, masks)),
          maskSpan: (id, from, to, masks) =>
            run(() => transcriptMasking.maskSpan(id, from, to, masks)),
        },
        subtitles: {
          maskName: (id, name, masks) => run(() => subtitleMasking.maskName(id, name, masks)),
          maskSpan: (id, from, to, masks) =>
            run(() => subtitleMasking.maskSpan(id, from, to, masks)),
        },
        episodes: {
          maskName: (id, name, masks) => run(() => episodeMasking.maskName(id, name, masks)),
        },
        jobs: {
          forgetText: (id) => run(() => jobMasking.forgetText(id)),
        },
      },
      speakerTurns: {
        speakers: (id) => run(() => speakerTurns.speakers(id)),
        turns: (id, speakerIds) => run(() => speakerTurns.turns(id, speakerIds)),
        talkTime: (ids) => run(() => speakerTurns.talkTime(ids)),
      },
      speakers: {
        state: (id) => run(() => speakers.state(id)),
        saveDetection: (id, engine, turns) => run(() => speakers.saveDetection(id, engine, turns)),
        voices: (id) => run(() => speakers.voices(id)),
        turns: (id) => run(() => speakers.turns(id)),
        stretchesOf: (speakerId) => run(() => speakers.stretchesOf(speakerId)),
        rename: (speakerId, name, affiliation) =>
          run(() => speakers.rename(speakerId, name, affiliation)),
        merge: (speakerId, intoId) => run(() => speakers.merge(speakerId, intoId)),
        setProposals: (id, proposals) => run(() => speakers.setProposals(id, proposals)),
        profiles: () => run(() => speakers.profiles()),
        profileEmbeddings: () => run(() => speakers.profileEmbeddings()),
        saveProfile: (name, affiliation, embedding) =>
          run(() => speakers.saveProfile(name, affiliation, embedding)),
        forgetProfile: (name) => run(() => speakers.forgetProfile(name)),
        record: (id) => run(() => speakers.record(id)),
        restore: (id, record) => run(() => speakers.restore(id, record)),
      },
      recordings: {
        insert: (recording) => run(() => recordings.insert(recording)),
        get: (id) => run(() => recordings.get(id)),
        require: (id) => run(() => recordings.require(id)),
        list: () => run(() => recordings.list()),
        states: () => run(() => recordings.states()),
        bySha256: (sha256) => run(() => recordings.bySha256(sha256)),
        files: (id) => run(() => recordings.files(id)),
        forgetStoredCopy: (id) => run(() => recordings.forgetStoredCopy(id)),
        update: (id, patch) => run(() => recordings.update(id, patch)),
        remove: (id) => run(() => recordings.remove(id)),
      },
      people: {
        add: (person) => run(() => people.add(person)),
        list: () => run(() => people.list()),
        count: () => run(() => people.count()),
        byEmail: (email) => run(() => people.byEmail(email)),
        byId: (id) => run(() => people.byId(id)),
        setRole: (id, role) => run(() => people.setRole(id, role)),
        remove: (id) => run(() => people.remove(id)),
        addSession: (session) => run(() => people.addSession(session)),
        sessionPerson: (idHash, at) => run(() => people.sessionPerson(idHash, at)),
        removeSession: (idHash) => run(() => people.removeSession(idHash)),
        putGrant: (grant) => run(() => people.putGrant(grant)),
        removeGrant: (recordingId, personId) =>
          run(() => people.removeGrant(recordingId, personId)),
        grants: (recordingId) => run(() => people.grants(recordingId)),
        grantedRecordings: (personId, at) => run(() => people.grantedRecordings(personId, at)),
        audit: (entry, at) => run(() => people.audit(entry, at)),
        auditLog: (filter) => run(() => people.auditLog(filter)),
      },
      times: {
        recording: (id) => run(() => times.recording(id)),
        setRecording: (id, stamps) => run(() => times.setRecording(id, stamps)),
        episode: (id) => run(() => times.episode(id)),
        setEpisode: (id, stamps) => run(() => times.setEpisode(id, stamps)),
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

  /** Within this process (decision 0181): a desktop library has one process writing it. */
  async holdLock(name: string): Promise<HeldLock | null> {
    const key = `${this.db.name}\0${name}`
    if (heldLocks.has(key)) return null
    heldLocks.add(key)
    return { release: async () => void heldLocks.delete(key) }
  }

  /** `VACUUM INTO`: one read transaction, so a consistent copy while writers go on in WAL. */
  backupTo(file: string): Promise<void> {
    return this.gate.call(() => {
      this.statements.get('VACUUM INTO ?').run(file)
    })
  }

  /** Checkpoints the write-ahead log and truncates it: its old page images leave the disk. */
  scrub(): Promise<void> {
    return this.gate.call(() => {
      this.db.pragma('wal_checkpoint(TRUNCATE)')
    })
  }

  /** Waits for an open transaction; closes the connection only when this storage opened it. */
  async close(): Promise<void> {
    await this.gate.call(() => undefined)
    if (this.ownsDatabase) this.db.close()
  }
}
