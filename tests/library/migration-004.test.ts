import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate, migrations } from '../../src/core/storage/sqlite/migrations/index.ts'

describe('004 episodes, redactions and the export log', () => {
  it('applies on top of 003 and cascades a removed recording to its clips and redactions', () => {
    const db = new Database(':memory:')
    db.pragma('foreign_keys = ON')
    migrate(db, migrations.slice(0, 3))
    expect(db.pragma('user_version', { simple: true })).toBe(3)
    migrate(db, migrations.slice(0, 4))
    expect(db.pragma('user_version', { simple: true })).toBe(4)
    const at = new Date().toISOString()
    db.prepare(
      `INSERT INTO recordings (id, title, original_path, sha256, size_bytes, duration, format, has_video, working_audio, peaks, created_at, updated_at)
       VALUES ('r1', 't', '/x.wav', 'h', 1, 60, 'wav', 0, 'a', 'p', ?, ?)`,
    ).run(at, at)
    db.prepare(
      "INSERT INTO episodes (id, title, created_at, updated_at) VALUES ('e1', 'Episode', ?, ?)",
    ).run(at, at)
    db.prepare(
      "INSERT INTO episode_clips (episode_id, position, recording_id, start, end) VALUES ('e1', 0, 'r1', 0, 10)",
    ).run()
    db.prepare(
      "INSERT INTO redactions (recording_id, start, end, mode, created_at) VALUES ('r1', 1, 2, 'tone', ?)",
    ).run(at)
    expect(() =>
      db
        .prepare(
          "INSERT INTO episode_clips (episode_id, position, recording_id, start, end) VALUES ('e1', 1, 'r1', 5, 5)",
        )
        .run(),
    ).toThrow(/CHECK/)
    // The redactions table holds times only: no column could keep a redacted word.
    const columns = (
      db.prepare('PRAGMA table_info(redactions)').all() as Array<{ name: string }>
    ).map((c) => c.name)
    expect(columns).toEqual(['id', 'recording_id', 'start', 'end', 'mode', 'created_at'])
    db.prepare("DELETE FROM recordings WHERE id = 'r1'").run()
    expect(db.prepare('SELECT count(*) FROM episode_clips').pluck().get()).toBe(0)
    expect(db.prepare('SELECT count(*) FROM redactions').pluck().get()).toBe(0)
  })
})
