import { VocesError, type SpeakerEngineChoice } from '../../../shared/contract/index.ts'
import { ChannelsEngine } from './channels.ts'
import type { DiarizationEngine } from './types.ts'

/** What the registry needs of a recording to choose an engine. */
export interface EngineSubject {
  ffmpeg: string
  /** The original's audio channels, as read at ingest. */
  channels: number | null
  duration: number
}

/** One engine to try, and which audio it reads. */
export interface EngineCandidate {
  engine: DiarizationEngine
  /** 'original': the stored original (channels); 'working': the 16 kHz mono working audio. */
  audio: 'original' | 'working'
}

type EngineMaker = () => DiarizationEngine

/**
 * The engines this build has, beside channels, which is always here (decision 0153). The basic
 * and neural engines are added here, one line each, as they land.
 */
const installed: Partial<Record<'basic' | 'neural', EngineMaker>> = {}

export function engineInstalled(id: 'basic' | 'neural' | 'channels'): boolean {
  return id === 'channels' || installed[id] !== undefined
}

function missing(id: 'basic' | 'neural'): VocesError {
  return new VocesError(
    'SPEAKERS_ENGINE_MISSING',
    id === 'neural'
      ? 'The neural speaker engine is not installed (its models are missing). Use the basic engine, or install the neural models.'
      : 'The basic speaker engine is not part of this Voces yet. Use the channels engine for a stereo recording with one voice per channel.',
    { engine: id },
  )
}

/**
 * The engines to try, in order. `auto`: channels for a stereo original (which may refuse it when
 * its channels are one mix), then basic. Empty when no engine can take the recording: `auto` on
 * a mono recording without the basic engine.
 */
export function engineCandidates(
  choice: SpeakerEngineChoice,
  subject: EngineSubject,
): EngineCandidate[] {
  const channels = (): EngineCandidate => ({
    engine: new ChannelsEngine({
      ffmpeg: subject.ffmpeg,
      channels: subject.channels,
      duration: subject.duration,
    }),
    audio: 'original',
  })
  const made = (id: 'basic' | 'neural'): EngineCandidate | null => {
    const make = installed[id]
    return make ? { engine: make(), audio: 'working' } : null
  }
  if (choice === 'channels') return [channels()]
  if (choice === 'basic' || choice === 'neural') {
    const candidate = made(choice)
    if (!candidate) throw missing(choice)
    return [candidate]
  }
  const list: EngineCandidate[] = []
  if (subject.channels === 2) list.push(channels())
  const basic = made('basic')
  if (basic) list.push(basic)
  return list
}

/** The refusal when `auto` has no engine for a recording. */
export function noEngineFor(recordingId: string): VocesError {
  return new VocesError(
    'SPEAKERS_NO_ENGINE',
    `No speaker engine of this Voces can take recording ${recordingId}: it is not a stereo recording with one voice per channel, and the basic engine is not installed.`,
    { recordingId },
  )
}
