// The hostile-input trials, kept (decision 0093's "keep it found"): subtitle and transcript files
// and API calls generated at random from hostile pieces, fed to the real readers and the real
// loopback server. Each case must end as a result or as a Voces error with words in both
// catalogues: never an internal error, a 5xx, a hang, or a time outside the recording. The tests
// run a bounded number of cases; `npm run bench reliability` runs the full size.
import fc from 'fast-check'
import http from 'node:http'
import { readSubtitles } from '../../src/core/subtitles/formats.ts'
import { importTranscript } from '../../src/core/transcripts/formats.ts'
import { VocesError } from '../../src/shared/contract/index.ts'
import { en } from '../../src/shared/i18n/en.ts'
import { es } from '../../src/shared/i18n/es.ts'

/** Pieces people and tools really put in files, and pieces attackers do. */
const hostileText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom(
    '\u0000',
    '\u001B[31m',
    '&#x110000;',
    '&#0;',
    '&amp;&lt;&gt;',
    '\uD800',
    '\uFEFF',
    '{\\an8}{\\pos(0,0)}',
    '\\N\\h\\n',
    '<v Ana>',
    '<c.red>',
    '</i>',
    '-->',
    ' --> ',
    '9'.repeat(400),
    '-1',
    '1e308',
    'NaN',
    '__proto__',
    'canción',
    'canci\u00f3n',
  ),
)

const clock = fc.oneof(
  fc.constantFrom('00:00:01,000', '00:00:02.500', '99:59:59,999', '00:00:00,000', '0:00:01.00'),
  fc
    .tuple(fc.nat(1_000_000), fc.nat(99), fc.nat(99), fc.nat(9999))
    .map(([h, m, s, ms]) => `${h}:${m}:${s},${ms}`),
  hostileText,
)

const srtCue = fc
  .tuple(fc.nat(100_000), clock, clock, fc.array(hostileText, { maxLength: 3 }))
  .map(([n, from, to, lines]) => `${n}\n${from} --> ${to}\n${lines.join('\n')}\n`)
const vttCue = fc
  .tuple(clock, clock, fc.array(hostileText, { maxLength: 3 }))
  .map(
    ([from, to, lines]) =>
      `${from.replace(',', '.')} --> ${to.replace(',', '.')}\n${lines.join('\n')}\n`,
  )
const assLine = fc
  .tuple(clock, clock, hostileText)
  .map(([from, to, text]) => `Dialogue: 0,${from},${to},Default,,0,0,0,,${text}`)

/** One subtitle or transcript file: a real format's frame with hostile cues, then mangled bytes. */
export const hostileFile = fc
  .tuple(
    fc.oneof(
      fc.array(srtCue, { maxLength: 6 }).map((cues) => ({ name: 'x.srt', text: cues.join('\n') })),
      fc
        .array(vttCue, { maxLength: 6 })
        .map((cues) => ({ name: 'x.vtt', text: `WEBVTT\n\n${cues.join('\n')}` })),
      fc.array(assLine, { maxLength: 6 }).map((lines) => ({
        name: 'x.ass',
        text: `[Script Info]\nScriptType: v4.00+\n\n[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n${lines.join('\n')}\n`,
      })),
      fc.jsonValue().map((value) => ({ name: 'x.json', text: JSON.stringify(value) })),
      fc
        .array(
          fc.record({
            start: fc.oneof(fc.double(), fc.integer()),
            end: fc.oneof(fc.double(), fc.integer()),
            text: hostileText,
            speaker: fc.option(hostileText),
            words: fc.array(
              fc.record({ start: fc.double(), end: fc.double(), text: hostileText }),
              { maxLength: 3 },
            ),
          }),
          { maxLength: 5 },
        )
        .map((segments) => ({ name: 'x.json', text: JSON.stringify({ segments }) })),
    ),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
    fc.constantFrom<'utf8' | 'latin1' | 'utf16le'>('utf8', 'latin1', 'utf16le'),
  )
  .map(([file, flips, encoding]) => {
    const bytes = Buffer.from(file.text, encoding)
    for (const [at, value] of flips) if (bytes.length > 0) bytes[at % bytes.length] = value
    return { name: file.name, bytes }
  })

export interface CorpusCount {
  cases: number
  accepted: number
  refused: number
  /** Each a sentence saying what went wrong where it should not have; empty when all held. */
  failures: string[]
}

const hasText = (code: string) => `error.${code}` in en && `error.${code}` in es

/** A refusal as it must be: a Voces error with a message and words in both catalogues. */
function checkRefusal(error: unknown, what: string, failures: string[]): void {
  if (!(error instanceof VocesError)) {
    failures.push(
      `${what}: ${error instanceof Error ? error.name : typeof error}: ${String(error)}`,
    )
    return
  }
  if (!error.message || error.code === 'INTERNAL')
    failures.push(`${what}: ${error.code} without words`)
  else if (!hasText(error.code)) failures.push(`${what}: ${error.code} has no text in a catalogue`)
}

const finiteOrdered = (start: number, end: number, duration: number) =>
  Number.isFinite(start) &&
  Number.isFinite(end) &&
  start >= 0 &&
  end >= start &&
  end <= duration + 1

/** Reads `runs` generated files as subtitles and as transcripts of a 60-second recording. */
export function fileCorpus(runs: number, seed?: number): CorpusCount {
  const count: CorpusCount = { cases: 0, accepted: 0, refused: 0, failures: [] }
  const duration = 60
  fc.assert(
    fc.property(hostileFile, ({ name, bytes }) => {
      count.cases++
      const what = `${name} (${bytes.length} bytes, base64 ${bytes.toString('base64').slice(0, 120)})`
      try {
        const read = readSubtitles(bytes, name)
        for (const cue of read.cues)
          if (!Number.isFinite(cue.start) || !Number.isFinite(cue.end) || cue.end < cue.start)
            count.failures.push(`${what}: a cue at ${cue.start}–${cue.end} was read`)
        count.accepted++
      } catch (error) {
        count.refused++
        checkRefusal(error, `subtitles ${what}`, count.failures)
      }
      try {
        const text = bytes.toString('utf8')
        const read = importTranscript(text, name, 'en', duration)
        for (const segment of read.segments)
          if (!finiteOrdered(segment.start, segment.end, duration))
            count.failures.push(`${what}: a segment at ${segment.start}–${segment.end} was read`)
      } catch (error) {
        checkRefusal(error, `transcript ${what}`, count.failures)
      }
      return true
    }),
    { numRuns: runs, ...(seed === undefined ? {} : { seed }) },
  )
  return count
}

/** Calls that change nothing outside a throwaway library (no path a file is read from or written to). */
const safeMethods = [
  'search.query',
  'search.exportCsv',
  'search.saved.save',
  'library.get',
  'library.update',
  'library.peaks',
  'episodes.get',
  'episodes.create',
  'episodes.update',
  'episodes.setChapters',
  'episodes.setNotes',
  'episodes.setCuts',
  'editor.load',
  'editor.editText',
  'editor.split',
  'editor.replace',
  'subtitles.get',
  'subtitles.updateCue',
  'subtitles.insertCue',
  'subtitles.apply',
] as const

const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileText,
    fc.constantFrom(-1, 0, 1e308, -1e308, 2 ** 53, 0.1, null, true),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(
        fc.constantFrom('id', 'recordingId', 'query', 'patch', 'title', 'text', 'start', 'end'),
        fc.constantFrom('cues', 'language', 'filters', 'limit', 'clips', 'chapters', 'notes'),
        fc.constantFrom('__proto__', 'constructor', 'prototype'),
        fc.string(),
      ),
      tie('value'),
      { maxKeys: 6 },
    ),
  ),
})).value

/** A raw request: path, method and body byte for byte. */
function send(
  port: number,
  token: string,
  target: string,
  body: string,
): Promise<{ status: number; nosniff: boolean; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: target,
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        agent: false,
      },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (text += chunk))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            nosniff: res.headers['x-content-type-options'] === 'nosniff',
            body: text,
          }),
        )
      },
    )
    req.setTimeout(10_000, () => req.destroy(new Error(`no answer in 10 s to ${target}`)))
    req.on('error', reject)
    req.end(body)
  })
}

/** A path as attackers write them: bad escapes, traversal, odd methods, very long names. */
const hostilePath = fc.oneof(
  fc.constantFrom(...safeMethods).map((method) => `/api/${method}`),
  fc.constantFrom('/api/%ZZ', '/api/%E0%A4%A', '/api/../../etc/passwd', '/api/%00', '/api/'),
  fc.string({ maxLength: 300 }).map((s) => `/api/${encodeURIComponent(s)}`),
)

/** `runs` generated API calls against a running loopback server; `ids` are real ids to aim at. */
export async function httpCorpus(
  server: { port: number; token: string },
  ids: readonly string[],
  runs: number,
  seed?: number,
): Promise<CorpusCount> {
  const count: CorpusCount = { cases: 0, accepted: 0, refused: 0, failures: [] }
  const idOrHostile = fc.oneof(fc.constantFrom(...ids), hostileText)
  const call = fc.tuple(
    hostilePath,
    fc.oneof(
      hostileValue.map((value) => JSON.stringify(value) ?? 'null'),
      fc
        .record({ id: idOrHostile, recordingId: idOrHostile, patch: hostileValue })
        .map((v) => JSON.stringify(v)),
      fc.string({ unit: 'binary', maxLength: 200 }),
    ),
  )
  await fc.assert(
    fc.asyncProperty(call, async ([target, body]) => {
      count.cases++
      const what = `POST ${target.slice(0, 120)} ${body.slice(0, 160)}`
      const answer = await send(server.port, server.token, target, body)
      if (answer.status >= 500) count.failures.push(`${what}: HTTP ${answer.status}`)
      if (!answer.nosniff) count.failures.push(`${what}: no nosniff`)
      // `/api/../../etc/passwd` is `/etc/passwd` once the address is read: the page, never the file.
      if (!new URL(target, 'http://x').pathname.startsWith('/api/')) {
        if (answer.body.includes('root:x:0:0'))
          count.failures.push(`${what}: a system file was served`)
        count.refused++
        return true
      }
      let parsed: { ok?: boolean; error?: { code?: string; message?: string } }
      try {
        parsed = JSON.parse(answer.body) as typeof parsed
      } catch {
        count.failures.push(`${what}: the answer is not JSON`)
        return true
      }
      if (parsed.ok === true) count.accepted++
      else {
        count.refused++
        const code = parsed.error?.code ?? ''
        if (code === 'INTERNAL' || !parsed.error?.message)
          count.failures.push(`${what}: ${code} ${parsed.error?.message ?? ''}`)
        else if (!hasText(code)) count.failures.push(`${what}: ${code} has no text in a catalogue`)
      }
      return true
    }),
    { numRuns: runs, ...(seed === undefined ? {} : { seed }) },
  )
  return count
}
