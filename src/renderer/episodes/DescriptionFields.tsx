import { useRef, useState } from 'react'
import { useT } from '../i18n/useT.ts'
import type { FieldsDraft } from './fields.ts'
import {
  DraftButtons,
  DraftMark,
  useDraftMarks,
  useEpisodeDraft,
  type DraftLanguage,
} from './drafting.tsx'

const fieldOf = (language: DraftLanguage) =>
  language === 'en' ? ('descriptionEn' as const) : ('descriptionEs' as const)

interface Props {
  episodeId: string
  draft: FieldsDraft
  onChange: (draft: FieldsDraft) => void
  /** Saves what was typed (the details' debounced save). */
  flush: () => Promise<unknown>
}

/**
 * The episode's description in English and in Spanish (decision 0191), with the same machine
 * draft as the show notes and chapter titles: marked until edited or accepted, a typed text
 * replaced only after asking, and undo.
 */
export function DescriptionFields({ episodeId, draft, onChange, flush }: Props) {
  const { t } = useT()
  // The handlers read the newest draft, not the one of the render where they started.
  const latest = useRef(draft)
  latest.current = draft
  const marks = useDraftMarks(episodeId, 'description')
  const drafting = useEpisodeDraft(episodeId)
  const [beforeDraft, setBeforeDraft] = useState<{
    field: 'descriptionEn' | 'descriptionEs'
    text: string
    marks: string[]
  } | null>(null)
  const change = (next: FieldsDraft) => {
    latest.current = next
    onChange(next)
  }

  const draftInto = async (to: DraftLanguage) => {
    await flush()
    const result = await drafting.request(to)
    if (!result) return
    const field = fieldOf(to)
    if (result.description.trim() === '') {
      drafting.setNote(t('description.draftNothing'))
      return
    }
    const current = latest.current[field]
    const typed = current.trim() !== '' && !marks.now().includes(field)
    if (typed && !window.confirm(t('description.draftReplace'))) {
      drafting.setNote(t('description.draftKept'))
      return
    }
    setBeforeDraft({ field, text: current, marks: marks.now() })
    change({ ...latest.current, [field]: result.description })
    // The text and its mark in one write (decision 0208); the details' save then stores the same.
    await marks.store([...new Set([...marks.now(), field])], { [field]: result.description })
    await flush()
    drafting.setNote(t(`description.draftDone.${to}`, { engine: result.engine }))
  }
  const undoDraft = async () => {
    if (!beforeDraft) return
    change({ ...latest.current, [beforeDraft.field]: beforeDraft.text })
    setBeforeDraft(null)
    await marks.store(beforeDraft.marks, { [beforeDraft.field]: beforeDraft.text })
    await flush()
    drafting.setNote(t('description.draftUndone'))
  }

  const text = (language: DraftLanguage) => {
    const field = fieldOf(language)
    const id = `episode-${field}`
    const label = t(`episode.${field}`)
    const isDraft = marks.marks.includes(field)
    return (
      <div className={`field field--wide${isDraft ? ' notes__field--draft' : ''}`}>
        <label htmlFor={id}>{label}</label>
        {isDraft && (
          <DraftMark
            label={label}
            onAccept={() => marks.unmark(field, { [field]: latest.current[field] })}
          />
        )}
        <textarea
          id={id}
          lang={language}
          rows={3}
          value={draft[field]}
          onChange={(event) => {
            marks.unmark(field, { [field]: event.target.value })
            change({ ...draft, [field]: event.target.value })
          }}
        />
      </div>
    )
  }

  return (
    <div className="form-grid episode-description">
      {text('en')}
      {text('es')}
      <DraftButtons
        className="field--wide"
        labels={{ es: t('description.draftInto.es'), en: t('description.draftInto.en') }}
        undoLabel={t('description.draftUndo')}
        drafting={drafting}
        canUndo={beforeDraft !== null}
        onDraft={(to) => void draftInto(to)}
        onUndo={() => void undoDraft()}
      />
    </div>
  )
}
