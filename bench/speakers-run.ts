// One engine on one file, in a process of its own so that its peak memory is its own:
// `node bench/speakers-run.ts ENGINE FILE [SPEAKERS]` prints {turns, seconds, peakMiB} as JSON.
import { performance } from 'node:perf_hooks'
import { BasicDiarizationEngine } from '../src/core/speakers/engines/basic/index.ts'
import { NeuralDiarizationEngine } from '../src/core/speakers/engines/neural.ts'
import type { DiarizationEngine } from '../src/core/speakers/engines/types.ts'

const [id, file, count] = process.argv.slice(2)

/** The channel engine, once it exists (src/core/speakers/engines/channels.ts): any export whose instances say id 'channels'. */
async function channels(): Promise<DiarizationEngine> {
  const where = '../src/core/speakers/engines/channels.ts'
  const module = (await import(where)) as Record<string, unknown>
  for (const value of Object.values(module)) {
    if (typeof value !== 'function') continue
    try {
      const engine = new (value as new () => DiarizationEngine)()
      if (engine.id === 'channels') return engine
    } catch {
      // not the engine's class
    }
  }
  throw new Error('no channel engine exported')
}

const engine: DiarizationEngine =
  id === 'basic'
    ? new BasicDiarizationEngine()
    : id === 'neural'
      ? new NeuralDiarizationEngine(process.env.VOCES_SPEAKER_MODELS ?? '')
      : await channels()
const started = performance.now()
const turns = await engine.diarize(file ?? '', count ? { speakers: Number(count) } : {})
const seconds = (performance.now() - started) / 1000
process.stdout.write(
  JSON.stringify({ turns, seconds, peakMiB: Math.round(process.resourceUsage().maxRSS / 1024) }),
)
