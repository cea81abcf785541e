import type { Database } from 'better-sqlite3'
import { settingsSchema, type Settings } from '../shared/contract/index.ts'

export const defaultSettings: Settings = {
  uiLanguage: 'en',
  copyIntoLibrary: false,
  ffmpegPath: '',
  podcastPublishUrl: '',
}

/** Settings of one library, one JSON value per key in the settings table. */
export class SettingsRepository {
  private readonly db: Database
  constructor(db: Database) {
    this.db = db
  }

  get(): Settings {
    const rows = this.db.prepare('SELECT key, value FROM settings').all() as Array<{
      key: string
      value: string
    }>
    const stored: Record<string, unknown> = {}
    for (const row of rows) stored[row.key] = JSON.parse(row.value)
    const merged = settingsSchema.safeParse({ ...defaultSettings, ...stored })
    return merged.success ? merged.data : defaultSettings
  }

  update(patch: Partial<Settings>): Settings {
    const next = settingsSchema.parse({ ...this.get(), ...patch })
    const upsert = this.db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    )
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(patch)) {
        if (value !== undefined) upsert.run(key, JSON.stringify(next[key as keyof Settings]))
      }
    })()
    return next
  }
}
