import { useState } from 'react'
import type { ApiError, Recording } from '../../shared/contract/index.ts'
import { useClient } from '../app/client-context.ts'
import { useT } from '../i18n/useT.ts'
import { ClipsEditor } from './ClipsEditor.tsx'
import { clipsFromDrafts, type ClipDraft } from './clips.ts'
import {
  emptyFields,
  fieldsFromDraft,
  fileFieldOf,
  fileFields,
  type FieldsDraft,
  type FieldsErrors,
} from './fields.ts'
import { FieldsForm } from './FieldsForm.tsx'

/** "New episode": its details and at least one clip; created in one call, then opened. */
export function NewEpisodeForm({
  recordings,
  onCancel,
}: {
  recordings: readonly Recording[]
  onCancel: () => void
}) {
  const { t, errorText } = useT()
  const client = useClient()
  const [draft, setDraft] = useState<FieldsDraft>(emptyFields)
  const [clips, setClips] = useState<ClipDraft[]>([])
  const [errors, setErrors] = useState<FieldsErrors>({})
  const [clipsError, setClipsError] = useState(false)
  const [failure, setFailure] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)

  const create = async () => {
    const checked = fieldsFromDraft(draft)
    const byId = new Map(recordings.map((recording) => [recording.id, recording]))
    const ready = clipsFromDrafts(clips, byId)
    setErrors(checked.ok ? {} : checked.errors)
    setClipsError(ready === null)
    if (!checked.ok || !ready) return
    setBusy(true)
    setFailure(null)
    const result = await client.call('episodes.create', { ...checked.fields, clips: ready })
    setBusy(false)
    if (result.ok) window.location.hash = `#/episode/${encodeURIComponent(result.value.id)}`
    else {
      // A cover, intro or outro the core could not find is marked on its own field.
      const field = fileFieldOf(result.error)
      if (field) setErrors({ [field]: result.error })
      else setFailure(result.error)
    }
  }

  return (
    <section className="episode-new panel" aria-labelledby="episode-new-heading">
      <h2 id="episode-new-heading">{t('episodes.new')}</h2>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault()
          void create()
        }}
      >
        <FieldsForm
          idPrefix="new-episode"
          draft={draft}
          errors={errors}
          onChange={(next) => {
            // A file chosen again is no longer the one refused.
            const left = { ...errors }
            for (const field of fileFields) if (next[field] !== draft[field]) delete left[field]
            setErrors(left)
            setDraft(next)
          }}
        />
        <h3 className="panel__subheading">{t('clips.heading')}</h3>
        <p className="hint">{t('clips.help')}</p>
        <ClipsEditor recordings={recordings} clips={clips} onChange={setClips} />
        {clipsError && (
          <p className="field__error" role="alert">
            {t(clips.length === 0 ? 'clips.needOne' : 'clips.fixFirst')}
          </p>
        )}
        {failure && (
          <p className="notice notice--error" role="alert">
            {errorText(failure).text}
          </p>
        )}
        <div className="dialog__buttons">
          <button type="button" className="button" onClick={onCancel}>
            {t('episodes.cancelNew')}
          </button>
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? t('episodes.creating') : t('episodes.create')}
          </button>
        </div>
      </form>
    </section>
  )
}
