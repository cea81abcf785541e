import { z } from 'zod'
import type { Word } from '../../shared/contract/index.ts'

/**
 * The part of whisper-cli's `--output-json-full` file Voces reads (whisper.cpp 1.9.1,
 * examples/cli/cli.cpp output_json): offsets are milliseconds; `t_dtw` is in whisper's 10 ms units
 * and -1 when DTW timing was not asked for.
 */
const tokenSchema = z.object({
  text: z.string(),
  offsets: z.object({ from: z.number(), to: z.number() }).optional(),
  id: z.number().optional(),
  p: z.number().optional(),
  t_dtw: z.number().optional(),
})
export const whisperJsonSchema = z.object({
  result: z.object({ language: z.string() }).optional(),
  transcription: z.array(
    z.object({
      offsets: z.object({ from: z.number(), to: z.number() }),
      text: z.string(),
      tokens: z.array(tokenSchema).default([]),
    }),
  ),
})
export type WhisperJson = z.infer<typeof whisperJsonSchema>
type WhisperToken = z.infer<typeof tokenSchema>

/** A segment as the engine gave it, in seconds from the start of the recording. */
export interface RawSegment {
  start: number
  end: number
  text: string
  words: Word[]
}

/** `[_BEG_]`, `[_TT_150]`, `<|endoftext|>`: control tokens, not words. */
export function isSpecialToken(text: string): boolean {
  return /^\[_[A-Z]+_?\d*\]$/.test(text) || /^<\|.*\|>$/.test(text)
}

/** A token that continues the word before it: no leading space, or punctuation alone. */
function continuesWord(text: string, isFirst: boolean): boolean {
  if (isFirst) return false
  if (/^\s/.test(text)) return /^\s*[\p{P}]+$/u.test(text) && !/^\s*[¿¡"'(«]/u.test(text)
  return true
}

const round = (seconds: number) => Math.round(seconds * 1000) / 1000

/**
 * Words from a segment's tokens. Tokens starting with a space start a word; the rest (word pieces,
 * punctuation) join the word before. Times come from DTW (the cross-attention alignment OpenAI's
 * word_timestamps uses) when every token has one: a word runs from its first token's DTW time to
 * the next word's. Otherwise from whisper.cpp's per-token timestamps. Probability is the mean of
 * the word's token probabilities. Words are kept inside the segment and in order.
 */
export function wordsFromTokens(
  tokens: readonly WhisperToken[],
  segStart: number,
  segEnd: number,
  offset: number,
): Word[] {
  const textTokens = tokens.filter((token) => !isSpecialToken(token.text) && token.text !== '')
  const useDtw = textTokens.length > 0 && textTokens.every((token) => (token.t_dtw ?? -1) >= 0)
  const groups: WhisperToken[][] = []
  textTokens.forEach((token, index) => {
    const last = groups[groups.length - 1]
    if (last && continuesWord(token.text, index === 0)) last.push(token)
    else groups.push([token])
  })
  const words: Word[] = []
  groups.forEach((group, index) => {
    const first = group[0]
    const lastToken = group[group.length - 1]
    if (!first || !lastToken) return
    const text = group
      .map((token) => token.text)
      .join('')
      .trim()
    if (text === '') return
    let start: number
    let end: number
    if (useDtw) {
      start = (first.t_dtw ?? 0) / 100 + offset
      const next = groups[index + 1]?.[0]
      end = next ? (next.t_dtw ?? 0) / 100 + offset : segEnd
    } else {
      start = (first.offsets?.from ?? segStart * 1000 - offset * 1000) / 1000 + offset
      end = (lastToken.offsets?.to ?? segEnd * 1000 - offset * 1000) / 1000 + offset
    }
    const probabilities = group
      .map((token) => token.p)
      .filter((p): p is number => typeof p === 'number')
    const probability =
      probabilities.length > 0
        ? probabilities.reduce((sum, p) => sum + p, 0) / probabilities.length
        : null
    words.push({
      start,
      end,
      text,
      probability: probability === null ? null : Math.min(1, Math.max(0, probability)),
    })
  })
  // Inside the segment, in order, never negative in length.
  let floor = segStart
  return words.map((word) => {
    const start = round(Math.min(segEnd, Math.max(floor, word.start)))
    const end = round(Math.min(segEnd, Math.max(start, word.end)))
    floor = start
    return { ...word, start, end }
  })
}

/** The engine's segments with words, shifted by `offset` seconds (where the window began in the recording). */
export function segmentsFromWhisperJson(json: WhisperJson, offset: number): RawSegment[] {
  return json.transcription.map((segment) => {
    const start = round(segment.offsets.from / 1000 + offset)
    const end = round(Math.max(segment.offsets.from, segment.offsets.to) / 1000 + offset)
    return {
      start,
      end,
      text: segment.text.trim(),
      words: wordsFromTokens(segment.tokens, start, end, offset),
    }
  })
}
