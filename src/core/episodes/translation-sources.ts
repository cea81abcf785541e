import type { Cut, TrackLanguage } from '../../shared/contract/index.ts'
import { redactionSpans } from '../redaction/redact.ts'
import type { CoreContext } from '../context.ts'
import type { TranscriptSource } from './layout.ts'

/**
 * What an episode's transcript in `language` is made of, recording by recording: the
 * recording's own transcript when it is spoken in that language, else its translation into it.
 * Null when no recording has a translation into `language`: the spoken transcript's sidecars
 * already hold everything there is in it.
 *
 * A translation has no word timings, so a cut cannot take words out of its sentences. A
 * translated sentence is left out whole when an edit cut (words or sentences a person deleted)
 * touches it, so nothing that was cut from the audio is published in the other language; filler
 * cuts ("um", "este") leave it, since a translation does not carry the fillers. Redacted names
 * are already masked in the stored translation (redaction rewrites every track); a sentence
 * over a redacted stretch is masked whole, as any segment without word timings is.
 */
export async function translationSources(
  voces: CoreContext,
  recordingIds: readonly string[],
  language: TrackLanguage,
  cuts: readonly Cut[],
): Promise<Map<string, TranscriptSource> | null> {
  const sources = new Map<string, TranscriptSource>()
  let translated = false
  for (const recordingId of recordingIds) {
    const track = await voces.storage.transcripts.getTrack(recordingId, language)
    if (!track) continue
    const redactions = await redactionSpans(voces, recordingId)
    if (track.kind !== 'translation') {
      sources.set(recordingId, { segments: track.segments, redactions })
      continue
    }
    translated = true
    const edits = cuts.filter((cut) => cut.recordingId === recordingId && cut.kind === 'edit')
    const segments = track.segments
      .filter((s) => !edits.some((cut) => cut.start < s.end && cut.end > s.start))
      .map((s) => ({ ...s, words: [] }))
    sources.set(recordingId, { segments, redactions })
  }
  return translated ? sources : null
}
