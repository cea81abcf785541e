import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import {
  latestSchemaVersion,
  migrate,
  migrations,
  NewerLibraryError,
} from '../../src/core/storage/sqlite/migrations/index.ts'
import { migration001Initial } from '../../src/core/storage/sqlite/migrations/001-initial.ts'

function memory() {
  const db = new Database(':memory:')
  db.pragma('foreign_keys = ON')
  return db
}

describe('migrations', () => {
  it('brings an empty database to the latest version and is idempotent', () => {
    const db = memory()
    expect(migrate(db)).toBe(latestSchemaVersion)
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length)
    expect(migrate(db)).toBe(latestSchemaVersion)
  })

  it('refuses a library written by a newer Voces and leaves it untouched', () => {
    const db = memory()
    migrate(db)
    db.pragma(`user_version = ${latestSchemaVersion + 1}`)
    expect(() => migrate(db)).toThrow(NewerLibraryError)
    expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion + 1)
  })

  it('rolls a failing migration back whole, keeping the previous version', () => {
    const db = memory()
    const broken = [
      migration001Initial,
      {
        version: 2,
        name: 'broken',
        up: (d: Database.Database) =>
          d.exec('CREATE TABLE half_made (x); SELECT * FROM no_such_table'),
      },
    ]
    expect(() => migrate(db, broken)).toThrow(/no_such_table/)
    expect(db.pragma('user_version', { simple: true })).toBe(1)
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE name = 'half_made'").all()
    expect(tables).toEqual([])
  })

  describe('001 initial', () => {
    it('creates the library tables with their constraints', () => {
      const db = memory()
      migrate(db, [migration001Initial])
      const names = (
        db
          .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
          .all() as Array<{ name: string }>
      ).map((r) => r.name)
      expect(names).toEqual(
        expect.arrayContaining([
          'jobs',
          'recording_tags',
          'recordings',
          'segments',
          'settings',
          'speakers',
          'tracks',
          'words',
        ]),
      )
      const insert = (consent: string) =>
        db
          .prepare(
            `INSERT INTO recordings (id, title, original_path, sha256, size_bytes, duration, format, has_video, working_audio, peaks, consent_status, created_at, updated_at)
             VALUES (?, 't', '/x', ?, 1, 1, 'wav', 0, 'w', 'p', ?, 'now', 'now')`,
          )
          .run(consent + '-id', consent + '-sha', consent)
      insert('given')
      expect(() => insert('maybe')).toThrow(/CHECK/)
    })

    it('cascades a removed recording to its tracks, segments and words', () => {
      const db = memory()
      migrate(db, [migration001Initial])
      db.exec(`
        INSERT INTO recordings (id, title, original_path, sha256, size_bytes, duration, format, has_video, working_audio, peaks, created_at, updated_at)
          VALUES ('r1', 't', '/x', 's', 1, 1, 'wav', 0, 'w', 'p', 'now', 'now');
        INSERT INTO tracks (id, recording_id, language, kind, origin, created_at, updated_at) VALUES (1, 'r1', 'en', 'transcript', 'typed', 'now', 'now');
        INSERT INTO segments (id, track_id, start, end, language, text) VALUES (1, 1, 0, 1, 'en', 'hello');
        INSERT INTO words (segment_id, start, end, text) VALUES (1, 0, 1, 'hello');
        DELETE FROM recordings WHERE id = 'r1';
      `)
      for (const table of ['tracks', 'segments', 'words']) {
        expect(db.prepare(`SELECT count(*) AS n FROM ${table}`).get()).toEqual({ n: 0 })
      }
    })

    it('finds queued jobs and a track segments through their indexes', () => {
      const db = memory()
      migrate(db, [migration001Initial])
      const plan = (sql: string) =>
        (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as Array<{ detail: string }>)
          .map((r) => r.detail)
          .join('\n')
      expect(plan("SELECT * FROM jobs WHERE state = 'queued' ORDER BY created_at")).toMatch(
        /USING INDEX jobs_state/,
      )
      expect(plan('SELECT * FROM segments WHERE track_id = 1 ORDER BY start')).toMatch(
        /USING INDEX segments_track_start/,
      )
      expect(plan('SELECT * FROM words WHERE segment_id = 1 ORDER BY start')).toMatch(
        /USING INDEX words_segment_start/,
      )
    })
  })

  describe('008 job leases', () => {
    it('adds who holds a running job and until when, and finds the running rows by index', () => {
      const db = memory()
      migrate(db, migrations.slice(0, 6))
      db.exec(`INSERT INTO jobs (id, kind, state, label, input, progress, created_at, updated_at)
        VALUES ('j1', 'transcribe', 'running', 'l', '{}', 0, 'now', 'now')`)
      migrate(db)
      // A row from before leases holds none: it counts as expired, as every running row did.
      expect(db.prepare("SELECT owner, lease_until FROM jobs WHERE id = 'j1'").get()).toEqual({
        owner: null,
        lease_until: null,
      })
      const plan = (
        db
          .prepare(
            "EXPLAIN QUERY PLAN SELECT id FROM jobs WHERE state = 'running' AND lease_until <= 'x'",
          )
          .all() as Array<{ detail: string }>
      )
        .map((r) => r.detail)
        .join('\n')
      // Either index with the state first finds them (which one SQLite picks changed when
      // migration 011 added a column).
      expect(plan).toMatch(/USING INDEX jobs_(queue|state) \(state=\?\)/)
    })
  })

  describe('011 pinned jobs', () => {
    it('leaves rows from before claimable by any runner, and claims through the queue index', () => {
      const db = memory()
      migrate(db, migrations.slice(0, 10))
      db.exec(`INSERT INTO jobs (id, kind, state, label, input, progress, created_at, updated_at)
        VALUES ('j1', 'ingest', 'queued', 'l', '{}', 0, 'now', 'now')`)
      migrate(db)
      const claimable = `SELECT id FROM jobs WHERE state = 'queued' AND kind = ?
        AND (pinned_to IS NULL OR pinned_to = ?) ORDER BY created_at, rowid LIMIT 5`
      expect(db.prepare(claimable).all('ingest', 'host:1:worker')).toEqual([{ id: 'j1' }])
      const plan = (
        db.prepare(`EXPLAIN QUERY PLAN ${claimable}`).all('ingest', 'w') as Array<{
          detail: string
        }>
      )
        .map((r) => r.detail)
        .join('\n')
      expect(plan).toMatch(/USING INDEX jobs_queue \(state=\? AND kind=\?\)/)
    })
  })
})
