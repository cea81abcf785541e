import { useState } from 'react'
import { routeHref } from '../app/route.ts'
import { formatBytes } from '../ui/format.ts'
import { ModelDownload } from './ModelDownload.tsx'
import { recommendedModel } from './recommended.ts'
import { useSection } from '../i18n/useSection.ts'
import { useModels } from './useModels.ts'
import './transcription.css'

/** Remembered per window's storage: "Not now" is a choice about this banner, not about the library. */
const dismissedKey = 'voces.transcription.firstRunDismissed'

function wasDismissed(): boolean {
  try {
    return window.localStorage.getItem(dismissedKey) === '1'
  } catch {
    return false
  }
}

/**
 * The first run (no model installed): offers the recommended model, with a link to the rest; with
 * no engine yet, says that first and sends the person to Models, where the engine is set up.
 */
export function FirstRunBanner() {
  const { s, language } = useSection('transcription')
  const { state } = useModels()
  const [dismissed, setDismissed] = useState(wasDismissed)

  if (dismissed || state.status !== 'ready' || state.list.defaultModel !== null) return null
  const model = recommendedModel(state.list.models)
  if (!model) return null

  const dismiss = () => {
    setDismissed(true)
    try {
      window.localStorage.setItem(dismissedKey, '1')
    } catch {
      // Storage refused (private mode): the banner stays away for this window only.
    }
  }

  // No engine to run a model with: a download would be 190 MB for nothing yet (decision 0168).
  const engine = state.list.engine.found
  return (
    <section className="first-run" aria-labelledby="first-run-title">
      <div className="first-run__text">
        <h2 id="first-run-title">{engine ? s('bannerTitle') : s('bannerNoEngineTitle')}</h2>
        <p>
          {engine
            ? s('bannerBody', { name: model.name, size: formatBytes(model.sizeBytes, language) })
            : s('bannerNoEngineBody')}
        </p>
      </div>
      <div className="first-run__actions">
        {engine && <ModelDownload name={model.name} primary labelled />}
        <a
          className={`button button--small${engine ? '' : ' button--primary'}`}
          href={routeHref({ page: 'models' })}
        >
          {engine ? s('seeAllModels') : s('openModels')}
        </a>
        <button type="button" className="button button--small button--quiet" onClick={dismiss}>
          {s('dismiss')}
        </button>
      </div>
    </section>
  )
}
