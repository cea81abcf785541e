import { redactName, redactionSpans, redactSpan } from '../redaction/redact.ts'
import type { Handlers } from './types.ts'

export const redactionHandlers = {
  'redaction.apply': ({ recordingId, target, mode }, { voces }) =>
    'word' in target
      ? redactName(voces, recordingId, target.word, mode)
      : redactSpan(voces, recordingId, target.from, target.to, mode),
  'redaction.list': ({ recordingId }, { voces }) => {
    voces.recordings.require(recordingId)
    return redactionSpans(voces, recordingId)
  },
} satisfies Partial<Handlers>
