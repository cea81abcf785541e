import { crossfade, type Span } from './spans.ts'

/** The export's working rate: every part is brought to 48 kHz before it is cut and joined. */
export const joinRate = 48000

const samples = (seconds: number) => Math.round(seconds * joinRate)

/**
 * Frames of 16384 samples (a third of a second) going into the split: FFmpeg's scheduler looks
 * at every filter of the graph on each step, and a graph with hundreds of cuts has thousands of
 * filters, so fewer, larger frames keep that bookkeeping small (measured in the decision).
 */
const splitFrame = 16384

/**
 * Filter-graph text that keeps only the `kept` stretches (seconds on the part's own clock, sorted,
 * from keptRanges) of the chain `[inLabel]` (48 kHz) and joins them with equal-power crossfades
 * centred on each cut point, giving `[outLabel]` (docs/decisions/0050-episode-cuts.md).
 *
 * One input, split by `asegment` at exact sample positions into stretches that come out one after
 * the other, then joined again by one `concat`. Around each cut, the last half crossfade kept
 * before it and the half crossfade of cut audio after that point become a fading-out tail; the
 * half crossfade of cut audio before the next kept stretch and its first half crossfade become a
 * fading-in head; tail and head (quarter-sine curves, whose powers sum to one) are summed into
 * one crossfade of the same length. The rest of the cut goes to a sink. So the joins take no time
 * (the kept moments keep the times layoutEpisode gives them), each sample passes a handful of
 * filters whatever the number of cuts, and nothing waits in memory beyond a crossfade. (Mixing
 * two whole streams of alternate stretches, chaining `acrossfade`, or splitting in two levels
 * made FFmpeg 5.1 hold whole stretches in memory; the measurements are in the decision.)
 * keptRanges guarantees every kept stretch and every cut lasts at least one crossfade.
 */
export function keptFilter(inLabel: string, outLabel: string, kept: readonly Span[]): string {
  const first = kept[0]
  if (!first) throw new Error('keptFilter: nothing is kept')
  if (kept.length === 1) {
    return `[${inLabel}]asetpts=N/SR/TB,atrim=start_sample=${samples(first.start)}:end_sample=${samples(first.end)},asetpts=N/SR/TB[${outLabel}]`
  }
  const fade = samples(crossfade)
  const half = Math.round(fade / 2)
  const label = (name: string) => `${outLabel}_${name}`
  const segments: string[] = []
  const points: number[] = []
  const joined: string[] = []
  const chains: string[] = []
  const segment = (from: number, name: string) => {
    if (segments.length > 0) points.push(from)
    segments.push(`[${label(name)}]`)
  }
  // asegment keeps the input's timestamps, which count samples from 0 here: afade reads them.
  const curve = (type: 'in' | 'out', from: number) =>
    `afade=t=${type}:ss=${from}:ns=${fade}:curve=qsin`
  kept.forEach((span, k) => {
    const start = samples(span.start)
    const end = samples(span.end)
    const last = k === kept.length - 1
    if (k === 0 && start > 0) {
      segment(0, 'lead')
      chains.push(`[${label('lead')}]anullsink`)
    }
    if (k > 0) {
      // The head: half a crossfade of the cut, then half of this stretch, fading in; summed with
      // the tail before it into the crossfade.
      segment(start - half, `h${k}`)
      chains.push(`[${label(`h${k}`)}]${curve('in', start - half)}[${label(`hf${k}`)}]`)
      // The head is amix's first input: the tail has ended long before the head arrives, and
      // FFmpeg 5.1's amix loses what its first input still held when that input ended early
      // (tests/export/join.test.ts checks every sample of the crossfade).
      chains.push(
        `[${label(`hf${k}`)}][${label(`tf${k - 1}`)}]amix=inputs=2:normalize=0:duration=longest,asetpts=N/SR/TB[${label(`x${k}`)}]`,
      )
      joined.push(`[${label(`x${k}`)}]`)
    }
    const bodyFrom = k > 0 ? start + half : start
    const bodyTo = last ? end : end - half
    if (bodyTo > bodyFrom) {
      segment(bodyFrom, `b${k}`)
      joined.push(`[${label(`b${k}`)}]`)
    }
    if (!last) {
      // The tail: the last half crossfade of this stretch, then half of the cut, fading out.
      segment(end - half, `t${k}`)
      chains.push(`[${label(`t${k}`)}]${curve('out', end - half)}[${label(`tf${k}`)}]`)
      const next = samples((kept[k + 1] as Span).start) - half
      if (next > end + half) {
        segment(end + half, `c${k}`)
        chains.push(`[${label(`c${k}`)}]anullsink`)
      }
    }
  })
  // The input ends where the last stretch ends (the part reads no further): no point after it.
  chains.unshift(
    `[${inLabel}]asetnsamples=n=${splitFrame}:p=0,asetpts=N/SR/TB,asegment=samples=${points.join('|')}${segments.join('')}`,
  )
  // concat expects each piece to start at 0; the bodies keep the input's timestamps, so what it
  // gives out is counted again from 0 (the samples are right either way).
  chains.push(`${joined.join('')}concat=n=${joined.length}:v=0:a=1,asetpts=N/SR/TB[${outLabel}]`)
  return chains.join(';')
}
