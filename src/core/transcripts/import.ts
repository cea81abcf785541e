import { VocesError, type TrackLanguage, type TrackSummary } from '../../shared/contract/index.ts'
import type { CoreContext } from '../context.ts'
import { importTranscript } from './formats.ts'
import { languagesFromTranscript } from './spoken.ts'

export interface TranscriptImport {
  recordingId: string
  track?: TrackLanguage | undefined
  fileName: string
  text: string
  /** Replace the tracks the file would take the place of; without it, an import over them is refused. */
  replace: boolean
}

/**
 * Imports a transcript file's text as a track. A file in the language of an existing track
 * replaces it; an English file beside a Spanish transcript is its translation; otherwise the file
 * is the recording's source transcript, which takes the place of the previous one. Tracks it
 * would replace are replaced only when `replace` says so: the refusal counts their segments and
 * those a person verified (docs/decisions/0084-imports-never-replace-work.md). What it checks and
 * what it writes are one transaction, so no edit lands between them.
 */
export async function importTrack(
  voces: CoreContext,
  input: TranscriptImport,
): Promise<TrackSummary> {
  const recording = await voces.storage.recordings.require(input.recordingId)
  const imported = importTranscript(input.text, input.fileName, input.track, recording.duration)
  const language = input.track ?? imported.language
  return voces.storage.transaction(async ({ transcripts, recordings }) => {
    const tracks = await transcripts.listTracks(input.recordingId)
    const same = tracks.find((item) => item.track === language)
    const besideSpanish =
      language === 'en' && tracks.some((item) => item.kind === 'transcript' && item.track === 'es')
    const kind = same?.kind ?? (besideSpanish ? 'translation' : 'transcript')
    const replaced = tracks.filter(
      (item) => item.track === language || (kind === 'transcript' && item.kind === 'transcript'),
    )
    const count = replaced.reduce((sum, item) => sum + item.segmentCount, 0)
    if (count > 0 && !input.replace) {
      const verified = await transcripts.verifiedSegments(
        input.recordingId,
        replaced.map((item) => item.track),
      )
      const which = replaced
        .map((item) => (item.track === 'en' ? 'English' : 'Spanish'))
        .join(' and ')
      throw new VocesError(
        'TRANSCRIPT_IMPORT_REPLACES',
        `Importing ${input.fileName} would replace the ${which} transcript of recording ${input.recordingId}:` +
          ` ${count} segment${count === 1 ? '' : 's'}, ${verified} of them verified by a person. Nothing was changed.`,
        { file: input.fileName, count, verified },
      )
    }
    const summary = await transcripts.replaceTrack({
      recordingId: input.recordingId,
      language,
      kind,
      origin: 'imported',
      model: null,
      engineSettings: { importedFrom: imported.format, fileName: input.fileName },
      segments: imported.segments,
    })
    if (kind === 'transcript')
      await languagesFromTranscript(recordings, input.recordingId, imported.segments)
    return summary
  })
}
