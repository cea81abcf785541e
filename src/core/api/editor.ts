import { reviewerOf } from '../people/access.ts'
import { requireSpan } from '../util/times.ts'
import type { CallContext, Handlers } from './types.ts'

/** The editor's edits are the transcript port's (decision 0114): each one atomic, with its undo. */
const transcripts = (ctx: CallContext) => ctx.voces.storage.transcripts

export const editorHandlers = {
  'editor.load': async ({ recordingId, track }, ctx) => {
    await ctx.voces.storage.recordings.require(recordingId)
    return transcripts(ctx).editorTrack(recordingId, track)
  },
  'editor.editText': ({ segmentId, text }, ctx) => transcripts(ctx).editText(segmentId, text),
  'editor.split': ({ segmentId, wordIndex }, ctx) => transcripts(ctx).split(segmentId, wordIndex),
  'editor.merge': ({ segmentId }, ctx) => transcripts(ctx).merge(segmentId),
  'editor.setSpeaker': ({ segmentId, speakerId }, ctx) =>
    transcripts(ctx).setSpeaker(segmentId, speakerId),
  'editor.renameSpeaker': ({ speakerId, name, affiliation }, ctx) =>
    transcripts(ctx).renameSpeaker(speakerId, name, affiliation),
  'editor.addSpeaker': async ({ recordingId, name, affiliation }, ctx) => {
    await ctx.voces.storage.recordings.require(recordingId)
    return transcripts(ctx).addSpeaker(recordingId, name, affiliation)
  },
  'editor.replace': ({ recordingId, track, find, replace, matchCase, wholeWord }, ctx) =>
    transcripts(ctx).replaceText(recordingId, track, find, replace, { matchCase, wholeWord }),
  'editor.review': ({ segmentIds, review, reviewedBy }, ctx) =>
    transcripts(ctx).review(segmentIds, review, reviewerOf(ctx.caller, reviewedBy)),
  'editor.apply': async ({ patch }, ctx) => {
    // Times put back must lie inside the recording (docs/decisions/0086-times-inside-the-recording.md).
    const duration = (await ctx.voces.storage.recordings.require(patch.recordingId)).duration
    for (const segment of patch.put) {
      requireSpan({ segmentId: segment.id }, segment.start, segment.end, duration)
      for (const word of segment.words)
        requireSpan({ segmentId: segment.id }, word.start, word.end, duration)
    }
    return transcripts(ctx).applyEdit(patch)
  },
} satisfies Partial<Handlers>
