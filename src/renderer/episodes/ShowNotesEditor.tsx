import type { Language } from '../../shared/language.ts'
import { useEffect, useState } from 'react'
import { draftGroupOf } from '../../shared/contract/index.ts'
import type { ApiError, ShowNotes, ShowNotesDraftField } from '../../shared/contract/index.ts'
import { useClient } from '../app/client-context.ts'
import { useT } from '../i18n/useT.ts'
import { SaveIndicator } from '../recording/SaveIndicator.tsx'
import { DraftButtons, DraftMark, useEpisodeDraft } from './drafting.tsx'
import { NotesExport } from './NotesExport.tsx'
import { useDebouncedSave } from '../ui/useDebouncedSave.ts'

const empty: ShowNotes = {
  summaryEn: '',
  summaryEs: '',
  bodyEn: '',
  bodyEs: '',
  guests: '',
  credits: '',
  links: [],
  drafts: [],
}

/** The marks this panel writes; the chapters' and the descriptions' are their panels'. */
const isNotesMark = (mark: string) => draftGroupOf(mark) === 'notes'
const suffix = (language: Language) => (language === 'en' ? 'En' : 'Es')

/** Show notes side by side, English | Español, saved as they are typed. */
export function ShowNotesEditor({ episodeId, title }: { episodeId: string; title: string }) {
  const { t, errorText } = useT()
  const client = useClient()
  const [notes, setNotes] = useState<ShowNotes | null>(null)
  const [loadError, setLoadError] = useState<ApiError | null>(null)
  const drafting = useEpisodeDraft(episodeId)
  /** The notes as they were before the last draft, for its Undo. */
  const [beforeDraft, setBeforeDraft] = useState<ShowNotes | null>(null)
  const { save, queue, flush } = useDebouncedSave(
    (value: ShowNotes) => ({
      ...value,
      // A link row being filled in is kept on screen, and saved once it has an address.
      links: value.links.filter((link) => link.url.trim() !== ''),
    }),
    async ({ drafts, ...texts }: ShowNotes) => {
      // The texts and this panel's marks in one transaction; the chapter titles' and the
      // descriptions' marks are their panels', kept as stored (decisions 0185, 0191, 0208).
      return client.call('episodes.saveDrafted', {
        id: episodeId,
        group: 'notes',
        marks: drafts.filter(isNotesMark),
        notes: texts,
      })
    },
  )

  useEffect(() => {
    let live = true
    void client.call('episodes.notes', { id: episodeId }).then((result) => {
      if (!live) return
      if (result.ok) setNotes(result.value)
      else {
        setLoadError(result.error)
        setNotes(empty)
      }
    })
    return () => {
      live = false
    }
  }, [client, episodeId])

  if (!notes)
    return (
      <p className="muted" role="status">
        {t('notes.loading')}
      </p>
    )

  const change = (next: ShowNotes) => {
    setNotes(next)
    queue(next)
  }
  const isDraft = (name: string) => notes.drafts.some((field) => field === name)
  const accept = (name: ShowNotesDraftField) =>
    change({ ...notes, drafts: notes.drafts.filter((field) => field !== name) })

  /**
   * Fills this language's summary and show notes from the other's, machine-translated and
   * marked as a draft (decision 0177). Text a person typed is replaced only when they say so.
   */
  const draftInto = async (to: Language) => {
    await flush()
    const result = await drafting.request(to)
    if (!result) return
    const texts = {
      [`summary${suffix(to)}`]: result.summary,
      [`body${suffix(to)}`]: result.body,
    }
    const fields = (Object.keys(texts) as ShowNotesDraftField[]).filter(
      (field) => (texts[field] ?? '').trim() !== '',
    )
    const typed = fields.filter((field) => notes[field].trim() !== '' && !isDraft(field))
    const replace = typed.length === 0 || window.confirm(t('notes.draftReplace'))
    const filled = replace ? fields : fields.filter((field) => !typed.includes(field))
    if (filled.length === 0) return
    const next: ShowNotes = { ...notes, drafts: [...new Set([...notes.drafts, ...filled])] }
    for (const field of filled) next[field] = texts[field] ?? ''
    setBeforeDraft(notes)
    change(next)
    await flush()
    drafting.setNote(
      t('notes.draftDone', {
        engine: result.engine,
        fields: filled.map((field) => t(`notes.${field}`)).join(', '),
      }),
    )
  }
  const undoDraft = async () => {
    if (!beforeDraft) return
    change(beforeDraft)
    setBeforeDraft(null)
    await flush()
    drafting.setNote(t('notes.draftUndone'))
  }

  const text = (
    name: 'summaryEn' | 'summaryEs' | 'bodyEn' | 'bodyEs' | 'guests' | 'credits',
    label: string,
    rows: number,
    lang?: Language,
  ) => {
    const draft = name !== 'guests' && name !== 'credits' && isDraft(name) ? name : null
    return (
      <div className={draft ? 'field notes__field--draft' : 'field'}>
        <label htmlFor={`notes-${name}`}>{label}</label>
        {draft && <DraftMark label={label} onAccept={() => accept(draft)} />}
        <textarea
          id={`notes-${name}`}
          lang={lang}
          rows={rows}
          value={notes[name]}
          onChange={(event) =>
            change({
              ...notes,
              [name]: event.target.value,
              // An edit makes it the person's own text: no longer a draft.
              drafts: notes.drafts.filter((field) => field !== name),
            })
          }
        />
      </div>
    )
  }
  const setLink = (index: number, patch: Partial<ShowNotes['links'][number]>) =>
    change({
      ...notes,
      links: notes.links.map((link, i) => (i === index ? { ...link, ...patch } : link)),
    })

  return (
    <section className="panel notes" aria-labelledby="notes-heading">
      <div className="section-header">
        <h2 id="notes-heading">{t('notes.heading')}</h2>
        <SaveIndicator save={save} />
      </div>
      {loadError && (
        <p className="notice notice--error" role="alert">
          {errorText(loadError).text}
        </p>
      )}
      <form
        className="notes__form"
        onBlur={() => void flush()}
        onSubmit={(event) => {
          event.preventDefault()
          void flush()
        }}
      >
        <DraftButtons
          labels={{ es: t('notes.draftInto.es'), en: t('notes.draftInto.en') }}
          undoLabel={t('notes.draftUndo')}
          drafting={drafting}
          canUndo={beforeDraft !== null}
          onDraft={(to) => void draftInto(to)}
          onUndo={() => void undoDraft()}
        />
        <div className="notes__columns">
          <fieldset className="notes__column" lang="en">
            <legend>English</legend>
            {text('summaryEn', t('notes.summaryEn'), 3, 'en')}
            {text('bodyEn', t('notes.bodyEn'), 8, 'en')}
          </fieldset>
          <fieldset className="notes__column" lang="es">
            <legend>Español</legend>
            {text('summaryEs', t('notes.summaryEs'), 3, 'es')}
            {text('bodyEs', t('notes.bodyEs'), 8, 'es')}
          </fieldset>
        </div>
        <div className="notes__columns">
          {text('guests', t('notes.guests'), 3)}
          {text('credits', t('notes.credits'), 3)}
        </div>
        <fieldset className="field notes__links">
          <legend>{t('notes.links')}</legend>
          {notes.links.length === 0 && <p className="muted">{t('notes.noLinks')}</p>}
          <ul className="notes__link-list">
            {notes.links.map((link, index) => {
              const n = index + 1
              return (
                <li key={index} className="notes__link">
                  <input
                    type="text"
                    value={link.title}
                    placeholder={t('notes.linkTitle')}
                    aria-label={t('notes.linkTitleOf', { n })}
                    onChange={(event) => setLink(index, { title: event.target.value })}
                  />
                  <input
                    type="text"
                    inputMode="url"
                    value={link.url}
                    placeholder="https://"
                    aria-label={t('notes.linkUrlOf', { n })}
                    onChange={(event) => setLink(index, { url: event.target.value })}
                  />
                  <button
                    type="button"
                    className="button button--small button--quiet"
                    aria-label={t('notes.removeLinkN', { n })}
                    onClick={() =>
                      change({ ...notes, links: notes.links.filter((_, i) => i !== index) })
                    }
                  >
                    {t('clips.remove')}
                  </button>
                </li>
              )
            })}
          </ul>
          <div>
            <button
              type="button"
              className="button button--small"
              onClick={() => change({ ...notes, links: [...notes.links, { title: '', url: '' }] })}
            >
              {t('notes.addLink')}
            </button>
          </div>
        </fieldset>
      </form>
      <NotesExport episodeId={episodeId} title={title} beforeExport={flush} />
    </section>
  )
}
