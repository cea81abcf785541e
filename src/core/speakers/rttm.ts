import { VocesError } from '../../shared/contract/index.ts'

/**
 * RTTM, the speaker-turn format every diarization tool and scorer reads: one line a turn,
 * `SPEAKER <file> <channel> <start> <duration> <NA> <NA> <speaker> <NA> <NA>`.
 */
export interface LabelledTurn {
  start: number
  end: number
  speaker: string
}

/** Turns of one file; lines of other types (SPKR-INFO, comments) are skipped. */
export function parseRttm(text: string): LabelledTurn[] {
  const turns: LabelledTurn[] = []
  const lines = text.split(/\r?\n/)
  for (let index = 0; index < lines.length; index++) {
    const line = (lines[index] ?? '').trim()
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue
    const fields = line.split(/\s+/)
    if (fields[0] !== 'SPEAKER') continue
    const start = Number(fields[3])
    const duration = Number(fields[4])
    const speaker = fields[7]
    if (
      !Number.isFinite(start) ||
      !Number.isFinite(duration) ||
      start < 0 ||
      duration < 0 ||
      !speaker
    )
      throw new VocesError(
        'RTTM_INVALID',
        `Line ${index + 1} of the RTTM file is not a speaker turn (SPEAKER file channel start duration <NA> <NA> speaker <NA> <NA>).`,
        { line: index + 1 },
      )
    turns.push({ start, end: start + duration, speaker })
  }
  return turns.sort((a, b) => a.start - b.start || a.end - b.end)
}

const seconds = (value: number) => (Math.round(value * 1000) / 1000).toFixed(3)

/** Writes turns as RTTM; the file name may not hold spaces (RTTM fields are space-separated). */
export function formatRttm(file: string, turns: readonly LabelledTurn[]): string {
  const name = file.replace(/\s+/g, '_') || 'recording'
  return turns
    .map(
      (turn) =>
        `SPEAKER ${name} 1 ${seconds(turn.start)} ${seconds(turn.end - turn.start)} <NA> <NA> ${turn.speaker} <NA> <NA>\n`,
    )
    .join('')
}
