import type { Migration } from './migration.ts'

/**
 * The library: recordings with their interview metadata and consent, tags, the transcript tracks
 * (segments and words with timings), speakers, the persistent job queue and settings.
 * Words live in their own rows (not inside segment text blobs) so that redaction can delete
 * exactly the words it must (decision 0007) and editing keeps per-word timings.
 */
export const migration001Initial: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE recordings (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        original_path TEXT NOT NULL,
        stored_path TEXT,
        sha256 TEXT NOT NULL UNIQUE,
        size_bytes INTEGER NOT NULL,
        duration REAL NOT NULL,
        format TEXT NOT NULL,
        has_video INTEGER NOT NULL CHECK (has_video IN (0, 1)),
        width INTEGER,
        height INTEGER,
        audio_codec TEXT,
        video_codec TEXT,
        sample_rate INTEGER,
        channels INTEGER,
        working_audio TEXT NOT NULL,
        peaks TEXT NOT NULL,
        poster TEXT,
        interviewees TEXT NOT NULL DEFAULT '[]',
        interviewer TEXT NOT NULL DEFAULT '',
        interview_date TEXT,
        place TEXT NOT NULL DEFAULT '',
        languages TEXT NOT NULL DEFAULT 'en' CHECK (languages IN ('en', 'es', 'en,es')),
        consent_status TEXT NOT NULL DEFAULT 'unknown'
          CHECK (consent_status IN ('given', 'restricted', 'withdrawn', 'unknown')),
        consent_note TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX recordings_created ON recordings (created_at);
      CREATE INDEX recordings_interview_date ON recordings (interview_date);

      CREATE TABLE recording_tags (
        recording_id TEXT NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,
        tag TEXT NOT NULL,
        PRIMARY KEY (recording_id, tag)
      ) WITHOUT ROWID;
      CREATE INDEX recording_tags_tag ON recording_tags (tag, recording_id);

      CREATE TABLE speakers (
        id INTEGER PRIMARY KEY,
        recording_id TEXT NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,
        label TEXT NOT NULL,
        name TEXT NOT NULL DEFAULT '',
        affiliation TEXT NOT NULL DEFAULT '',
        UNIQUE (recording_id, label)
      );

      CREATE TABLE tracks (
        id INTEGER PRIMARY KEY,
        recording_id TEXT NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,
        language TEXT NOT NULL CHECK (language IN ('en', 'es')),
        kind TEXT NOT NULL CHECK (kind IN ('transcript', 'translation')),
        origin TEXT NOT NULL CHECK (origin IN ('whisper', 'imported', 'typed')),
        model TEXT,
        engine_settings TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (recording_id, language)
      );

      CREATE TABLE segments (
        id INTEGER PRIMARY KEY,
        track_id INTEGER NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,
        start REAL NOT NULL,
        end REAL NOT NULL CHECK (end >= start),
        speaker_id INTEGER REFERENCES speakers (id) ON DELETE SET NULL,
        language TEXT NOT NULL CHECK (language IN ('en', 'es')),
        text TEXT NOT NULL,
        review TEXT NOT NULL DEFAULT 'machine' CHECK (review IN ('machine', 'verified')),
        reviewed_by TEXT,
        reviewed_at TEXT
      );
      CREATE INDEX segments_track_start ON segments (track_id, start);
      CREATE INDEX segments_speaker ON segments (speaker_id);

      CREATE TABLE words (
        id INTEGER PRIMARY KEY,
        segment_id INTEGER NOT NULL REFERENCES segments (id) ON DELETE CASCADE,
        start REAL NOT NULL,
        end REAL NOT NULL CHECK (end >= start),
        text TEXT NOT NULL,
        probability REAL
      );
      CREATE INDEX words_segment_start ON words (segment_id, start);

      CREATE TABLE jobs (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
        recording_id TEXT,
        label TEXT NOT NULL,
        input TEXT NOT NULL,
        checkpoint TEXT,
        result TEXT,
        error TEXT,
        progress REAL NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        finished_at TEXT
      );
      CREATE INDEX jobs_state ON jobs (state, created_at);

      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `)
  },
}
