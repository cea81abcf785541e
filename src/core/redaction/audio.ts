import type { RedactionSpan } from './redact.ts'

/** The tone that covers a redacted word: 1 kHz, the broadcast "bleep", at -18 dBFS. */
export const toneHz = 1000

const n = (x: number) => x.toFixed(3)

/** Spans of a recording that fall inside a clip [start, start + duration), on the clip's own clock. */
export function spansInClip(
  spans: readonly RedactionSpan[],
  start: number,
  duration: number,
): RedactionSpan[] {
  return spans
    .filter((s) => s.end > start && s.start < start + duration)
    .map((s) => ({
      mode: s.mode,
      start: Math.max(0, s.start - start),
      end: Math.min(duration, s.end - start),
    }))
}

/**
 * Timeline `enable` expressions are evaluated once per audio frame, and a WAV demuxer hands out
 * frames of 4096 samples (a quarter of a second at 16 kHz): redaction cuts frames to 10 ms first,
 * so a span starts and ends within 10 ms of its time (the spans carry an 80 ms margin anyway).
 */
export const frameSamples = 480

/**
 * 1 while t is inside one of the spans, else 0, as a binary search on t: FFmpeg's expression
 * parser gives up on a chain of about a hundred terms (100 `between()` terms parse, 101 do not),
 * and a recording may have hundreds of redacted words. A tree keeps the nesting and the work per
 * frame at log2(n); FFmpeg's `if` evaluates only the branch it takes. Overlapping spans are
 * joined first, so each side of a split holds every span that reaches it.
 */
export function spanGate(spans: ReadonlyArray<{ start: number; end: number }>): string {
  const merged: Array<{ start: number; end: number }> = []
  for (const span of [...spans].sort((a, b) => a.start - b.start)) {
    const last = merged.at(-1)
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end)
    else merged.push({ start: span.start, end: span.end })
  }
  const tree = (list: ReadonlyArray<{ start: number; end: number }>): string => {
    if (list.length === 0) return '0'
    if (list.length === 1) {
      const [only] = list as [{ start: number; end: number }]
      return `between(t,${n(only.start)},${n(only.end)})`
    }
    const middle = Math.floor(list.length / 2)
    const split = (list[middle] as { start: number }).start
    return `if(lt(t,${n(split)}),${tree(list.slice(0, middle))},${tree(list.slice(middle))})`
  }
  return tree(merged)
}

/**
 * Filter-graph text that silences every span of one input chain `[inLabel]` (at `sampleRate`,
 * 48 kHz in exports) and, for tone spans, mixes in the tone, giving `[outLabel]`. Expressions are
 * single-quoted so their commas stay inside the filter.
 */
export function redactionFilter(
  inLabel: string,
  outLabel: string,
  spans: readonly RedactionSpan[],
  channels: 1 | 2,
  duration: number,
  sampleRate = 48000,
): string {
  if (spans.length === 0) return `[${inLabel}]anull[${outLabel}]`
  const tones = spans.filter((s) => s.mode === 'tone')
  const silenced = `[${inLabel}]asetnsamples=n=${frameSamples}:p=0,volume=volume=0:enable='${spanGate(spans)}'`
  if (tones.length === 0) return `${silenced}[${outLabel}]`
  const layout = channels === 1 ? 'mono' : 'stereo'
  return [
    `${silenced}[${outLabel}_quiet]`,
    // sine's amplitude is 1/8 (-18 dBFS); only the tone spans are let through.
    `sine=frequency=${toneHz}:sample_rate=${sampleRate}:duration=${n(duration)},aformat=sample_fmts=fltp:channel_layouts=${layout},asetnsamples=n=${frameSamples}:p=0,volume=volume=0:enable='not(${spanGate(tones)})'[${outLabel}_tone]`,
    `[${outLabel}_quiet][${outLabel}_tone]amix=inputs=2:normalize=0:duration=first[${outLabel}]`,
  ].join(';')
}
