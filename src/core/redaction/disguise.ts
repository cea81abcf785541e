import {
  VocesError,
  type DisguiseSpeaker,
  type DisguiseSpeakerInfo,
} from '../../shared/contract/index.ts'
import { requireTool, runTool } from '../media/ffmpeg.ts'
import type { CoreContext } from '../context.ts'
import { mergeSpans } from '../util/spans.ts'
import { fold } from './fold.ts'

/**
 * Voice disguise for whole speakers (docs/decisions/0060-voice-disguise.md). The part's
 * audio is split in two: the untouched voice and a pitch-shifted copy of all of it; a per-frame
 * weight fades from one to the other around the disguised speaker's turns. Both copies keep the
 * part's clock (the shifters change pitch, never length), so redaction spans, chapters and
 * subtitles stay where they were.
 */

/** How the pitch is moved: FFmpeg's Rubber Band filter, or resampling with a tempo correction. */
export type PitchEngine = 'rubberband' | 'resample'

export interface DisguiseSpan {
  start: number
  end: number
  semitones: number
  /** null: the formants move with the pitch. */
  formantSemitones: number | null
}

/** What one part of an export disguises, on the part's own clock. */
export interface PartDisguise {
  engine: PitchEngine
  spans: DisguiseSpan[]
}

/**
 * Seconds added before and after each of the speaker's segments: segment times (Whisper's
 * especially) often clip a first or last syllable, and a syllable in the real voice is a leak.
 */
export const disguiseMargin = 0.1
/** The fade between the two voices, outside the margin: 30 ms is long enough not to click. */
export const crossfade = 0.03
/** The weight is evaluated once per frame; 240 samples are 5 ms at 48 kHz. */
export const disguiseFrameSamples = 240

const n3 = (x: number) => x.toFixed(3)
const ratio = (semitones: number) => Math.pow(2, semitones / 12)

/**
 * The speaker's label or editor name, folded like names in redaction (case and accents): two
 * names are the same speaker when their keys are equal. Whatever else hides a disguised speaker
 * (transcript sidecars) should compare with this, as the shifter does.
 */
export const speakerKey = (text: string) => fold(text.trim()).folded.replace(/\s+/g, ' ')

/**
 * Every key (label and editor name, folded) under which the disguised speakers of these
 * recordings may be written in a transcript: none of them is published beside a disguised voice.
 */
export async function disguisedSpeakerKeys(
  voces: CoreContext,
  recordingIds: readonly string[],
  speakers: readonly string[],
): Promise<Set<string>> {
  const wanted = new Set(speakers.map(speakerKey))
  const keys = new Set(wanted)
  for (const recordingId of recordingIds) {
    const rows = await voces.storage.speakerTurns.speakers(recordingId)
    for (const row of rows) {
      const own = [row.label, row.name].filter((text) => text !== '').map(speakerKey)
      if (own.some((key) => wanted.has(key))) for (const key of own) keys.add(key)
    }
  }
  return keys
}

/** The stretches where one speaker talks in a recording (every track), margins added, merged. */
export async function speakerSpans(
  voces: CoreContext,
  recordingId: string,
  speaker: string,
): Promise<Array<{ start: number; end: number }>> {
  const key = speakerKey(speaker)
  const rows = await voces.storage.speakerTurns.speakers(recordingId)
  const ids = rows
    .filter(
      (row) => speakerKey(row.label) === key || (row.name !== '' && speakerKey(row.name) === key),
    )
    .map((row) => row.id)
  if (ids.length === 0) return []
  const segments = await voces.storage.speakerTurns.turns(recordingId, ids)
  return mergeSpans(
    segments.map((s) => ({
      start: Math.max(0, s.start - disguiseMargin),
      end: s.end + disguiseMargin,
    })),
    2 * crossfade,
  )
}

/** Spans of a recording that fall inside a clip [start, start + duration), on the clip's clock. */
export function disguiseInClip(
  spans: readonly DisguiseSpan[],
  start: number,
  duration: number,
): DisguiseSpan[] {
  return spans
    .filter((s) => s.end > start && s.start < start + duration)
    .map((s) => ({
      ...s,
      start: Math.max(0, s.start - start),
      end: Math.min(duration, s.end - start),
    }))
}

/** The shifter of one group: pitch by `semitones`, formants by `formantSemitones` (or with it). */
export function shifterChain(
  engine: PitchEngine,
  semitones: number,
  formantSemitones: number | null,
  sampleRate = 48000,
): string {
  const formants = formantSemitones ?? semitones
  if (engine === 'resample') {
    if (formants !== semitones)
      throw new VocesError(
        'DISGUISE_NEEDS_RUBBERBAND',
        'Moving the formants apart from the pitch needs FFmpeg with the Rubber Band filter (rubberband); this FFmpeg has none.',
      )
    // Playing the samples at another rate moves pitch and formants together and changes the
    // length; atempo (WSOLA) brings the length back without touching the pitch.
    const rate = Math.round(sampleRate * ratio(semitones))
    return `asetrate=${rate},aresample=${sampleRate},atempo=${(sampleRate / rate).toFixed(6)}`
  }
  const band = (factor: number, keep: 'shifted' | 'preserved') =>
    `rubberband=pitch=${factor.toFixed(6)}:formant=${keep}:channels=together`
  if (formants === semitones) return band(ratio(semitones), 'shifted')
  if (formants === 0) return band(ratio(semitones), 'preserved')
  // Both move by the formant shift, then the pitch alone by the rest.
  return `${band(ratio(formants), 'shifted')},${band(ratio(semitones - formants), 'preserved')}`
}

/** 1 inside the span, fading to 0 over `crossfade` outside it (t is the frame's start). */
const ramp = (s: { start: number; end: number }) =>
  `clip(1+min(t-${n3(s.start)},${n3(s.end)}-t)/${crossfade},0,1)`

/**
 * The weight of a list of spans whose ramps do not overlap, as a binary search on t: FFmpeg's
 * expression parser gives up on a chain of about a hundred terms (measured: 100 `between()`
 * terms parse, 101 do not), and a tree keeps both the nesting and the per-frame work at log2(n).
 * FFmpeg's `if` evaluates only the branch it takes.
 */
export function weightExpression(spans: ReadonlyArray<{ start: number; end: number }>): string {
  if (spans.length === 0) return '0'
  if (spans.length === 1) return ramp(spans[0] as { start: number; end: number })
  const middle = Math.floor(spans.length / 2)
  const split = (spans[middle] as { start: number }).start - crossfade
  return `if(lt(t,${n3(split)}),${weightExpression(spans.slice(0, middle))},${weightExpression(spans.slice(middle))})`
}

/**
 * Spans made ready for the weights: where two shifts overlap, the span that started first keeps
 * the overlap; neighbours of different shifts give up a crossfade each so their fades do not
 * overlap (both fades fall in the margins); neighbours of the same shift closer than two fades
 * are joined.
 */
export function separateSpans(spans: readonly DisguiseSpan[]): DisguiseSpan[] {
  const keyOf = (span: DisguiseSpan) => `${span.semitones}/${span.formantSemitones ?? ''}`
  const out: DisguiseSpan[] = []
  for (const span of [...spans].sort((a, b) => a.start - b.start)) {
    const next = { ...span }
    const last = out.at(-1)
    if (last && next.start <= last.end + 2 * crossfade) {
      if (keyOf(last) === keyOf(next)) {
        last.end = Math.max(last.end, next.end)
        continue
      }
      next.start = Math.max(next.start, last.end)
      if (next.end <= next.start) continue
      const boundary = (last.end + next.start) / 2
      last.end = boundary - crossfade
      next.start = boundary + crossfade
      if (last.end <= last.start) out.pop()
      if (next.end <= next.start) continue
    }
    out.push(next)
  }
  return out
}

/**
 * Filter-graph text from `[inLabel]` (48 kHz) to `[outLabel]`: the voice of the spans shifted,
 * the rest untouched, the length unchanged (amix ends with the untouched copy). One shifted copy
 * per distinct shift. Expressions are single-quoted so their commas stay inside the filter.
 */
export function disguiseFilter(
  inLabel: string,
  outLabel: string,
  disguise: PartDisguise | undefined,
  sampleRate = 48000,
): string {
  const spans = separateSpans(disguise?.spans ?? [])
  if (!disguise || spans.length === 0) return `[${inLabel}]anull[${outLabel}]`
  const groups = new Map<string, DisguiseSpan[]>()
  for (const span of spans) {
    const key = `${span.semitones}/${span.formantSemitones ?? ''}`
    groups.set(key, [...(groups.get(key) ?? []), span])
  }
  const frames = `asetnsamples=n=${disguiseFrameSamples}:p=0`
  const gain = (expression: string) => `volume=eval=frame:volume='${expression}'`
  const label = (name: string) => `[${outLabel}_${name}]`
  const wets = [...groups.values()]
  const lines = [
    `[${inLabel}]asplit=${wets.length + 1}${label('dry_in')}${wets.map((_, i) => label(`in${i}`)).join('')}`,
    // The spans of all shifts do not overlap (separateSpans), so the rest is one minus their weight.
    `${label('dry_in')}${frames},${gain(`1-${weightExpression(spans)}`)}${label('dry')}`,
  ]
  wets.forEach((list, i) => {
    const first = list[0] as DisguiseSpan
    lines.push(
      `${label(`in${i}`)}${shifterChain(disguise.engine, first.semitones, first.formantSemitones, sampleRate)},${frames},${gain(weightExpression(list))}${label(`wet${i}`)}`,
    )
  })
  lines.push(
    `${label('dry')}${wets.map((_, i) => label(`wet${i}`)).join('')}amix=inputs=${wets.length + 1}:normalize=0:duration=first[${outLabel}]`,
  )
  return lines.join(';')
}

const engines = new Map<string, Promise<PitchEngine>>()

/** Rubber Band when this FFmpeg was built with it (Debian's is), else resampling. */
export function pitchEngine(ffmpeg: string): Promise<PitchEngine> {
  let found = engines.get(ffmpeg)
  if (!found) {
    found = runTool(ffmpeg, ['-hide_banner', '-filters'], {
      captureStdout: true,
      timeoutMs: 10_000,
    })
      .then(({ stdout }) => (/^\s*\S+\s+rubberband\s/m.test(stdout) ? 'rubberband' : 'resample'))
      .catch(() => 'resample' as const)
    engines.set(ffmpeg, found)
  }
  return found
}

/** Whether the speaker says anything in any of these recordings. */
async function speaks(
  voces: CoreContext,
  recordingIds: readonly string[],
  speaker: string,
): Promise<boolean> {
  for (const id of recordingIds)
    if ((await speakerSpans(voces, id, speaker)).length > 0) return true
  return false
}

/**
 * Refuses, before anything is written, a disguise naming a speaker who says nothing in any of
 * the recordings the export uses (a typo would otherwise leave the real voice in the file).
 */
export async function checkDisguise(
  voces: CoreContext,
  recordingIds: readonly string[],
  speakers: readonly DisguiseSpeaker[],
): Promise<void> {
  for (const { speaker } of speakers) {
    if (await speaks(voces, recordingIds, speaker)) continue
    throw new VocesError(
      'DISGUISE_SPEAKER_NOT_FOUND',
      `No recording in this export has a speaker called "${speaker}" in its transcript, so their voice cannot be disguised. Check the name in the transcript's speakers.`,
      { speaker },
    )
  }
}

/**
 * What each part of an export disguises: `for(recordingId, start, duration)` gives a part's
 * spans on its own clock (undefined when it disguises nothing). Finds the pitch engine once.
 */
export async function disguiser(
  voces: CoreContext,
  speakers: readonly DisguiseSpeaker[],
): Promise<{
  engine: PitchEngine
  for: (recordingId: string, start: number, duration: number) => Promise<PartDisguise | undefined>
}> {
  if (speakers.length === 0) return { engine: 'rubberband', for: async () => undefined }
  const ffmpeg = requireTool('ffmpeg', {
    ffmpegPath: (await voces.settings.get()).ffmpegPath,
    resourcesDir: voces.resourcesDir,
  })
  const engine = await pitchEngine(ffmpeg)
  // Checked now, so an export that cannot be made as asked fails before it writes anything.
  for (const s of speakers) shifterChain(engine, s.semitones, s.formantSemitones ?? null)
  const cache = new Map<string, Promise<DisguiseSpan[]>>()
  const spansOf = (recordingId: string) => {
    let spans = cache.get(recordingId)
    if (!spans) {
      spans = Promise.all(
        speakers.map(async (s) =>
          (await speakerSpans(voces, recordingId, s.speaker)).map((span) => ({
            ...span,
            semitones: s.semitones,
            formantSemitones: s.formantSemitones ?? null,
          })),
        ),
      ).then((lists) => lists.flat())
      cache.set(recordingId, spans)
    }
    return spans
  }
  return {
    engine,
    for: async (recordingId, start, duration) => {
      const spans = disguiseInClip(await spansOf(recordingId), start, duration)
      return spans.length > 0 ? { engine, spans } : undefined
    },
  }
}

export interface DisguiseLogEntry {
  speaker: string
  semitones: number
  formantSemitones: number | null
  /** null when none of the speaker's turns fell inside what was exported. */
  engine: PitchEngine | null
}

/**
 * For the export log, per recording: whose voice was disguised, by how much, with which engine.
 * Speakers as the transcript labels them (already in the library), never transcript text.
 */
export async function disguiseLog(
  voces: CoreContext,
  recordingIds: readonly string[],
  speakers: readonly DisguiseSpeaker[],
  parts: ReadonlyArray<{ disguise?: PartDisguise | undefined }>,
): Promise<Record<string, DisguiseLogEntry[]>> {
  const engine = parts.find((part) => part.disguise)?.disguise?.engine ?? null
  const log: Record<string, DisguiseLogEntry[]> = {}
  for (const id of recordingIds) {
    const heard: DisguiseSpeaker[] = []
    for (const s of speakers) if (await speaks(voces, [id], s.speaker)) heard.push(s)
    const entries = heard.map((s) => ({
      speaker: s.speaker,
      semitones: s.semitones,
      formantSemitones: s.formantSemitones ?? null,
      engine,
    }))
    if (entries.length > 0) log[id] = entries
  }
  return log
}

/**
 * The CLI's `--disguise "NAME[:SEMITONES[:FORMANT_SEMITONES]]"`. Only trailing numbers are
 * shifts, so a name with a colon in it ("Dr. Ruiz: nurse") stays whole.
 */
export function parseDisguiseFlag(spec: string): {
  speaker: string
  semitones?: number
  formantSemitones?: number
} {
  const number = '([+-]?\\d+(?:\\.\\d+)?)'
  const match = new RegExp(`^(.+?):${number}(?::${number})?$`).exec(spec.trim())
  if (!match) return { speaker: spec.trim() }
  const [, speaker = '', semitones, formants] = match
  return {
    speaker: speaker.trim(),
    semitones: Number(semitones),
    ...(formants !== undefined ? { formantSemitones: Number(formants) } : {}),
  }
}

/** The speakers of an episode's or a recording's transcripts, most talkative first. */
export async function disguiseSpeakersOf(
  voces: CoreContext,
  source: string,
): Promise<DisguiseSpeakerInfo[]> {
  const episode = await voces.storage.episodes.get(source)
  const recordingIds = episode
    ? [...new Set(episode.clips.map((clip) => clip.recordingId))]
    : (await voces.storage.recordings.get(source))
      ? [source]
      : null
  if (!recordingIds)
    throw new VocesError(
      'SOURCE_NOT_FOUND',
      `There is no episode or recording ${source} in this library.`,
      { id: source },
    )
  if (recordingIds.length === 0) return []
  const rows = await voces.storage.speakerTurns.talkTime(recordingIds)
  return rows.map((row) => ({ ...row, seconds: Math.round(row.seconds * 10) / 10 }))
}
