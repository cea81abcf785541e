import type { Migration } from './migration.ts'

/**
 * An episode's description in each language (decision 0191): `description` becomes
 * `description_en`, and `description_es` is added. A description stored before moves to the
 * episode's language: Spanish when its clips spend more time in recordings catalogued as Spanish
 * only than in ones catalogued as English only; otherwise (English, both, no clips) English.
 * The same rule as PostgreSQL's migration 007.
 */
export const migration010EpisodeDescriptions: Migration = {
  version: 10,
  name: 'episode-descriptions',
  up(db) {
    db.exec(`
      ALTER TABLE episodes RENAME COLUMN description TO description_en;
      ALTER TABLE episodes ADD COLUMN description_es TEXT NOT NULL DEFAULT '';
      UPDATE episodes SET description_es = description_en, description_en = ''
      WHERE description_en <> ''
        AND (SELECT coalesce(sum(CASE r.languages
                 WHEN 'es' THEN c.end - c.start
                 WHEN 'en' THEN c.start - c.end
                 ELSE 0 END), 0)
             FROM episode_clips c JOIN recordings r ON r.id = c.recording_id
             WHERE c.episode_id = episodes.id) > 0;
    `)
  },
}
