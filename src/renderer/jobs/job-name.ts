import type { Job } from '../../shared/contract/index.ts'
import type { MessageKey } from '../../shared/i18n/index.ts'

/** What the tasks tray says a job does, in the interface language ("Exporting", "Transcribing"). */
export function jobKindKey(job: Pick<Job, 'kind'>): MessageKey | null {
  if (job.kind === 'ingest') return 'tray.kind.ingest'
  if (job.kind.startsWith('export')) return 'tray.kind.export'
  if (job.kind === 'transcribe') return 'tray.kind.transcribe'
  if (job.kind === 'model-download') return 'tray.kind.model-download'
  if (job.kind === 'speakers-detect') return 'tray.kind.speakers-detect'
  if (job.kind === 'speaker-models-download') return 'tray.kind.speaker-models-download'
  if (job.kind === 'translate') return 'tray.kind.translate'
  return null
}

/** Labels jobs were stored with before they named their subject only (decision 0082). */
const englishPrefixes: Readonly<Record<string, string>> = {
  'export.podcast': 'Export ',
  'export.video': 'Export ',
  'export.audiogram': 'Export ',
  'model-download': 'Whisper model ',
}

/**
 * The job's subject, for the tray to put after its action: the file, recording or model. A job
 * stored by an older Voces still carries the English action in its label; it is left out, so
 * the tray never says "Exportando Export x.mp3".
 */
export function jobSubject(job: Pick<Job, 'kind' | 'label'>): string {
  const prefix = englishPrefixes[job.kind]
  return prefix && job.label.startsWith(prefix) ? job.label.slice(prefix.length) : job.label
}
