import { useState } from 'react'
import type { Chapter, Episode } from '../../shared/contract/index.ts'
import { useClient } from '../app/client-context.ts'
import { useT } from '../i18n/useT.ts'
import { SaveIndicator } from '../recording/SaveIndicator.tsx'
import { clockText, parseClock } from './time.ts'
import { useDebouncedSave } from './useDebouncedSave.ts'

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
                <td>
                  <input
                    type="text"
                    lang="en"
                    value={draft.titleEn}
                    aria-label={t('chapters.titleEnOf', { n })}
                    onChange={(event) => set(index, { titleEn: event.target.value })}
                  />
                </td>
                <td>
                  <input
                    type="text"
                    lang="es"
                    value={draft.titleEs}
                    aria-label={t('chapters.titleEsOf', { n })}
                    onChange={(event) => set(index, { titleEs: event.target.value })}
                  />
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
      </div>
    </section>
  )
}
