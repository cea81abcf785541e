import { useDeferredValue, useMemo, useState } from 'react'
import { useT } from '../i18n/useT.ts'
import { useMay } from '../people/context.ts'
import { FirstRunBanner } from '../transcription/FirstRunBanner.tsx'
import { useSelection } from '../transcription/selection.tsx'
import { TranscribeSelected } from '../transcription/TranscribeSelected.tsx'
import { ImportList } from './ImportList.tsx'
import { ImportPanel } from './ImportPanel.tsx'
import { RecordingTable } from './RecordingTable.tsx'
import { useRecordings } from './useRecordings.ts'
import { LibraryToolbar } from './LibraryToolbar.tsx'
import {
  allTags,
  noFilters,
  searchText,
  viewRows,
  type LibraryFilters,
  type LibraryRow,
} from './library-view.ts'

const noRows: readonly LibraryRow[] = []

export function LibraryPage() {
  const { t, errorText } = useT()
  const may = useMay()
  const { state, reload } = useRecordings()
  const [filters, setFilters] = useState<LibraryFilters>(noFilters)
  // Typing stays quick at 10,000 recordings: the list follows the box a frame behind.
  const deferred = useDeferredValue(filters)
  const { rows, texts, tags } = useMemo(() => {
    if (state.status !== 'ready')
      return { rows: noRows, texts: new Map<string, string>(), tags: [] }
    const states = new Map(state.states.map((row) => [row.id, row]))
    return {
      rows: state.recordings.map((recording) => ({ recording, state: states.get(recording.id) })),
      texts: new Map(state.recordings.map((recording) => [recording.id, searchText(recording)])),
      tags: allTags(state.recordings),
    }
  }, [state])
  const shown = useMemo(() => viewRows(rows, deferred, texts), [rows, deferred, texts])
  const shownRecordings = useMemo(() => shown.map((row) => row.recording), [shown])
  const selection = useSelection(shownRecordings)

  return (
    <div className="page page--library">
      <div className="page__header">
        <h1>{t('library.heading')}</h1>
      </div>
      {may('models.download') && <FirstRunBanner />}
      <div className="library-layout">
        <div className="library-layout__side">
          {may('library.ingest') && <ImportPanel />}
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
              <LibraryToolbar
                filters={filters}
                tags={tags}
                onChange={(patch) => setFilters((was) => ({ ...was, ...patch }))}
              />
              <p className="muted library-shown" role="status">
                {shown.length === rows.length
                  ? t('library.count', { count: rows.length })
                  : t('library.shown', { shown: shown.length, count: rows.length })}
              </p>
              {may('transcription.start') && <TranscribeSelected selection={selection} />}
              {shown.length === 0 ? (
                <p className="empty-state">{t('library.noMatch')}</p>
              ) : (
                <RecordingTable rows={shown} selection={selection} />
              )}
            </>
          )}
        </div>
      </div>
    </div>
  )
}
