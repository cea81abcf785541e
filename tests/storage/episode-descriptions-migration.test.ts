import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { PostgresDatabase } from '../../src/core/storage/postgres/db.ts'
import {
  migratePostgres,
  postgresMigrations,
} from '../../src/core/storage/postgres/migrations/index.ts'
import { migrate, migrations } from '../../src/core/storage/sqlite/migrations/index.ts'
import { freshDatabase } from './pg-fixture.ts'

/*
 * A description stored before an episode had one per language moves to the episode's language
 * (decision 0191): SQLite's migration 010 and PostgreSQL's 007, on the same episodes.
 */

const at = '2026-12-07T10:00:00.000Z'
const recordings = [
  { id: 'r-es', languages: 'es' },
  { id: 'r-en', languages: 'en' },
  { id: 'r-both', languages: 'en,es' },
]
/** Episode, its description, its clips as [recording, seconds], and where the text must go. */
const episodes: Array<{
  id: string
  description: string
  clips: Array<[string, number]>
  en: string
  es: string
}> = [
  {
    id: 'spanish',
    description: 'Dos trabajadoras.',
    clips: [['r-es', 30]],
    en: '',
    es: 'Dos trabajadoras.',
  },
  { id: 'english', description: 'Two workers.', clips: [['r-en', 30]], en: 'Two workers.', es: '' },
  {
    id: 'mostly-spanish',
    description: 'Tres voces.',
    clips: [
      ['r-en', 10],
      ['r-es', 20],
      ['r-both', 40],
    ],
    en: '',
    es: 'Tres voces.',
  },
  {
    id: 'mostly-english',
    description: 'Mixed.',
    clips: [
      ['r-es', 10],
      ['r-en', 20],
    ],
    en: 'Mixed.',
    es: '',
  },
  { id: 'bilingual', description: 'Both.', clips: [['r-both', 30]], en: 'Both.', es: '' },
  { id: 'no-clips', description: 'Nothing yet.', clips: [], en: 'Nothing yet.', es: '' },
  { id: 'empty', description: '', clips: [['r-es', 30]], en: '', es: '' },
]
const expected = episodes.map(({ id, en, es }) => ({ id, en, es }))

describe('an episode description stored before moves to the episode language (decision 0191)', () => {
  it('on SQLite (migration 010)', () => {
    const db = new Database(':memory:')
    db.pragma('foreign_keys = ON')
    migrate(db, migrations.slice(0, 9))
    for (const r of recordings)
      db.prepare(
        `INSERT INTO recordings (id, title, original_path, sha256, size_bytes, duration, format, has_video, working_audio, peaks, languages, created_at, updated_at)
         VALUES (?, 't', '/x.wav', ?, 1, 600, 'wav', 0, 'a', 'p', ?, ?, ?)`,
      ).run(r.id, `sha-${r.id}`, r.languages, at, at)
    for (const e of episodes) {
      db.prepare(
        'INSERT INTO episodes (id, title, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
      ).run(e.id, e.id, e.description, at, at)
      e.clips.forEach(([recording, seconds], position) =>
        db
          .prepare(
            'INSERT INTO episode_clips (episode_id, position, recording_id, start, end) VALUES (?, ?, ?, 5, ?)',
          )
          .run(e.id, position, recording, 5 + seconds),
      )
    }
    expect(migrate(db)).toBe(migrations.length)
    const rows = db
      .prepare('SELECT id, description_en AS en, description_es AS es FROM episodes')
      .all()
    expect(rows).toEqual(expect.arrayContaining(expected))
    expect(rows).toHaveLength(expected.length)
    const columns = (
      db.prepare('PRAGMA table_info(episodes)').all() as Array<{ name: string }>
    ).map((c) => c.name)
    expect(columns).not.toContain('description')
    db.close()
  })

  const drops: Array<() => Promise<void>> = []
  afterAll(async () => {
    for (const drop of drops.reverse()) await drop()
  })

  it('on PostgreSQL (migration 007)', async () => {
    const fresh = await freshDatabase()
    const db = new PostgresDatabase(fresh.url)
    drops.push(fresh.drop, () => db.close())
    await migratePostgres(db, postgresMigrations.slice(0, 6))
    for (const r of recordings)
      await db.run(
        `INSERT INTO recordings (id, title, original_path, sha256, size_bytes, duration, format, has_video,
           working_audio, peaks, languages, created_at, updated_at)
         VALUES ($1, 't', '/x.wav', $2, 1, 600, 'wav', false, 'a', 'p', $3, $4, $4)`,
        [r.id, `sha-${r.id}`, r.languages, at],
      )
    for (const e of episodes) {
      await db.run(
        'INSERT INTO episodes (id, title, description, created_at, updated_at) VALUES ($1, $1, $2, $3, $3)',
        [e.id, e.description, at],
      )
      for (const [position, [recording, seconds]] of e.clips.entries())
        await db.run(
          'INSERT INTO episode_clips (episode_id, position, recording_id, start, "end") VALUES ($1, $2, $3, 5, $4)',
          [e.id, position, recording, 5 + seconds],
        )
    }
    expect(await migratePostgres(db)).toBe(postgresMigrations.length)
    const rows = await db.rows<{ id: string; en: string; es: string }>(
      'SELECT id, description_en AS en, description_es AS es FROM episodes',
    )
    expect(rows).toEqual(expect.arrayContaining(expected))
    expect(rows).toHaveLength(expected.length)
    const columns = await db.rows<{ name: string }>(
      "SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'episodes'",
    )
    expect(columns.map((c) => c.name)).not.toContain('description')
  })
})
