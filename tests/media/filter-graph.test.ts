// Long filter graphs go to FFmpeg in a file, spelled the way the FFmpeg at hand reads one.
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { requireTool, runTool } from '../../src/core/media/ffmpeg.ts'
import { filterGraphArgs, inlineGraphLimit } from '../../src/core/media/filter-graph.ts'
import { probeSeconds, tempDir } from '../helpers.ts'

const cleanups: Array<() => void> = []
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()))
const scratch = () => {
  const made = tempDir('voces-graph-')
  cleanups.push(made.cleanup)
  return made.dir
}

describe('filter graphs given to FFmpeg', () => {
  it('keeps a short graph on the command line', async () => {
    const args = await filterGraphArgs('ffmpeg', '[0:a]anull[out]', scratch(), 'short')
    expect(args).toEqual(['-filter_complex', '[0:a]anull[out]'])
  })

  it('runs a graph longer than a command line may be from a file, with the real FFmpeg', async () => {
    const dir = scratch()
    const ffmpeg = requireTool('ffmpeg')
    // 2,000 filters: far beyond Windows' 32,767-character command line.
    const steps = Array.from({ length: 2000 }, (_, i) => `volume=1.0[v${i}];[v${i}]`).join('')
    const graph = `[0:a]${steps}anull[out]`
    expect(graph.length).toBeGreaterThan(inlineGraphLimit * 2)
    const args = await filterGraphArgs(ffmpeg, graph, dir, 'long')
    // FFmpeg 5.1, as Debian ships it, still names -filter_complex_script among its options.
    expect(args).toEqual(['-filter_complex_script', path.join(dir, 'long.graph')])
    expect(readFileSync(path.join(dir, 'long.graph'), 'utf8')).toBe(graph)
    const output = path.join(dir, 'out.wav')
    const lavfi = ['-f', 'lavfi', '-i', 'sine=frequency=440:duration=1.5']
    await runTool(ffmpeg, [
      '-hide_banner',
      '-v',
      'error',
      ...lavfi,
      ...args,
      '-map',
      '[out]',
      output,
    ])
    expect(probeSeconds(output)).toBeCloseTo(1.5, 2)
  })

  it('spells it -/filter_complex for an FFmpeg that no longer has -filter_complex_script', async () => {
    // FFmpeg 9 removed the option (7 and 8 deprecate it, and read any option's value from a file
    // as -/option). Only FFmpeg 5.1 can be installed here, so a stand-in answers `-h long` with
    // an option list without it, as FFmpeg 9's does.
    const dir = scratch()
    const newer = path.join(dir, 'ffmpeg9')
    writeFileSync(
      newer,
      '#!/bin/sh\nprintf -- "-filter_complex graph_description  create a complex filtergraph\\n"\n',
    )
    chmodSync(newer, 0o755)
    const args = await filterGraphArgs(newer, 'x'.repeat(inlineGraphLimit + 1), dir, 'g')
    expect(args).toEqual(['-/filter_complex', path.join(dir, 'g.graph')])
    expect(existsSync(path.join(dir, 'g.graph'))).toBe(true)
  })
})
