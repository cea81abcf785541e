// `voces library copy DIR` for real (decisions 0180, 0181, 0194): a desktop library made through
// the app's own services (ingest of real recordings, a consent change, a transcript, speaker
// detection with a named voice, subtitles with a checked cue, an episode with a cut and a
// chapter, a redaction, an export log entry) copied into PostgreSQL and an S3-compatible store
// (Swift) from scripts/services.sh by the CLI, then read back through the shared archive's
// ports, media bytes and every time a row carries included.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dispatch } from '../../src/core/api/index.ts'
import { startIngest } from '../../src/core/media/ingest.ts'
import { resolveLibraryLocation } from '../../src/core/storage/open.ts'
import type { Storage } from '../../src/core/storage/ports.ts'
import { openVoces, Voces } from '../../src/core/voces.ts'
import type { SubtitleCue } from '../../src/shared/contract/index.ts'
import { mediaDir, repoRoot, tempDir } from '../helpers.ts'
import { freshDatabase } from './pg-fixture.ts'
import { s3Service, type S3Service } from './s3-service.ts'

const bin = path.join(repoRoot, 'bin', 'voces')

let dir: string
let cleanup: () => void
let database: Awaited<ReturnType<typeof freshDatabase>>
let s3: S3Service
let env: NodeJS.ProcessEnv
let desk: string
let ids: string[] = []

async function ingest(voces: Voces, file: string): Promise<string> {
  const { jobs } = await startIngest(voces, [path.join(mediaDir, file)])
  const job = await voces.jobs.waitFor(jobs[0]?.jobId ?? '')
  const id = (job.result as { recordingId?: string } | null)?.recordingId
  if (!id) throw new Error(`ingest ${job.state}: ${JSON.stringify(job.error)}`)
  return id
}

beforeAll(async () => {
  ;({ dir, cleanup } = tempDir())
  database = await freshDatabase()
  s3 = await s3Service()
  env = {
    ...process.env,
    ...s3.env,
    VOCES_LIBRARY: database.url,
    VOCES_MEDIA: `${s3.env.VOCES_TEST_MEDIA_URL}/copy-${randomBytes(4).toString('hex')}`,
    VOCES_S3_ENDPOINT: s3.env.VOCES_TEST_S3_ENDPOINT,
    VOCES_WORK_DIR: path.join(dir, 'work'),
  }
  desk = path.join(dir, 'desk')
  const voces = new Voces({ libraryDir: desk })
  try {
    const ctx = { voces, transport: 'cli' as const }
    const jfk = await ingest(voces, 'en/jfk.wav')
    const leopard = await ingest(voces, 'es/leopard_es.wav')
    ids = [jfk, leopard]
    // Through the API, so the consent change is in the audit log as a person's would be.
    const consent = await dispatch(
      'library.update',
      {
        id: jfk,
        patch: {
          interviewees: ['Rosa Pérez'],
          consentStatus: 'restricted',
          consentNote: 'Solo para uso interno',
          tags: ['calor', 'campo'],
        },
      },
      ctx,
    )
    expect(consent.ok).toBe(true)
    // An imported transcript with words and two speakers, one named and one segment verified.
    await voces.storage.transcripts.replaceTrack({
      recordingId: jfk,
      language: 'en',
      kind: 'transcript',
      origin: 'imported',
      model: null,
      engineSettings: {},
      segments: [
        {
          start: 0.3,
          end: 2.1,
          speaker: 'Speaker 1',
          language: 'en',
          text: 'And so my fellow Americans',
          words: [
            { start: 0.3, end: 0.6, text: 'And', probability: null },
            { start: 0.6, end: 0.9, text: 'so', probability: null },
            { start: 0.9, end: 1.2, text: 'my', probability: null },
            { start: 1.2, end: 1.6, text: 'fellow', probability: null },
            { start: 1.6, end: 2.1, text: 'Americans', probability: null },
          ],
        },
        {
          start: 3,
          end: 6,
          speaker: 'Speaker 2',
          language: 'en',
          text: 'ask not what your country can do for you',
          words: [],
        },
      ],
    })
    const editor = await voces.storage.transcripts.editorTrack(jfk)
    const speaker1 = editor?.speakers.find((s) => s.label === 'Speaker 1')
    await voces.storage.transcripts.renameSpeaker(speaker1?.id ?? 0, 'John', 'President')
    await voces.storage.transcripts.review([editor?.segments[0]?.id ?? 0], 'verified', 'Ana')
    // A person gives the second segment to John too: the speakers are corrected, and Speaker 2
    // stays, speaking no segment.
    await voces.storage.transcripts.setSpeaker(editor?.segments[1]?.id ?? 0, speaker1?.id ?? 0)
    // Speaker detection on the Spanish recording, which has no transcript: three turns of two
    // voices, one of them named.
    await voces.storage.speakers.saveDetection(leopard, 'test-engine', [
      { start: 0, end: 2.5, label: 'A' },
      { start: 2.5, end: 5, label: 'B' },
      { start: 5, end: 7, label: 'A' },
    ])
    const voices = await voces.storage.speakers.voices(leopard)
    await voces.storage.speakers.rename(voices[1]?.id ?? 0, 'María', 'Comité de campo')
    // Subtitles made from it, one cue checked by a person.
    const made = await dispatch('subtitles.make', { recordingId: jfk }, ctx)
    expect(made.ok).toBe(true)
    const cues = await voces.storage.subtitles.cues(jfk)
    const checked = await dispatch(
      'subtitles.updateCue',
      { cueId: cues[0]?.id ?? 0, language: 'en', review: 'verified', reviewedBy: 'Rosa' },
      ctx,
    )
    expect(checked.ok).toBe(true)
    // An episode with a cut and a chapter; a redaction; an export logged.
    const episode = await voces.storage.episodes.create({ title: 'Calor en el campo' }, [
      { recordingId: jfk, start: 0, end: 10 },
      { recordingId: leopard, start: 0, end: 5 },
    ])
    await voces.storage.episodes.setCuts(episode.id, [
      { recordingId: jfk, start: 1.2, end: 1.6, kind: 'edit' },
    ])
    await voces.storage.episodes.setChapters(episode.id, [
      { start: 0, titleEn: 'Opening', titleEs: 'Apertura' },
    ])
    await voces.storage.redactions.add(leopard, [{ start: 1, end: 2 }], 'tone')
    await voces.storage.exportLog.append({
      at: '2026-12-07T10:00:00.000Z',
      kind: 'podcast',
      output: '/exports/calor.mp3',
      sourceId: episode.id,
      recordings: [{ id: jfk, consent: 'restricted', consentNote: 'Solo para uso interno' }],
      reason: 'internal review',
    })
    // Two audit entries alike (a request sent twice at once) stay two in the archive.
    for (let twice = 0; twice < 2; twice++)
      await voces.storage.people.audit(
        {
          actor: 'owner',
          action: 'export.request',
          subject: episode.id,
          details: { kind: 'export.podcast', reason: 'internal review', job: 'j-1' },
        },
        '2026-12-07T09:59:00.000Z',
      )
  } finally {
    await voces.close()
  }
}, 180_000)

afterAll(async () => {
  await database?.drop()
  await s3?.stop()
  cleanup()
})

function copy(more: NodeJS.ProcessEnv = {}): {
  child: ChildProcess
  done: Promise<{ code: number | null; out: string; err: string }>
} {
  const child = spawn(bin, ['library', 'copy', desk], {
    env: { ...env, ...more },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()))
  const done = new Promise<{ code: number | null; out: string; err: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, out, err })),
  )
  return { child, done }
}

/** Everything a person sees of the library, with its times, without the ids a copy renumbers. */
async function snapshot(storage: Storage) {
  const recordings = await storage.recordings.list()
  const out = []
  for (const r of recordings) {
    const files = await storage.recordings.files(r.id)
    const keys = [files.workingAudio, files.peaks, files.poster, files.storedPath].filter(
      (key): key is string => key !== null,
    )
    const media = []
    for (const key of keys)
      media.push({ key, bytes: (await storage.media.read(key)).toString('base64') })
    const editor = await storage.transcripts.editorTrack(r.id)
    const subtitles = await storage.subtitles.get(r.id)
    out.push({
      recording: r,
      media,
      tracks: await Promise.all(
        (await storage.transcripts.listTracks(r.id)).map((t) =>
          storage.transcripts.requireTrack(r.id, t.track),
        ),
      ),
      reviews: editor?.segments.map((s) => [s.review, s.reviewedBy, s.reviewedAt]),
      speakers: editor?.speakers.map((s) => [s.label, s.name, s.affiliation]),
      voices: (await storage.speakers.voices(r.id)).map((v) => ({ ...v, id: undefined })),
      turns: await storage.speakers.turns(r.id),
      speakerState: await storage.speakers.state(r.id),
      detected: await storage.speakers.record(r.id),
      cues: subtitles.cues.map((cue: SubtitleCue) => ({ ...cue, id: undefined })),
      subtitleTracks: subtitles.tracks,
      redactions: await storage.redactions.list(r.id),
      times: await storage.times.recording(r.id),
    })
  }
  const episodes = []
  for (const e of await storage.episodes.list())
    episodes.push({ ...e, times: await storage.times.episode(e.id) })
  return {
    recordings: out,
    episodes,
    exportLog: await storage.exportLog.list(),
    audit: (await storage.people.auditLog({})).map((entry) => ({ ...entry, id: undefined })),
  }
}

/** Every ISO time in a value (the times a snapshot holds), to compare with the copy's start. */
function timesIn(value: unknown): string[] {
  if (typeof value === 'string')
    return /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(value) ? [value] : []
  if (Array.isArray(value)) return value.flatMap(timesIn)
  if (value && typeof value === 'object') return Object.values(value).flatMap(timesIn)
  return []
}

async function withArchive<T>(fn: (storage: Storage) => Promise<T>): Promise<T> {
  const voces = await openVoces({ location: resolveLibraryLocation({}, env), startJobs: false })
  try {
    return await fn(voces.storage)
  } finally {
    await voces.close()
  }
}

async function withDesk<T>(fn: (storage: Storage) => Promise<T>): Promise<T> {
  const voces = new Voces({ libraryDir: desk, startJobs: false })
  try {
    return await fn(voces.storage)
  } finally {
    await voces.close()
  }
}

describe('voces library copy DIR into a shared archive', () => {
  it('a bucket that does not exist: one clear message, nothing written', async () => {
    const { code, err } = await copy({ VOCES_MEDIA: 's3://no-such-bucket-voces-copy' }).done
    expect(code).toBe(1)
    expect(err).toMatch(/no-such-bucket-voces-copy/)
    expect(err.trim().split('\n')).toHaveLength(1)
    expect(await withArchive((s) => s.recordings.list())).toEqual([])
  }, 120_000)

  it('a copy killed half-way, run again, completes: the archive reads back as the library', async () => {
    const started = new Date().toISOString()
    const first = copy()
    // Killed as soon as the first recording is in: the second is not yet, or only partly.
    await new Promise<void>((resolve) => {
      first.child.stdout?.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('1/2')) {
          first.child.kill('SIGKILL')
          resolve()
        }
      })
      first.child.on('close', () => resolve())
    })
    const killed = await first.done
    expect(killed.code).toBeNull()
    const between = await withArchive((s) => s.recordings.list())
    expect(between.length).toBeGreaterThanOrEqual(1)

    const again = await copy().done
    expect(again.err).toBe('')
    expect(again.code).toBe(0)
    const original = await withDesk(snapshot)
    const copied = await withArchive(snapshot)
    expect(copied).toEqual(original)
    // What the test built is all there: nothing vacuous compared.
    expect(copied.recordings.map((r) => r.recording.id).sort()).toEqual([...ids].sort())
    expect(
      copied.recordings.flatMap((r) => r.cues).some((c) => c.texts.en?.review === 'verified'),
    ).toBe(true)
    expect(copied.recordings.flatMap((r) => r.reviews ?? [])).toContainEqual([
      'verified',
      'Ana',
      expect.any(String),
    ])
    expect(copied.episodes[0]?.cuts).toHaveLength(1)
    expect(copied.episodes[0]?.chapters).toHaveLength(1)
    expect(copied.exportLog).toHaveLength(1)
    // Detected speakers travelled: the turns, the named voice, the engine and when it ran.
    const leopard = copied.recordings.find((r) => r.recording.id === ids[1])
    expect(leopard?.detected.turns.map((t) => t.end)).toEqual([2.5, 5, 7])
    expect(leopard?.voices.map((v) => v.name)).toContain('María')
    expect(leopard?.speakerState.engine).toBe('test-engine')
    expect(leopard?.speakerState.detectedAt).not.toBeNull()
    // The unused speaker and the correction of the transcript's speakers travelled too.
    const jfk = copied.recordings.find((r) => r.recording.id === ids[0])
    expect(jfk?.speakers?.map((s) => s[0])).toEqual(['Speaker 1', 'Speaker 2'])
    expect(jfk?.detected.state?.correctedAt).not.toBeNull()
    expect(copied.audit.map((e) => e.action)).toContain('consent.change')
    expect(copied.audit.filter((e) => e.action === 'export.request')).toHaveLength(2)
    // Every time is the library's, to the millisecond (the snapshots are equal), and none is
    // the copy's: each was made before the copy started. Which ones must be there:
    const times = timesIn(copied)
    expect(times.every((at) => at < started)).toBe(true)
    expect(jfk?.times?.tracks[0]?.reviewedAt.filter((at) => at !== null)).toHaveLength(1)
    expect(jfk?.times?.cues.some((cue) => cue.en !== null)).toBe(true)
    expect(leopard?.times?.redactions).toHaveLength(1)
    expect(copied.episodes[0]?.times?.cuts).toHaveLength(1)
    expect(times.length).toBeGreaterThan(15)
  }, 240_000)

  it('run twice changes nothing', async () => {
    const before = await withArchive(snapshot)
    const { code, out } = await copy().done
    expect(code).toBe(0)
    expect(out).toMatch(
      /0 copied, 2 already there, 0 episodes, 0 export log entries and 0 audit entries added/,
    )
    expect(await withArchive(snapshot)).toEqual(before)
  }, 120_000)

  it('a recording of the same id with other media in the archive: refused by name, nothing written', async () => {
    const [jfk] = ids
    await withArchive(async (storage) => {
      const files = await storage.recordings.files(jfk ?? '')
      const there = await storage.recordings.require(jfk ?? '')
      await storage.recordings.remove(jfk ?? '')
      await storage.recordings.insert({ ...there, ...files, sha256: 'f'.repeat(64) })
    })
    const before = await withArchive(snapshot)
    const { code, err } = await copy().done
    expect(code).toBe(1)
    expect(err).toContain(`with the id ${jfk} whose media differs`)
    expect(await withArchive(snapshot)).toEqual(before)
  }, 120_000)

  it('two copies at once: the second is refused with one clear message', async () => {
    await withArchive(async (storage) => {
      const held = await storage.holdLock('library-copy')
      expect(held).not.toBeNull()
      try {
        const { code, err } = await copy().done
        expect(code).toBe(1)
        expect(err.trim()).toBe(
          'Another copy into this archive is running now. Wait for it to end, then run this one again: it goes on from where the archive stands.',
        )
      } finally {
        await held?.release()
      }
    })
  }, 120_000)
})
