import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dispatch } from '../../src/core/api/index.ts'
import { exportBag } from '../../src/core/archive/bagit.ts'
import { Voces } from '../../src/core/voces.ts'
import { databaseOf, mediaDir, tempDir } from '../helpers.ts'
import { ingestOne, recordingIdOf } from '../media/media-fixtures.ts'

// Logs never hold transcript text (decision 0007). A full run (ingest, transcripts, subtitles, export,
// bag, redaction, failures) goes through one library; then its log is searched for every word of
// the test recordings' reference texts and subtitles.
let voces: Voces
let dir: string
let cleanup: () => void

const references = JSON.parse(
  readFileSync(path.join(mediaDir, 'references.json'), 'utf8'),
) as Record<string, { text?: string; language: string }>
const srtFile = path.join(mediaDir, 'video', 'whisperx_sample01.wav.srt')
/** Distinctive words only: short ones ("and", "you") occur in any JSON line by chance. */
function distinctiveWords(): string[] {
  const text = [
    ...Object.values(references).map((r) => r.text ?? ''),
    readFileSync(srtFile, 'utf8').replace(/^\d+$|^[\d:,]+ --> [\d:,]+$/gm, ''),
  ].join(' ')
  // File names are logged with the commands run on them; they are not transcript text.
  const names = Object.keys(references).join(' ').toLowerCase()
  const common = new Set([
    'recording',
    'recordings',
    'library',
    'should',
    'export',
    'before',
    'there',
  ])
  return [...new Set(text.toLowerCase().match(/\p{L}{6,}/gu) ?? [])].filter(
    (w) => !common.has(w) && !names.includes(w),
  )
}

beforeAll(async () => {
  ;({ dir, cleanup } = tempDir())
  voces = new Voces({ libraryDir: path.join(dir, 'library') })
}, 60_000)
afterAll(async () => {
  await voces.close()
  cleanup()
})

describe('logs', () => {
  it('hold no word of any transcript after a full run', async () => {
    const ctx = { voces, transport: 'cli' as const }
    const ids: string[] = []
    for (const [file, ref] of Object.entries(references)) {
      const id = recordingIdOf(await ingestOne(voces, path.join(mediaDir, file)))
      ids.push(id)
      await voces.storage.recordings.update(id, { consentStatus: 'given' })
      if (!ref.text) continue
      const at = new Date().toISOString()
      const track = databaseOf(voces)
        .prepare(
          "INSERT INTO tracks (recording_id, language, kind, origin, created_at, updated_at) VALUES (?, ?, 'transcript', 'typed', ?, ?)",
        )
        .run(id, ref.language, at, at).lastInsertRowid
      databaseOf(voces)
        .prepare(
          'INSERT INTO segments (track_id, start, end, language, text) VALUES (?, 0, 2, ?, ?)',
        )
        .run(track, ref.language, ref.text)
    }
    const video =
      (await voces.storage.recordings.list()).find((r) => r.title === 'whisperx_sample01')?.id ?? ''
    await voces.storage.recordings.update(video, { consentStatus: 'given' })
    expect(
      (
        await dispatch(
          'subtitles.import',
          { recordingId: video, language: 'en', path: srtFile },
          ctx,
        )
      ).ok,
    ).toBe(true)
    const broken = path.join(dir, 'broken.srt')
    writeFileSync(broken, '1\n00:00:01,000 --> nonsense\nCountry Americans fellow\n')
    expect(
      (
        await dispatch(
          'subtitles.import',
          { recordingId: video, language: 'es', path: broken },
          ctx,
        )
      ).ok,
    ).toBe(false)
    const first = ids[0] ?? ''
    const exported = await dispatch(
      'export.podcast',
      { source: first, output: path.join(dir, 'out.mp3') },
      ctx,
    )
    if (exported.ok) await voces.jobs.waitFor((exported.value as { jobId: string }).jobId)
    await exportBag(voces, first, path.join(dir, 'bag'))
    expect(
      (
        await dispatch(
          'redaction.apply',
          { recordingId: first, target: { word: 'Americans' }, confirm: true },
          ctx,
        )
      ).ok,
    ).toBe(true)

    const logs = readdirSync(voces.layout.logs)
      .map((f) => readFileSync(path.join(voces.layout.logs, f), 'utf8').toLowerCase())
      .join('\n')
    expect(logs.length).toBeGreaterThan(100)
    const words = distinctiveWords()
    expect(words.length).toBeGreaterThan(40)
    expect(words.filter((word) => logs.includes(word))).toEqual([])
  }, 240_000)
})
