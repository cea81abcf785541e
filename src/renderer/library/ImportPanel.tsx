import { useState, type FormEvent } from 'react'
import { useClient } from '../app/client-context.ts'
import { useJobs } from '../jobs/context.ts'
import { useT } from '../i18n/useT.ts'
import { mediaInPickedFolder } from './collect-files.ts'
import { acceptAttribute } from './media-files.ts'
import { useAddFiles } from './useAddFiles.ts'

/** The drop area's card: what can be dropped, and buttons for people who do not drag. */
export function ImportPanel() {
  const { t } = useT()
  const client = useClient()
  const add = useAddFiles()
  const { addPaths } = useJobs()
  const [path, setPath] = useState('')

  const submitPath = (event: FormEvent) => {
    event.preventDefault()
    if (path.trim() === '') return
    void addPaths([path.trim()])
    setPath('')
  }

  return (
    <section className="import-panel" aria-labelledby="import-heading">
      <div className="import-panel__icon" aria-hidden="true" />
      <h2 id="import-heading" className="import-panel__title">
        {t('import.dropTitle')}
      </h2>
      <p className="import-panel__hint">{t('import.dropHint')}</p>
      <div className="import-panel__buttons">
        <label className="button button--primary file-button">
          <input
            type="file"
            className="visually-hidden"
            multiple
            accept={acceptAttribute}
            data-testid="add-recordings"
            onChange={(event) => {
              add([...(event.target.files ?? [])])
              event.target.value = ''
            }}
          />
          {t('import.choose')}
        </label>
        <label className="button file-button">
          <input
            type="file"
            className="visually-hidden"
            multiple
            ref={(input) => input?.setAttribute('webkitdirectory', '')}
            onChange={(event) => {
              const files = [...(event.target.files ?? [])]
              const media = client.transport === 'ipc' ? files : mediaInPickedFolder(files)
              const folder = files[0]?.webkitRelativePath.split('/')[0] ?? ''
              add(media, media.length === 0 && folder ? [folder] : [])
              event.target.value = ''
            }}
          />
          {t('import.chooseFolder')}
        </label>
      </div>
      <p className="import-panel__intro">{t('home.intro')}</p>
      {client.transport === 'http' && (
        <details className="import-panel__path">
          <summary>{t('import.pathShow')}</summary>
          <form onSubmit={submitPath} className="path-form">
            <label htmlFor="import-path">{t('import.pathLabel')}</label>
            <p id="import-path-hint" className="hint">
              {t('import.pathHint')}
            </p>
            <div className="path-form__row">
              <input
                id="import-path"
                type="text"
                value={path}
                aria-describedby="import-path-hint"
                onChange={(event) => setPath(event.target.value)}
                spellCheck={false}
              />
              <button type="submit" className="button">
                {t('import.pathSubmit')}
              </button>
            </div>
          </form>
        </details>
      )}
    </section>
  )
}
