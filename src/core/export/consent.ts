import { VocesError } from '../../shared/contract/index.ts'
import { consentProblem } from '../../shared/consent.ts'
import type { CoreContext } from '../context.ts'
import type { ExportLogRecording } from '../storage/ports.ts'

/** The recordings an export of `source` (an episode, or one recording whole) is made of. */
export async function exportedRecordings(voces: CoreContext, source: string): Promise<string[]> {
  const episode = await voces.storage.episodes.get(source)
  if (episode) return [...new Set(episode.clips.map((clip) => clip.recordingId))]
  return [(await voces.storage.recordings.require(source)).id]
}

/**
 * Consent is enforced at export (decision 0007): a withdrawn recording is never exported; a restricted
 * or unknown one needs a reason, which goes into the export log with what was used.
 */
export async function checkConsent(
  voces: CoreContext,
  recordingIds: readonly string[],
  reason: string,
): Promise<void> {
  for (const id of recordingIds) {
    const recording = await voces.storage.recordings.require(id)
    const problem = consentProblem(recording.consentStatus, reason)
    if (problem === 'withdrawn') {
      throw new VocesError(
        'CONSENT_WITHDRAWN',
        `"${recording.title}" cannot be exported: its consent was withdrawn.`,
        { title: recording.title },
      )
    }
    if (problem === 'reason') {
      throw new VocesError(
        'CONSENT_REASON_REQUIRED',
        `The consent for "${recording.title}" is ${recording.consentStatus}. Give a reason for this export; it is recorded in the export log.`,
        { title: recording.title, status: recording.consentStatus },
      )
    }
  }
}

export interface ExportLogEntry {
  kind: string
  output: string
  sourceId: string
  recordingIds: readonly string[]
  reason: string
  /** Per recording: the speakers whose voice was disguised (src/core/redaction/disguise.ts). */
  disguise?: Readonly<Record<string, unknown[]>>
  /** Who asked (src/core/people/access.ts actorOf); an export job's own entry says `export job`. */
  actor?: string
}

/** One row per finished export: what it used, under which consent, and why. */
export async function logExport(voces: CoreContext, entry: ExportLogEntry): Promise<void> {
  const recordings: ExportLogRecording[] = []
  for (const id of entry.recordingIds) {
    const r = await voces.storage.recordings.require(id)
    const disguise = entry.disguise?.[id]
    recordings.push({
      id,
      consent: r.consentStatus,
      consentNote: r.consentNote,
      ...(disguise ? { disguise } : {}),
    })
  }
  const at = new Date().toISOString()
  // The export log's row and the audit entry are one transaction (decision 0161).
  await voces.storage.transaction(async (tx) => {
    await tx.exportLog.append({
      at,
      kind: entry.kind,
      output: entry.output,
      sourceId: entry.sourceId,
      recordings,
      reason: entry.reason,
    })
    await tx.people.audit(
      {
        actor: entry.actor ?? 'export job',
        action: 'export',
        recordingId: entry.recordingIds.length === 1 ? (entry.recordingIds[0] ?? null) : null,
        subject: entry.sourceId,
        details: {
          kind: entry.kind,
          reason: entry.reason,
          recordings: entry.recordingIds.join(','),
        },
      },
      at,
    )
  })
}
