import { VocesError } from '../../shared/contract/index.ts'

/** The most voices a person may ask for: more than a panel discussion holds (decision 0150). */
export const maxSpeakers = 20

/** A speaker count given by a person: a whole number from 1 to 20, or absent (estimated). */
export function checkSpeakerCount(speakers: number | undefined): void {
  if (speakers === undefined) return
  if (!Number.isInteger(speakers) || speakers < 1 || speakers > maxSpeakers)
    throw new VocesError(
      'SPEAKER_COUNT_INVALID',
      `The number of speakers must be a whole number from 1 to ${maxSpeakers}, not ${String(speakers)}. Leave it out to let Voces count the voices.`,
      { count: String(speakers), max: maxSpeakers },
    )
}
