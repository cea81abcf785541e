import type { Job, ModelInfo } from '../../shared/contract/index.ts'

/**
 * The model the first run offers. Not the literal smallest (tiny's Spanish is poor) nor the most
 * accurate (large-v3-turbo is 547 MB and slow without a GPU): a multilingual "small" or "base"
 * model, quantised first, which whisper.cpp runs in real time or better on an ordinary laptop CPU.
 */
const firstRunPreference = ['small-q5_1', 'base-q5_1', 'small', 'base']

export function recommendedModel(models: readonly ModelInfo[]): ModelInfo | null {
  const offered = models.filter(
    (model) => model.inCatalogue && model.languages === 'multilingual' && model.url !== null,
  )
  for (const name of firstRunPreference) {
    const found = offered.find((model) => model.name === name)
    if (found) return found
  }
  return [...offered].sort((a, b) => a.sizeBytes - b.sizeBytes)[0] ?? null
}

/**
 * The core labels a download job with the model's name (decision 0082), and has no other field
 * naming the model; jobs stored before that say "Whisper model NAME".
 */
export function isDownloadOf(job: Job, name: string): boolean {
  return (
    job.kind === 'model-download' && (job.label === name || job.label === `Whisper model ${name}`)
  )
}
