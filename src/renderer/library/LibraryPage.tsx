import { useT } from '../i18n/useT.ts'
import { FirstRunBanner } from '../transcription/FirstRunBanner.tsx'
import { useSelection } from '../transcription/selection.tsx'
import { TranscribeSelected } from '../transcription/TranscribeSelected.tsx'
import { ImportList } from './ImportList.tsx'
import { ImportPanel } from './ImportPanel.tsx'
import { RecordingTable } from './RecordingTable.tsx'
import { useRecordings } from './useRecordings.ts'

const noRecordings: readonly { id: string }[] = []

export function LibraryPage() {
  const { t, errorText } = useT()
  const { state, reload } = useRecordings()
  const count = state.status === 'ready' ? state.recordings.length : null
  const selection = useSelection(state.status === 'ready' ? state.recordings : noRecordings)

  return (
    <div className="page page--library">
      <div className="page__header">
        <h1>{t('library.heading')}</h1>
        {count !== null && count > 0 && (
          <p className="page__subtitle">{t('library.count', { count })}</p>
        )}
      </div>
      <FirstRunBanner />
      <div className="library-layout">
        <div className="library-layout__side">
          <ImportPanel />
          <ImportList />
        </div>
        <div className="library-layout__main">
          {state.status === 'loading' && (
            <p className="muted" role="status">
              {t('library.loading')}
            </p>
          )}
          {state.status === 'failed' && (
            <div className="notice notice--error" role="alert">
              <p>
                {t('library.loadFailed')} {errorText(state.error).text}
              </p>
              <button type="button" className="button" onClick={reload}>
                {t('library.retry')}
              </button>
            </div>
          )}
          {state.status === 'ready' && state.recordings.length === 0 && (
            <p className="empty-state">{t('library.empty')}</p>
          )}
          {state.status === 'ready' && state.recordings.length > 0 && (
            <>
              <TranscribeSelected selection={selection} />
              <RecordingTable recordings={state.recordings} selection={selection} />
            </>
          )}
        </div>
      </div>
    </div>
  )
}
