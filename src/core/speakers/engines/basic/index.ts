import { CancelledError } from '../../../errors.ts'
import { checkSpeakerCount } from '../../count.ts'
import type { DiarizationEngine, DiarizeOptions, SpeakerTurn } from '../types.ts'
import { analyse } from './analyse.ts'
import { openPcm } from './audio.ts'
import { decide } from './decide.ts'

/**
 * The default speaker engine (docs/decisions/0150-basic-diarization.md): no weights, no native
 * code. Speech activity from energy, MFCCs summed per quarter second, voice prints clustered with
 * the count chosen by BIC (or given), then a Viterbi path so turns are not chopped.
 */
export class BasicDiarizationEngine implements DiarizationEngine {
  readonly id = 'basic' as const

  async diarize(audioPath: string, options: DiarizeOptions = {}): Promise<SpeakerTurn[]> {
    const { signal, speakers } = options
    checkSpeakerCount(speakers)
    if (signal?.aborted) throw new CancelledError()
    const progress = (fraction: number) => options.onProgress?.(Math.min(1, Math.max(0, fraction)))
    const { source, close } = await openPcm(audioPath, signal)
    try {
      const analysis = await analyse(source, signal, progress)
      if (signal?.aborted) throw new CancelledError()
      const turns = decide(analysis, speakers)
      progress(1)
      return turns
    } finally {
      await close()
    }
  }
}
