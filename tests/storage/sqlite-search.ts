import path from 'node:path'
import { openDatabase } from '../../src/core/storage/sqlite/database.ts'
import { LocalMediaStore } from '../../src/core/storage/local/media.ts'
import { SqliteStorage } from '../../src/core/storage/sqlite/storage.ts'
import { addRecording, addSpeaker, addTrack } from '../search/fixtures.ts'
import { tempDir } from '../helpers.ts'
import type { SearchFactory } from './contract/search.ts'

/**
 * SQLite under the search contract: the recordings and transcripts are written as rows of their
 * own tables, as their owners write them (their ports have not moved yet, decision 0100), and
 * migration 002's triggers keep the FTS5 index in step with no call from here.
 */
export const sqliteSearch: SearchFactory = async () => {
  const { dir, cleanup } = tempDir('voces-storage-search-')
  const db = openDatabase(path.join(dir, 'voces.sqlite'))
  const storage = new SqliteStorage({ db, media: new LocalMediaStore(dir), ownsDatabase: true })
  return {
    storage,
    add: async (recording) => {
      db.transaction(() => {
        addRecording(db, { ...recording, consent: recording.consent ?? 'given' })
        const speakers = new Map(
          (recording.speakers ?? []).map((s) => [
            s.label,
            addSpeaker(db, recording.id, s.label, s.name),
          ]),
        )
        for (const track of recording.tracks) {
          addTrack(
            db,
            recording.id,
            track.language,
            track.segments.map((s) => ({
              start: s.start,
              end: s.end,
              text: s.text,
              speaker: s.speaker === undefined ? null : (speakers.get(s.speaker) ?? null),
            })),
            track.kind,
          )
        }
      })()
    },
    setConsent: async (id, consent) => {
      db.prepare('UPDATE recordings SET consent_status = ? WHERE id = ?').run(consent, id)
    },
    editText: async (id, language, start, text) => {
      db.prepare(
        `UPDATE segments SET text = ? WHERE start = ? AND track_id IN
           (SELECT id FROM tracks WHERE recording_id = ? AND language = ?)`,
      ).run(text, start, id, language)
    },
    remove: async (id) => {
      db.prepare('DELETE FROM recordings WHERE id = ?').run(id)
    },
    close: async () => {
      await storage.close()
      cleanup()
    },
  }
}
