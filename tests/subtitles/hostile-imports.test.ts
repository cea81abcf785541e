import { execFileSync } from 'node:child_process'
import { closeSync, constants, openSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/main.ts'
import { dispatch } from '../../src/core/api/index.ts'
import { parseSubtitles } from '../../src/core/subtitles/formats.ts'
import { Voces } from '../../src/core/voces.ts'
import type {
  ApiError,
  EditorTranscript,
  SubtitleCue,
  Subtitles,
  TranscriptTrack,
} from '../../src/shared/contract/index.ts'
import { captureIo, mediaDir, tempDir } from '../helpers.ts'

let dir: string
let cleanup: () => void
let library: string
let id: string

async function cli(args: string[]) {
  const c = captureIo()
  const code = await runCli(['--library', library, ...args], c.io)
  return { code, out: c.out(), err: c.err() }
}

/**
 * The CLI, given at most 30 s: reading a FIFO or /dev/zero used to never return, and a
 * regression must fail the test rather than hang it. A reader stuck opening the FIFO is then
 * released by opening its other end.
 */
async function bounded(args: string[], fifo: string) {
  const c = captureIo()
  let timer: NodeJS.Timeout | undefined
  const limit = new Promise<'hung'>((resolve) => {
    timer = setTimeout(() => resolve('hung'), 30_000)
  })
  const code = await Promise.race([runCli(args, c.io), limit])
  clearTimeout(timer)
  if (code === 'hung') {
    closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK))
    throw new Error(`voces ${args.join(' ')} did not return in 30 s`)
  }
  return { code, out: c.out(), err: c.err() }
}

async function call<T>(method: string, input: unknown): Promise<T> {
  const result = await attempt(method, input)
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`)
  return result.value as T
}

async function attempt(
  method: string,
  input: unknown,
): Promise<{ ok: true; value: unknown } | { ok: false; error: ApiError }> {
  const voces = new Voces({ libraryDir: library, startJobs: false })
  try {
    return await dispatch(method, input, { voces, transport: 'cli' })
  } finally {
    await voces.close()
  }
}

async function failure(method: string, input: unknown): Promise<ApiError> {
  const result = await attempt(method, input)
  if (result.ok) throw new Error(`${method} was accepted`)
  return result.error
}

function srt(...cues: Array<[string, string, string]>): string {
  return cues.map(([start, end, text], k) => `${k + 1}\n${start} --> ${end}\n${text}\n`).join('\n')
}

const twoCues = srt(
  ['00:00:00,300', '00:00:04,000', 'And so my fellow Americans,'],
  ['00:00:04,200', '00:00:10,500', 'ask not what your country can do for you.'],
)

beforeAll(async () => {
  ;({ dir, cleanup } = tempDir('voces-hostile-'))
  library = path.join(dir, 'lib')
  const ingest = await cli(['ingest', path.join(mediaDir, 'en/jfk.wav'), '--json'])
  expect(ingest.code).toBe(0)
  id = (JSON.parse(ingest.out) as Array<{ id: string }>)[0]?.id ?? ''
}, 60_000)
afterAll(() => cleanup())

describe('an import never replaces work without being asked', () => {
  it('refuses an empty SRT (exit 1, nothing changed) instead of reading 0 cues over verified cues', async () => {
    const file = path.join(dir, 'cues.srt')
    writeFileSync(file, twoCues)
    expect((await cli(['subtitles', 'import', id, file, '--track', 'en'])).code).toBe(0)
    const { cues } = await call<Subtitles>('subtitles.get', { recordingId: id })
    await call<SubtitleCue>('subtitles.updateCue', {
      cueId: cues[0]?.id,
      language: 'en',
      text: 'And so, my fellow Americans,',
      review: 'verified',
      reviewedBy: 'Marisol',
    })
    const before = await call<Subtitles>('subtitles.get', { recordingId: id })
    const empty = path.join(dir, 'empty.srt')
    writeFileSync(empty, '')
    for (const extra of [[], ['--replace']]) {
      const imported = await cli(['subtitles', 'import', id, empty, '--track', 'en', ...extra])
      expect(imported.code).toBe(1)
      expect(imported.err).toMatch(/empty\.srt holds no subtitle text, so nothing was imported/)
      expect(imported.out).not.toMatch(/Read 0 cues/)
    }
    expect(await call<Subtitles>('subtitles.get', { recordingId: id })).toEqual(before)

    const again = await cli(['subtitles', 'import', id, file, '--track', 'en'])
    expect(again.code).toBe(1)
    expect(again.err).toMatch(
      /Importing cues\.srt would replace 2 subtitle cues of recording \S+, 1 of them verified by a person\. Nothing was changed\. Add --replace to replace them\./,
    )
    expect(await call<Subtitles>('subtitles.get', { recordingId: id })).toEqual(before)
    const error = await failure('subtitles.import', { recordingId: id, language: 'en', path: file })
    expect(error).toMatchObject({
      code: 'SUBTITLES_IMPORT_REPLACES',
      params: { file: 'cues.srt', count: 2, verified: 1 },
    })

    const replaced = await cli(['subtitles', 'import', id, file, '--track', 'en', '--replace'])
    expect(replaced.code).toBe(0)
    const after = await call<Subtitles>('subtitles.get', { recordingId: id })
    expect(after.cues.map((cue) => cue.texts.en?.review)).toEqual(['machine', 'machine'])
  })

  it('imports another language onto cues that have none without asking, and asks once it has', async () => {
    const file = path.join(dir, 'es.srt')
    writeFileSync(
      file,
      srt(
        ['00:00:00,300', '00:00:04,000', 'Y así, compatriotas,'],
        ['00:00:04,200', '00:00:10,500', 'no pregunten.'],
      ),
    )
    expect((await cli(['subtitles', 'import', id, file, '--track', 'es'])).code).toBe(0)
    const again = await cli(['subtitles', 'import', id, file, '--track', 'es'])
    expect(again.code).toBe(1)
    expect(again.err).toMatch(
      /would replace 2 Spanish subtitle texts of recording \S+, 0 of them verified/,
    )
  })

  it('refuses a transcript import over checked segments and typed edits, naming how many; --replace replaces', async () => {
    const first = path.join(dir, 'first.srt')
    writeFileSync(first, twoCues)
    const imported = await cli(['transcript', 'import', id, first, '--track', 'en'])
    expect(imported.code).toBe(0)
    const editor = await call<EditorTranscript>('editor.load', { recordingId: id, track: 'en' })
    const [one, two] = editor.segments
    await call('editor.editText', { segmentId: two?.id, text: 'ask not what your union can do' })
    await call('editor.review', { segmentIds: [one?.id], review: 'verified', reviewedBy: 'Ana' })
    const before = await call<TranscriptTrack>('transcripts.get', { recordingId: id, track: 'en' })

    const oneCue = path.join(dir, 'one.vtt')
    writeFileSync(oneCue, 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHello\n')
    const refused = await cli(['transcript', 'import', id, oneCue, '--track', 'en'])
    expect(refused.code).toBe(1)
    expect(refused.err).toMatch(
      /Importing one\.vtt would replace the English transcript of recording \S+: 2 segments, 1 of them verified by a person\. Nothing was changed\. Add --replace to replace it\./,
    )
    const after = await call<TranscriptTrack>('transcripts.get', { recordingId: id, track: 'en' })
    expect(after.segments).toEqual(before.segments)
    expect(after.segments[1]?.text).toBe('ask not what your union can do')

    const empty = path.join(dir, 'empty.json')
    writeFileSync(empty, JSON.stringify({ segments: [] }))
    const nothing = await cli(['transcript', 'import', id, empty, '--track', 'en', '--replace'])
    expect(nothing.code).toBe(1)
    expect(nothing.err).toMatch(/empty\.json holds no transcript text, so nothing was imported/)

    const replaced = await cli(['transcript', 'import', id, oneCue, '--track', 'en', '--replace'])
    expect(replaced.code).toBe(0)
    const now = await call<TranscriptTrack>('transcripts.get', { recordingId: id, track: 'en' })
    expect(now.segments.map((s) => s.text)).toEqual(['Hello'])
  })

  it('counts a source transcript in another language as replaced too', async () => {
    const file = path.join(dir, 'es.json')
    writeFileSync(
      file,
      JSON.stringify({ language: 'es', segments: [{ start: 1, end: 2, text: 'Hola' }] }),
    )
    // A Spanish file becomes the source transcript, which takes the English one's place.
    const refused = await cli(['transcript', 'import', id, file, '--track', 'es'])
    expect(refused.code).toBe(1)
    expect(refused.err).toMatch(
      /would replace the English transcript of recording \S+: 1 segment, 0 of them/,
    )
  })
})

describe('only regular files are read', () => {
  it('refuses a FIFO and /dev/zero at once, naming the file, instead of waiting forever', async () => {
    const fifo = path.join(dir, 'pipe.srt')
    execFileSync('mkfifo', [fifo])
    for (const args of [
      ['--library', library, 'subtitles', 'import', id, fifo, '--track', 'en', '--replace'],
      ['--library', library, 'transcript', 'import', id, fifo, '--track', 'en', '--replace'],
      ['subtitles', 'check', fifo],
      ['subtitles', 'check', '/dev/zero'],
      ['subtitles', 'check', '/proc/self/environ'],
    ]) {
      const result = await bounded(args, fifo)
      expect(result.code, args.join(' ')).toBe(1)
      expect(result.err).toMatch(/(pipe\.srt|zero|environ) is not a regular file/)
    }
  }, 120_000)

  it('refuses a file over the 50 MB limit without reading it', async () => {
    const big = path.join(dir, 'big.srt')
    const fd = openSync(big, 'w')
    closeSync(fd)
    execFileSync('truncate', ['-s', '51M', big])
    const checked = await cli(['subtitles', 'check', big])
    expect(checked.code).toBe(1)
    expect(checked.err).toMatch(/big\.srt is larger than 50 MB/)
  })
})

describe('times must be finite, ordered and inside the recording', () => {
  it('refuses an hour field of hundreds of digits with its line, rather than exporting Infinity:NaN:NaN', async () => {
    const file = path.join(dir, 'huge.srt')
    writeFileSync(file, srt([`${'9'.repeat(400)}:00:00,000`, `${'9'.repeat(400)}:00:01,000`, 'x']))
    const checked = await cli(['subtitles', 'check', file])
    expect(checked.code).toBe(1)
    expect(checked.err).toMatch(/Line 2: a time is more than 10,000 hours/)
    const before = await call<Subtitles>('subtitles.get', { recordingId: id })
    const imported = await cli(['subtitles', 'import', id, file, '--track', 'en', '--replace'])
    expect(imported.code).toBe(1)
    expect(await call<Subtitles>('subtitles.get', { recordingId: id })).toEqual(before)
  })

  it('refuses a cue at 5 h on an 11-second recording, and a segment at 1e15 s or ending before it starts', async () => {
    const before = await call<Subtitles>('subtitles.get', { recordingId: id })
    const late = path.join(dir, 'late.srt')
    writeFileSync(
      late,
      srt(['00:00:01,000', '00:00:02,000', 'a'], ['05:00:00,000', '05:00:02,000', 'b']),
    )
    const imported = await cli(['subtitles', 'import', id, late, '--track', 'en', '--replace'])
    expect(imported.code).toBe(1)
    expect(imported.err).toMatch(
      /Cue 2 ends at 18002 s, after the end of the recording \(11(\.\d+)? s\)/,
    )
    expect(await call<Subtitles>('subtitles.get', { recordingId: id })).toEqual(before)

    const track = await call<TranscriptTrack>('transcripts.get', { recordingId: id, track: 'en' })
    const far = path.join(dir, 'far.json')
    writeFileSync(far, JSON.stringify({ segments: [{ start: 1e15, end: 1e15 + 1, text: 'x' }] }))
    const farOut = await cli(['transcript', 'import', id, far, '--track', 'en', '--replace'])
    expect(farOut.code).toBe(1)
    expect(farOut.err).toMatch(
      /Segment 1 ends at 1000000000000001 s, after the end of the recording/,
    )
    const reversed = path.join(dir, 'reversed.json')
    writeFileSync(
      reversed,
      JSON.stringify({
        segments: [
          { start: 1, end: 2, text: 'a' },
          { start: 5, end: 3, text: 'b' },
        ],
      }),
    )
    const reversedOut = await cli([
      'transcript',
      'import',
      id,
      reversed,
      '--track',
      'en',
      '--replace',
    ])
    expect(reversedOut.code).toBe(1)
    expect(reversedOut.err).toMatch(/Segment 2 ends \(3 s\) before it starts \(5 s\)/)
    const lateError = await attempt('transcripts.import', {
      recordingId: id,
      track: 'en',
      fileName: 'late.srt',
      text: srt(['00:00:10,000', '00:00:12,500', 'a']),
      replace: true,
    })
    expect(lateError.ok).toBe(false)
    expect(
      await call<TranscriptTrack>('transcripts.get', { recordingId: id, track: 'en' }),
    ).toEqual(track)
    // Within the second of tolerance past the end (11.0 s): a lingering last cue is fine.
    const linger = await attempt('transcripts.import', {
      recordingId: id,
      track: 'en',
      fileName: 'linger.srt',
      text: srt(['00:00:10,000', '00:00:11,800', 'a']),
      replace: true,
    })
    expect(linger.ok).toBe(true)
  })

  it('refuses edits that put a cue or a segment outside the recording', async () => {
    const { cues } = await call<Subtitles>('subtitles.get', { recordingId: id })
    const cue = cues[0] as SubtitleCue
    expect(await failure('subtitles.updateCue', { cueId: cue.id, end: 18_000 })).toMatchObject({
      code: 'TIME_PAST_END',
    })
    expect(await failure('subtitles.updateCue', { cueId: cue.id, start: 5, end: 4 })).toMatchObject(
      {
        code: 'TIME_REVERSED',
      },
    )
    expect(await failure('subtitles.updateCue', { cueId: cue.id, end: Infinity })).toMatchObject({
      code: 'INVALID_INPUT',
    })
    expect(
      await failure('subtitles.apply', {
        patch: { recordingId: id, put: [{ ...cue, start: 1e15, end: 1e15 + 1 }], remove: [] },
      }),
    ).toMatchObject({ code: 'TIME_PAST_END' })
    expect(await failure('subtitles.insertCue', { recordingId: id, at: 1e15 })).toMatchObject({
      code: 'TIME_PAST_END',
    })
    const editor = await call<EditorTranscript>('editor.load', { recordingId: id, track: 'en' })
    const segment = editor.segments[0]
    if (!segment) throw new Error('no segment')
    const patch = {
      recordingId: id,
      track: 'en',
      put: [{ ...segment, start: 1e15, end: 1e15 + 1 }],
      remove: [],
      speakers: [],
      removeSpeakers: [],
    }
    expect(await failure('editor.apply', { patch })).toMatchObject({ code: 'TIME_PAST_END' })
    expect(await call<Subtitles>('subtitles.get', { recordingId: id })).toMatchObject({ cues })
    expect(await call<EditorTranscript>('editor.load', { recordingId: id, track: 'en' })).toEqual(
      editor,
    )
  })
})

describe('WebVTT character references', () => {
  it('refuses &#x110000; as malformed at its line, not with an internal error', async () => {
    const text = 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nfine\nbad &#x110000; here\n'
    expect(() => parseSubtitles(text)).toThrow(/^Line 5: "&#x110000;" names no character\.$/)
    const file = path.join(dir, 'bad.vtt')
    writeFileSync(file, text)
    const checked = await cli(['subtitles', 'check', file])
    expect(checked.code).toBe(1)
    expect(checked.err).toMatch(/bad\.vtt: Line 5:/)
    expect(
      parseSubtitles('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n&#xF1;and&#241;\n').cues[0]?.text,
    ).toBe('ñandñ')
  })
})
