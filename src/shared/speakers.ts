/**
 * The one rule for the name a speaker goes by wherever a transcript is shown or published
 * (docs/decisions/0075-one-speaker-name.md): the name given in the editor when there is one, else
 * the label the engine or the imported file gave ("Speaker 1", "SPEAKER_00"), as it is. The
 * affiliation (union, organisation) is the archive's record of the person, never part of it.
 * Every reader of speakers, in the core and in the interface, goes through here.
 */
export function shownSpeaker(label: string, name: string | null | undefined): string {
  const given = name?.trim() ?? ''
  return given !== '' ? given : label
}

/** The same for a segment's speaker read with a LEFT JOIN: null when the segment has none. */
export function shownSpeakerOrNull(
  label: string | null,
  name: string | null | undefined,
): string | null {
  return label === null ? null : shownSpeaker(label, name)
}
