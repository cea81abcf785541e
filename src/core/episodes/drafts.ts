import {
  VocesError,
  draftGroupOf,
  showNotesSchema,
  type DraftedWrite,
  type ShowNotes,
} from '../../shared/contract/index.ts'

/**
 * The show notes a drafted write leaves (decision 0208): its notes' texts when given, else the
 * stored ones; the write's group's marks replaced by the write's, every other group's kept as
 * stored. A mark that is not of the write's group is refused (EPISODE_DRAFT_MARK_REFUSED): both
 * backends call this inside the write's transaction, so the texts go back with it.
 */
export function draftedNotes(stored: ShowNotes, write: DraftedWrite): ShowNotes {
  for (const mark of write.marks) {
    if (draftGroupOf(mark) !== write.group)
      throw new VocesError(
        'EPISODE_DRAFT_MARK_REFUSED',
        `"${mark}" is not a draft mark of the episode's ${write.group}: nothing was saved.`,
        { mark, group: write.group },
      )
  }
  const others = stored.drafts.filter((mark) => draftGroupOf(mark) !== write.group)
  const drafts = showNotesSchema.shape.drafts.parse([...others, ...new Set(write.marks)])
  return { ...stored, ...write.notes, drafts }
}
