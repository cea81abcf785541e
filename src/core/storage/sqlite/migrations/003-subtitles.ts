import type { Migration } from './migration.ts'

/**
 * Bilingual subtitles.
 *
 * - `subtitle_cues` holds a recording's cue timing once; `subtitle_texts` holds each language's
 *   text at that cue. The English and Spanish tracks therefore share their timing by
 *   construction: dragging a cue moves it in both, and a cue with text in one language and none
 *   in the other is the "untranslated" cue the quality panel flags.
 * - `subtitle_tracks` says which languages a recording has subtitles in, where each came from,
 *   and which one the timing was made from (`timing = 1`, exactly one per recording once any
 *   track exists).
 * - Review state is per cue and language, as for transcript segments: 'machine' until a person
 *   checks it; 'verified' always names who and when (the CHECK keeps the three in step).
 * - `subtitle_rules` holds overrides of the subtitle rules as JSON, one row for the library
 *   (recording_id NULL) and one per recording; the unique index on ifnull() makes the library's
 *   row unique too, since NULLs never collide in a UNIQUE constraint.
 */
export const migration003Subtitles: Migration = {
  version: 3,
  name: 'subtitles',
  up(db) {
    db.exec(`
      CREATE TABLE subtitle_tracks (
        recording_id TEXT NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,
        language TEXT NOT NULL CHECK (language IN ('en', 'es')),
        origin TEXT NOT NULL CHECK (origin IN ('made', 'imported', 'typed')),
        source TEXT NOT NULL DEFAULT '',
        timing INTEGER NOT NULL DEFAULT 0 CHECK (timing IN (0, 1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (recording_id, language)
      ) WITHOUT ROWID;

      CREATE TABLE subtitle_cues (
        id INTEGER PRIMARY KEY,
        recording_id TEXT NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,
        start REAL NOT NULL,
        end REAL NOT NULL CHECK (end >= start),
        speaker TEXT
      );
      CREATE INDEX subtitle_cues_recording_start ON subtitle_cues (recording_id, start);

      CREATE TABLE subtitle_texts (
        cue_id INTEGER NOT NULL REFERENCES subtitle_cues (id) ON DELETE CASCADE,
        language TEXT NOT NULL CHECK (language IN ('en', 'es')),
        text TEXT NOT NULL,
        review TEXT NOT NULL DEFAULT 'machine' CHECK (review IN ('machine', 'verified')),
        reviewed_by TEXT,
        reviewed_at TEXT,
        CHECK ((review = 'verified') = (reviewed_by IS NOT NULL AND reviewed_at IS NOT NULL)),
        PRIMARY KEY (cue_id, language)
      ) WITHOUT ROWID;

      CREATE TABLE subtitle_rules (
        recording_id TEXT REFERENCES recordings (id) ON DELETE CASCADE,
        rules TEXT NOT NULL
      );
      CREATE UNIQUE INDEX subtitle_rules_scope ON subtitle_rules (ifnull(recording_id, ''));
    `)
  },
}
