import { promises as fs } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/core/storage/sqlite/database.ts'
import { LocalMediaStore } from '../../src/core/storage/local/media.ts'
import { SqliteStorage } from '../../src/core/storage/sqlite/storage.ts'
import { insertRecording } from '../editor/fixtures.ts'
import { tempDir } from '../helpers.ts'
import {
  bareRecording,
  deferred,
  type MediaFactory,
  type StorageFactory,
} from './contract/fixtures.ts'
import { jobQueueContract } from './contract/jobs.ts'
import { peopleContract } from './contract/people.ts'
import { episodeStoreContract } from './contract/episodes.ts'
import { maskingContract, type MaskingFactory } from './contract/masking.ts'
import { mediaStoreContract } from './contract/media.ts'
import { searchContract } from './contract/search.ts'
import { recordingsContract } from './contract/recordings.ts'
import { smallStoresContract } from './contract/small-stores.ts'
import { speakerStoreContract } from './contract/speakers.ts'
import { timesContract } from './contract/times.ts'
import { subtitleStoreContract, type AddRecording } from './contract/subtitles.ts'
import { transactionContract } from './contract/transactions.ts'
import { sqliteSearch } from './sqlite-search.ts'
import { transcriptsContract } from './contract/transcripts.ts'
import * as seed from './sqlite-seed.ts'
import { SqliteRecordings } from '../../src/core/storage/sqlite/recordings.ts'

/** The embedded default: a SQLite file and the library folder (decision 0100). */
const sqlite: StorageFactory = async (options = {}) => {
  const { dir, cleanup } = tempDir('voces-storage-')
  const file = path.join(dir, 'voces.sqlite')
  const open = () =>
    new SqliteStorage({
      db: openDatabase(file),
      media: new LocalMediaStore(dir),
      now: options.now,
      ownsDatabase: true,
    })
  const opened = [open()]
  return {
    storage: opened[0]!,
    reopen: async () => {
      const another = open()
      opened.push(another)
      return another
    },
    close: async () => {
      for (const storage of opened) await storage.close()
      cleanup()
    },
    addRecording: async (id) => {
      // Through the backend's own class with a clock of its own: the contract's clock stays the
      // episodes' and transcripts'.
      new SqliteRecordings(opened[0]!.statements, () => new Date(0)).insert(bareRecording(id))
    },
  }
}

/** A bare recording row, until the recordings port moves (decision 0100). */
const sqliteRecording: AddRecording = async (storage, id) => {
  if (!(storage instanceof SqliteStorage)) throw new Error('not the SQLite backend')
  insertRecording(storage.statements.db, id)
}

/** The owners' rows are seeded and read with SQL until their ports can (sqlite-seed.ts). */
const sqliteMasking: MaskingFactory = async () => {
  const { dir, cleanup } = tempDir('voces-masking-')
  const db = openDatabase(path.join(dir, 'voces.sqlite'))
  const storage = new SqliteStorage({ db, media: new LocalMediaStore(dir), ownsDatabase: true })
  return {
    storage,
    seedRecording: async (recording) => seed.seedRecording(db, recording),
    seedEpisode: async (episode) => seed.seedEpisode(db, episode),
    readRecording: async (id) => seed.readRecording(db, id),
    readEpisode: async (id) => seed.readEpisode(db, id),
    searchCount: async (term) => seed.searchCount(db, term),
    close: async () => {
      await storage.close()
      cleanup()
    },
  }
}

const localFolder: MediaFactory = async () => {
  const { dir, cleanup } = tempDir('voces-media-')
  return { media: new LocalMediaStore(dir), close: async () => cleanup() }
}

describe('SQLite backend and library folder: the storage contract', () => {
  smallStoresContract(sqlite)
  recordingsContract(sqlite)
  transactionContract(sqlite)
  jobQueueContract(sqlite)
  peopleContract(sqlite)
  episodeStoreContract(sqlite)
  transcriptsContract(sqlite)
  maskingContract(sqliteMasking)
  mediaStoreContract(localFolder)
  searchContract(sqliteSearch)
  subtitleStoreContract(sqlite, sqliteRecording)
  speakerStoreContract(sqlite)
  timesContract(sqlite)
})

describe('SQLite backend', () => {
  const closing: Array<() => Promise<void>> = []
  afterEach(async () => {
    for (const close of closing.splice(0)) await close()
  })
  const open = async () => {
    const { dir, cleanup } = tempDir('voces-storage-')
    const storage = new SqliteStorage({
      db: openDatabase(path.join(dir, 'voces.sqlite')),
      media: new LocalMediaStore(dir),
      ownsDatabase: true,
    })
    closing.push(async () => {
      await storage.close()
      cleanup()
    })
    return { storage, dir }
  }

  it('prepares each SQL text once per connection, however often it runs', async () => {
    const { storage } = await open()
    await storage.savedSearches.save('Paros', 'paro', {})
    await storage.savedSearches.list()
    await storage.settings.get()
    const prepared = storage.statements.size
    for (let i = 0; i < 200; i++) {
      await storage.savedSearches.list()
      await storage.settings.get()
      await storage.savedSearches.save('Paros', `paro ${i}`, {})
    }
    expect(storage.statements.size).toBe(prepared)
    // Another connection has its own cache.
    const other = await open()
    expect(other.storage.statements.size).toBe(0)
  })

  it('makes an outside call wait until the open transaction ends', async () => {
    const { storage } = await open()
    const hold = deferred()
    const began = deferred()
    const order: string[] = []
    const transaction = storage.transaction(async (tx) => {
      await tx.glossary.replace(['inside'])
      began.resolve()
      await hold.promise
      order.push('transaction ends')
    })
    await began.promise
    const read = storage.glossary.list().then((terms) => {
      order.push('outside read')
      return terms
    })
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(order).toEqual([])
    hold.resolve()
    await transaction
    expect(await read).toEqual(['inside'])
    expect(order).toEqual(['transaction ends', 'outside read'])
  })

  it('refuses, instead of waiting forever, a call inside a transaction that skips its ports', async () => {
    const { storage } = await open()
    await expect(
      storage.transaction(async () => {
        await storage.glossary.replace(['wrong door'])
      }),
    ).rejects.toThrow(/must use the ports fn was given/)
    await expect(storage.transaction(() => storage.transaction(async () => 1))).rejects.toThrow(
      /must use the ports fn was given/,
    )
    expect(await storage.glossary.list()).toEqual([])
  })

  it('backs up a consistent copy with VACUUM INTO', async () => {
    const { storage, dir } = await open()
    await storage.glossary.replace(['huelga'])
    const copy = path.join(dir, 'copy.sqlite')
    await storage.backupTo(copy)
    const restored = new SqliteStorage({
      db: openDatabase(copy),
      media: new LocalMediaStore(dir),
      ownsDatabase: true,
    })
    try {
      expect(await restored.glossary.list()).toEqual(['huelga'])
    } finally {
      await restored.close()
    }
  })
})

describe('library folder media store', () => {
  it('writes through a temporary name, leaves none behind, and lends the file itself', async () => {
    const { dir, cleanup } = tempDir('voces-media-')
    try {
      const media = new LocalMediaStore(dir)
      await media.put('media/r1/peaks.json', '[0,1,0]')
      expect(await fs.readdir(path.join(dir, 'media', 'r1'))).toEqual(['peaks.json'])
      const local = await media.localPath('media/r1/peaks.json')
      expect(local.path).toBe(path.join(dir, 'media', 'r1', 'peaks.json'))
      await local.release()
      expect(await fs.readFile(local.path, 'utf8')).toBe('[0,1,0]')
    } finally {
      cleanup()
    }
  })
})
