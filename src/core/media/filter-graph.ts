import { promises as fs } from 'node:fs'
import path from 'node:path'
import { runTool } from './ffmpeg.ts'

/**
 * A graph longer than this goes to FFmpeg in a file: hundreds of cuts or redactions make graphs
 * of 100,000 characters, and Windows allows a whole command line 32,767. Shorter graphs stay on
 * the command line, which the log then shows whole, ready to paste.
 */
export const inlineGraphLimit = 20_000

/**
 * How this FFmpeg reads a filter graph from a file, by path, found once per process.
 * `-filter_complex_script FILE` works from FFmpeg 2 to 8 (deprecated in 7) and is gone in 9;
 * `-/filter_complex FILE` (an option's value read from a file) exists from 7 on. An FFmpeg whose
 * own option list names `-filter_complex_script` takes it; any other takes `-/filter_complex`.
 */
const spellings = new Map<string, Promise<'script' | 'slash'>>()

function spellingFor(ffmpeg: string): Promise<'script' | 'slash'> {
  let spelling = spellings.get(ffmpeg)
  if (!spelling) {
    spelling = runTool(ffmpeg, ['-hide_banner', '-h', 'long'], {
      captureStdout: true,
      timeoutMs: 10_000,
    }).then(
      ({ stdout }) => (/^-filter_complex_script\b/m.test(stdout) ? 'script' : 'slash'),
      () => 'slash' as const,
    )
    spellings.set(ffmpeg, spelling)
  }
  return spelling
}

/**
 * The arguments that give `graph` to `ffmpeg` as its complex filter graph: on the command line
 * when short, else written to `NAME.graph` in `scratch` (a folder the caller removes).
 */
export async function filterGraphArgs(
  ffmpeg: string,
  graph: string,
  scratch: string,
  name: string,
): Promise<string[]> {
  if (graph.length <= inlineGraphLimit) return ['-filter_complex', graph]
  const file = path.join(scratch, `${name}.graph`)
  await fs.writeFile(file, graph)
  const spelling = await spellingFor(ffmpeg)
  return spelling === 'script' ? ['-filter_complex_script', file] : ['-/filter_complex', file]
}
