import { TranscriptEditor } from '../editor/editor.ts'
import { requireSpan } from '../util/times.ts'
import type { Handlers } from './types.ts'

type Db = ConstructorParameters<typeof TranscriptEditor>[0]
const editors = new WeakMap<Db, TranscriptEditor>()

/** One editor per open library, so its prepared statements live as long as the database. */
function editor(ctx: { voces: { db: Db } }): TranscriptEditor {
  let found = editors.get(ctx.voces.db)
  if (!found) {
    found = new TranscriptEditor(ctx.voces.db)
    editors.set(ctx.voces.db, found)
  }
  return found
}

export const editorHandlers = {
  'editor.load': async ({ recordingId, track }, ctx) => {
    await ctx.voces.storage.recordings.require(recordingId)
    return editor(ctx).store.load(recordingId, track)
  },
  'editor.editText': ({ segmentId, text }, ctx) => editor(ctx).editText(segmentId, text),
  'editor.split': ({ segmentId, wordIndex }, ctx) => editor(ctx).split(segmentId, wordIndex),
  'editor.merge': ({ segmentId }, ctx) => editor(ctx).merge(segmentId),
  'editor.setSpeaker': ({ segmentId, speakerId }, ctx) =>
    editor(ctx).setSpeaker(segmentId, speakerId),
  'editor.renameSpeaker': ({ speakerId, name, affiliation }, ctx) =>
    editor(ctx).renameSpeaker(speakerId, name, affiliation),
  'editor.addSpeaker': async ({ recordingId, name, affiliation }, ctx) => {
    await ctx.voces.storage.recordings.require(recordingId)
    return editor(ctx).addSpeaker(recordingId, name, affiliation)
  },
  'editor.replace': ({ recordingId, track, find, replace, matchCase, wholeWord }, ctx) =>
    editor(ctx).replace(recordingId, track, find, replace, { matchCase, wholeWord }),
  'editor.review': ({ segmentIds, review, reviewedBy }, ctx) =>
    editor(ctx).review(segmentIds, review, reviewedBy),
  'editor.apply': async ({ patch }, ctx) => {
    // Times put back must lie inside the recording (docs/decisions/0086-times-inside-the-recording.md).
    const duration = (await ctx.voces.storage.recordings.require(patch.recordingId)).duration
    for (const segment of patch.put) {
      requireSpan({ segmentId: segment.id }, segment.start, segment.end, duration)
      for (const word of segment.words)
        requireSpan({ segmentId: segment.id }, word.start, word.end, duration)
    }
    return editor(ctx).apply(patch)
  },
} satisfies Partial<Handlers>
