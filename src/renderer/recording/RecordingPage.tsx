import { useCallback, useEffect, useState } from 'react'
import type { ApiError, Recording } from '../../shared/contract/index.ts'
import { useClient } from '../app/client-context.ts'
import { useT } from '../i18n/useT.ts'
import { ConsentBadge } from '../library/ConsentBadge.tsx'
import { formatDuration } from '../ui/format.ts'
import { DeleteLibraryCopy } from './DeleteLibraryCopy.tsx'
import { DeleteRecording } from './DeleteRecording.tsx'
import { MetadataForm } from './MetadataForm.tsx'
import { Player } from './Player.tsx'
import { TechnicalDetails } from './TechnicalDetails.tsx'
import { EditorForRecording } from '../editor/EditorForRecording.tsx'
import { ExportButton } from '../export/ExportButton.tsx'
import { RedactButton } from '../redaction/RedactButton.tsx'
import { useMay } from '../people/context.ts'

type State =
  | { status: 'loading' }
  | { status: 'failed'; error: ApiError }
  | { status: 'ready'; recording: Recording }

export function RecordingPage({ id, startAt }: { id: string; startAt?: number }) {
  const { t, errorText } = useT()
  const may = useMay()
  const client = useClient()
  const [state, setState] = useState<State>({ status: 'loading' })
  // Bumped after a redaction: the player and the editor load again, covered and masked.
  const [redactions, setRedactions] = useState(0)
  const onRedacted = useCallback(() => setRedactions((n) => n + 1), [])

  useEffect(() => {
    let live = true
    void client.call('library.get', { id }).then((result) => {
      if (!live) return
      setState(
        result.ok
          ? { status: 'ready', recording: result.value }
          : { status: 'failed', error: result.error },
      )
    })
    return () => {
      live = false
    }
  }, [client, id])

  const onSaved = useCallback(
    (recording: Recording) => setState({ status: 'ready', recording }),
    [],
  )

  const back = (
    <a className="back-link" href="#/">
      <span aria-hidden="true">← </span>
      {t('recording.back')}
    </a>
  )
  if (state.status === 'loading')
    return (
      <div className="page">
        {back}
        <p className="muted" role="status">
          {t('recording.loading')}
        </p>
      </div>
    )
  if (state.status === 'failed')
    return (
      <div className="page">
        {back}
        <p className="notice notice--error" role="alert">
          {errorText(state.error).text}
        </p>
      </div>
    )

  const { recording } = state
  return (
    <div className="page page--recording">
      {back}
      <div className="page__header recording-header">
        <h1>{recording.title}</h1>
        <p className="recording-header__facts">
          <span>{formatDuration(recording.duration)}</span>
          <span>{t(recording.hasVideo ? 'library.kind.video' : 'library.kind.audio')}</span>
          <ConsentBadge status={recording.consentStatus} />
        </p>
        <ExportButton source={{ kind: 'recording', recording }} recordings={[recording]} />
      </div>
      <div className="recording-layout">
        <div className="recording-layout__media">
          <Player
            key={`player-${redactions}`}
            recording={recording}
            {...(startAt === undefined ? {} : { startAt })}
          />
          <EditorForRecording key={`editor-${redactions}`} recordingId={recording.id} />
          <TechnicalDetails recording={recording} />
          {(may('library.remove') ||
            may('redaction.apply') ||
            may('redaction.deleteLibraryCopy')) && (
            <div className="danger-zone">
              {may('library.remove') && <DeleteRecording recording={recording} />}
              {may('redaction.apply') && (
                <RedactButton recording={recording} onRedacted={onRedacted} />
              )}
              {may('redaction.deleteLibraryCopy') && (
                <DeleteLibraryCopy recording={recording} onDeleted={onSaved} />
              )}
            </div>
          )}
        </div>
        <div className="recording-layout__form">
          <MetadataForm recording={recording} onSaved={onSaved} readOnly={!may('library.update')} />
        </div>
      </div>
    </div>
  )
}
