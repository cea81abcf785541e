import type { CoreContext } from '../context.ts'
import {
  translateSubtitles,
  translateSubtitlesInput,
  type TranslateSubtitlesInput,
  type TranslateSubtitlesResult,
} from './subtitles.ts'
import { translateTranscript, type TranslateTranscriptResult } from './transcript.ts'

/**
 * The translation job: one recording's subtitles, or its transcript, into one language. It stores nothing until its
 * one transaction at the end, so a restart runs it again from the start (the runner requeues
 * it), and a cancel leaves the cues as they were.
 */
export function registerTranslation(voces: CoreContext): void {
  voces.jobs.register<
    TranslateSubtitlesInput,
    TranslateSubtitlesResult | TranslateTranscriptResult
  >({
    kind: 'translate',
    input: translateSubtitlesInput,
    concurrency: 1,
    label: (input) => input.title ?? input.recordingId,
    recordingId: (input) => input.recordingId,
    run: (ctx) => {
      const options = { signal: ctx.signal, onProgress: ctx.progress }
      return ctx.input.source === 'transcript'
        ? translateTranscript(voces, ctx.input, options)
        : translateSubtitles(voces, ctx.input, options)
    },
  })
}
