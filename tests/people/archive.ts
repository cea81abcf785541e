import { copyFileSync, mkdirSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { dispatch } from '../../src/core/api/index.ts'
import type { CallContext } from '../../src/core/api/index.ts'
import type { Caller } from '../../src/core/people/access.ts'
import { callerOf } from '../../src/core/people/accounts.ts'
import type { CoreContext } from '../../src/core/context.ts'
import type { Role } from '../../src/shared/contract/index.ts'
import { roles } from '../../src/shared/contract/index.ts'
import { mediaDir } from '../helpers.ts'
import { bareRecording } from '../storage/contract/fixtures.ts'

/**
 * One small archive for the people tests: three recordings, one per consent that matters, each
 * with a transcript whose words are its own (so a search or the audit log can be grepped for
 * them), a real WAV as its listening copy, and one person of each role.
 */
export const words = {
  open: 'sindicato',
  restricted: 'despido',
  withdrawn: 'deportación',
} as const
export const transcriptWords = Object.values(words)
export const password = 'correct horse battery staple'

export function emailOf(role: Role): string {
  return `${role}@center.example`
}

export async function seedArchive(voces: CoreContext, libraryDir: string): Promise<void> {
  const wav = readdirSync(path.join(mediaDir, 'en')).find((name) => name.endsWith('.wav'))
  for (const [n, consent] of (['open', 'restricted', 'withdrawn'] as const).entries()) {
    const id = consent
    await voces.storage.recordings.insert({ ...bareRecording(id), sha256: String(n).repeat(64) })
    await voces.storage.recordings.update(id, {
      consentStatus: consent === 'open' ? 'given' : consent,
    })
    await voces.storage.transcripts.replaceTrack({
      recordingId: id,
      language: 'es',
      kind: 'transcript',
      origin: 'typed',
      model: null,
      engineSettings: {},
      segments: [
        {
          start: 0,
          end: 2,
          speaker: null,
          language: 'es',
          text: `Hablamos del ${words[consent]} ayer.`,
          words: [],
        },
      ],
    })
    if (wav) {
      mkdirSync(path.join(libraryDir, 'media', id), { recursive: true })
      copyFileSync(path.join(mediaDir, 'en', wav), path.join(libraryDir, 'media', id, 'audio.wav'))
    }
  }
  for (const role of roles) {
    const added = await dispatch(
      'people.add',
      { email: emailOf(role), name: role, role, password },
      { voces, transport: 'cli' },
    )
    if (!added.ok) throw new Error(added.error.message)
  }
}

export async function callerFor(voces: CoreContext, role: Role): Promise<Caller> {
  const person = await voces.storage.people.byEmail(emailOf(role))
  if (!person) throw new Error(`no ${role}`)
  return callerOf(person)
}

export function as(voces: CoreContext, caller: Caller): CallContext {
  return { voces, transport: 'http', caller }
}
