import {
  episodeFileFields,
  type ApiError,
  type Episode,
  type EpisodeFields,
  type EpisodeFileField,
} from '../../shared/contract/index.ts'
import type { MessageKey } from '../../shared/i18n/index.ts'

/** An episode's details as typed: every value a string until it is checked. */
export interface FieldsDraft {
  title: string
  showTitle: string
  number: string
  year: string
  cover: string
  intro: string
  outro: string
  /** The description in each language (decision 0191). */
  descriptionEn: string
  descriptionEs: string
}

/** A message of the form's own, or the core's refusal of a field (a cover that is not a file). */
export type FieldsErrors = Partial<Record<keyof FieldsDraft, MessageKey | ApiError>>

/** The episode's files: chosen with a file picker, checked by the core when saved. */
export const fileFields = episodeFileFields
export type FileField = EpisodeFileField

/**
 * The field a refusal of the core is about (EPISODE_INTRO_MISSING names `intro`), so the form
 * marks that field rather than the whole form; null for any other error.
 */
export function fileFieldOf(error: ApiError): FileField | null {
  const field = error.params?.field
  return /^EPISODE_[A-Z]+_MISSING$/.test(error.code) && fileFields.some((name) => name === field)
    ? (field as FileField)
    : null
}

export const emptyFields: FieldsDraft = {
  title: '',
  showTitle: '',
  number: '',
  year: String(new Date().getFullYear()),
  cover: '',
  intro: '',
  outro: '',
  descriptionEn: '',
  descriptionEs: '',
}

export function draftFromEpisode(episode: Episode): FieldsDraft {
  return {
    title: episode.title,
    showTitle: episode.showTitle,
    number: episode.number === null ? '' : String(episode.number),
    year: episode.year === null ? '' : String(episode.year),
    cover: episode.cover ?? '',
    intro: episode.intro ?? '',
    outro: episode.outro ?? '',
    descriptionEn: episode.descriptionEn,
    descriptionEs: episode.descriptionEs,
  }
}

const path = (text: string) => (text.trim() === '' ? null : text.trim())

/** The contract's fields, or the messages of what must be corrected first. */
export function fieldsFromDraft(
  draft: FieldsDraft,
): { ok: true; fields: EpisodeFields } | { ok: false; errors: FieldsErrors } {
  const errors: FieldsErrors = {}
  if (draft.title.trim() === '') errors.title = 'episode.titleRequired'
  const number = draft.number.trim() === '' ? null : Number(draft.number)
  if (number !== null && !(Number.isInteger(number) && number > 0))
    errors.number = 'episode.numberInvalid'
  const year = draft.year.trim() === '' ? null : Number(draft.year)
  // The contract's bounds: a year a recording could be from, not a typo.
  if (year !== null && !(Number.isInteger(year) && year >= 1900 && year <= 2200))
    errors.year = 'episode.yearInvalid'
  if (Object.keys(errors).length > 0) return { ok: false, errors }
  return {
    ok: true,
    fields: {
      title: draft.title.trim(),
      showTitle: draft.showTitle.trim(),
      number,
      year,
      descriptionEn: draft.descriptionEn,
      descriptionEs: draft.descriptionEs,
      cover: path(draft.cover),
      intro: path(draft.intro),
      outro: path(draft.outro),
    },
  }
}
