// `library copy` (decisions 0180 and 0194) for the shared-archive bench: a desktop library (the
// folder the bench ingested and exported a real recording into) gets a transcript of that
// recording's length (a segment every 4 s with its 10 words, a quarter checked), subtitle cues
// from it (a quarter checked), speaker detection's turns, and is copied into a throwaway
// PostgreSQL (scripts/services.sh, unless VOCES_BENCH_DATABASE_URL names an empty
// database) and the S3 store: the copy's seconds, hours of audio copied per hour, and a second
// run's seconds (everything already there).
import { performance } from 'node:perf_hooks'
import { copyLibrary } from '../src/core/library/copy.ts'
import { resolveLibraryLocation } from '../src/core/storage/open.ts'
import type { Storage } from '../src/core/storage/ports.ts'
import { openVoces } from '../src/core/voces.ts'
import { withDatabase } from './postgres.ts'

const round = (n: number) => Math.round(n * 100) / 100

/** What a person's work leaves on each recording: a checked transcript, subtitles, speakers. */
async function worked(storage: Storage): Promise<{ seconds: number; segments: number }> {
  let seconds = 0
  let segments = 0
  for (const recording of await storage.recordings.list()) {
    const count = Math.floor(recording.duration / 4)
    seconds += recording.duration
    segments += count
    await storage.transcripts.replaceTrack({
      recordingId: recording.id,
      language: 'en',
      kind: 'transcript',
      origin: 'whisper',
      model: 'bench',
      engineSettings: {},
      segments: Array.from({ length: count }, (_, s) => ({
        start: s * 4,
        end: s * 4 + 4,
        speaker: `Speaker ${(Math.floor(s / 5) % 2) + 1}`,
        language: 'en' as const,
        text: `worker ${s} said the shift ran long and pay came late`,
        words: Array.from({ length: 10 }, (_, w) => ({
          start: s * 4 + w * 0.4,
          end: s * 4 + w * 0.4 + 0.4,
          text: `w${w}`,
          probability: 0.9,
        })),
      })),
    })
    const editor = await storage.transcripts.editorTrack(recording.id)
    const checked = (editor?.segments ?? []).filter((_, i) => i % 4 === 0).map((s) => s.id)
    await storage.transcripts.review(checked, 'verified', 'Ana')
    await storage.subtitles.replaceCues(
      recording.id,
      Array.from({ length: count }, (_, s) => ({
        start: s * 4,
        end: s * 4 + 4,
        speaker: null,
        texts: { en: `worker ${s} said the shift ran long` },
      })),
      [{ language: 'en', origin: 'made', source: 'en', timing: true }],
    )
    const cues = await storage.subtitles.cues(recording.id)
    for (const cue of cues.filter((_, i) => i % 4 === 0))
      await storage.subtitles.updateCue(cue.id, {
        language: 'en',
        review: 'verified',
        reviewedBy: 'Rosa',
      })
    await storage.speakers.saveDetection(
      recording.id,
      'bench',
      Array.from({ length: Math.floor(count / 5) }, (_, t) => ({
        start: t * 20,
        end: t * 20 + 20,
        label: `Speaker ${(t % 2) + 1}`,
      })),
    )
  }
  return { seconds, segments }
}

/** Copies the library at `libraryDir` into PostgreSQL and the S3 store at `media` (its endpoint given). */
export async function benchLibraryCopy(
  libraryDir: string,
  media: { url: string; endpoint: string | undefined },
  env: NodeJS.ProcessEnv,
): Promise<object> {
  const source = await openVoces({ location: resolveLibraryLocation({ library: libraryDir }, env) })
  try {
    const work = await worked(source.storage)
    return await withDatabase(async (url) => {
      const target = await openVoces({
        location: resolveLibraryLocation(
          { library: url, media: media.url, s3Endpoint: media.endpoint },
          env,
        ),
        startJobs: false,
      })
      try {
        let begun = performance.now()
        const report = await copyLibrary(source.storage, target.storage)
        const first = (performance.now() - begun) / 1000
        begun = performance.now()
        const again = await copyLibrary(source.storage, target.storage)
        const second = (performance.now() - begun) / 1000
        if (again.recordings.some((r) => r.outcome !== 'skipped'))
          throw new Error('the second copy copied again')
        return {
          recordings: report.recordings.length,
          audioMinutes: round(work.seconds / 60),
          segments: work.segments,
          bytes: report.recordings.reduce((sum, r) => sum + r.bytes, 0),
          copySeconds: round(first),
          hoursOfAudioPerHour: Math.round(work.seconds / first),
          secondRunSeconds: round(second),
        }
      } finally {
        await target.close()
      }
    })
  } finally {
    await source.close()
  }
}
