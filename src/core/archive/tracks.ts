import type { Recording } from '../../shared/contract/index.ts'
import type { Storage } from '../storage/ports.ts'
import { escapeXml } from '../util/xml.ts'

/** A track in the Voces transcript JSON format. */
export interface TrackJson {
  recordingId: string
  track: string
  language: string
  kind: string
  segments: Array<{
    start: number
    end: number
    speaker: string | null
    language: string
    text: string
    words: Array<{ start: number; end: number; text: string; probability: number | null }>
  }>
}

/**
 * Every track of a recording, by language, read in one transaction (one consistent state) through
 * the one transcript reader (getTrack: speakers by the name they are shown under, decision 0075).
 */
export function readTracks(
  storage: Pick<Storage, 'transaction'>,
  recordingId: string,
): Promise<TrackJson[]> {
  return storage.transaction(async ({ transcripts }) => {
    const languages = (await transcripts.listTracks(recordingId)).map((t) => t.track).sort()
    const tracks: TrackJson[] = []
    for (const language of languages) {
      const track = await transcripts.getTrack(recordingId, language)
      if (!track) continue
      tracks.push({
        recordingId,
        track: track.track,
        language: track.track,
        kind: track.kind,
        segments: track.segments,
      })
    }
    return tracks
  })
}

/** Index points every few minutes (at a segment start), so an archive's reader can jump around. */
export const ohmsPointSpacing = 120

/**
 * An OHMS-style index (the Oral History Metadata Synchronizer's XML, simplified): one point per
 * stretch of about two minutes, with a title and synopsis in each language taken from the tracks.
 */
export function ohmsIndexXml(recording: Recording, tracks: readonly TrackJson[]): string {
  const x = escapeXml
  const base = tracks.find((t) => t.kind === 'transcript') ?? tracks[0]
  const points: number[] = []
  for (const segment of base?.segments ?? []) {
    if (points.length === 0 || segment.start - (points.at(-1) ?? 0) >= ohmsPointSpacing)
      points.push(segment.start)
  }
  const textBetween = (track: TrackJson, from: number, to: number) =>
    track.segments
      .filter((s) => s.start >= from && s.start < to)
      .map((s) => s.text)
      .join(' ')
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<ROOT>',
    '  <record>',
    `    <title>${x(recording.title)}</title>`,
    `    <date value="${x(recording.interviewDate ?? '')}"/>`,
    `    <duration>${Math.round(recording.duration)}</duration>`,
    `    <interviewee>${x(recording.interviewees.join('; '))}</interviewee>`,
    `    <interviewer>${x(recording.interviewer)}</interviewer>`,
    `    <language>${x(recording.languages)}</language>`,
    `    <rights>${x(`consent: ${recording.consentStatus}${recording.consentNote ? ` (${recording.consentNote})` : ''}`)}</rights>`,
    '    <index>',
  ]
  points.forEach((time, i) => {
    const next = points[i + 1] ?? Infinity
    lines.push('      <point>', `        <time>${Math.round(time)}</time>`)
    for (const track of tracks) {
      const text = textBetween(track, time, next)
      const title = text.split(/\s+/).slice(0, 8).join(' ')
      lines.push(
        `        <title lang="${x(track.language)}">${x(title)}</title>`,
        `        <synopsis lang="${x(track.language)}">${x(text)}</synopsis>`,
      )
    }
    lines.push('        <keywords></keywords>', '      </point>')
  })
  lines.push('    </index>', '  </record>', '</ROOT>')
  return lines.join('\n') + '\n'
}
