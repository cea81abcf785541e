import type { Recording, Segment } from '../../shared/contract/index.ts'
import type { RecordingStore } from '../storage/ports.ts'

/** The languages a transcript's segments are in, as the recording's field names them. */
export function spokenIn(
  segments: readonly Pick<Segment, 'language' | 'text'>[],
): Recording['languages'] | null {
  const found = new Set(
    segments.filter((segment) => segment.text.trim() !== '').map((segment) => segment.language),
  )
  if (found.has('en') && found.has('es')) return 'en,es'
  if (found.has('es')) return 'es'
  if (found.has('en')) return 'en'
  return null
}

/**
 * After a source transcript is written: "Languages spoken" takes the transcript's languages when
 * it still holds the ingest default, English (decision 0135). A recording a person marked Spanish
 * or both is left as they said; an empty transcript changes nothing.
 */
export async function languagesFromTranscript(
  recordings: RecordingStore,
  recordingId: string,
  segments: readonly Pick<Segment, 'language' | 'text'>[],
): Promise<void> {
  const spoken = spokenIn(segments)
  if (spoken === null || spoken === 'en') return
  const recording = await recordings.require(recordingId)
  if (recording.languages === 'en') await recordings.update(recordingId, { languages: spoken })
}
