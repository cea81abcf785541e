import { describe, expect, it } from 'vitest'
import {
  collapseLoops,
  dropHallucinations,
  isPhantomLine,
  joinWindow,
} from '../../src/core/transcription/cleanup.ts'
import { parseProgressLine, whisperArgs } from '../../src/core/transcription/engine.ts'
import {
  languageOfText,
  majorityLanguage,
  segmentLanguages,
} from '../../src/core/transcription/language.ts'
import { dtwPreset, parseModelHeader } from '../../src/core/transcription/models.ts'
import {
  segmentsFromWhisperJson,
  whisperJsonSchema,
  wordsFromTokens,
} from '../../src/core/transcription/whisper-output.ts'
import { quietestPoint } from '../../src/core/transcription/windows.ts'
import type { Word } from '../../src/shared/contract/index.ts'

// The shape whisper-cli 1.9.1 writes with -ojf (examples/cli/cli.cpp output_json): offsets in ms,
// t_dtw in 10 ms units, control tokens such as [_BEG_] and [_TT_550] around the words.
const jfkJson = whisperJsonSchema.parse({
  result: { language: 'en' },
  transcription: [
    {
      offsets: { from: 0, to: 5500 },
      text: ' And so my fellow Americans, ask not',
      tokens: [
        { text: '[_BEG_]', offsets: { from: 0, to: 0 }, id: 50364, p: 0.9, t_dtw: -1 },
        { text: ' And', offsets: { from: 320, to: 500 }, id: 400, p: 0.6, t_dtw: 32 },
        { text: ' so', offsets: { from: 500, to: 680 }, id: 370, p: 0.98, t_dtw: 52 },
        { text: ' my', offsets: { from: 680, to: 900 }, id: 452, p: 0.99, t_dtw: 70 },
        { text: ' fellow', offsets: { from: 900, to: 1300 }, id: 7177, p: 0.99, t_dtw: 94 },
        { text: ' Americ', offsets: { from: 1300, to: 1800 }, id: 6280, p: 0.9, t_dtw: 130 },
        { text: 'ans', offsets: { from: 1800, to: 2100 }, id: 599, p: 0.7, t_dtw: 175 },
        { text: ',', offsets: { from: 2100, to: 2200 }, id: 11, p: 0.8, t_dtw: 210 },
        { text: ' ask', offsets: { from: 3200, to: 3600 }, id: 1029, p: 0.95, t_dtw: 318 },
        { text: ' not', offsets: { from: 3600, to: 4200 }, id: 406, p: 0.97, t_dtw: 362 },
        { text: '[_TT_550]', offsets: { from: 5500, to: 5500 }, id: 50914, p: 0.5, t_dtw: -1 },
      ],
    },
  ],
})

describe('whisper output to segments and words', () => {
  it('builds words from tokens with DTW times, joins word pieces and punctuation, offsets by the window start', () => {
    const [segment] = segmentsFromWhisperJson(jfkJson, 600)
    expect(segment?.start).toBe(600)
    expect(segment?.end).toBe(605.5)
    expect(segment?.text).toBe('And so my fellow Americans, ask not')
    const words = segment?.words ?? []
    expect(words.map((w) => w.text)).toEqual([
      'And',
      'so',
      'my',
      'fellow',
      'Americans,',
      'ask',
      'not',
    ])
    // DTW: a word runs from its first token's time to the next word's first token.
    expect(words[4]).toMatchObject({ start: 601.3, end: 603.18 })
    expect(words[4]?.probability).toBeCloseTo((0.9 + 0.7 + 0.8) / 3, 5)
    // The last word ends with the segment.
    expect(words[6]).toMatchObject({ start: 603.62, end: 605.5 })
  })

  it('falls back to token timestamps without DTW, and keeps words inside the segment in order', () => {
    const tokens = (jfkJson.transcription[0]?.tokens ?? []).map((token) => ({
      ...token,
      t_dtw: -1,
    }))
    const words = wordsFromTokens(tokens, 0, 5.5, 0)
    expect(words[0]).toMatchObject({ text: 'And', start: 0.32, end: 0.5 })
    expect(words[4]).toMatchObject({ text: 'Americans,', start: 1.3, end: 2.2 })
    for (const [i, word] of words.entries()) {
      expect(word.end).toBeGreaterThanOrEqual(word.start)
      if (i > 0) expect(word.start).toBeGreaterThanOrEqual(words[i - 1]?.start ?? 0)
    }
  })

  it('keeps Spanish opening marks with the word they open', () => {
    const tokens = [
      { text: ' ¿', p: 0.9, t_dtw: 10 },
      { text: 'Qué', p: 0.9, t_dtw: 12 },
      { text: ' pasó', p: 0.9, t_dtw: 40 },
      { text: '?', p: 0.9, t_dtw: 70 },
    ]
    expect(wordsFromTokens(tokens, 0, 1, 0).map((w) => w.text)).toEqual(['¿Qué', 'pasó?'])
  })
})

const word = (text: string, start: number): Word => ({
  text,
  start,
  end: start + 0.3,
  probability: 0.9,
})
const segment = (text: string, start: number, end: number) => ({
  start,
  end,
  text,
  words: text.split(' ').map((t, i) => word(t, start + i * 0.3)),
})

describe('hallucinations', () => {
  it('drops the phantom credit lines over silence, in English and Spanish, and only when they are the whole segment', () => {
    expect(isPhantomLine('Thanks for watching!')).toBe(true)
    expect(isPhantomLine('¡Suscríbete al canal!')).toBe(true)
    expect(isPhantomLine('Subtítulos realizados por la comunidad de Amara.org')).toBe(true)
    expect(isPhantomLine('Thanks for watching the kids while I was on the picket line.')).toBe(
      false,
    )
    const kept = dropHallucinations([
      segment('We voted to strike.', 0, 2),
      segment('Gracias por ver el video.', 30, 32),
    ])
    expect(kept.map((s) => s.text)).toEqual(['We voted to strike.'])
  })

  it('keeps a sentence said twice but drops a loop of the same sentence', () => {
    const twice = dropHallucinations([
      segment('No more.', 0, 1),
      segment('No more.', 1, 2),
      segment('We want a contract.', 2, 4),
    ])
    expect(twice.map((s) => s.text)).toEqual(['No more.', 'No more.', 'We want a contract.'])
    const loop = dropHallucinations(
      [0, 1, 2, 3, 4].map((i) => segment('I am going to the union hall.', i * 3, i * 3 + 3)),
    )
    expect(loop.map((s) => s.text)).toEqual(['I am going to the union hall.'])
  })

  it('collapses a word loop inside a segment and keeps the words around it', () => {
    const words = 'and then and then and then and then we left'
      .split(' ')
      .map((t, i) => word(t, i * 0.3))
    expect(collapseLoops(words).map((w) => w.text)).toEqual(['and', 'then', 'we', 'left'])
    const twice = 'huelga huelga general'.split(' ').map((t, i) => word(t, i))
    expect(collapseLoops(twice)).toHaveLength(3)
  })
})

describe('joining windows', () => {
  it('neither drops nor repeats words where two windows meet', () => {
    const first = [segment('we met at the hall', 1190, 1199.5)]
    const second = [
      segment('at the hall and then we marched', 1198.6, 1205),
      segment('all night', 1206, 1207),
    ]
    const joined = joinWindow(first, second)
    const text = joined.map((s) => s.text).join(' ')
    expect(text).toBe('we met at the hall and then we marched all night')
    // Nothing at or after the first window's end is lost.
    const far = joinWindow(first, [segment('next', 1200, 1201)])
    expect(far.map((s) => s.text)).toEqual(['we met at the hall', 'next'])
  })
})

describe('languages', () => {
  it('tells English from Spanish by the words, and says nothing when unsure', () => {
    expect(languageOfText(['We are going to the meeting with the boss.'])).toBe('en')
    expect(languageOfText(['Vamos a la reunión con el patrón porque no nos pagan.'])).toBe('es')
    expect(languageOfText(['OK.'])).toBeNull()
  })

  it('gives each segment its own language under auto-detect, and honours a forced one', () => {
    const texts = ['We started the strike on Monday.', 'Y luego los patrones nos llamaron.', 'OK.']
    expect(segmentLanguages(texts, 'en', null)).toEqual(['en', 'es', 'en'])
    expect(segmentLanguages(texts, 'en', 'es')).toEqual(['es', 'es', 'es'])
    expect(
      majorityLanguage(
        [
          { start: 0, end: 2, language: 'en' },
          { start: 2, end: 10, language: 'es' },
        ],
        'en',
      ),
    ).toBe('es')
  })
})

describe('engine plumbing', () => {
  it('reads whisper-cli progress lines and clamps the overshoot of the last pass', () => {
    expect(parseProgressLine('whisper_print_progress_callback: progress =  45%')).toBe(0.45)
    expect(parseProgressLine('whisper_print_progress_callback: progress = 272%')).toBe(1)
    expect(parseProgressLine('whisper_init_state: kv self size  =    3.15 MB')).toBeNull()
  })

  it('passes arguments as an array, the prompt as one argument', () => {
    const args = whisperArgs({
      binary: 'whisper-cli',
      model: '/m/ggml-small.bin',
      audio: '/a/window 0.wav',
      outBase: '/a/window-0',
      language: 'es',
      translate: true,
      threads: 4,
      prompt: 'SEIU 2015, huelga; rm -rf /',
      dtw: 'small',
    })
    expect(args).toEqual(
      expect.arrayContaining([
        '-f',
        '/a/window 0.wav',
        '-l',
        'es',
        '-tr',
        '--prompt',
        'SEIU 2015, huelga; rm -rf /',
      ]),
    )
    expect(args.slice(args.indexOf('-dtw'), args.indexOf('-dtw') + 2)).toEqual(['-dtw', 'small'])
  })

  it('reads a ggml header and picks the DTW preset from the model shape', () => {
    const header = Buffer.alloc(48)
    header.writeUInt32LE(0x67676d6c, 0)
    const values = [51866, 1500, 1280, 20, 32, 448, 1280, 20, 4, 128, 1]
    values.forEach((value, i) => header.writeInt32LE(value, 4 + i * 4))
    const parsed = parseModelHeader(header)
    expect(parsed && dtwPreset(parsed)).toBe('large.v3.turbo')
    expect(parseModelHeader(Buffer.from('<html>not a model</html>'.padEnd(48)))).toBeNull()
  })

  it('finds the quietest half second to cut a window at', () => {
    const rate = 16000
    const samples = new Int16Array(rate * 4)
    for (let i = 0; i < samples.length; i++) samples[i] = Math.round(8000 * Math.sin(i / 5))
    for (let i = Math.round(2.5 * rate); i < 3.1 * rate; i++) samples[i] = 0
    const cut = quietestPoint(samples, rate)
    expect(cut).toBeGreaterThan(2.5)
    expect(cut).toBeLessThan(3.1)
  })
})
