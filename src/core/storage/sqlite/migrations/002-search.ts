import type { Migration } from './migration.ts'

/**
 * Archive search (decision 0020): an FTS5 index over the text of every segment, and saved searches.
 *
 * - External content (`content='segments'`): the index holds no second copy of the text, and
 *   snippet()/highlight() read it from `segments`. A contentless table could not make snippets.
 * - `unicode61 remove_diacritics 2`: case and accents never matter, on both sides of the match
 *   ("construccion" finds "construcción"). `detail=full` (the default) keeps positions for phrases.
 * - Triggers keep the index in step with every insert, edit and delete, cascades included.
 *   The update trigger fires only when the text changes, so reviewing a segment costs nothing.
 * - `secure-delete` (SQLite >= 3.42): a delete removes the old tokens from the index b-tree at
 *   once instead of writing a tombstone that a later merge clears. After a redaction the words
 *   are gone from the index pages themselves, not just hidden (decision 0007).
 * - `prefix`: none. Measured at 1,000 hours: a `prefix='3'` index grows the index by 59% and does
 *   not make a ranked prefix query faster, whose cost is ranking every matching row, not finding
 *   the terms (docs/decisions/0020-search-index.md).
 *
 * Decisions and measured figures: docs/decisions/0020-search-index.md.
 */
export const migration002Search: Migration = {
  version: 2,
  name: 'search',
  up(db) {
    db.exec(`
      CREATE VIRTUAL TABLE segments_fts USING fts5(
        text,
        content = 'segments',
        content_rowid = 'id',
        tokenize = 'unicode61 remove_diacritics 2'
      );
      INSERT INTO segments_fts (segments_fts, rank) VALUES ('secure-delete', 1);

      CREATE TRIGGER segments_fts_insert AFTER INSERT ON segments BEGIN
        INSERT INTO segments_fts (rowid, text) VALUES (new.id, new.text);
      END;
      CREATE TRIGGER segments_fts_delete AFTER DELETE ON segments BEGIN
        INSERT INTO segments_fts (segments_fts, rowid, text) VALUES ('delete', old.id, old.text);
      END;
      CREATE TRIGGER segments_fts_update AFTER UPDATE OF id, text ON segments
      WHEN old.text IS NOT new.text OR old.id IS NOT new.id BEGIN
        INSERT INTO segments_fts (segments_fts, rowid, text) VALUES ('delete', old.id, old.text);
        INSERT INTO segments_fts (rowid, text) VALUES (new.id, new.text);
      END;

      -- Libraries that already hold transcripts get them indexed now.
      INSERT INTO segments_fts (segments_fts) VALUES ('rebuild');

      CREATE TABLE saved_searches (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL COLLATE NOCASE UNIQUE,
        query TEXT NOT NULL,
        filters TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
    `)
  },
}
