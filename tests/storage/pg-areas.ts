/*
 * What the subtitles and masking contract suites need of the PostgreSQL backend beyond its
 * storage factory (tests/storage/postgres.test.ts runs them).
 */
import { LocalMediaStore } from '../../src/core/storage/local/media.ts'
import { PostgresRecordings } from '../../src/core/storage/postgres/recordings.ts'
import { openPostgresStorage, PostgresStorage } from '../../src/core/storage/postgres/storage.ts'
import { findName } from '../../src/core/redaction/fold.ts'
import { tempDir } from '../helpers.ts'
import { bareRecording } from './contract/fixtures.ts'
import type { MaskingFactory } from './contract/masking.ts'
import type { AddRecording } from './contract/subtitles.ts'
import { freshDatabase } from './pg-fixture.ts'
import * as seed from './pg-seed.ts'

/**
 * A bare recording a minute long, through the backend's own class with a clock of its own (the
 * contract's clock stays the subtitles'); a hash of its own, as the library holds one copy a file.
 */
export const postgresRecording: AddRecording = async (storage, id) => {
  if (!(storage instanceof PostgresStorage)) throw new Error('not the PostgreSQL backend')
  await new PostgresRecordings(storage.db, () => new Date(0)).insert({
    ...bareRecording(id),
    sha256: `sha-${id}`,
  })
}

/**
 * The masking contract's owners' rows seeded and read with SQL (pg-seed.ts). `searchCount` counts
 * the segments whose text still holds the term as a word: on PostgreSQL the search index is a
 * column computed from that text (migration 002), so it cannot keep what the text lost.
 */
export const postgresMasking: MaskingFactory = async () => {
  const fresh = await freshDatabase()
  const { dir, cleanup } = tempDir('voces-pg-masking-')
  const storage = await openPostgresStorage(fresh.url, new LocalMediaStore(dir))
  const db = storage.db
  return {
    storage,
    seedRecording: (recording) => seed.seedRecording(db, recording),
    seedEpisode: (episode) => seed.seedEpisode(db, episode),
    readRecording: (id) => seed.readRecording(db, id),
    readEpisode: (id) => seed.readEpisode(db, id),
    searchCount: async (term) => {
      const rows = await db.rows<{ text: string }>('SELECT text FROM segments')
      return rows.filter((row) => findName(row.text, term).length > 0).length
    },
    close: async () => {
      await storage.close()
      await fresh.drop()
      cleanup()
    },
  }
}
