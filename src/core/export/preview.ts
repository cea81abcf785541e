import { Readable } from 'node:stream'
import type { EpisodeTimeline } from '../../shared/contract/index.ts'
import { layoutEpisode } from '../episodes/layout.ts'
import { crossfade, heardLength, type Span } from '../episodes/spans.ts'
import { requireTool } from '../media/ffmpeg.ts'
import type { CoreContext } from '../context.ts'
import { startProcess } from '../process/run.ts'
import { planFor, timeline, withPlan, type Part, type Plan } from './podcast.ts'

/**
 * The episode player (docs/decisions/0165-episode-preview.md): the export's own plan and filter
 * graph (planFor, timeline), started at a moment of the episode and streamed as MP3 while FFmpeg
 * makes it, so nothing is rendered ahead and a seek costs one new FFmpeg from the seek point.
 */

/** Where the player's marks go, on the export's clock (the intro first). */
export async function episodeTimeline(voces: CoreContext, id: string): Promise<EpisodeTimeline> {
  await voces.storage.episodes.require(id)
  return withPlan(voces, id, [], async (plan) => timelineOf(plan))
}

export function timelineOf(plan: Pick<Plan, 'parts' | 'chapters' | 'heard'>): EpisodeTimeline {
  const { clips, cuts, offset } = plan.heard
  const layout = layoutEpisode(clips, cuts)
  const duration = plan.parts.reduce((sum, p) => sum + p.duration, 0)
  const joins: EpisodeTimeline['joins'] = []
  layout.pieces.forEach((piece, i) => {
    const before = layout.pieces[i - 1]
    if (!before) return
    joins.push({
      at: round(offset + piece.at),
      kind: before.clipIndex === piece.clipIndex ? 'cut' : 'clip',
    })
  })
  return {
    duration: round(duration),
    intro: round(offset),
    outro: round(duration - offset - layout.duration),
    chapters: plan.chapters.map((c) => ({ ...c, start: round(c.start) })),
    joins,
  }
}

const round = (t: number) => Math.round(t * 1000) / 1000

/**
 * The parts heard from episode time `from` on, each read from the moment it is first heard, and
 * the moment they start (`from`, or up to one crossfade later where `from` falls in the last
 * crossfade of a kept stretch: keptFilter needs a whole crossfade in every stretch it joins).
 * Redactions and disguise move with the part's clock, so they cover the same sounds.
 */
export function partsFrom(parts: readonly Part[], from: number): { parts: Part[]; from: number } {
  let at = 0
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as Part
    if (from >= at + part.duration) {
      at += part.duration
      continue
    }
    const into = Math.max(0, from - at)
    const trimmed = trimPart(part, into)
    if (!trimmed) {
      at += part.duration
      continue
    }
    return {
      parts: [trimmed.part, ...parts.slice(i + 1)],
      from: round(at + trimmed.skipped),
    }
  }
  return { parts: [], from: round(at) }
}

/** `part` heard from `into` seconds of it; `skipped`: the heard seconds left out before it. */
function trimPart(part: Part, into: number): { part: Part; skipped: number } | null {
  if (into === 0) return { part, skipped: 0 }
  if (!part.kept) {
    if (part.duration - into < crossfade) return null
    return { part: shifted(part, into, part.duration - into, undefined), skipped: into }
  }
  let heard = 0
  for (let k = 0; k < part.kept.length; k++) {
    const span = part.kept[k] as Span
    const length = span.end - span.start
    if (into < heard + length) {
      let readFrom = span.start + (into - heard)
      let skipped = into
      const rest = part.kept.slice(k + 1)
      if (span.end - readFrom < crossfade) {
        // Too little of this stretch left to fade out of: start on the next one.
        const next = rest[0]
        if (!next) return null
        readFrom = next.start
        skipped = heard + length
        const kept = rest.map((s) => ({ start: s.start - readFrom, end: s.end - readFrom }))
        return { part: shifted(part, readFrom, heardLength(kept), kept), skipped }
      }
      const kept = [
        { start: 0, end: span.end - readFrom },
        ...rest.map((s) => ({ start: s.start - readFrom, end: s.end - readFrom })),
      ]
      return { part: shifted(part, readFrom, heardLength(kept), kept), skipped }
    }
    heard += length
  }
  return null
}

/** `part` read from `by` seconds into it: every time on its clock moves back by `by`. */
function shifted(part: Part, by: number, duration: number, kept: Span[] | undefined): Part {
  const move = <T extends Span>(spans: readonly T[]) =>
    spans.filter((s) => s.end > by).map((s) => ({ ...s, start: s.start - by, end: s.end - by }))
  return {
    ...part,
    start: part.start + by,
    duration,
    kept,
    redactions: move(part.redactions),
    disguise: part.disguise && { ...part.disguise, spans: move(part.disguise.spans) },
  }
}

/** FFmpeg's arguments for the parts from `from`, as MP3 on stdout (no header to seek back to). */
export function previewArgs(parts: readonly Part[]): string[] {
  const graph = timeline(parts, 2)
  return [
    '-nostdin',
    '-hide_banner',
    '-loglevel',
    'error',
    ...graph.inputArgs,
    '-filter_complex',
    graph.filterComplex,
    '-map',
    '[out]',
    '-c:a',
    'libmp3lame',
    '-b:a',
    '160k',
    '-write_xing',
    '0',
    '-f',
    'mp3',
    'pipe:1',
  ]
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } })
}

/**
 * `GET /media/<episodeId>/preview?from=SECONDS`: the episode as the export joins it, from that
 * moment, streamed while FFmpeg makes it. `x-voces-from` says where it really starts. FFmpeg is
 * stopped when the player lets go of the stream, and the plan's files are released after it.
 */
export async function servePreview(
  voces: CoreContext,
  id: string,
  from: number,
): Promise<Response> {
  if (!(await voces.storage.episodes.get(id))) return plain(404, 'Not found')
  const ffmpeg = requireTool('ffmpeg', {
    ffmpegPath: (await voces.settings.get()).ffmpegPath,
    resourcesDir: voces.resourcesDir,
  })
  const plan = await planFor(voces, id)
  const start = partsFrom(plan.parts, Number.isFinite(from) ? Math.max(0, from) : 0)
  if (start.parts.length === 0) {
    await plan.release()
    return plain(416, 'Past the end of the episode.')
  }
  const running = startProcess(ffmpeg, previewArgs(start.parts), {
    log: voces.log,
    stdout: 'pipe',
  })
  void running.exit
    .then(
      ({ code, tail }) => {
        if (code !== 0 && code !== null)
          voces.log.warn('episode preview failed', {
            id,
            from: start.from,
            errors: tail.join('\n'),
          })
      },
      () => undefined,
    )
    .then(() => plan.release())
  const stdout = running.child.stdout
  if (!stdout) throw new Error('FFmpeg has no stdout.')
  const stream = Readable.toWeb(stdout) as ReadableStream<Uint8Array>
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const reader = stream.getReader()
      try {
        const { value, done } = await reader.read()
        if (done) controller.close()
        else controller.enqueue(value)
      } finally {
        reader.releaseLock()
      }
    },
    cancel() {
      running.stop()
    },
  })
  return new Response(body, {
    status: 200,
    headers: {
      'content-type': 'audio/mpeg',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'x-voces-from': String(start.from),
    },
  })
}
