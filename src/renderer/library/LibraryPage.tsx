import { useT } from '../i18n/useT.ts'
import { ImportList } from './ImportList.tsx'
import { ImportPanel } from './ImportPanel.tsx'
import { RecordingTable } from './RecordingTable.tsx'
import { useRecordings } from './useRecordings.ts'

export function LibraryPage() {
  const { t, errorText } = useT()
  const { state, reload } = useRecordings()
  const count = state.status === 'ready' ? state.recordings.length : null

  return (
    <div className="page page--library">
      <div className="page__header">
        <h1>{t('library.heading')}</h1>
        {count !== null && count > 0 && (
          <p className="page__subtitle">{t('library.count', { count })}</p>
        )}
      </div>
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
            <RecordingTable recordings={state.recordings} />
          )}
        </div>
      </div>
    </div>
  )
}
