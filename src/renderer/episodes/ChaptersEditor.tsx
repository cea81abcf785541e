import type { Language } from '../../shared/language.ts'
import { useState } from 'react'
import { chapterDraftMark } from '../../shared/contract/index.ts'
import type { Chapter, Episode } from '../../shared/contract/index.ts'
import { useClient } from '../app/client-context.ts'
import { useT } from '../i18n/useT.ts'
import { SaveIndicator } from '../recording/SaveIndicator.tsx'
import { DraftMark, DraftStatus, useDraftMarks, useEpisodeDraft } from './drafting.tsx'
import { clockText, parseClock } from './time.ts'
import { useDebouncedSave } from '../ui/useDebouncedSave.ts'

interface ChapterDraft {
  key: string
  time: string
  titleEn: string
  titleEs: string
}

let nextKey = 0
const newKey = () => `chapter-${(nextKey += 1)}`

/** Chapters for the core, in time order; null while a time is not a time inside the episode. */
function chaptersFrom(drafts: readonly ChapterDraft[], length: number): Chapter[] | null {
  const chapters: Chapter[] = []
  for (const draft of drafts) {
    const start = parseClock(draft.time)
    if (start === null || start >= Math.max(length, 0.001)) return null
    chapters.push({ start, titleEn: draft.titleEn.trim(), titleEs: draft.titleEs.trim() })
  }
  return chapters.sort((a, b) => a.start - b.start)
}

/** Chapters: a time and a title in each language, saved as they are typed. */
export function ChaptersEditor({
  episode,
  onSaved,
}: {
  episode: Episode
  onSaved: (episode: Episode) => void
}) {
  const { t } = useT()
  const client = useClient()
  const [drafts, setDrafts] = useState<ChapterDraft[]>(() =>
    episode.chapters.map((chapter) => ({
      key: newKey(),
      time: clockText(chapter.start),
      titleEn: chapter.titleEn,
      titleEs: chapter.titleEs,
    })),
  )
  const { save, queue, flush } = useDebouncedSave(
    (value: ChapterDraft[]) => chaptersFrom(value, episode.duration),
    async (chapters: Chapter[]) => {
      const result = await client.call('episodes.setChapters', { id: episode.id, chapters })
      if (result.ok) onSaved(result.value)
      return result
    },
  )
  const change = (next: ChapterDraft[]) => {
    setDrafts(next)
    queue(next)
  }
  const set = (index: number, patch: Partial<ChapterDraft>) =>
    change(drafts.map((draft, i) => (i === index ? { ...draft, ...patch } : draft)))
  /** Titles still a machine draft (decision 0185), as marks kept in the show notes' record. */
  const {
    marks,
    now: marksNow,
    store: storeMarks,
    unmark: unmarkTitle,
  } = useDraftMarks(episode.id, 'chapters')
  const drafting = useEpisodeDraft(episode.id)
  /** The titles and marks as they were before the last draft, for its Undo. */
  const [beforeDraft, setBeforeDraft] = useState<{
    drafts: ChapterDraft[]
    marks: string[]
  } | null>(null)
  const markOf = (draft: ChapterDraft, language: Language) => {
    const start = parseClock(draft.time)
    return start === null ? null : chapterDraftMark(language, start)
  }
  const isDraft = (draft: ChapterDraft, language: Language) => {
    const mark = markOf(draft, language)
    return mark !== null && marks.includes(mark)
  }
  /**
   * Typing in a title, or Accept, makes it the person's own: no longer a draft. The titles go
   * with the mark's removal (decision 0208) while every time is a time; else only the mark goes,
   * the safe side, and the titles follow with the chapters' own save.
   */
  const unmark = (draft: ChapterDraft, language: Language, next: ChapterDraft[] = drafts) => {
    const mark = markOf(draft, language)
    const chapters = chaptersFrom(next, episode.duration)
    if (mark !== null) unmarkTitle(mark, chapters ? { chapters } : {})
  }
  /** Stores the titles and this panel's marks in one write, and shows the episode stored. */
  const storeDrafted = async (marks: string[], chapters: Chapter[]) => {
    const saved = await storeMarks(marks, { chapters })
    if (saved) onSaved(saved)
    await flush()
  }
  /**
   * Fills this language's chapter titles from the other's, machine-translated and marked as a
   * draft (decisions 0177, 0185). A title a person typed is replaced only when they say so.
   */
  const draftInto = async (to: Language) => {
    await flush()
    const result = await drafting.request(to)
    if (!result) return
    const field = to === 'en' ? 'titleEn' : 'titleEs'
    const titleAt = (draft: ChapterDraft) => {
      const start = parseClock(draft.time)
      const found = result.chapters.find((chapter) => chapter.start === start)
      return found && found.title.trim() !== '' ? found.title : null
    }
    const rows = drafts.filter((draft) => titleAt(draft) !== null)
    const typed = rows.filter((draft) => draft[field].trim() !== '' && !isDraft(draft, to))
    const replace = typed.length === 0 || window.confirm(t('chapters.draftReplace'))
    const filled = replace ? rows : rows.filter((draft) => !typed.includes(draft))
    if (filled.length === 0) return
    const next = drafts.map((draft) =>
      filled.includes(draft) ? { ...draft, [field]: titleAt(draft) ?? '' } : draft,
    )
    const chapters = chaptersFrom(next, episode.duration)
    if (!chapters) {
      drafting.setNote(t('chapters.timeInvalid'))
      return
    }
    setBeforeDraft({ drafts, marks: marksNow() })
    change(next)
    // The titles and their marks in one write (decision 0208).
    const added = filled.map((draft) => markOf(draft, to)).filter((mark) => mark !== null)
    await storeDrafted([...new Set([...marksNow(), ...added])], chapters)
    drafting.setNote(t('chapters.draftDone', { engine: result.engine, count: filled.length }))
  }
  const undoDraft = async () => {
    if (!beforeDraft) return
    change(beforeDraft.drafts)
    setBeforeDraft(null)
    const chapters = chaptersFrom(beforeDraft.drafts, episode.duration)
    // A time being typed: the titles follow with the chapters' own save, the marks go now.
    if (chapters) await storeDrafted(beforeDraft.marks, chapters)
    else await storeMarks(beforeDraft.marks)
    drafting.setNote(t('chapters.draftUndone'))
  }
  const [proposing, setProposing] = useState(false)
  // Proposals replace the list after asking, when there is one to lose.
  const propose = async () => {
    if (drafts.length > 0 && !window.confirm(t('chapters.proposeReplace'))) return
    setProposing(true)
    const result = await client.call('episodes.proposeChapters', { id: episode.id })
    setProposing(false)
    if (!result.ok) return
    change(
      result.value.map((chapter) => ({
        key: newKey(),
        time: clockText(chapter.start),
        titleEn: chapter.titleEn,
        titleEs: chapter.titleEs,
      })),
    )
  }
  const add = () => {
    const last = drafts.reduce((max, draft) => Math.max(max, parseClock(draft.time) ?? 0), -1)
    // A minute after the last chapter, inside the episode; the first one at the start.
    const start = last < 0 ? 0 : Math.min(last + 60, Math.max(0, episode.duration - 1))
    change([...drafts, { key: newKey(), time: clockText(start), titleEn: '', titleEs: '' }])
  }

  return (
    <section className="panel chapters" aria-labelledby="chapters-heading">
      <div className="section-header">
        <h2 id="chapters-heading">{t('chapters.heading')}</h2>
        <SaveIndicator save={save} />
      </div>
      <p className="hint">{t('chapters.help')}</p>
      <table className="chapters__table" onBlur={() => void flush()}>
        <thead>
          <tr>
            <th scope="col">{t('chapters.time')}</th>
            <th scope="col" lang="en">
              {t('chapters.titleEn')}
            </th>
            <th scope="col" lang="es">
              {t('chapters.titleEs')}
            </th>
            <th scope="col">
              <span className="visually-hidden">{t('chapters.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {drafts.map((draft, index) => {
            const n = index + 1
            const start = parseClock(draft.time)
            const bad = start === null || start >= Math.max(episode.duration, 0.001)
            return (
              <tr key={draft.key}>
                <td className="chapters__time">
                  <input
                    type="text"
                    inputMode="decimal"
                    value={draft.time}
                    aria-label={t('chapters.timeOf', { n })}
                    aria-invalid={bad ? true : undefined}
                    title={bad ? t('chapters.timeInvalid') : undefined}
                    onChange={(event) => set(index, { time: event.target.value })}
                  />
                </td>
                <td className={isDraft(draft, 'en') ? 'chapters__title--draft' : undefined}>
                  <input
                    type="text"
                    lang="en"
                    value={draft.titleEn}
                    aria-label={t('chapters.titleEnOf', { n })}
                    onChange={(event) => {
                      const edited = { ...draft, titleEn: event.target.value }
                      unmark(
                        draft,
                        'en',
                        drafts.map((other) => (other === draft ? edited : other)),
                      )
                      set(index, { titleEn: event.target.value })
                    }}
                  />
                  {isDraft(draft, 'en') && (
                    <DraftMark
                      label={t('chapters.titleEnOf', { n })}
                      onAccept={() => unmark(draft, 'en')}
                    />
                  )}
                </td>
                <td className={isDraft(draft, 'es') ? 'chapters__title--draft' : undefined}>
                  <input
                    type="text"
                    lang="es"
                    value={draft.titleEs}
                    aria-label={t('chapters.titleEsOf', { n })}
                    onChange={(event) => {
                      const edited = { ...draft, titleEs: event.target.value }
                      unmark(
                        draft,
                        'es',
                        drafts.map((other) => (other === draft ? edited : other)),
                      )
                      set(index, { titleEs: event.target.value })
                    }}
                  />
                  {isDraft(draft, 'es') && (
                    <DraftMark
                      label={t('chapters.titleEsOf', { n })}
                      onAccept={() => unmark(draft, 'es')}
                    />
                  )}
                </td>
                <td>
                  <button
                    type="button"
                    className="button button--small button--quiet"
                    aria-label={t('chapters.removeN', { n })}
                    onClick={() => change(drafts.filter((_, i) => i !== index))}
                  >
                    {t('clips.remove')}
                  </button>
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
      {drafts.length === 0 && <p className="muted">{t('chapters.none')}</p>}
      {save.status === 'invalid' && (
        <p className="field__error">
          {t('chapters.timeInvalidLength', { length: clockText(episode.duration) })}
        </p>
      )}
      <div className="chapters__buttons">
        <button type="button" className="button" onClick={add}>
          {t('chapters.add')}
        </button>
        <button
          type="button"
          className="button"
          disabled={proposing || episode.duration <= 0}
          title={t('chapters.proposeHint')}
          onClick={() => void propose()}
        >
          {proposing ? t('chapters.proposing') : t('chapters.propose')}
        </button>
        {(['es', 'en'] as const).map((to) => (
          <button
            key={to}
            type="button"
            className="button"
            disabled={drafting.drafting || drafts.length === 0}
            onClick={() => void draftInto(to)}
          >
            {t(`chapters.draftInto.${to}`)}
          </button>
        ))}
        {beforeDraft && (
          <button type="button" className="button button--quiet" onClick={() => void undoDraft()}>
            {t('chapters.draftUndo')}
          </button>
        )}
      </div>
      <DraftStatus drafting={drafting.drafting} note={drafting.note} error={drafting.error} />
    </section>
  )
}
