import { checkConsent, logExport } from '../export/consent.ts'
import type { Database } from 'better-sqlite3'
import { SubtitleCueEditor } from '../subtitles/cue-edits.ts'
import { subtitleRepository } from '../subtitles/repository.ts'
import {
  checkFile,
  checkStored,
  exportSubtitles,
  getSubtitles,
  importSubtitles,
  makeSubtitles,
  requireInsertTime,
  requirePatchTimes,
  updateCue,
} from '../subtitles/service.ts'
import type { Handlers } from './types.ts'

const editors = new WeakMap<Database, SubtitleCueEditor>()

/** One cue editor per open library, sharing the library's subtitle repository. */
function cueEditor(db: Database): SubtitleCueEditor {
  let found = editors.get(db)
  if (!found) {
    found = new SubtitleCueEditor(db, subtitleRepository(db))
    editors.set(db, found)
  }
  return found
}

export const subtitlesHandlers = {
  'subtitles.get': ({ recordingId }, { voces }) => getSubtitles(voces, recordingId),
  'subtitles.make': ({ recordingId, language, replace }, { voces }) =>
    makeSubtitles(voces, recordingId, language, replace),
  'subtitles.import': ({ recordingId, language, path, replace }, { voces }) =>
    importSubtitles(voces, recordingId, language, path, replace),
  'subtitles.export': async ({ recordingId, language, format, reason }, { voces }) => {
    await checkConsent(voces, [recordingId], reason)
    const file = await exportSubtitles(voces, recordingId, language, format)
    await logExport(voces, {
      kind: `subtitles-${format}`,
      output: file.fileName,
      sourceId: recordingId,
      recordingIds: [recordingId],
      reason,
    })
    return file
  },
  'subtitles.check': (input, { voces }) =>
    'path' in input
      ? checkFile(input.path, input.language, subtitleRepository(voces.db).rules(null))
      : checkStored(voces, input.recordingId, input.language),
  'subtitles.updateCue': ({ cueId, ...change }, { voces }) => updateCue(voces, cueId, change),
  'subtitles.settings': async ({ recordingId, patch, reset }, { voces }) => {
    const repository = subtitleRepository(voces.db)
    if (recordingId) await voces.storage.recordings.require(recordingId)
    if (patch || reset) repository.setRulesPatch(recordingId ?? null, patch ?? {}, reset)
    return {
      rules: repository.rules(recordingId ?? null),
      library: repository.rulesPatch(null) ?? {},
      recording: recordingId ? (repository.rulesPatch(recordingId) ?? {}) : null,
    }
  },
  'subtitles.splitCue': ({ cueId, time, caret }, { voces }) =>
    cueEditor(voces.db).split(cueId, { time, caret }),
  'subtitles.mergeCue': ({ cueId }, { voces }) => cueEditor(voces.db).merge(cueId),
  'subtitles.insertCue': async ({ recordingId, at }, { voces }) =>
    cueEditor(voces.db).insert(recordingId, at, await requireInsertTime(voces, recordingId, at)),
  'subtitles.deleteCue': ({ cueId }, { voces }) => cueEditor(voces.db).remove(cueId),
  'subtitles.apply': async ({ patch }, { voces }) => {
    await requirePatchTimes(voces, patch)
    return cueEditor(voces.db).apply(patch)
  },
} satisfies Partial<Handlers>
