import { useId, useState, type FormEvent } from 'react'
import type { ApiError, ModelInfo } from '../../shared/contract/index.ts'
import { useClient } from '../app/client-context.ts'
import { formatBytes } from '../ui/format.ts'
import { transcriptionErrorLine } from './errors.ts'
import { useMay } from '../people/context.ts'
import { EngineBuild } from './EngineBuild.tsx'
import { ModelDownload } from './ModelDownload.tsx'
import { optionalMessage } from '../../shared/i18n/sections.ts'
import { useSection } from '../i18n/useSection.ts'
import { useModels } from './useModels.ts'
import './transcription.css'

/** `#/models`: the engine, the catalogue with downloads, and adding a model file by path. */
export function ModelsPage() {
  const { s, errorText } = useSection('transcription')
  const { state, reload } = useModels()
  const may = useMay()

  return (
    <div className="page page--models">
      <div className="page__header">
        <h1>{s('pageTitle')}</h1>
        <p className="page__subtitle">{s('pageIntro')}</p>
      </div>
      {state.status === 'loading' && (
        <p className="muted" role="status">
          {s('loadingModels')}
        </p>
      )}
      {state.status === 'failed' && (
        <div className="notice notice--error" role="alert">
          <p>
            {s('loadFailed')} {transcriptionErrorLine(s, errorText, state.error)}
          </p>
          <button type="button" className="button" onClick={reload}>
            {s('retry')}
          </button>
        </div>
      )}
      {state.status === 'ready' && (
        <div className="models-layout">
          <section className="models-card" aria-labelledby="engine-title">
            <h2 id="engine-title">{s('engineTitle')}</h2>
            {state.list.engine.found ? (
              <p className="models-engine models-engine--found">
                <span className="badge badge--consent-given">{s('engineFound')}</span>{' '}
                <code className="mono">{state.list.engine.path}</code>
              </p>
            ) : (
              <div className="notice" role="status">
                <p>{s('engineNotFound')}</p>
                {state.list.engine.build && may('engine.build') ? (
                  <EngineBuild
                    missingTools={state.list.engine.build.missingTools}
                    onBuilt={reload}
                  />
                ) : null}
                {state.list.engine.hint && !state.list.engine.build && (
                  <>
                    <p>{s('engineHow')}</p>
                    <pre className="models-engine__hint">{state.list.engine.hint}</pre>
                  </>
                )}
              </div>
            )}
          </section>
          <section className="models-card" aria-labelledby="catalogue-title">
            <h2 id="catalogue-title">{s('catalogueTitle')}</h2>
            <p className="hint">
              {s('folder')}: <code className="mono">{state.list.dir}</code>
            </p>
            <ModelTable models={state.list.models} defaultModel={state.list.defaultModel} />
          </section>
          {may('models.add') && <AddModel onAdded={reload} />}
        </div>
      )}
    </div>
  )
}

function ModelTable({
  models,
  defaultModel,
}: {
  models: readonly ModelInfo[]
  defaultModel: string | null
}) {
  const { s, language } = useSection('transcription')
  const may = useMay()
  return (
    <table className="models-table">
      <thead>
        <tr>
          <th scope="col">{s('colName')}</th>
          <th scope="col" className="num">
            {s('colSize')}
          </th>
          <th scope="col">{s('colLanguages')}</th>
          <th scope="col">{s('colAbout')}</th>
          <th scope="col">{s('colStatus')}</th>
        </tr>
      </thead>
      <tbody>
        {models.map((model) => (
          <tr key={model.file} className={model.installed ? 'models-table__installed' : undefined}>
            <th scope="row">
              <span className="mono">{model.name}</span>
              {model.quantized && <span className="models-table__tag">{s('quantized')}</span>}
            </th>
            <td className="num">{formatBytes(model.sizeBytes, language)}</td>
            <td className="models-table__languages">
              {model.languages === 'en' ? s('englishOnly') : s('multilingual')}
            </td>
            <td className="models-table__about">
              {model.inCatalogue
                ? (optionalMessage(s, 'transcription', `descriptions.${model.name}`) ??
                  model.description)
                : s('addedByHand')}
            </td>
            <td className="models-table__status">
              {model.installed ? (
                <span className="models-status">
                  <span className="badge badge--consent-given">{s('installed')}</span>
                  {model.name === defaultModel && (
                    <span className="models-status__default">{s('isDefault')}</span>
                  )}
                </span>
              ) : model.url && may('models.download') ? (
                <ModelDownload name={model.name} />
              ) : (
                <span className="muted">{s('notInstalled')}</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function AddModel({ onAdded }: { onAdded: () => void }) {
  const client = useClient()
  const { s, errorText } = useSection('transcription')
  const id = useId()
  const [path, setPath] = useState('')
  const [busy, setBusy] = useState(false)
  const [outcome, setOutcome] = useState<
    { ok: true; name: string } | { ok: false; error: ApiError } | null
  >(null)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!path.trim()) return
    setBusy(true)
    setOutcome(null)
    const result = await client.call('models.add', { path: path.trim() })
    setBusy(false)
    if (!result.ok) return setOutcome({ ok: false, error: result.error })
    setOutcome({ ok: true, name: result.value.name })
    setPath('')
    onAdded()
  }

  return (
    <section className="models-card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{s('addTitle')}</h2>
      <p className="hint">{s('addIntro')}</p>
      <form className="models-add" onSubmit={(event) => void submit(event)}>
        <label htmlFor={`${id}-path`} className="models-add__label">
          {s('addPath')}
        </label>
        <input
          id={`${id}-path`}
          type="text"
          className="mono"
          placeholder="/home/…/ggml-small.bin"
          value={path}
          spellCheck={false}
          onChange={(event) => setPath(event.target.value)}
          aria-invalid={outcome?.ok === false ? true : undefined}
        />
        <button type="submit" className="button" disabled={busy || !path.trim()}>
          {busy ? s('adding') : s('addButton')}
        </button>
      </form>
      {outcome?.ok === true && <p role="status">{s('added', { name: outcome.name })}</p>}
      {outcome?.ok === false && (
        <p className="notice notice--error" role="alert">
          {transcriptionErrorLine(s, errorText, outcome.error)}
        </p>
      )}
    </section>
  )
}
