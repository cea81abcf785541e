import { registerExport } from './export/register.ts'
import { registerIngest } from './media/ingest.ts'
import { registerTranscription } from './transcription/register.ts'
import type { Voces } from './voces.ts'

/**
 * Each capability's registration: its job handlers and anything else it sets up on the core.
 * One line per capability; the order does not matter.
 */
export const capabilityRegistrations: Array<(voces: Voces) => void> = [
  registerIngest,
  registerExport,
  registerTranscription,
]
