import { useEffect, useRef, useState } from 'react'
import type { ApiError, MethodOutput } from '../../shared/contract/index.ts'
import type { Language } from '../../shared/language.ts'
import { useClient } from '../app/client-context.ts'
import { useT } from '../i18n/useT.ts'

/*
 * What the episode page's machine drafts share (decisions 0177, 0185, 0191): asking the core for
 * the draft, the marks kept in the show notes' `drafts` list (each panel writes only its own),
 * the "Draft: machine translation" mark with its Accept, and the line that says how it went.
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

/**
 * The marks a panel owns (`owns`), read from the stored show notes and written back into them,
 * leaving the other panels' marks as stored. `now()` is the latest set (never a render's stale
 * copy), and writes are kept in order so the last one stored is the last one made.
 */
export function useDraftMarks(episodeId: string, owns: (mark: string) => boolean) {
  const client = useClient()
  const [marks, setMarks] = useState<string[]>([])
  const marksNow = useRef<string[]>([])
  const writing = useRef<Promise<void>>(Promise.resolve())
  const ownsNow = useRef(owns)
  ownsNow.current = owns
  useEffect(() => {
    let live = true
    void client.call('episodes.notes', { id: episodeId }).then((result) => {
      if (!live || !result.ok) return
      marksNow.current = result.value.drafts.filter((mark) => ownsNow.current(mark))
      setMarks(marksNow.current)
    })
    return () => {
      live = false
    }
  }, [client, episodeId])
  const store = (next: string[]) => {
    marksNow.current = next
    setMarks(next)
    writing.current = writing.current.then(async () => {
      const stored = await client.call('episodes.notes', { id: episodeId })
      if (!stored.ok) return
      const others = stored.value.drafts.filter((mark) => !ownsNow.current(mark))
      await client.call('episodes.setNotes', {
        id: episodeId,
        notes: { ...stored.value, drafts: [...others, ...marksNow.current] },
      })
    })
    return writing.current
  }
  /** Typing in a drafted text, or Accept, makes it the person's own: no longer a draft. */
  const unmark = (mark: string) => {
    if (marksNow.current.includes(mark))
      void store(marksNow.current.filter((other) => other !== mark))
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
