import { promises as fs } from 'node:fs'
import path from 'node:path'
import { speakerKey } from '../redaction/disguise.ts'
import type { Segment, TrackLanguage } from '../../shared/contract/index.ts'
import { makeCues } from '../subtitles/make-cues.ts'
import { rulesFor } from '../subtitles/rules.ts'
import { writeSrt } from '../subtitles/srt.ts'
import { writeVtt } from '../subtitles/vtt.ts'
import { writeFileAtomic } from '../util/atomic-file.ts'

/**
 * Transcript sidecars of a podcast export (decision 0102), on the file's own clock: SubRip and WebVTT
 * cues made by the subtitle rules, and the Podcasting 2.0 JSON transcript (podcastindex.org
 * "podcast namespace", transcripts.md: `{"version": "1.0.0", "segments": [{speaker, startTime,
 * endTime, body}]}`), one entry per transcript segment. The segments come from episodeSegments,
 * so cut words are gone and redacted words masked.
 */
export interface TranscriptSidecar {
  file: string
  /** The MIME type the `podcast:transcript` tag declares. */
  type: 'application/json' | 'text/vtt' | 'application/x-subrip'
  language: TrackLanguage
  /** WebVTT and SubRip carry timed captions: `rel="captions"` in the feed. */
  captions: boolean
}

const round = (t: number) => Math.round(t * 1000) / 1000

export function podcastTranscriptJson(segments: readonly Segment[]): string {
  const body = {
    version: '1.0.0',
    segments: segments
      .filter((segment) => segment.text.trim() !== '')
      .map((segment) => ({
        ...(segment.speaker ? { speaker: segment.speaker } : {}),
        startTime: round(segment.start),
        endTime: round(segment.end),
        body: segment.text.trim(),
      })),
  }
  return JSON.stringify(body, null, 2) + '\n'
}

/** The language most of the transcript is spoken in, by time; the feed tag names one. */
export function mainLanguage(segments: readonly Segment[]): TrackLanguage {
  const time: Record<TrackLanguage, number> = { en: 0, es: 0 }
  for (const segment of segments) time[segment.language] += Math.max(0, segment.end - segment.start)
  return time.es > time.en ? 'es' : 'en'
}

/**
 * Writes `BASE.transcript.srt`, `.vtt` and `.json` beside the audio (`BASE.transcript.en.srt`…
 * with `suffix` '.en', for a translation), each whole or not at all, and says what it wrote;
 * nothing when there is no transcript. Cues end by `duration`, the audio's length.
 * `withoutSpeaker` holds the folded keys (speakerKey) of speakers whose name must not be
 * published: those whose voice the export disguises, under their label or their name.
 */
export async function writeTranscriptSidecars(
  base: string,
  segments: readonly Segment[],
  duration: number,
  withoutSpeaker: ReadonlySet<string> = new Set(),
  suffix = '',
): Promise<TranscriptSidecar[]> {
  const published = segments
    .filter((segment) => segment.text.trim() !== '')
    .map((segment) => ({
      ...segment,
      speaker:
        segment.speaker && withoutSpeaker.has(speakerKey(segment.speaker)) ? null : segment.speaker,
    }))
  if (published.length === 0) return []
  const language = mainLanguage(published)
  // The rules let a cue stay up a little after speech for reading; never past the file's end.
  const cues = makeCues(published, rulesFor(language))
    .map((cue) => ({ ...cue, end: Math.min(cue.end, duration) }))
    .filter((cue) => cue.end > cue.start)
  const name = `${base}.transcript${suffix}`
  const files: Array<[TranscriptSidecar, string]> = [
    [
      { file: `${name}.srt`, type: 'application/x-subrip', language, captions: true },
      writeSrt(cues),
    ],
    [{ file: `${name}.vtt`, type: 'text/vtt', language, captions: true }, writeVtt(cues)],
    [
      { file: `${name}.json`, type: 'application/json', language, captions: false },
      podcastTranscriptJson(published),
    ],
  ]
  for (const [sidecar, text] of files) await writeFileAtomic(sidecar.file, text)
  return files.map(([sidecar]) => sidecar)
}

/** What follows `BASE.` in the name of a podcast export's sidecar. */
const sidecarEnding = /^(chapters\.json|rss-item\.xml|transcript(\.(en|es))?\.(srt|vtt|json))$/i

const isFile = (file: string) =>
  fs.stat(file).then(
    (stat) => stat.isFile(),
    () => false,
  )

/**
 * The BASE of a podcast export's sidecars (`BASE.chapters.json`, `BASE.transcript.srt`,
 * `BASE.rss-item.xml`…), chosen so that an export never writes over another format's
 * (decision 0102). `NAME.mp3` and `NAME.m4a` share `NAME`: the first of them exported takes it,
 * and the other, exported beside it, names its sidecars after its whole file name
 * (`NAME.m4a.chapters.json`). Which one was first is read from the folder: when the other
 * format's file is there and none of its sidecars carry its format, the plain names are its own.
 */
export async function sidecarBase(output: string, format: 'mp3' | 'm4a'): Promise<string> {
  const stem = output.replace(/\.(mp3|m4a)$/i, '')
  const own = stem === output ? `${output}.${format}` : output
  const otherExtensions = format === 'mp3' ? ['m4a', 'M4A'] : ['mp3', 'MP3']
  const others: string[] = []
  for (const extension of otherExtensions) {
    const other = `${stem}.${extension}`
    if (other !== output && (await isFile(other))) others.push(path.basename(other))
  }
  if (others.length === 0) return stem
  const entries = await fs.readdir(path.dirname(output)).catch(() => [] as string[])
  const otherTookTheFormat = entries.some((entry) =>
    others.some(
      (other) =>
        entry.toLowerCase().startsWith(`${other.toLowerCase()}.`) &&
        sidecarEnding.test(entry.slice(other.length + 1)),
    ),
  )
  return otherTookTheFormat ? stem : own
}
