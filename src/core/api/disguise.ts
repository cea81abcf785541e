import { disguiseSpeakersOf } from '../redaction/disguise.ts'
import type { Handlers } from './types.ts'

export const disguiseHandlers = {
  'disguise.speakers': ({ source }, { voces }) => disguiseSpeakersOf(voces, source),
} satisfies Partial<Handlers>
