import { useEffect, useRef, useState } from 'react'
import { draftGroupOf } from '../../shared/contract/index.ts'
import type {
  ApiError,
  DraftGroup,
  Episode,
  MethodInput,
  MethodOutput,
} from '../../shared/contract/index.ts'
import type { Language } from '../../shared/language.ts'
import { useClient } from '../app/client-context.ts'
import { useT } from '../i18n/useT.ts'

/*
 * What the episode page's machine drafts share (decisions 0177, 0185, 0191, 0208): asking the core
 * for the draft, the marks kept in the show notes' `drafts` list (each panel writes only its own,
 * with the texts they mark), the "Draft: machine translation" mark with its Accept, and the line
 * that says how it went.
 */

export type DraftLanguage = Language
export type EpisodeDraft = MethodOutput<'translation.episodeDraft'>

/** Asks the core for the episode's draft in a language; says "nothing to draft" or the error. */
export function useEpisodeDraft(episodeId: string) {
  const { t } = useT()
  const client = useClient()
  const [drafting, setDrafting] = useState(false)
  const [note, setNote] = useState('')
  const [error, setError] = useState<ApiError | null>(null)
  const request = async (to: DraftLanguage): Promise<EpisodeDraft | null> => {
    setError(null)
    setNote('')
    setDrafting(true)
    const result = await client.call('translation.episodeDraft', { episodeId, to })
    setDrafting(false)
    if (result.ok) return result.value
    if (result.error.code === 'TRANSLATION_EPISODE_EMPTY') setNote(t('notes.draftNothing'))
    else setError(result.error)
    return null
  }
  return { drafting, note, setNote, error, request }
}

/** The texts a drafted write stores with its marks: a description, the chapters, the notes. */
export type DraftedTexts = Omit<MethodInput<'episodes.saveDrafted'>, 'id' | 'group' | 'marks'>

/**
 * The marks a panel owns (its `group`), read from the stored show notes and written back with
 * the texts they mark in one call, one transaction (decision 0208); the other panels' marks stay
 * as stored. `now()` is the latest set (never a render's stale copy), and writes are kept in
 * order so the last one stored is the last one made. `store` gives the stored episode, or null
 * when the write was refused (nothing of it stored).
 */
export function useDraftMarks(episodeId: string, group: DraftGroup) {
  const client = useClient()
  const [marks, setMarks] = useState<string[]>([])
  const marksNow = useRef<string[]>([])
  const writing = useRef<Promise<Episode | null>>(Promise.resolve(null))
  useEffect(() => {
    let live = true
    void client.call('episodes.notes', { id: episodeId }).then((result) => {
      if (!live || !result.ok) return
      marksNow.current = result.value.drafts.filter((mark) => draftGroupOf(mark) === group)
      setMarks(marksNow.current)
    })
    return () => {
      live = false
    }
  }, [client, episodeId, group])
  const store = (next: string[], texts: DraftedTexts = {}) => {
    marksNow.current = next
    setMarks(next)
    writing.current = writing.current.then(async () => {
      const result = await client.call('episodes.saveDrafted', {
        id: episodeId,
        group,
        marks: next,
        ...texts,
      })
      return result.ok ? result.value.episode : null
    })
    return writing.current
  }
  /**
   * Typing in a drafted text, or Accept, makes it the person's own: the mark goes in the same
   * write as the text (`texts`), so neither is stored without the other.
   */
  const unmark = (mark: string, texts: DraftedTexts = {}) => {
    if (marksNow.current.includes(mark))
      void store(
        marksNow.current.filter((other) => other !== mark),
        texts,
      )
  }
  return { marks, now: () => marksNow.current, store, unmark }
}

/** "Draft: machine translation" and its Accept button, above a drafted text. */
export function DraftMark({ label, onAccept }: { label: string; onAccept: () => void }) {
  const { t } = useT()
  return (
    <p className="notes__draft">
      <span className="notes__draft-mark">{t('notes.draftMark')}</span>
      <button
        type="button"
        className="button button--small button--quiet"
        aria-label={`${t('notes.draftAccept')}: ${label}`}
        onClick={onAccept}
      >
        {t('notes.draftAccept')}
      </button>
    </p>
  )
}

/** How the last draft went: translating, done, undone, nothing to draft, or the core's error. */
export function DraftStatus({
  drafting,
  note,
  error,
}: {
  drafting: boolean
  note: string
  error: ApiError | null
}) {
  const { t, errorText } = useT()
  return (
    <>
      {(drafting || note) && (
        <p className="muted" role="status">
          {drafting ? t('notes.drafting') : note}
        </p>
      )}
      {error && (
        <p className="notice notice--error" role="alert">
          {errorText(error).text}
        </p>
      )}
    </>
  )
}

/** "Draft in Spanish", "Draft in English", the draft's Undo while it can be undone, and how it went. */
export function DraftButtons({
  className,
  labels,
  undoLabel,
  drafting,
  canUndo,
  onDraft,
  onUndo,
}: {
  className?: string
  labels: Record<DraftLanguage, string>
  undoLabel: string
  drafting: ReturnType<typeof useEpisodeDraft>
  canUndo: boolean
  onDraft: (to: DraftLanguage) => void
  onUndo: () => void
}) {
  return (
    <div className={className ? `notes__drafting ${className}` : 'notes__drafting'}>
      {(['es', 'en'] as const).map((to) => (
        <button
          key={to}
          type="button"
          className="button button--small"
          disabled={drafting.drafting}
          onClick={() => onDraft(to)}
        >
          {labels[to]}
        </button>
      ))}
      {canUndo && (
        <button type="button" className="button button--small button--quiet" onClick={onUndo}>
          {undoLabel}
        </button>
      )}
      <DraftStatus drafting={drafting.drafting} note={drafting.note} error={drafting.error} />
    </div>
  )
}
