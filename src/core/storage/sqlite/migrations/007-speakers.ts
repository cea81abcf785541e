import type { Migration } from './migration.ts'

/**
 * Speaker detection (decisions 0153 and 0155): the turns an engine found (what `speakers turns`
 * gives for a recording without a transcript), whether a person corrected the speakers (then
 * detection never overwrites them unasked), the voices the center asked to remember, and the
 * name each detected voice may be, to be confirmed. A voice profile is personal data: it lives
 * in its own table, which no export, package or log reads, and forgetting it deletes the row
 * (secure_delete zeroes the page) and with it every proposal of its name.
 */
export const migration007Speakers: Migration = {
  version: 7,
  name: 'speakers',
  up(db) {
    db.exec(`
      CREATE TABLE speaker_state (
        recording_id TEXT PRIMARY KEY REFERENCES recordings (id) ON DELETE CASCADE,
        engine TEXT,
        detected_at TEXT,
        corrected_at TEXT
      );
      CREATE TABLE speaker_turns (
        id INTEGER PRIMARY KEY,
        recording_id TEXT NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,
        speaker_id INTEGER NOT NULL REFERENCES speakers (id) ON DELETE CASCADE,
        start REAL NOT NULL,
        end REAL NOT NULL CHECK (end >= start)
      );
      CREATE INDEX speaker_turns_recording ON speaker_turns (recording_id, start);
      CREATE INDEX speaker_turns_speaker ON speaker_turns (speaker_id);
      CREATE TABLE voice_profiles (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        affiliation TEXT NOT NULL DEFAULT '',
        embedding BLOB NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE speaker_proposals (
        speaker_id INTEGER PRIMARY KEY REFERENCES speakers (id) ON DELETE CASCADE,
        profile_id INTEGER NOT NULL REFERENCES voice_profiles (id) ON DELETE CASCADE,
        similarity REAL NOT NULL
      );
      CREATE INDEX speaker_proposals_profile ON speaker_proposals (profile_id);
    `)
  },
}
