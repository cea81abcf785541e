import {
  recordingMetadataSchema,
  type Recording,
  type RecordingMetadata,
} from '../../shared/contract/index.ts'
import type { MessageKey, Params } from '../../shared/i18n/index.ts'

export type Field = keyof RecordingMetadata
export type Patch = Partial<RecordingMetadata>

/** What the form holds while a person types: free text, before it becomes the contract's values. */
export interface Draft {
  title: string
  interviewees: string[]
  interviewer: string
  interviewDate: string
  place: string
  languages: RecordingMetadata['languages']
  consentStatus: RecordingMetadata['consentStatus']
  consentNote: string
  tags: string[]
  notes: string
}

export interface FieldError {
  key: MessageKey
  params?: Params
}

export function draftFromRecording(recording: Recording): Draft {
  return {
    title: recording.title,
    interviewees: [...recording.interviewees],
    interviewer: recording.interviewer,
    interviewDate: recording.interviewDate ?? '',
    place: recording.place,
    languages: recording.languages,
    consentStatus: recording.consentStatus,
    consentNote: recording.consentNote,
    tags: [...recording.tags],
    notes: recording.notes,
  }
}

const cleanList = (items: readonly string[]) =>
  items.map((item) => item.trim()).filter((item) => item !== '')

/** One field of the draft as the contract stores it: lists without blanks, no date as null. */
export function patchFor<F extends Field>(field: F, draft: Draft): Pick<Patch, F> {
  switch (field) {
    case 'interviewees':
      return { interviewees: cleanList(draft.interviewees) } as Pick<Patch, F>
    case 'tags':
      return { tags: cleanList(draft.tags) } as Pick<Patch, F>
    case 'interviewDate':
      return { interviewDate: draft.interviewDate === '' ? null : draft.interviewDate } as Pick<
        Patch,
        F
      >
    default:
      return { [field]: draft[field] } as Pick<Patch, F>
  }
}

function fieldError(
  field: Field,
  issue: { code: string; maximum?: unknown; origin?: unknown },
): FieldError {
  if (issue.code === 'too_small' && field === 'title') return { key: 'validation.titleRequired' }
  if (issue.code === 'too_small') return { key: 'validation.required' }
  if (issue.code === 'too_big') {
    const max = typeof issue.maximum === 'number' ? issue.maximum : Number(issue.maximum)
    return issue.origin === 'array'
      ? { key: 'validation.tooMany', params: { max } }
      : { key: 'validation.tooLong', params: { max } }
  }
  if (issue.code === 'invalid_format' && field === 'interviewDate')
    return { key: 'validation.date' }
  return { key: 'validation.invalid' }
}

/**
 * Splits a patch into what may be saved now and what the person must correct first, with the
 * contract's own schema, so the form never sends what the core would refuse.
 */
export function validatePatch(patch: Patch): {
  valid: Patch
  errors: Partial<Record<Field, FieldError>>
} {
  const valid: Record<string, unknown> = {}
  const errors: Partial<Record<Field, FieldError>> = {}
  for (const field of Object.keys(patch) as Field[]) {
    const result = recordingMetadataSchema.shape[field].safeParse(patch[field])
    if (result.success) valid[field] = result.data
    else errors[field] = fieldError(field, result.error.issues[0] ?? { code: 'custom' })
  }
  return { valid: valid as Patch, errors }
}

/** Adds the tags in typed text ("union, wages") to a list, skipping ones already there. */
export function addTags(existing: readonly string[], text: string): string[] {
  const seen = new Set(existing.map((tag) => tag.toLocaleLowerCase()))
  const out = [...existing]
  for (const raw of text.split(',')) {
    const tag = raw.trim()
    if (tag === '' || seen.has(tag.toLocaleLowerCase())) continue
    seen.add(tag.toLocaleLowerCase())
    out.push(tag)
  }
  return out
}
