import type { PostgresMigration } from './migration.ts'

/**
 * An episode's description in each language (decision 0191), the twin of SQLite's migration
 * 010: `description` becomes `description_en`, `description_es` is added, and a description
 * stored before moves to Spanish when the episode's clips spend more time in recordings
 * catalogued as Spanish only than in ones catalogued as English only; otherwise it stays English.
 */
export const migration007EpisodeDescriptions: PostgresMigration = {
  version: 7,
  name: 'episode-descriptions',
  sql: `
    ALTER TABLE episodes RENAME COLUMN description TO description_en;
    ALTER TABLE episodes ADD COLUMN description_es text NOT NULL DEFAULT '';
    UPDATE episodes SET description_es = description_en, description_en = ''
    WHERE description_en <> ''
      AND (SELECT coalesce(sum(CASE r.languages
               WHEN 'es' THEN c."end" - c.start
               WHEN 'en' THEN c.start - c."end"
               ELSE 0 END), 0)
           FROM episode_clips c JOIN recordings r ON r.id = c.recording_id
           WHERE c.episode_id = episodes.id) > 0;
  `,
}
