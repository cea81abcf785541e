// The shared archive's ingest and export with media in an S3-compatible store (a real Swift with
// s3api on loopback, from tests/storage/s3-service.ts) beside the library folder, on ten minutes
// of a real recording (../shared/media, looped): how many times real time each runs, and what
// is left in the temp folder after. Rows stay in SQLite on both sides, so the difference is the
// media store's alone (PostgreSQL's own figures are in search-pg, redaction-pg and workers).
// Then `library copy` of the folder library into PostgreSQL and the store (bench/library-copy.ts).
import { readdirSync } from 'node:fs'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { dispatch } from '../src/core/api/index.ts'
import { libraryLayout } from '../src/core/paths.ts'
import { resolveLibraryLocation } from '../src/core/storage/open.ts'
import { openVoces, type Voces } from '../src/core/voces.ts'
import { tempDir } from '../tests/helpers.ts'
import { s3Service } from '../tests/storage/s3-service.ts'
import { ingestGiven, minutesOfSpeech } from './common.ts'
import { benchLibraryCopy } from './library-copy.ts'

const minutes = 10
const round = (n: number) => Math.round(n * 10) / 10

/** Every file left under a library's temp folder. */
function leftInTemp(libraryDir: string): number {
  try {
    return readdirSync(libraryLayout(libraryDir).temp, {
      recursive: true,
      withFileTypes: true,
    }).filter((entry) => entry.isFile()).length
  } catch {
    return 0
  }
}

async function measure(voces: Voces, libraryDir: string, source: string, out: string) {
  const seconds = minutes * 60
  let begun = performance.now()
  const id = await ingestGiven(voces, source)
  const ingest = (performance.now() - begun) / 1000
  begun = performance.now()
  const started = await dispatch(
    'export.podcast',
    { source: id, output: out },
    { voces, transport: 'cli' },
  )
  if (!started.ok) throw new Error(started.error.message)
  const job = await voces.jobs.waitFor((started.value as { jobId: string }).jobId)
  if (job.state !== 'succeeded') throw new Error(`export ${job.state}: ${job.error?.message}`)
  const exported = (performance.now() - begun) / 1000
  return {
    ingestSeconds: round(ingest),
    ingestTimesRealTime: round(seconds / ingest),
    exportSeconds: round(exported),
    exportTimesRealTime: round(seconds / exported),
    filesLeftInTemp: leftInTemp(libraryDir),
  }
}

export async function benchSharedArchive(): Promise<object> {
  const service = await s3Service()
  const scratch = tempDir('voces-bench-shared-')
  try {
    const source = path.join(scratch.dir, 'entrevista.wav')
    minutesOfSpeech(source, minutes)
    const env = { ...process.env, ...service.env }
    const results: Record<string, object> = {}
    for (const where of ['libraryFolder', 's3'] as const) {
      const libraryDir = path.join(scratch.dir, where)
      const location = resolveLibraryLocation(
        where === 's3'
          ? {
              library: libraryDir,
              media: `${service.env.VOCES_TEST_MEDIA_URL}/bench-${path.basename(scratch.dir)}`,
              s3Endpoint: service.env.VOCES_TEST_S3_ENDPOINT,
            }
          : { library: libraryDir },
        env,
      )
      const voces = await openVoces({ location })
      try {
        results[where] = await measure(
          voces,
          libraryDir,
          source,
          path.join(scratch.dir, `${where}.mp3`),
        )
      } finally {
        await voces.close()
      }
    }
    // The folder library, with a person's work added, copied into PostgreSQL and the store.
    results.libraryCopy = await benchLibraryCopy(
      path.join(scratch.dir, 'libraryFolder'),
      {
        url: `${service.env.VOCES_TEST_MEDIA_URL}/bench-copy-${path.basename(scratch.dir)}`,
        endpoint: service.env.VOCES_TEST_S3_ENDPOINT,
      },
      env,
    ).catch((error: unknown) => ({
      error: error instanceof Error ? error.message : String(error),
    }))
    return {
      store: 'OpenStack Swift + s3api on loopback (one replica, a plain folder as its disk)',
      recording: `silero_vad_en_60s.wav looped to ${minutes} minutes, 44.1 kHz stereo WAV`,
      ...results,
    }
  } finally {
    scratch.cleanup()
    await service.stop()
  }
}
