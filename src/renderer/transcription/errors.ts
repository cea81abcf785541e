import type { ApiError } from '../../shared/contract/index.ts'
import type { ErrorText } from '../../shared/i18n/index.ts'
import { optionalMessage, type SectionTranslate } from '../../shared/i18n/sections.ts'

/**
 * A transcription or model error in the interface language: these screens' own sentence for the
 * codes the engine and the models folder raise, else the shared catalogue, which itself falls
 * back to the core's message (always written for a person).
 */
export function transcriptionErrorLine(
  s: SectionTranslate<'transcription'>,
  errorText: (error: ApiError) => ErrorText,
  error: ApiError,
): string {
  const own = optionalMessage(s, 'transcription', `errors.${error.code}`)
  const file = typeof error.params?.file === 'string' ? error.params.file : null
  const text = own ?? errorText(error).text
  return file ? `${file}: ${text}` : text
}
