import { useState } from 'react'
import { routeHref } from '../app/route.ts'
import { formatBytes } from '../ui/format.ts'
import { ModelDownload } from './ModelDownload.tsx'
import { recommendedModel } from './recommended.ts'
import { useTranscriptionStrings } from './strings.ts'
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

/** The first run (no model installed): offers the recommended model, with a link to the rest. */
export function FirstRunBanner() {
  const { s, language } = useTranscriptionStrings()
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

  return (
    <section className="first-run" aria-labelledby="first-run-title">
      <div className="first-run__text">
        <h2 id="first-run-title">{s.bannerTitle}</h2>
        <p>{s.bannerBody(model.name, formatBytes(model.sizeBytes, language))}</p>
      </div>
      <div className="first-run__actions">
        <ModelDownload name={model.name} primary labelled />
        <a className="button button--small" href={routeHref({ page: 'models' })}>
          {s.seeAllModels}
        </a>
        <button type="button" className="button button--small button--quiet" onClick={dismiss}>
          {s.dismiss}
        </button>
      </div>
    </section>
  )
}
