import { appendFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exportBag, importBag, validateBag } from '../../src/core/archive/bagit.ts'
import { backupLibrary, inspectBackup, restoreLibrary } from '../../src/core/archive/backup.ts'
import { Voces } from '../../src/core/voces.ts'
import { databaseOf, mediaDir, tempDir } from '../helpers.ts'
import { ffmpegMake, ingestOne, recordingIdOf } from '../media/media-fixtures.ts'
import { startIngest } from '../../src/core/media/ingest.ts'
import Database from 'better-sqlite3'

let voces: Voces
let dir: string
let cleanup: () => void
let id: string
let libraryDir: string

/** A transcript track with two speakers, written with plain SQL into the 001 tables. */
function addTrack(v: Voces, recordingId: string) {
  const at = new Date().toISOString()
  const track = databaseOf(v)
    .prepare(
      "INSERT INTO tracks (recording_id, language, kind, origin, created_at, updated_at) VALUES (?, 'en', 'transcript', 'typed', ?, ?)",
    )
    .run(recordingId, at, at).lastInsertRowid
  const speaker = databaseOf(v)
    .prepare("INSERT INTO speakers (recording_id, label, name) VALUES (?, 'S1', 'John F. Kennedy')")
    .run(recordingId).lastInsertRowid
  const segment = databaseOf(v)
    .prepare(
      "INSERT INTO segments (track_id, start, end, speaker_id, language, text) VALUES (?, 0.3, 4.2, ?, 'en', 'And so my fellow Americans')",
    )
    .run(track, speaker).lastInsertRowid
  databaseOf(v)
    .prepare(
      "INSERT INTO words (segment_id, start, end, text, probability) VALUES (?, 0.3, 0.6, 'And', 0.9)",
    )
    .run(segment)
}

beforeAll(async () => {
  ;({ dir, cleanup } = tempDir())
  libraryDir = path.join(dir, 'library')
  voces = new Voces({ libraryDir })
  id = recordingIdOf(await ingestOne(voces, path.join(mediaDir, 'en', 'jfk.wav')))
  await voces.storage.recordings.update(id, {
    consentStatus: 'given',
    interviewees: ['John F. Kennedy'],
    interviewDate: '1961-01-20',
    title: 'Inaugural',
  })
  addTrack(voces, id)
})
afterAll(async () => {
  await voces.close()
  cleanup()
})

describe('BagIt preservation packages', () => {
  it('writes a valid bag with the original, metadata, transcript and OHMS index', async () => {
    const out = path.join(dir, 'bags', 'jfk bag')
    await import('node:fs/promises').then((fs) => fs.mkdir(path.dirname(out)))
    const result = await exportBag(voces, id, out, '', new Date('2026-11-23T12:00:00Z'))
    expect(result.files).toBe(5)
    expect(readFileSync(path.join(out, 'bagit.txt'), 'utf8')).toBe(
      'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n',
    )
    const info = readFileSync(path.join(out, 'bag-info.txt'), 'utf8')
    expect(info).toContain(`External-Identifier: ${id}`)
    expect(info).toContain('Voces-Consent-Status: given')
    expect(info).toContain('Bagging-Date: 2026-11-23')
    expect(
      readFileSync(path.join(out, 'data', 'media', 'jfk.wav')).equals(
        readFileSync(path.join(mediaDir, 'en', 'jfk.wav')),
      ),
    ).toBe(true)
    const track = JSON.parse(readFileSync(path.join(out, 'data', 'transcripts', 'en.json'), 'utf8'))
    expect(track.segments[0]).toMatchObject({
      speaker: 'John F. Kennedy',
      text: 'And so my fellow Americans',
      words: [{ text: 'And' }],
    })
    const ohms = readFileSync(path.join(out, 'data', 'index.ohms.xml'), 'utf8')
    expect(ohms).toContain('<title>Inaugural</title>')
    expect(ohms).toContain('<synopsis lang="en">And so my fellow Americans</synopsis>')
    const validation = await validateBag(out)
    expect(validation).toMatchObject({ valid: true, problems: [] })
    expect(validation.info['Payload-Oxum']).toMatch(/^\d+\.5$/)
    expect(readdirSync(path.dirname(out))).toEqual(['jfk bag'])
  })

  it('finds a changed, a missing and an extra file', async () => {
    const out = path.join(dir, 'tampered')
    await exportBag(voces, id, out)
    appendFileSync(path.join(out, 'data', 'metadata.json'), ' ')
    writeFileSync(path.join(out, 'data', 'extra.txt'), 'not listed')
    await import('node:fs/promises').then((fs) => fs.rm(path.join(out, 'data', 'index.ohms.xml')))
    const { valid, problems } = await validateBag(out)
    expect(valid).toBe(false)
    expect(problems).toEqual(
      expect.arrayContaining([
        { file: 'data/metadata.json', problem: 'checksum does not match: the file changed' },
        { file: 'data/index.ohms.xml', problem: 'listed in the manifest but missing' },
        { file: 'data/extra.txt', problem: 'in data/ but not in the manifest' },
      ]),
    )
  })

  it('imports a bag into another library: the recording, its metadata and its transcript', async () => {
    const out = path.join(dir, 'to import')
    await exportBag(voces, id, out)
    const other = new Voces({ libraryDir: path.join(dir, 'other library') })
    try {
      const { recordingId, tracks } = await importBag(other, out)
      expect(tracks).toBe(1)
      expect(await other.storage.recordings.require(recordingId)).toMatchObject({
        title: 'Inaugural',
        interviewees: ['John F. Kennedy'],
        consentStatus: 'given',
      })
      const texts = databaseOf(other).prepare('SELECT text FROM segments').pluck().all()
      expect(texts).toEqual(['And so my fellow Americans'])
      // A tampered bag is refused with the file named, and nothing is imported.
      appendFileSync(path.join(out, 'data', 'metadata.json'), ' ')
      await expect(importBag(other, out)).rejects.toMatchObject({
        code: 'BAG_INVALID',
        params: { file: 'data/metadata.json' },
      })
      expect(await other.storage.recordings.list()).toHaveLength(1)
    } finally {
      await other.close()
    }
  })

  it('refuses a recording whose consent was withdrawn, leaving nothing', async () => {
    await voces.storage.recordings.update(id, { consentStatus: 'withdrawn' })
    const out = path.join(dir, 'withdrawn')
    await expect(exportBag(voces, id, out)).rejects.toMatchObject({ code: 'CONSENT_WITHDRAWN' })
    expect(existsSync(out)).toBe(false)
    expect(existsSync(`${out}.partial`)).toBe(false)
    await voces.storage.recordings.update(id, { consentStatus: 'given' })
  })
})

describe('backup and restore', () => {
  it('backs up while the library is open, and restores it after a change', async () => {
    const backup = path.join(dir, 'library backup.sqlite')
    const written = await backupLibrary(voces, backup)
    expect(written.bytes).toBeGreaterThan(0)
    expect(inspectBackup(backup)).toMatchObject({ recordings: 1 })
    await voces.storage.recordings.update(id, { title: 'Changed after the backup' })
    await voces.close()
    const restored = await restoreLibrary(libraryDir, backup)
    expect(restored.recordings).toBe(1)
    voces = new Voces({ libraryDir })
    expect((await voces.storage.recordings.require(id)).title).toBe('Inaugural')
    expect(existsSync(path.join(libraryDir, 'voces.sqlite.before-restore'))).toBe(true)
  })

  it('refuses a file that is not a backup and changes nothing', async () => {
    const fake = path.join(dir, 'fake.sqlite')
    writeFileSync(fake, 'SQLite format 3 — not really')
    await expect(restoreLibrary(libraryDir, fake)).rejects.toMatchObject({
      code: 'BACKUP_UNREADABLE',
    })
    expect((await voces.storage.recordings.require(id)).title).toBe('Inaugural')
  })
})

describe('backup while work goes on', () => {
  it('is consistent while an ingest and a long edit run, and restores to what it copied', async () => {
    const long = path.join(dir, 'long.flac')
    ffmpegMake([
      '-f',
      'lavfi',
      '-i',
      'anoisesrc=duration=900:amplitude=0.2:sample_rate=16000',
      '-c:a',
      'flac',
      long,
    ])
    const { jobs } = await startIngest(voces, [long])
    // A long edit: a transcript being written segment by segment, each in its own transaction.
    const at = new Date().toISOString()
    const track = databaseOf(voces)
      .prepare(
        "INSERT INTO tracks (recording_id, language, kind, origin, created_at, updated_at) VALUES (?, 'es', 'transcript', 'typed', ?, ?)",
      )
      .run(id, at, at).lastInsertRowid
    const insert = databaseOf(voces).prepare(
      "INSERT INTO segments (track_id, start, end, language, text) VALUES (?, ?, ?, 'es', ?)",
    )
    let written = 0
    // Each tick writes 50 segments in one transaction: a consistent copy holds whole ticks only.
    const tick = databaseOf(voces).transaction(() => {
      for (let i = 0; i < 50; i++, written++)
        insert.run(track, written, written + 1, `segmento ${written}`)
    })
    const editing = setInterval(() => tick(), 5)
    await new Promise<void>((resolve) =>
      voces.jobs.on('job', (job) => job.kind === 'ingest' && job.progress > 0.1 && resolve()),
    )
    const backup = path.join(dir, 'during.sqlite')
    await backupLibrary(voces, backup)
    clearInterval(editing)
    const segments = (db: Database.Database) =>
      db.prepare('SELECT * FROM segments WHERE track_id = ? ORDER BY id').all(track)
    const copy = new Database(backup, { readonly: true })
    const copied = segments(copy)
    // A prefix of what was written, in whole transactions, while the ingest job was running.
    expect(copied.length).toBeGreaterThan(0)
    expect(copied.length % 50).toBe(0)
    expect(copied).toEqual(segments(databaseOf(voces)).slice(0, copied.length))
    expect(copy.prepare('SELECT state FROM jobs WHERE id = ?').pluck().get(jobs[0]?.jobId)).toBe(
      'running',
    )
    const dump = (db: Database.Database) =>
      ['recordings', 'tracks', 'segments', 'jobs'].map((table) =>
        db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all(),
      )
    const snapshot = dump(copy)
    copy.close()
    await voces.jobs.waitFor(jobs[0]?.jobId ?? '')
    // Restored, the library is exactly what the backup copied.
    const restoredDir = path.join(dir, 'restored')
    await restoreLibrary(restoredDir, backup)
    const restored = new Database(path.join(restoredDir, 'voces.sqlite'), { readonly: true })
    expect(dump(restored)).toEqual(snapshot)
    restored.close()
  }, 120_000)
})
