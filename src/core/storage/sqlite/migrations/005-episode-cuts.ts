import type { Migration } from './migration.ts'

/**
 * Cuts made in an episode's transcript (decision 0050): stretches of a recording, on the recording's
 * clock, that every export of the episode leaves out. Times only, never the words cut.
 */
export const migration005EpisodeCuts: Migration = {
  version: 5,
  name: 'episode-cuts',
  up(db) {
    db.exec(`
      CREATE TABLE episode_cuts (
        id INTEGER PRIMARY KEY,
        episode_id TEXT NOT NULL REFERENCES episodes (id) ON DELETE CASCADE,
        recording_id TEXT NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,
        start REAL NOT NULL CHECK (start >= 0),
        end REAL NOT NULL CHECK (end > start),
        kind TEXT NOT NULL CHECK (kind IN ('edit', 'filler')),
        created_at TEXT NOT NULL
      );
      CREATE INDEX episode_cuts_episode ON episode_cuts (episode_id, recording_id, start);
      CREATE INDEX episode_cuts_recording ON episode_cuts (recording_id);
    `)
  },
}
