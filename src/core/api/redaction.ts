import { redactName, redactionSpans, redactSpan } from '../redaction/redact.ts'
import { deleteLibraryCopy, redactWorkingAudio } from '../redaction/working-audio.ts'
import { actorOf, owner } from '../people/access.ts'
import type { Handlers } from './types.ts'

export const redactionHandlers = {
  'redaction.apply': async ({ recordingId, target, mode }, { voces, caller }) => {
    const actor = actorOf(caller ?? owner)
    const result =
      'word' in target
        ? await redactName(voces, recordingId, target.word, mode, actor)
        : await redactSpan(voces, recordingId, target.from, target.to, mode, actor)
    // The text is gone (one transaction); now the library's listening copy loses the sound.
    await redactWorkingAudio(voces, recordingId)
    return result
  },
  'redaction.deleteLibraryCopy': ({ recordingId }, { voces }) =>
    deleteLibraryCopy(voces, recordingId),
  'redaction.list': async ({ recordingId }, { voces }) => {
    await voces.storage.recordings.require(recordingId)
    return redactionSpans(voces, recordingId)
  },
} satisfies Partial<Handlers>
