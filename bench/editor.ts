// The transcript editor at the scale of a 3-hour interview (2,500 segments).
// Core: load of the whole track with ids, and a text edit, a split + undo and a find-and-replace
// across the track, each a whole call through the API dispatcher (validation, transaction, undo
// patch). Browser build (when out/renderer and Chromium are here): time from navigation to the
// first segment shown, and from a keystroke in a segment to the next frame.
// Targets: edit p95 under 20 ms in the core; keystroke to frame p95 under 50 ms.
import { existsSync } from 'node:fs'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { dispatch } from '../src/core/api/index.ts'
import { startIngest } from '../src/core/media/ingest.ts'
import { Voces } from '../src/core/voces.ts'
import { startHttpServer } from '../src/server/http-server.ts'
import type { EditorChange, EditorTranscript } from '../src/shared/contract/index.ts'
import { storeLongTranscript } from '../tests/editor/long-transcript.ts'
import { databaseOf, mediaDir, repoRoot, tempDir } from '../tests/helpers.ts'

const runs = 50
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

function stats(list: number[]) {
  const sorted = [...list].sort((a, b) => a - b)
  const at = (p: number) =>
    Math.round((sorted[Math.floor((sorted.length - 1) * p)] ?? NaN) * 100) / 100
  return { median: at(0.5), p95: at(0.95), runs: list.length }
}

async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now()
  const value = await work()
  return [performance.now() - start, value]
}

export async function benchEditor(): Promise<object> {
  const library = tempDir('voces-bench-editor-')
  const voces = new Voces({ libraryDir: path.join(library.dir, 'library') })
  try {
    const { jobs } = await startIngest(voces, [path.join(mediaDir, 'en', 'jfk.wav')])
    await voces.jobs.waitFor(jobs[0]?.jobId ?? '')
    const recordingId = (await voces.storage.recordings.list())[0]?.id ?? ''
    storeLongTranscript(databaseOf(voces), recordingId)
    // The long transcript runs past jfk.wav's 11 s; undo patches must keep inside the recording
    // (docs/decisions/0086-times-inside-the-recording.md).
    databaseOf(voces)
      .prepare('UPDATE recordings SET duration = ? WHERE id = ?')
      .run(3 * 3600, recordingId)
    const ctx = { voces, transport: 'http' as const }
    const call = async <T>(method: string, input: unknown) => {
      const result = await dispatch(method, input, ctx)
      if (!result.ok) throw new Error(result.error.message)
      return result.value as T
    }

    const loads: number[] = []
    let transcript: EditorTranscript | null = null
    for (let n = 0; n < 10; n += 1) {
      const [ms, value] = await timed(() => call<EditorTranscript>('editor.load', { recordingId }))
      loads.push(ms)
      transcript = value
    }
    const segments = transcript?.segments ?? []
    const edits: number[] = []
    const splits: number[] = []
    for (let n = 0; n < runs; n += 1) {
      const segment = segments[(n * 37) % segments.length]
      if (!segment) continue
      edits.push(
        (
          await timed(() =>
            call('editor.editText', { segmentId: segment.id, text: `${segment.text} indeed` }),
          )
        )[0],
      )
      const [ms, change] = await timed(() =>
        call<EditorChange>('editor.split', { segmentId: segment.id, wordIndex: 3 }),
      )
      splits.push(ms)
      await call('editor.apply', { patch: change.undo })
    }
    const [replaceMs, replaced] = await timed(() =>
      call<EditorChange>('editor.replace', {
        recordingId,
        track: 'en',
        find: 'union',
        replace: 'local',
      }),
    )
    const core = {
      segments: segments.length,
      words: segments.reduce((sum, segment) => sum + segment.words.length, 0),
      loadMs: stats(loads),
      loadJsonKiB: Math.round(JSON.stringify(transcript).length / 1024),
      editTextMs: stats(edits),
      splitMs: stats(splits),
      replaceAcrossTrack: { ms: Math.round(replaceMs), replaced: replaced.count },
    }

    const rendererDir = path.join(repoRoot, 'out', 'renderer')
    if (!existsSync(path.join(rendererDir, 'index.html')) || !existsSync(chromiumPath)) {
      return {
        core,
        browser: 'skipped: build the renderer (npx electron-vite build) and have Chromium',
      }
    }
    const { chromium } = await import('playwright-core')
    const server = await startHttpServer({ voces, port: 0, rendererDir })
    const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] })
    try {
      const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } })
      await page.goto(server.url)
      const usable: number[] = []
      for (let n = 0; n < 5; n += 1) {
        await page.goto('about:blank')
        const start = performance.now()
        await page.goto(`${server.origin}/#/recording/${encodeURIComponent(recordingId)}`)
        await page.locator('.seg').first().waitFor()
        usable.push(performance.now() - start)
      }
      await page
        .locator('.seg')
        .nth(3)
        .getByRole('button', { name: /Edit text|Editar texto/ })
        .click()
      const area = page.locator('.seg textarea')
      await area.press('End')
      await page.evaluate(`(() => {
        window.__keyDelays = []
        document.addEventListener('keydown', () => {
          const at = performance.now()
          requestAnimationFrame(() => window.__keyDelays.push(performance.now() - at))
        }, true)
      })()`)
      await area.pressSequentially(' and then we went back to the hall to vote on it', {
        delay: 40,
      })
      const delays = await page.evaluate<number[]>('window.__keyDelays')
      return {
        core,
        browser: {
          usableAfterNavigationMs: stats(usable),
          keystrokeToFrameMs: stats(delays),
          segmentsInDom: await page.locator('.seg').count(),
        },
      }
    } finally {
      await browser.close()
      await server.close()
    }
  } finally {
    await voces.close()
    library.cleanup()
  }
}
