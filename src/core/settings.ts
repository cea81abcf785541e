import { settingsSchema, type Settings } from '../shared/contract/index.ts'

export const defaultSettings: Settings = {
  uiLanguage: 'en',
  copyIntoLibrary: false,
  ffmpegPath: '',
  apertiumPath: '',
  podcastPublishUrl: '',
  detectSpeakers: true,
  reviewerName: '',
}

/*
 * Settings of one library, one JSON value per key, are kept by the storage backend's
 * `SettingsStore` (src/core/storage/ports.ts; `voces.settings`). What any backend does with them
 * is here, so that every backend merges and checks them alike.
 */

/** The stored values over the defaults; values that no longer parse give the defaults. */
export function settingsFrom(stored: Readonly<Record<string, unknown>>): Settings {
  const merged = settingsSchema.safeParse({ ...defaultSettings, ...stored })
  return merged.success ? merged.data : defaultSettings
}

/** The settings after `patch`, checked whole (throws when a value is refused). */
export function patchedSettings(current: Settings, patch: Partial<Settings>): Settings {
  return settingsSchema.parse({ ...current, ...patch })
}
