import { useId, useState } from 'react'
import type { Recording } from '../../shared/contract/index.ts'
import { useT } from '../i18n/useT.ts'
import { formatDuration } from '../ui/format.ts'
import { clipDraftFor, clipProblem, clipsLength, moveItem, type ClipDraft } from './clips.ts'

interface Props {
  recordings: readonly Recording[]
  clips: readonly ClipDraft[]
  onChange: (clips: ClipDraft[]) => void
  /** Called when focus leaves a field, so a caller that autosaves can send at once. */
  onBlur?: () => void
}

/** The clips of an episode, in order: a recording each, with in and out points as m:ss. */
export function ClipsEditor({ recordings, clips, onChange, onBlur }: Props) {
  const { t } = useT()
  const pickerId = useId()
  const byId = new Map(recordings.map((recording) => [recording.id, recording]))
  const [picked, setPicked] = useState('')
  const chosen = byId.get(picked) ?? recordings[0]

  const set = (index: number, patch: Partial<ClipDraft>) =>
    onChange(clips.map((clip, i) => (i === index ? { ...clip, ...patch } : clip)))

  return (
    <div className="clips" onBlur={onBlur}>
      {clips.length === 0 ? (
        <p className="muted">{t('clips.none')}</p>
      ) : (
        <ol className="clips__list">
          {clips.map((clip, index) => {
            const recording = byId.get(clip.recordingId)
            const problem = clipProblem(clip, recording)
            const errorId = `${clip.key}-error`
            const n = index + 1
            const invalid = (field: 'from' | 'to') => (problem?.field === field ? true : undefined)
            return (
              <li key={clip.key} className="clips__row" aria-label={t('clips.clipN', { n })}>
                <span className="clips__number" aria-hidden="true">
                  {n}
                </span>
                <div className="clips__source">
                  <span className="clips__title">
                    {recording?.title ?? t('clips.missingRecording')}
                  </span>
                  {recording && (
                    <span className="hint">
                      {t('clips.recordingLength', { length: formatDuration(recording.duration) })}
                    </span>
                  )}
                </div>
                <label className="clips__time">
                  <span>{t('clips.from')}</span>
                  <input
                    type="text"
                    inputMode="decimal"
                    value={clip.from}
                    aria-label={t('clips.fromOf', { n })}
                    aria-invalid={invalid('from')}
                    aria-describedby={problem ? errorId : undefined}
                    onChange={(event) => set(index, { from: event.target.value })}
                  />
                </label>
                <label className="clips__time">
                  <span>{t('clips.to')}</span>
                  <input
                    type="text"
                    inputMode="decimal"
                    value={clip.to}
                    aria-label={t('clips.toOf', { n })}
                    aria-invalid={invalid('to')}
                    aria-describedby={problem ? errorId : undefined}
                    onChange={(event) => set(index, { to: event.target.value })}
                  />
                </label>
                <div className="clips__actions">
                  <button
                    type="button"
                    className="button button--small button--icon"
                    disabled={index === 0}
                    aria-label={t('clips.up', { n })}
                    onClick={() => onChange(moveItem(clips, index, -1))}
                  >
                    <span aria-hidden="true">↑</span>
                  </button>
                  <button
                    type="button"
                    className="button button--small button--icon"
                    disabled={index === clips.length - 1}
                    aria-label={t('clips.down', { n })}
                    onClick={() => onChange(moveItem(clips, index, 1))}
                  >
                    <span aria-hidden="true">↓</span>
                  </button>
                  <button
                    type="button"
                    className="button button--small button--quiet"
                    aria-label={t('clips.removeN', { n })}
                    onClick={() => onChange(clips.filter((_, i) => i !== index))}
                  >
                    {t('clips.remove')}
                  </button>
                </div>
                {problem && (
                  <p id={errorId} className="field__error clips__error">
                    {t(problem.key, problem.params)}
                  </p>
                )}
              </li>
            )
          })}
        </ol>
      )}
      <p className="clips__total">
        {t('clips.total', { length: formatDuration(clipsLength(clips, byId)) })}
      </p>
      {recordings.length === 0 ? (
        <p className="hint">{t('clips.noRecordings')}</p>
      ) : (
        <div className="clips__add">
          <label htmlFor={pickerId}>{t('clips.pick')}</label>
          <select
            id={pickerId}
            value={chosen?.id ?? ''}
            onChange={(event) => setPicked(event.target.value)}
          >
            {recordings.map((recording) => (
              <option key={recording.id} value={recording.id}>
                {recording.title} ({formatDuration(recording.duration)})
              </option>
            ))}
          </select>
          <button
            type="button"
            className="button"
            onClick={() => chosen && onChange([...clips, clipDraftFor(chosen)])}
          >
            {t('clips.add')}
          </button>
        </div>
      )}
    </div>
  )
}
