import type { Migration } from './migration.ts'

/**
 * Episodes: clips of recordings in order, optional intro and outro music, chapters
 * with a title in each language, bilingual show notes, and the log of every export with the
 * consent it was made under, and the redacted stretches of audio (decision 0007).
 */
export const migration004Episodes: Migration = {
  version: 4,
  name: 'episodes',
  up(db) {
    db.exec(`
      CREATE TABLE episodes (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        show_title TEXT NOT NULL DEFAULT '',
        number INTEGER,
        year INTEGER,
        description TEXT NOT NULL DEFAULT '',
        cover TEXT,
        intro TEXT,
        outro TEXT,
        notes TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );

      CREATE TABLE episode_clips (
        id INTEGER PRIMARY KEY,
        episode_id TEXT NOT NULL REFERENCES episodes (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        recording_id TEXT NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,
        start REAL NOT NULL CHECK (start >= 0),
        end REAL NOT NULL CHECK (end > start),
        UNIQUE (episode_id, position)
      );
      CREATE INDEX episode_clips_recording ON episode_clips (recording_id);

      CREATE TABLE episode_chapters (
        id INTEGER PRIMARY KEY,
        episode_id TEXT NOT NULL REFERENCES episodes (id) ON DELETE CASCADE,
        start REAL NOT NULL CHECK (start >= 0),
        title_en TEXT NOT NULL DEFAULT '',
        title_es TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX episode_chapters_start ON episode_chapters (episode_id, start);

      -- Redacted stretches of a recording's audio. Never the words themselves (decision 0007).
      CREATE TABLE redactions (
        id INTEGER PRIMARY KEY,
        recording_id TEXT NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,
        start REAL NOT NULL CHECK (start >= 0),
        end REAL NOT NULL CHECK (end > start),
        mode TEXT NOT NULL CHECK (mode IN ('tone', 'silence')),
        created_at TEXT NOT NULL
      );
      CREATE INDEX redactions_recording ON redactions (recording_id, start);

      CREATE TABLE export_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        kind TEXT NOT NULL,
        output TEXT NOT NULL,
        source_id TEXT NOT NULL,
        recordings TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT ''
      );
    `)
  },
}
