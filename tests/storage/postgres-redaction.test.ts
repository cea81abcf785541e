import { promises as fs } from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import { afterEach, describe, expect, it } from 'vitest'
import { LocalMediaStore } from '../../src/core/storage/local/media.ts'
import {
  forgottenTables,
  maskedTables,
  scrubMaskedTables,
} from '../../src/core/storage/postgres/scrub.ts'
import { speakersHandlers } from '../../src/core/api/speakers.ts'
import {
  openPostgresStorage,
  type PostgresStorage,
} from '../../src/core/storage/postgres/storage.ts'
import { EventEmitter } from 'node:events'
import type { CoreContext } from '../../src/core/context.ts'
import { JobRunner } from '../../src/core/jobs/runner.ts'
import { Logger } from '../../src/core/log.ts'
import { libraryLayout } from '../../src/core/paths.ts'
import { masks } from '../../src/core/redaction/fold.ts'
import { redactName } from '../../src/core/redaction/redact.ts'
import { tempDir } from '../helpers.ts'
import type { SeedRecording } from './contract/masking.ts'
import { freshDatabase, serviceValue } from './pg-fixture.ts'
import { readEpisode, readRecording, seedEpisode, seedRecording } from './pg-seed.ts'
import { keptOnPurpose, masked, noWords, postgresDerived, postgresNoWords } from './text-columns.ts'

/*
 * Redaction on a server (decision 0140): after masking, the old row versions are still in the
 * table files; storage.scrub() rewrites the tables masking writes, and then the name is in none
 * of their files (heap, TOAST, indexes). The test reads the files of its throwaway cluster.
 */

const name = 'Zapatazo Quiroga'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function asAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serviceValue('VOCES_TEST_DATABASE_ADMIN_URL') })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

/** Dirty pages reach the table files (the cluster's CHECKPOINT; the test role may not). */
const checkpoint = () => asAdmin((client) => client.query('CHECKPOINT')).then(() => undefined)

/**
 * Every file of the masked tables as they are now: each table's heap, its TOAST table and the
 * indexes of both, all their segments and forks.
 */
async function tableFiles(
  storage: PostgresStorage,
  tables: readonly string[] = maskedTables,
): Promise<string[]> {
  const dataDirectory = await asAdmin(async (client) => {
    const result = await client.query<{ data_directory: string }>('SHOW data_directory')
    return result.rows[0]?.data_directory ?? ''
  })
  const relations = await storage.db.rows<{ path: string }>(
    `WITH tables AS (
       SELECT oid FROM pg_class WHERE relname = ANY($1::text[]) AND relnamespace = 'public'::regnamespace
       UNION SELECT c.reltoastrelid FROM pg_class c
         WHERE c.relname = ANY($1::text[]) AND c.relnamespace = 'public'::regnamespace AND c.reltoastrelid <> 0)
     SELECT pg_relation_filepath(oid) AS path FROM tables
     UNION SELECT pg_relation_filepath(indexrelid) FROM pg_index WHERE indrelid IN (SELECT oid FROM tables)`,
    [[...tables]],
  )
  const files: string[] = []
  for (const { path: relative } of relations) {
    const folder = path.join(dataDirectory, path.dirname(relative))
    const node = path.basename(relative)
    for (const file of await fs.readdir(folder))
      if (file === node || file.startsWith(`${node}.`) || file.startsWith(`${node}_`))
        files.push(path.join(folder, file))
  }
  return files
}

/** The files that hold these exact bytes (a voice's embedding). */
async function filesWithBytes(files: readonly string[], needle: Buffer): Promise<string[]> {
  const holding: string[] = []
  for (const file of files) {
    const bytes = await fs.readFile(file).catch(() => Buffer.alloc(0))
    if (bytes.includes(needle)) holding.push(path.basename(file))
  }
  return holding
}

/** The files that hold the name's bytes, in any case (a search column keeps it lower-cased). */
async function filesHolding(files: readonly string[], word: string): Promise<string[]> {
  const needle = word.toLowerCase()
  const holding: string[] = []
  for (const file of files) {
    // A file VACUUM FULL replaced is truncated at once and unlinked at the next checkpoint.
    const bytes = await fs.readFile(file).catch(() => Buffer.alloc(0))
    if (bytes.toString('latin1').toLowerCase().includes(needle)) holding.push(path.basename(file))
  }
  return holding
}

function interview(id: string, who: string): SeedRecording {
  return {
    id,
    duration: 30,
    tracks: [
      {
        language: 'en',
        kind: 'transcript',
        segments: [
          {
            start: 0,
            end: 4,
            text: `${who} spoke for the night shift.`,
            speaker: 'SPEAKER_00',
            words: `${who} spoke for the night shift.`
              .split(' ')
              .map((text, i) => ({ start: i * 0.5, end: i * 0.5 + 0.5, text })),
          },
        ],
      },
      {
        language: 'es',
        kind: 'translation',
        segments: [{ start: 0, end: 4, text: `${who} habló por el turno de noche.` }],
      },
    ],
    speakers: [{ label: 'SPEAKER_00', name: who, affiliation: `amigo de ${who}` }],
    cues: [{ start: 0, end: 4, speaker: who, texts: { en: `${who} spoke.`, es: `${who} habló.` } }],
    jobs: [
      {
        id: `${id}-t`,
        kind: 'transcribe',
        state: 'succeeded',
        checkpoint: JSON.stringify({ text: who }),
        result: JSON.stringify({ text: who }),
      },
    ],
  }
}

/** A fresh database on the test server, migrated, with a library folder for media. */
async function opened(): Promise<{ storage: PostgresStorage; dir: string; url: string }> {
  const fresh = await freshDatabase()
  const { dir, cleanup } = tempDir('voces-pg-scrub-')
  const storage = await openPostgresStorage(fresh.url, new LocalMediaStore(dir))
  cleanups.push(
    fresh.drop,
    async () => cleanup(),
    () => storage.close(),
  )
  return { storage, dir, url: fresh.url }
}

/** The core as redaction and the API handlers see it (context.ts), over the PostgreSQL storage. */
function coreOver(storage: PostgresStorage, dir: string): CoreContext {
  return {
    layout: libraryLayout(dir),
    settings: storage.settings,
    storage,
    jobs: new JobRunner(storage),
    log: new Logger(null),
    resourcesDir: undefined,
    events: new EventEmitter(),
  }
}

/** As src/core/redaction/redact.ts masks a name: every owner, in one transaction. */
function maskEverywhere(storage: PostgresStorage): Promise<void> {
  const mask = { ...masks, names: masks.en }
  return storage.transaction(async (tx) => {
    await tx.masking.transcripts.maskName('r1', name, mask)
    await tx.masking.subtitles.maskName('r1', name, mask)
    await tx.masking.episodes.maskName('r1', name, mask)
    await tx.masking.jobs.forgetText('r1')
    await tx.redactions.add('r1', [{ start: 0, end: 1 }], 'tone')
  })
}

describe('PostgreSQL: redaction leaves no old row behind', () => {
  it('masks in one transaction, and scrub() removes the old versions from the table files', async () => {
    const { storage } = await opened()
    await seedRecording(storage.db, interview('r1', name))
    await seedRecording(storage.db, interview('r2', 'Ana Ruiz'))
    await seedEpisode(storage.db, {
      id: 'e1',
      recordings: ['r1'],
      descriptionEn: `With ${name}.`,
      descriptionEs: `Con ${name}.`,
      notes: { summaryEn: `${name} speaks.` },
      chapters: [{ start: 0, titleEn: name, titleEs: name }],
    })

    await maskEverywhere(storage)
    const masked = await readRecording(storage.db, 'r1')
    expect(JSON.stringify(masked)).not.toContain('Zapatazo')
    expect(masked.tracks[0]?.segments[0]?.text).toBe('[redacted] spoke for the night shift.')
    expect(JSON.stringify(await readEpisode(storage.db, 'e1'))).not.toContain('Zapatazo')

    // Masked, committed, and still on disk: the old versions are dead rows in the pages.
    await checkpoint()
    const old = await tableFiles(storage)
    expect(await filesHolding(old, 'Zapatazo')).not.toEqual([])

    await storage.scrub()
    await checkpoint()
    const files = await tableFiles(storage)
    expect(files.length).toBeGreaterThanOrEqual(maskedTables.length)
    expect(await filesHolding(files, 'Zapatazo')).toEqual([])
    expect(files.filter((file) => old.includes(file))).toEqual([])
    expect(await filesHolding(old, 'Zapatazo')).toEqual([])
    // What was not masked is all there: the other interview, and the masked texts.
    expect(await filesHolding(files, 'Ana Ruiz')).not.toEqual([])
    expect(await readRecording(storage.db, 'r1')).toEqual(masked)
    expect((await readRecording(storage.db, 'r2')).speakers[0]?.name).toBe('Ana Ruiz')
  })

  it('waits for a transaction older than the redaction, and names one that stays', async () => {
    const { storage, url } = await opened()
    await seedRecording(storage.db, interview('r1', name))
    // A report that took its snapshot before the redaction, reading another table: its snapshot
    // can still see the old rows, so VACUUM FULL would copy them into the new files.
    const report = new pg.Client({
      connectionString: url,
      application_name: 'monthly report',
    })
    await report.connect()
    cleanups.push(() => report.end())
    await report.query('BEGIN ISOLATION LEVEL REPEATABLE READ')
    await report.query('SELECT count(*) FROM episodes')
    await maskEverywhere(storage)

    const blocked = await scrubMaskedTables(storage.db, { waitMs: 300 }).then(
      () => undefined,
      (error: unknown) => error,
    )
    expect(blocked).toMatchObject({
      code: 'REDACTION_SCRUB_BLOCKED',
      params: { user: 'voces', application: 'monthly report' },
    })
    // Nothing was rewritten: the old versions are still there.
    await checkpoint()
    expect(await filesHolding(await tableFiles(storage), 'Zapatazo')).not.toEqual([])

    // The report ends while scrub waits: scrub goes on, and the name leaves the files.
    const scrubbing = scrubMaskedTables(storage.db, { waitMs: 20_000 })
    await new Promise((resolve) => setTimeout(resolve, 300))
    await report.query('COMMIT')
    await scrubbing
    await checkpoint()
    expect(await filesHolding(await tableFiles(storage), 'Zapatazo')).toEqual([])
  })

  it('waits too for a writing transaction in another database of the server', async () => {
    const { storage } = await opened()
    await seedRecording(storage.db, interview('r1', name))
    // Measured: a transaction that has written, in any database, holds back what VACUUM FULL may
    // drop in this one.
    const other = new pg.Client({
      connectionString: serviceValue('VOCES_TEST_DATABASE_ADMIN_URL'),
      application_name: 'nightly import',
    })
    await other.connect()
    cleanups.push(() => other.end())
    await other.query('BEGIN')
    await other.query('CREATE TEMP TABLE scratch (n int)')
    await maskEverywhere(storage)
    await expect(scrubMaskedTables(storage.db, { waitMs: 300 })).rejects.toMatchObject({
      code: 'REDACTION_SCRUB_BLOCKED',
      params: { application: 'nightly import' },
    })
    await other.query('COMMIT')
    await storage.scrub()
    await checkpoint()
    expect(await filesHolding(await tableFiles(storage), 'Zapatazo')).toEqual([])
  })

  it('redacts a name through redactName on the shared archive: masked, scrubbed, nothing left in the files', async () => {
    const { storage, dir } = await opened()
    const core = coreOver(storage, dir)
    await seedRecording(storage.db, interview('r1', name))
    await seedRecording(storage.db, interview('r2', 'Ana Ruiz'))
    await seedEpisode(storage.db, {
      id: 'e1',
      recordings: ['r1'],
      descriptionEn: `With ${name}.`,
      descriptionEs: `Con ${name}.`,
      notes: { summaryEn: `${name} speaks.` },
      chapters: [{ start: 0, titleEn: name, titleEs: name }],
    })
    await checkpoint()
    const old = await tableFiles(storage)
    expect(await filesHolding(old, 'Zapatazo')).not.toEqual([])

    const result = await redactName(core, 'r1', 'zapatazo quiroga', 'tone')
    expect(result.segments).toBe(2)
    expect(result.cues).toBe(2)
    expect(await storage.redactions.list('r1')).toEqual(
      result.spans.map((span) => ({ ...span, mode: 'tone' })),
    )
    const track = await storage.transcripts.requireTrack('r1')
    expect(track.segments[0]?.text).toBe('[redacted] spoke for the night shift.')
    expect((await storage.subtitles.cues('r1'))[0]?.texts.es?.text).toBe('[nombre omitido] habló.')

    await checkpoint()
    const files = await tableFiles(storage)
    expect(files.filter((file) => old.includes(file))).toEqual([])
    expect(await filesHolding([...files, ...old], 'Zapatazo')).toEqual([])
    expect(await filesHolding(files, 'Ana Ruiz')).not.toEqual([])
  })

  it('knows every column of text in the schema, and rewrites every table a masked one is in', async () => {
    const { storage } = await opened()
    const columns = (
      await storage.db.rows<{ name: string }>(
        `SELECT table_name || '.' || column_name AS name FROM information_schema.columns
         WHERE table_schema = 'public'
           AND data_type IN ('text', 'character varying', 'character', 'jsonb', 'json', 'tsvector', 'ARRAY')
         ORDER BY 1`,
      )
    ).map((row) => row.name)
    expect(columns).toEqual(expect.arrayContaining(['segments.text', 'episodes.notes']))
    const maskedColumns = [...Object.values(masked).flat(), ...postgresDerived]
    const listed = [...maskedColumns, ...Object.keys(keptOnPurpose), ...noWords, ...postgresNoWords]
    // A column of text no list names (tests/storage/text-columns.ts): decide who masks it.
    expect(columns.filter((column) => !listed.includes(column))).toEqual([])
    // scrub() rewrites exactly the tables a masked column is in.
    const tables = new Set(maskedColumns.map((column) => column.split('.')[0]))
    expect([...maskedTables].sort()).toEqual([...tables].sort())
  })

  it('refuses, naming them, to scrub tables another database user owns', async () => {
    const { storage } = await opened()
    const database = await storage.db.row<{ name: string }>('SELECT current_database() AS name')
    // The administrator gave one table to another role: VACUUM FULL would skip it with a warning.
    const admin = new URL(serviceValue('VOCES_TEST_DATABASE_ADMIN_URL'))
    admin.pathname = `/${database?.name ?? ''}`
    const client = new pg.Client({ connectionString: admin.toString() })
    await client.connect()
    try {
      await client.query(
        'DO $$BEGIN CREATE ROLE voces_other; EXCEPTION WHEN duplicate_object THEN NULL; END$$',
      )
      await client.query('ALTER TABLE words OWNER TO voces_other')
    } finally {
      await client.end()
    }
    await expect(storage.scrub()).rejects.toMatchObject({
      code: 'REDACTION_SCRUB_NOT_OWNER',
      params: { user: 'voces', tables: 'words' },
    })
  })
})

describe('PostgreSQL: a forgotten voice leaves no byte behind (decision 0176)', () => {
  it('voices forget deletes the profile and its proposal, and scrub rewrites their files', async () => {
    const { storage, dir } = await opened()
    // The call as the CLI's `voices forget` makes it (src/core/api/speakers.ts).
    const voces = coreOver(storage, dir)
    const core = { voces, transport: 'cli' as const }
    await seedRecording(storage.db, interview('r1', 'Ana Ruiz'))
    const [voice] = await storage.speakers.voices('r1')
    // An embedding whose bytes are found nowhere by chance.
    const embedding = Float32Array.from({ length: 40 }, (_, i) => 1234.5678 + i * 0.0625)
    const bytes = Buffer.from(embedding.buffer)
    await storage.speakers.saveProfile(name, 'Local 11', embedding)
    const [profile] = await storage.speakers.profileEmbeddings()
    await storage.speakers.setProposals('r1', [
      { speakerId: voice?.id ?? -1, profileId: profile?.id ?? -1, similarity: 0.93 },
    ])
    await checkpoint()
    const old = await tableFiles(storage, forgottenTables)
    expect(await filesHolding(old, 'Zapatazo')).not.toEqual([])
    expect(await filesWithBytes(old, bytes)).not.toEqual([])

    const result = await speakersHandlers['voices.forget']({ name: ' zapatazo QUIROGA ' }, core)
    expect(result).toEqual({ forgotten: true })
    expect(await storage.speakers.profiles()).toEqual([])
    expect((await storage.speakers.voices('r1'))[0]?.proposal).toBeNull()

    await checkpoint()
    const files = await tableFiles(storage, forgottenTables)
    expect(files.filter((file) => old.includes(file))).toEqual([])
    expect(await filesHolding([...files, ...old], 'Zapatazo')).toEqual([])
    expect(await filesWithBytes([...files, ...old], bytes)).toEqual([])
    expect(await speakersHandlers['voices.forget']({ name }, core)).toEqual({ forgotten: false })
  })
})
