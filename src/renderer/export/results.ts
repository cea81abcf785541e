import { exportResultSchema, type ExportResult } from '../../shared/contract/index.ts'

/** What each export job returns (src/core/export): read defensively, since a job's result is open. */
export type Figures =
  | { kind: 'podcast'; result: ExportResult }
  | {
      kind: 'video'
      output: string
      duration: number
      streams: Array<{ codec: string; language: string }>
      burned: string[]
    }
  | {
      kind: 'audiogram'
      output: string
      duration: number
      width: number
      height: number
      captions: number
    }
  | { kind: 'unknown' }

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null

const num = (value: unknown) => (typeof value === 'number' ? value : 0)
const str = (value: unknown) => (typeof value === 'string' ? value : '')

export function figuresOf(jobKind: string, result: unknown): Figures {
  if (jobKind === 'export.podcast') {
    const parsed = exportResultSchema.safeParse(result)
    return parsed.success ? { kind: 'podcast', result: parsed.data } : { kind: 'unknown' }
  }
  if (!isRecord(result)) return { kind: 'unknown' }
  if (jobKind === 'export.video') {
    const streams = Array.isArray(result.subtitleStreams) ? result.subtitleStreams : []
    return {
      kind: 'video',
      output: str(result.output),
      duration: num(result.duration),
      streams: streams
        .filter(isRecord)
        .map((s) => ({ codec: str(s.codec), language: str(s.language) })),
      burned: Array.isArray(result.burned) ? result.burned.map(str) : [],
    }
  }
  if (jobKind === 'export.audiogram')
    return {
      kind: 'audiogram',
      output: str(result.output),
      duration: num(result.duration),
      width: num(result.width),
      height: num(result.height),
      captions: num(result.captions),
    }
  return { kind: 'unknown' }
}
