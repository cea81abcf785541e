import { reviewerOf } from '../people/access.ts'
import type { Storage } from '../storage/ports.ts'
import { SubtitleCueEditor } from '../subtitles/cue-edits.ts'
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
import { exportRecordingFile } from './file-export.ts'
import type { Handlers } from './types.ts'

const editors = new WeakMap<Storage, SubtitleCueEditor>()

/** One cue editor per open library, over the library's storage. */
function cueEditor(storage: Storage): SubtitleCueEditor {
  let found = editors.get(storage)
  if (!found) {
    found = new SubtitleCueEditor(storage)
    editors.set(storage, found)
  }
  return found
}

export const subtitlesHandlers = {
  'subtitles.get': ({ recordingId }, { voces }) => getSubtitles(voces, recordingId),
  'subtitles.make': ({ recordingId, language, replace }, { voces }) =>
    makeSubtitles(voces, recordingId, language, replace),
  'subtitles.import': ({ recordingId, language, path, replace }, { voces }) =>
    importSubtitles(voces, recordingId, language, path, replace),
  'subtitles.export': ({ recordingId, language, format, reason }, ctx) =>
    exportRecordingFile(ctx, { kind: `subtitles-${format}`, recordingId, reason }, () =>
      exportSubtitles(ctx.voces, recordingId, language, format),
    ),
  'subtitles.check': async (input, { voces }) =>
    'path' in input
      ? checkFile(input.path, input.language, await voces.storage.subtitles.rules(null))
      : checkStored(voces, input.recordingId, input.language),
  'subtitles.updateCue': ({ cueId, ...change }, { voces, caller }) =>
    updateCue(voces, cueId, {
      ...change,
      ...(change.review === 'verified'
        ? { reviewedBy: reviewerOf(caller, change.reviewedBy) }
        : {}),
    }),
  'subtitles.settings': async ({ recordingId, patch, reset }, { voces }) => {
    if (recordingId) await voces.storage.recordings.require(recordingId)
    // The write and what is read back after it, in one transaction: the rules shown are the ones saved.
    return voces.storage.transaction(async (tx) => {
      const repository = tx.subtitles
      if (patch || reset)
        await repository.setRulesPatch(recordingId ?? null, patch ?? {}, reset ?? false)
      return {
        rules: await repository.rules(recordingId ?? null),
        library: (await repository.rulesPatch(null)) ?? {},
        recording: recordingId ? ((await repository.rulesPatch(recordingId)) ?? {}) : null,
      }
    })
  },
  'subtitles.splitCue': ({ cueId, time, caret }, { voces }) =>
    cueEditor(voces.storage).split(cueId, { time, caret }),
  'subtitles.mergeCue': ({ cueId }, { voces }) => cueEditor(voces.storage).merge(cueId),
  'subtitles.insertCue': async ({ recordingId, at }, { voces }) =>
    cueEditor(voces.storage).insert(
      recordingId,
      at,
      await requireInsertTime(voces, recordingId, at),
    ),
  'subtitles.deleteCue': ({ cueId }, { voces }) => cueEditor(voces.storage).remove(cueId),
  'subtitles.apply': async ({ patch }, { voces }) => {
    await requirePatchTimes(voces, patch)
    return cueEditor(voces.storage).apply(patch)
  },
} satisfies Partial<Handlers>
