import { spawn } from 'node:child_process'
import path from 'node:path'
import { dispatch } from '../../src/core/api/index.ts'
import { Voces } from '../../src/core/voces.ts'
import { mediaDir, repoRoot } from '../helpers.ts'
import { ingestOne, recordingIdOf } from '../media/media-fixtures.ts'

/** A library with one recording and a transcript of `count` segments to edit. */
export async function editableLibrary(
  dir: string,
  count = 12,
): Promise<{ libraryDir: string; recordingId: string; segmentIds: number[] }> {
  const libraryDir = path.join(dir, 'library')
  const voces = new Voces({ libraryDir })
  try {
    const recordingId = recordingIdOf(await ingestOne(voces, path.join(mediaDir, 'en', 'jfk.wav')))
    const segments = Array.from({ length: count }, (_, i) => ({
      start: i * 0.8,
      end: i * 0.8 + 0.7,
      text: `segment ${i}`,
    }))
    const ctx = { voces, transport: 'cli' as const }
    const imported = await dispatch(
      'transcripts.import',
      { recordingId, track: 'en', fileName: 't.json', text: JSON.stringify({ segments }) },
      ctx,
    )
    if (!imported.ok) throw new Error(imported.error.message)
    const loaded = await dispatch('editor.load', { recordingId, track: 'en' }, ctx)
    if (!loaded.ok || !loaded.value) throw new Error('no transcript to edit')
    const segmentIds = (loaded.value as { segments: Array<{ id: number }> }).segments.map(
      (s) => s.id,
    )
    return { libraryDir, recordingId, segmentIds }
  } finally {
    await voces.close()
  }
}

export interface EditKillOutcome {
  acknowledged: number
  /** Acknowledged edits not in the library after the kill (must be 0). */
  lost: number
}

/**
 * Starts the edit writer, kills it with SIGKILL `delayMs` after it is ready, then opens the library
 * and checks each segment holds its last acknowledged edit or a later one (an edit can commit and
 * the process die before it says so).
 */
export async function killEdits(
  libraryDir: string,
  recordingId: string,
  segmentIds: readonly number[],
  delayMs: number,
): Promise<EditKillOutcome> {
  const writer = path.join(repoRoot, 'tests', 'reliability', 'edit-writer.ts')
  const child = spawn(process.execPath, [writer, libraryDir, ...segmentIds.map(String)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let out = ''
  child.stdout.setEncoding('utf8')
  child.stdout.on('data', (chunk: string) => (out += chunk))
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()))
  await new Promise<void>((resolve, reject) => {
    const wait = setInterval(() => {
      if (out.includes('ready\n')) {
        clearInterval(wait)
        resolve()
      }
    }, 10)
    setTimeout(() => reject(new Error('the edit writer did not start')), 30_000)
  })
  await new Promise((resolve) => setTimeout(resolve, delayMs))
  child.kill('SIGKILL')
  await exited
  const last = new Map<number, number>()
  let acknowledged = 0
  for (const line of out.split('\n')) {
    const match = /^ack (\d+) (\d+)$/.exec(line)
    if (!match) continue
    acknowledged++
    last.set(Number(match[2]), Number(match[1]))
  }
  const voces = new Voces({ libraryDir, startJobs: false })
  try {
    const loaded = await dispatch(
      'editor.load',
      { recordingId, track: 'en' },
      { voces, transport: 'cli' },
    )
    const segments = loaded.ok
      ? ((loaded.value as { segments: Array<{ id: number; text: string }> } | null)?.segments ?? [])
      : []
    const stored = new Map(segments.map((s) => [s.id, s.text] as const))
    let lost = 0
    for (const [segmentId, n] of last) {
      const text = stored.get(segmentId) ?? ''
      const storedN = Number(/^edit (\d+)$/.exec(text)?.[1] ?? -1)
      if (storedN < n) lost++
    }
    return { acknowledged, lost }
  } finally {
    await voces.close()
  }
}
