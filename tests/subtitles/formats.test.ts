import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkCues } from '../../src/core/subtitles/check.ts'
import { decodeText } from '../../src/core/subtitles/encoding.ts'
import { parseSubtitles, readSubtitles, writeSubtitles } from '../../src/core/subtitles/formats.ts'
import { rulesFor } from '../../src/core/subtitles/rules.ts'
import type { Cue, SubtitleFormat } from '../../src/core/subtitles/types.ts'
import { VocesError } from '../../src/shared/contract/index.ts'
import { mediaDir } from '../helpers.ts'

const srt = `1
00:00:01,000 --> 00:00:02,500
<i>Hola,</i> ¿cómo estás?
Bien.

2
00:00:03,000 --> 00:00:04,000
The strike --> started in March.
`

function lineOf(action: () => unknown): number | undefined {
  try {
    action()
  } catch (error) {
    if (error instanceof VocesError && error.code === 'SUBTITLE_MALFORMED')
      return Number(error.params?.line)
    throw error
  }
  return undefined
}

describe('subtitle formats', () => {
  it('reads SubRip: tags dropped, lines kept, an arrow inside the text stays text', () => {
    const { format, cues } = parseSubtitles(srt)
    expect(format).toBe('srt')
    expect(cues).toEqual([
      { start: 1, end: 2.5, text: 'Hola, ¿cómo estás?\nBien.', speaker: null },
      { start: 3, end: 4, text: 'The strike --> started in March.', speaker: null },
    ])
  })

  it('reads WebVTT voices, entities, settings, and skips NOTE and STYLE blocks', () => {
    const vtt = `WEBVTT - interview\n\nNOTE made by hand\n\nSTYLE\n::cue { color: yellow }\n\nintro\n00:01.000 --> 00:02.000 align:start line:10%\n<v Rosa Martínez>Trabajo &amp; <b>salario</b>\n\n00:00:03.000 --> 00:00:04.500\nSecond`
    const { cues } = parseSubtitles(vtt)
    expect(cues).toEqual([
      {
        start: 1,
        end: 2,
        text: 'Trabajo & salario',
        speaker: 'Rosa Martínez',
        settings: 'align:start line:10%',
      },
      { start: 3, end: 4.5, text: 'Second', speaker: null },
    ])
  })

  it('reads ASS dialogue with its own Format order, overrides and \\N breaks', () => {
    const ass = [
      '[Script Info]',
      'ScriptType: v4.00+',
      '',
      '[V4+ Styles]',
      'Format: Name, Fontname, Fontsize',
      'Style: Entrevista,Arial,48',
      '',
      '[Events]',
      'Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text',
      'Comment: 0,0:00:00.00,0:00:01.00,Entrevista,,0,0,0,,not shown',
      'Dialogue: 0,0:00:01.50,0:00:03.25,Entrevista,Ana,0,0,0,,{\\i1}Uno, dos,{\\i0}\\Ntres',
    ].join('\n')
    const document = parseSubtitles(ass)
    expect(document.cues).toEqual([
      { start: 1.5, end: 3.25, text: 'Uno, dos,\ntres', speaker: 'Ana', style: 'Entrevista' },
    ])
    expect(document.styles?.[0]).toMatchObject({ Name: 'Entrevista', Fontsize: '48' })
    expect(writeSubtitles(document.cues, 'ass', document.styles)).toContain(
      'Style: Entrevista,Arial,48,',
    )
  })

  it('refuses a malformed file whole, naming the line where it broke', () => {
    expect(
      lineOf(() =>
        parseSubtitles(
          '1\n00:00:01,000 --> 00:00:02,000\nHi\n\n2\n00:00:03,000 -> 00:00:04,000\nBye\n',
        ),
      ),
    ).toBe(6)
    expect(
      lineOf(() => parseSubtitles('1\n00:00:01,000 --> 00:00:02,000\nHi\n\nstray text\n', 'srt')),
    ).toBe(5)
    expect(lineOf(() => parseSubtitles('1\n00:00:05,000 --> 00:00:02,000\nBackwards\n'))).toBe(2)
    expect(lineOf(() => parseSubtitles('WEBVTT\n\n00:00:01.000 --> 00:00:61.000\nBad\n'))).toBe(3)
    expect(lineOf(() => parseSubtitles('[Script Info]\n[Events]\nDialogue: 0,0:00:01.00\n'))).toBe(
      3,
    )
    expect(lineOf(() => parseSubtitles('just some words\n'))).toBe(1)
  })

  it('detects the encoding of real files in UTF-8 (with and without BOM), UTF-16 LE/BE, Windows-1252 and Latin-1', () => {
    const text = '1\n00:00:01,000 --> 00:00:02,000\nLa canción del año, señor\n'
    const utf16be = Buffer.from(text, 'utf16le').swap16()
    const cases: Array<[Buffer, string]> = [
      [Buffer.from(text, 'utf8'), 'utf-8'],
      [Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]), 'utf-8'],
      [Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), 'utf-16le'],
      [Buffer.from(text, 'utf16le'), 'utf-16le'],
      [Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be]), 'utf-16be'],
      [Buffer.from(text, 'latin1'), 'iso-8859-1'],
    ]
    for (const [bytes, encoding] of cases) {
      const read = readSubtitles(bytes, 'x.srt')
      expect(read.encoding).toBe(encoding)
      expect(read.cues[0]?.text).toBe('La canción del año, señor')
    }
    // Windows-1252's curly quotes and em dash (0x93, 0x94, 0x97) are C1 control codes in Latin-1.
    const cp1252 = Buffer.from([
      ...Buffer.from('1\n00:00:01,000 --> 00:00:02,000\n', 'latin1'),
      0x93,
      0x41,
      0xf1,
      0x6f,
      0x94,
      0x20,
      0x97,
      0x20,
      0x80,
      0x0a,
    ])
    const read = readSubtitles(cp1252)
    expect(read.encoding).toBe('windows-1252')
    expect(read.cues[0]?.text).toBe('“Año” — €')
    expect(decodeText(Buffer.from('plain', 'utf8')).bom).toBe(false)
  })

  it('reads and checks the real WhisperX subtitle file', () => {
    const file = path.join(mediaDir, 'video/whisperx_sample01.wav.srt')
    const { cues, encoding, format } = readSubtitles(readFileSync(file), file)
    expect({ encoding, format, count: cues.length }).toEqual({
      encoding: 'utf-8',
      format: 'srt',
      count: 35,
    })
    expect(cues[0]).toEqual({
      start: 1.185,
      end: 3.273,
      text: 'Bella, Gloria, love.',
      speaker: null,
    })
    const problems = checkCues(cues, rulesFor('en'))
    // Cue 2, "Oh.", is up for 0.101 s: too short, and 3 characters in 0.101 s is 29.7 a second.
    expect(problems.filter((p) => p.cue === 2).map((p) => p.rule)).toEqual([
      'duration',
      'reading-speed',
    ])
    for (const problem of problems) expect(problem.cue).toBeGreaterThanOrEqual(1)
    expect(new Set(problems.map((p) => p.rule))).toEqual(
      new Set(['duration', 'reading-speed', 'gap', 'chars-per-line']),
    )
  })
})

// Text the three formats can all carry: letters of both languages, digits, common punctuation.
const wordArb = fc
  .array(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzñáéíóúüABCÑÉ0123456789'.split('')), {
    minLength: 1,
    maxLength: 8,
  })
  .chain((letters) =>
    fc
      .constantFrom('', ',', '.', '?', '!', '¿', '"', "'", '-', '&')
      .map((mark) => letters.join('') + mark),
  )
const lineArb = fc.array(wordArb, { minLength: 1, maxLength: 6 }).map((words) => words.join(' '))
const textArb = fc.array(lineArb, { minLength: 0, maxLength: 3 }).map((lines) => lines.join('\n'))
const speakerArb = fc.option(
  fc
    .array(fc.constantFrom(...'AnaRosMrtíez'.split('')), { minLength: 1, maxLength: 6 })
    .map((c) => c.join('')),
  { nil: null },
)

function cuesArb(unitsPerSecond: number) {
  return fc
    .array(
      fc.record({
        start: fc.nat(36_000 * unitsPerSecond),
        length: fc.nat(20 * unitsPerSecond),
        text: textArb,
        speaker: speakerArb,
      }),
      {
        maxLength: 30,
      },
    )
    .map((items) =>
      items.map(({ start, length, text, speaker }) => ({
        start: start / unitsPerSecond,
        end: (start + length) / unitsPerSecond,
        text,
        speaker,
      })),
    )
}

describe('write then read keeps every cue', () => {
  const cases: Array<[SubtitleFormat, number, boolean]> = [
    ['srt', 1000, false],
    ['vtt', 1000, true],
    ['ass', 100, true],
  ]
  for (const [format, unitsPerSecond, keepsSpeaker] of cases) {
    it(`${format}`, () => {
      fc.assert(
        fc.property(cuesArb(unitsPerSecond), (cues: Cue[]) => {
          const read = parseSubtitles(writeSubtitles(cues, format), format).cues
          expect(read).toHaveLength(cues.length)
          read.forEach((cue, k) => {
            const written = cues[k] as Cue
            expect(cue.start).toBeCloseTo(written.start, 6)
            expect(cue.end).toBeCloseTo(written.end, 6)
            expect(cue.text).toBe(written.text)
            expect(cue.speaker).toBe(keepsSpeaker ? written.speaker : null)
          })
        }),
        { numRuns: 200 },
      )
    })
  }
})
