import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dispatch } from '../../src/core/api/index.ts'
import { Voces } from '../../src/core/voces.ts'
import type { ExportResult, Job } from '../../src/shared/contract/index.ts'
import { validationMessage } from '../../src/shared/i18n/validation.ts'
import { mediaDir, tempDir } from '../helpers.ts'
import { ingestOne, recordingIdOf } from '../media/media-fixtures.ts'
import { processesMentioning } from '../reliability/kills.ts'

// A NUL in a title or description made the podcast export hang for ever with FFmpeg left
// running (the encoder's -metadata argument cannot hold one, so it never started, and its
// producer blocked on a pipe nobody read). Decision 0093.

let voces: Voces
let dir: string
let cleanup: () => void
let recording: string

beforeAll(async () => {
  ;({ dir, cleanup } = tempDir('voces-hostile-'))
  voces = new Voces({ libraryDir: path.join(dir, 'library') })
  recording = recordingIdOf(
    await ingestOne(voces, path.join(mediaDir, 'en', 'silero_vad_en_60s.wav')),
  )
  await voces.storage.recordings.update(recording, { consentStatus: 'given' })
})
afterAll(async () => {
  await voces.close()
  cleanup()
})

const ctx = () => ({ voces, transport: 'cli' as const })

describe('the contract refuses text the formats cannot carry', () => {
  it('a NUL in a title is refused with a sentence naming the field, in English and Spanish, and nothing changes', async () => {
    const before = (await voces.storage.recordings.require(recording)).title
    const result = await dispatch(
      'library.update',
      { id: recording, patch: { title: 'Huelga\u0000 del calor' } },
      ctx(),
    )
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.code).toBe('INVALID_INPUT')
    expect(result.error.message).toMatch(/^Title: remove the invisible control character/)
    expect(validationMessage('es', result.error.params ?? {})).toMatch(
      /^Título: quite el carácter de control invisible/,
    )
    expect((await voces.storage.recordings.require(recording)).title).toBe(before)
  })

  it('every free-text field has the rule: episode description, chapter titles, show notes, speaker names', async () => {
    const nul = 'a\u0000b'
    const calls: Array<[string, unknown]> = [
      [
        'episodes.create',
        { title: 'E', descriptionEs: nul, clips: [{ recordingId: recording, start: 0, end: 10 }] },
      ],
      ['episodes.create', { title: nul, clips: [{ recordingId: recording, start: 0, end: 10 }] }],
      ['episodes.setChapters', { id: 'x', chapters: [{ start: 0, titleEn: nul, titleEs: '' }] }],
      ['episodes.setNotes', { id: 'x', notes: { bodyEn: nul } }],
      ['library.update', { id: recording, patch: { notes: `line\n${nul}` } }],
      ['editor.renameSpeaker', { speakerId: 1, name: nul }],
    ]
    for (const [method, input] of calls) {
      const result = await dispatch(method, input, ctx())
      expect(result.ok, method).toBe(false)
      if (!result.ok) expect(result.error.params?.format, method).toBe('text')
    }
    // A multi-line field keeps its line breaks and tabs; a one-line field refuses them.
    const notes = await dispatch(
      'library.update',
      { id: recording, patch: { notes: 'first line\n\tsecond line' } },
      ctx(),
    )
    expect(notes.ok).toBe(true)
    const title = await dispatch(
      'library.update',
      { id: recording, patch: { title: 'two\nlines' } },
      ctx(),
    )
    expect(title.ok).toBe(false)
  })
})

describe('a podcast export with such text in the library', () => {
  it('finishes (does not hang), writes the text without it, and leaves no FFmpeg behind', async () => {
    // Past the contract: a title read from a file's tags, or a library from an older Voces.
    await voces.storage.recordings.update(recording, {
      title: 'Huelga\u0000 del\u0001 calor',
      notes: 'Notas\u0000 de la\nhuelga',
    })
    const output = path.join(dir, 'huelga.mp3')
    const started = await dispatch(
      'export.podcast',
      { source: recording, output, publishUrl: 'https://center.example.org/e/' },
      ctx(),
    )
    expect(started.ok).toBe(true)
    if (!started.ok) return
    const jobId = (started.value as { jobId: string }).jobId
    const job = await Promise.race([
      voces.jobs.waitFor(jobId),
      new Promise<Job>((_, reject) =>
        setTimeout(() => reject(new Error('the export hung')), 60_000).unref(),
      ),
    ])
    expect(job.error).toBeNull()
    expect(job.state).toBe('succeeded')
    const tags = JSON.parse(
      execFileSync('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_format', output], {
        encoding: 'utf8',
      }),
    ) as { format: { tags?: Record<string, string> } }
    expect(tags.format.tags?.title).toBe('Huelga del calor')
    expect((job.result as ExportResult).output).toBe(output)
    expect(processesMentioning(dir)).toEqual([])
  }, 90_000)
})
