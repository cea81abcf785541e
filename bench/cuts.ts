// Cuts made in the transcript (decision 0050), at the scale filler removal reaches: 300 cuts in an
// hour. Export time of the cut episode against the same hour exported uncut and against the bare
// FFmpeg commands of the same encode, in the same run (docs/decisions/0050-episode-cuts.md).
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { dispatch } from '../src/core/api/index.ts'
import { keptFilter } from '../src/core/episodes/join.ts'
import { keptRanges } from '../src/core/episodes/spans.ts'
import { Voces } from '../src/core/voces.ts'
import type { Episode } from '../src/shared/contract/index.ts'
import { bareLoudPodcast, hourOfSpeech, ingestGiven } from './common.ts'

export async function benchCuts() {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'voces-bench-cuts-'))
  const voces = new Voces({ libraryDir: path.join(scratch, 'library') })
  try {
    const hour = hourOfSpeech(path.join(scratch, 'hour.wav'))
    const recordingId = await ingestGiven(voces, hour)
    const create = await dispatch(
      'episodes.create',
      { title: 'Hour', clips: [{ recordingId, start: 0, end: 3600 }] },
      { voces, transport: 'cli' },
    )
    if (!create.ok) throw new Error(create.error.message)
    const episode = create.value as Episode
    const run = async (output: string) => {
      const started = performance.now()
      const result = await dispatch(
        'export.podcast',
        { source: episode.id, output: path.join(scratch, output) },
        { voces, transport: 'cli' },
      )
      if (!result.ok) throw new Error(result.error.message)
      const job = await voces.jobs.waitFor((result.value as { jobId: string }).jobId)
      if (job.state !== 'succeeded') throw new Error(`export ${job.state}: ${job.error?.message}`)
      return (performance.now() - started) / 1000
    }
    const uncut = await run('uncut.mp3')
    // 300 filler-sized cuts (0.4 s), spread over the hour.
    const count = 300
    const cuts = Array.from({ length: count }, (_, i) => {
      const start = Math.round(((i + 0.5) * 3600 * 1000) / count) / 1000
      return { recordingId, start, end: start + 0.4, kind: 'filler' as const }
    })
    await voces.storage.episodes.setCuts(episode.id, cuts)
    const cut = await run('cut.mp3')
    const graph = keptFilter('in', 'out', keptRanges({ start: 0, end: 3600 }, cuts)).length
    const bare = bareLoudPodcast(hour, path.join(scratch, 'bare.mp3'))
    return {
      cuts: count,
      graphCharacters: graph,
      uncutSeconds: uncut,
      cutSeconds: cut,
      bareSeconds: bare,
      cutOverUncut: cut / uncut,
      cutOverBare: cut / bare,
    }
  } finally {
    await voces.close()
    rmSync(scratch, { recursive: true, force: true })
  }
}
