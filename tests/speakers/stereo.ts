import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { mediaDir } from '../helpers.ts'

/**
 * Test conversations built from the real recordings: two different people (JFK, English; a
 * Spanish reader) taking turns with pauses, each piece placed by FFmpeg where the reference says.
 */
export interface Piece {
  file: string
  from: number
  to: number
  /** 0: the first person, 1: the second. */
  speaker: number
  at: number
}

export const people = [
  path.join(mediaDir, 'en', 'jfk.wav'),
  path.join(mediaDir, 'es', 'leopard_es.wav'),
]

/** Cuts of the two people, placed one after another with `pause` seconds between. */
export function conversation(
  cuts: ReadonlyArray<{ speaker: number; from: number; to: number }>,
  pause = 0.6,
): Piece[] {
  let at = 0
  return cuts.map((cut) => {
    const piece = { ...cut, file: people[cut.speaker] ?? '', at }
    at += cut.to - cut.from + pause
    return piece
  })
}

/** A, B, A, B with 0.6 s pauses: about 21.5 s. */
export function turnTaking(): Piece[] {
  return conversation([
    { speaker: 0, from: 0, to: 5.6 },
    { speaker: 1, from: 0, to: 4.3 },
    { speaker: 0, from: 5.6, to: 11 },
    { speaker: 1, from: 4.3, to: 8.66 },
  ])
}

/** The same two people, the Spanish reader first, with longer pauses: another recording. */
export function readerFirst(): Piece[] {
  return conversation(
    [
      { speaker: 1, from: 4.3, to: 8.66 },
      { speaker: 0, from: 5.6, to: 11 },
      { speaker: 1, from: 0, to: 4.3 },
      { speaker: 0, from: 0, to: 5.6 },
    ],
    1,
  )
}

/**
 * Writes a stereo WAV of the pieces: with `sameMix` both channels carry everything; otherwise
 * each person is on their own channel, with the other bleeding in 20 dB lower (two lavalier
 * microphones in one room).
 */
export function buildStereo(
  out: string,
  pieces: Piece[],
  options: { sameMix?: boolean } = {},
): void {
  const inputs = pieces.flatMap((piece) => ['-i', piece.file])
  // Each piece twice: [pN] to its own voice's channel, [qN] to the other's.
  const graph = pieces.map(
    (piece, i) =>
      `[${i}:a]atrim=${piece.from}:${piece.to},asetpts=PTS-STARTPTS,aresample=16000,adelay=${Math.round(piece.at * 1000)}:all=1,asplit=2[p${i}][q${i}]`,
  )
  const bus = (copy: 'p' | 'q', keep: (piece: Piece) => boolean, out: string, gain = 1) => {
    const labels = pieces.map((piece, i) => (keep(piece) ? `[${copy}${i}]` : '')).join('')
    const count = pieces.filter(keep).length
    graph.push(`${labels}amix=inputs=${count}:normalize=0,volume=${gain}[${out}]`)
  }
  if (options.sameMix) {
    bus('p', () => true, 'l')
    bus('q', () => true, 'r')
  } else {
    bus('p', (piece) => piece.speaker === 0, 'a')
    bus('q', (piece) => piece.speaker === 1, 'ba', 0.1)
    bus('p', (piece) => piece.speaker === 1, 'b')
    bus('q', (piece) => piece.speaker === 0, 'ab', 0.1)
    graph.push('[a][ba]amix=inputs=2:normalize=0[l]', '[b][ab]amix=inputs=2:normalize=0[r]')
  }
  graph.push('[l][r]join=inputs=2:channel_layout=stereo[out]')
  execFileSync('ffmpeg', [
    ...['-v', 'error', '-y', ...inputs, '-filter_complex', graph.join(';')],
    ...['-map', '[out]', '-c:a', 'pcm_s16le', out],
  ])
}

/**
 * A Voces JSON transcript of the pieces, as Whisper might give it: each piece's reference words
 * spread over its time, and the first two pieces (two people) in ONE segment, so detection must
 * split it at the word where the voice changes.
 */
export function transcriptOf(pieces: Piece[], texts: readonly string[]): string {
  const words = pieces.map((piece, i) => {
    const all = (texts[piece.speaker] ?? '').split(/\s+/).filter(Boolean)
    const full = piece.speaker === 0 ? 11 : 8.66
    const from = Math.floor((piece.from / full) * all.length)
    const to = Math.floor((piece.to / full) * all.length)
    const mine = all.slice(from, to)
    const length = piece.to - piece.from
    return mine.map((text, k) => ({
      text,
      start: Number((piece.at + (k / mine.length) * length).toFixed(3)),
      end: Number((piece.at + ((k + 0.8) / mine.length) * length).toFixed(3)),
      probability: 0.9,
      piece: i,
    }))
  })
  const segment = (list: (typeof words)[number]) => ({
    start: list[0]?.start ?? 0,
    end: list[list.length - 1]?.end ?? 0,
    speaker: 'Speaker 1',
    language: 'en',
    text: list.map((word) => word.text).join(' '),
    words: list.map(({ piece: _piece, ...word }) => word),
  })
  const [a = [], b = [], c = [], d = []] = words
  return JSON.stringify({ segments: [segment([...a, ...b]), segment(c), segment(d)] })
}
