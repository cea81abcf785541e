import type { Recording } from './contract/index.ts'

type ConsentStatus = Recording['consentStatus']

/**
 * The one export consent rule, for the core that refuses and the export form that explains before
 * anyone presses Export (decision 0199): a withdrawn recording is never exported; a restricted or
 * unknown one needs a reason, which goes into the export log with what was used; given consent
 * asks for nothing.
 */
export type ExportConsent = 'refused' | 'reason' | 'free'

export function exportConsent(status: ConsentStatus): ExportConsent {
  if (status === 'withdrawn') return 'refused'
  return status === 'given' ? 'free' : 'reason'
}

/** A reason counts when it says something: white space alone is none. */
export const hasReason = (reason: string) => reason.trim() !== ''

/** What stops one recording's export with this reason: null when nothing does. */
export function consentProblem(
  status: ConsentStatus,
  reason: string,
): 'withdrawn' | 'reason' | null {
  const rule = exportConsent(status)
  if (rule === 'refused') return 'withdrawn'
  return rule === 'reason' && !hasReason(reason) ? 'reason' : null
}
