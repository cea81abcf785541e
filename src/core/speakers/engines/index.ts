import type { SpeakerEngineChoice } from '../../../shared/contract/index.ts'
import { resolveModelsDir } from '../../paths.ts'
import { BasicDiarizationEngine } from './basic/index.ts'
import { ChannelsEngine } from './channels.ts'
import { NeuralDiarizationEngine } from './neural.ts'
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

/**
 * The engines to try, in order (decision 0153). `auto`: channels for a stereo original (which
 * refuses one whose channels are one mix or one voice), then the basic engine, which needs
 * nothing downloaded. `neural` reads its models from the models folder, as Whisper does.
 */
export function engineCandidates(
  choice: SpeakerEngineChoice,
  subject: EngineSubject,
): EngineCandidate[] {
  const channels: EngineCandidate = {
    engine: new ChannelsEngine({
      ffmpeg: subject.ffmpeg,
      channels: subject.channels,
      duration: subject.duration,
    }),
    audio: 'original',
  }
  const basic: EngineCandidate = { engine: new BasicDiarizationEngine(), audio: 'working' }
  switch (choice) {
    case 'channels':
      return [channels]
    case 'basic':
      return [basic]
    case 'neural':
      return [{ engine: new NeuralDiarizationEngine(resolveModelsDir()), audio: 'working' }]
    case 'auto':
      return subject.channels === 2 ? [channels, basic] : [basic]
  }
}
