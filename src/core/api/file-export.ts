import { checkConsent, logExport } from '../export/consent.ts'
import { actorOf, owner } from '../people/access.ts'
import type { CallContext } from './types.ts'

/**
 * One recording's file made at a person's request (a transcript, a subtitle file): the consent is
 * checked before it is made, and the export log names who asked once it is.
 */
export async function exportRecordingFile<F extends { fileName: string }>(
  { voces, caller }: CallContext,
  request: { kind: string; recordingId: string; reason: string },
  make: () => F | Promise<F>,
): Promise<F> {
  await checkConsent(voces, [request.recordingId], request.reason)
  const file = await make()
  await logExport(voces, {
    kind: request.kind,
    output: file.fileName,
    sourceId: request.recordingId,
    recordingIds: [request.recordingId],
    reason: request.reason,
    actor: actorOf(caller ?? owner),
  })
  return file
}
