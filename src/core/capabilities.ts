import { registerExport } from './export/register.ts'
import { registerIngest } from './media/ingest.ts'
import { registerTranscription } from './transcription/register.ts'
import { registerSpeakers } from './speakers/register.ts'
import { registerTranslation } from './translation/register.ts'
import type { CapabilityRegistration } from './context.ts'

/**
 * Each capability's registration: its job handlers and anything else it sets up on the core.
 * One line per capability; the order does not matter. A registration receives the
 * `CoreContext`, never `Voces`, which calls these (decision 0105).
 */
export const capabilityRegistrations: readonly CapabilityRegistration[] = [
  registerIngest,
  registerExport,
  registerTranscription,
  registerSpeakers,
  registerTranslation,
]
