// Ingest and export on the shared archive, done by `voces worker --kinds` processes (decision
// 0192): real PostgreSQL and Swift from scripts/services.sh, real FFmpeg, real worker and command
// processes each with a working folder of its own, as on separate machines. The command uploads
// the person's file, a worker decodes it; a worker exports into the store and the command (or
// `voces export fetch` later) brings the files down to the path asked for.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resolveLibraryLocation } from '../../src/core/storage/open.ts'
import { openVoces, type Voces } from '../../src/core/voces.ts'
import { mediaDir, probeSeconds, repoRoot, tempDir } from '../helpers.ts'
import { exited, until } from './processes.ts'
import { freshDatabase } from '../storage/pg-fixture.ts'
import { s3Service, type S3Service } from '../storage/s3-service.ts'

const bin = path.join(repoRoot, 'bin', 'voces')

let dir: string
let cleanup: () => void
let database: Awaited<ReturnType<typeof freshDatabase>>
let s3: S3Service
let env: NodeJS.ProcessEnv
let voces: Voces
const children: ChildProcess[] = []

beforeAll(async () => {
  ;({ dir, cleanup } = tempDir())
  database = await freshDatabase()
  s3 = await s3Service()
  env = {
    ...process.env,
    ...s3.env,
    VOCES_LIBRARY: database.url,
    VOCES_MEDIA: `${s3.env.VOCES_TEST_MEDIA_URL}/queue-${randomBytes(4).toString('hex')}`,
    VOCES_S3_ENDPOINT: s3.env.VOCES_TEST_S3_ENDPOINT,
  }
  // This process only reads the archive: it runs no jobs.
  voces = await openVoces({
    location: resolveLibraryLocation({}, { ...env, VOCES_WORK_DIR: path.join(dir, 'work-test') }),
    startJobs: false,
  })
}, 120_000)
afterAll(async () => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  await voces?.close()
  await database?.drop()
  await s3?.stop()
  cleanup()
})

interface Run {
  child: ChildProcess
  out: () => string
  err: () => string
}

function run(args: string[], work: string): Run {
  const child = spawn(bin, args, {
    env: { ...env, VOCES_WORK_DIR: path.join(dir, work) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()))
  children.push(child)
  return { child, out: () => out, err: () => err }
}

/** What a command wrote on stdout, once it has ended well. */
async function done(command: Run): Promise<string> {
  const code = await exited(command.child)
  if (code !== 0) throw new Error(`exit ${code}: ${command.out()} ${command.err()}`)
  return command.out()
}

/** Queues a podcast export with --no-wait, as the person would; its job id. */
async function exportPodcastLater(recordingId: string, output: string): Promise<string> {
  const args = ['export', 'podcast', recordingId, '-o', output, '--reason', 'test']
  const printed = await done(run([...args, '--no-wait', '--json'], 'work-person'))
  return (JSON.parse(printed) as { jobId: string }).jobId
}

async function stop(worker: { child: ChildProcess }): Promise<void> {
  worker.child.kill('SIGTERM')
  await exited(worker.child)
}

/** Files under a folder, recursively, by name. */
const filesUnder = (folder: string): string[] =>
  existsSync(folder)
    ? readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((name) =>
        statSync(path.join(folder, name)).isFile(),
      )
    : []

describe('ingest and export on a shared archive, by workers with --kinds', () => {
  let audioId = ''
  let videoId = ''

  it('`voces ingest` uploads the files and a worker with --kinds ingest decodes them', async () => {
    const worker = run(['worker', '--kinds', 'ingest,export', '--json'], 'work-w1')
    const command = run(
      [
        'ingest',
        path.join(mediaDir, 'en', 'jfk.wav'),
        path.join(mediaDir, 'video', 'vibe_short.mp4'),
        '--json',
      ],
      'work-person',
    )
    const outcomes = JSON.parse(await done(command)) as Array<{ file: string; id?: string }>
    expect(outcomes.map((o) => path.basename(o.file))).toEqual(['jfk.wav', 'vibe_short.mp4'])
    audioId = outcomes[0]?.id ?? ''
    videoId = outcomes[1]?.id ?? ''
    // The worker did the decoding, not the command.
    await until('the worker’s word', async () =>
      (worker.out().match(/"kind":"ingest","state":"succeeded"/g) ?? []).length === 2
        ? true
        : undefined,
    )
    const audio = await voces.storage.recordings.require(audioId)
    expect(audio.duration).toBeGreaterThan(10)
    const files = await voces.storage.recordings.files(audioId)
    // The upload is the stored original: no worker can read the person's disk.
    expect(files.storedPath).toMatch(/^uploads\/ingest-[^/]+\/jfk\.wav$/)
    expect(await voces.storage.media.size(files.storedPath ?? '')).toBe(
      statSync(path.join(mediaDir, 'en', 'jfk.wav')).size,
    )
    expect(await voces.storage.media.size(files.workingAudio)).toBeGreaterThan(300_000)
    expect((await voces.storage.recordings.files(videoId)).poster).not.toBeNull()
    // Nothing is left in either machine's temp folder.
    expect(filesUnder(path.join(dir, 'work-w1', 'tmp'))).toEqual([])
    expect(filesUnder(path.join(dir, 'work-person', 'tmp'))).toEqual([])
    await stop(worker)
  }, 240_000)

  it('a worker with --kinds transcribe leaves an export alone; --no-wait returns its id; fetch brings the files', async () => {
    const transcriber = run(['worker', '--kinds', 'transcribe', '--json'], 'work-w2')
    const out = path.join(dir, 'out')
    mkdirSync(out, { recursive: true })
    const queued = JSON.parse(
      await done(
        run(
          [
            'export',
            'podcast',
            audioId,
            '-o',
            path.join(out, 'jfk.mp3'),
            '--reason',
            'test',
            '--publish-url',
            'https://radio.example/pod/',
            '--no-wait',
            '--json',
          ],
          'work-person',
        ),
      ),
    ) as { jobId: string }
    expect(queued.jobId).toMatch(/\S/)
    // Several of the worker's looks at the queue go by; the job stays queued.
    await new Promise((resolve) => setTimeout(resolve, 4000))
    expect((await voces.storage.jobQueue.get(queued.jobId))?.state).toBe('queued')
    expect(transcriber.out()).not.toContain(queued.jobId)
    expect(existsSync(path.join(out, 'jfk.mp3'))).toBe(false)
    const exporter = run(['worker', '--kinds', 'export', '--json'], 'work-w3')
    const finished = await until('the export done', async () => {
      const row = await voces.storage.jobQueue.get(queued.jobId)
      return row?.state === 'succeeded' || row?.state === 'failed' ? row : undefined
    })
    expect(finished.state).toBe('succeeded')
    expect(exporter.out()).toContain(`"id":"${queued.jobId}","kind":"export.podcast"`)
    const key = `exports/${queued.jobId}/jfk.mp3`
    expect(await voces.storage.media.size(key)).toBeGreaterThan(10_000)
    // Not written to the person's folder by the worker: it comes down with fetch.
    expect(existsSync(path.join(out, 'jfk.mp3'))).toBe(false)
    const fetched = JSON.parse(
      await done(run(['export', 'fetch', queued.jobId, '--json'], 'work-person')),
    ) as { files: string[] }
    expect(fetched.files).toContain(path.join(out, 'jfk.mp3'))
    // What the export writes beside it comes down beside it, its links still right.
    expect(fetched.files).toContain(path.join(out, 'jfk.rss-item.xml'))
    expect(readFileSync(path.join(out, 'jfk.rss-item.xml'), 'utf8')).toContain(
      'https://radio.example/pod/jfk.mp3',
    )
    expect(probeSeconds(path.join(out, 'jfk.mp3'))).toBeCloseTo(11, 0)
    // Fetched once, gone from the store; a second fetch says so.
    expect(await voces.storage.media.size(key)).toBeNull()
    const again = run(['export', 'fetch', queued.jobId], 'work-person')
    expect(await exited(again.child)).toBe(1)
    expect(again.err()).toContain('fetched already')
    // The export log names the file the person asked for, not the worker's temp folder.
    const log = await voces.storage.exportLog.list()
    expect(log.map((entry) => entry.output)).toContain(path.join(out, 'jfk.mp3'))

    // A waiting export: the worker does it, the command brings the file to the path asked.
    const video = JSON.parse(
      await done(
        run(
          [
            'export',
            'video',
            videoId,
            '-o',
            path.join(out, 'clip.mp4'),
            '--reason',
            'test',
            '--json',
          ],
          'work-person',
        ),
      ),
    ) as { output: string }
    expect(video.output).toBe(path.join(out, 'clip.mp4'))
    expect(probeSeconds(path.join(out, 'clip.mp4'))).toBeGreaterThan(1)
    expect(exporter.out()).toMatch(/"kind":"export\.video","state":"succeeded"/)
    const audiogram = JSON.parse(
      await done(
        run(
          [
            'export',
            'audiogram',
            audioId,
            '--captions',
            'none',
            '-o',
            path.join(out, 'jfk-square.mp4'),
            '--reason',
            'test',
            '--json',
          ],
          'work-person',
        ),
      ),
    ) as { output: string; width: number }
    expect(audiogram).toMatchObject({ output: path.join(out, 'jfk-square.mp4'), width: 1080 })
    expect(probeSeconds(audiogram.output)).toBeCloseTo(11, 0)
    expect(exporter.out()).toMatch(/"kind":"export\.audiogram","state":"succeeded"/)
    expect(filesUnder(path.join(dir, 'work-w3', 'tmp'))).toEqual([])
    await stop(exporter)
    await stop(transcriber)
  }, 300_000)

  it('an export whose worker is killed is done again from the start by another; a cancel stops it on the worker', async () => {
    const [added] = JSON.parse(
      await done(
        run(
          ['ingest', path.join(mediaDir, 'en', 'silero_vad_en_60s.wav'), '--local', '--json'],
          'work-person',
        ),
      ),
    ) as Array<{ id: string }>
    const out = path.join(dir, 'out-kill')
    mkdirSync(out, { recursive: true })
    const exportLater = (name: string) => exportPodcastLater(added?.id ?? '', path.join(out, name))
    const jobs = voces.storage.jobQueue
    /** The worker holding a job once its progress has begun. */
    const holderOf = (jobId: string) =>
      until('the job under way on a worker', async () => {
        const row = await jobs.get(jobId)
        const [owner] = await jobs.owners()
        return row?.state === 'running' && row.progress > 0.05 && owner ? owner : undefined
      })
    const a = run(['worker', '--kinds', 'export', '--json'], 'work-k1')
    const b = run(['worker', '--kinds', 'export', '--json'], 'work-k2')
    const killed = await exportLater('killed.mp3')
    const holderPid = Number((await holderOf(killed)).split(':')[1])
    const victim = [a, b].find((worker) => worker.child.pid === holderPid)
    const survivor = victim === a ? b : a
    expect(victim).toBeDefined()
    victim?.child.kill('SIGKILL')
    await exited(victim?.child ?? a.child)
    const finished = await until('the export finished', async () => {
      const row = await jobs.get(killed)
      return row?.state === 'succeeded' || row?.state === 'failed' ? row : undefined
    })
    expect(finished.state).toBe('succeeded')
    expect(survivor.out()).toContain(`"id":"${killed}","kind":"export.podcast","state":"succeeded"`)
    await done(run(['export', 'fetch', killed], 'work-person'))
    expect(probeSeconds(path.join(out, 'killed.mp3'))).toBeCloseTo(60, 0)

    // A cancel from anywhere (here, the row) stops FFmpeg on the worker; nothing is stored.
    const cancelled = await exportLater('cancelled.mp3')
    await holderOf(cancelled)
    await voces.jobs.cancel(cancelled)
    const ended = await until('the cancel honoured', async () => {
      const row = await jobs.get(cancelled)
      return row?.state === 'running' ? undefined : row
    })
    expect(ended?.state).toBe('cancelled')
    expect(await voces.storage.media.size(`exports/${cancelled}/cancelled.mp3`)).toBeNull()
    expect(filesUnder(path.join(dir, survivor === a ? 'work-k1' : 'work-k2', 'tmp'))).toEqual([])
    const refused = run(['export', 'fetch', cancelled], 'work-person')
    expect(await exited(refused.child)).toBe(1)
    expect(refused.err()).toContain('was cancelled')
    await stop(survivor)
  }, 300_000)

  it('--local ingests and exports in the command’s own process, with no worker running', async () => {
    const out = path.join(dir, 'out-local')
    mkdirSync(out, { recursive: true })
    const [added] = JSON.parse(
      await done(
        run(
          ['ingest', path.join(mediaDir, 'es', 'leopard_es.wav'), '--local', '--json'],
          'work-person',
        ),
      ),
    ) as Array<{ id: string }>
    const files = await voces.storage.recordings.files(added?.id ?? '')
    expect(files.storedPath === null || files.storedPath.startsWith('media/')).toBe(true)
    const exported = JSON.parse(
      await done(
        run(
          [
            'export',
            'podcast',
            added?.id ?? '',
            '-o',
            path.join(out, 'leopard.mp3'),
            '--reason',
            'test',
            '--local',
            '--json',
          ],
          'work-person',
        ),
      ),
    ) as { output: string }
    expect(exported.output).toBe(path.join(out, 'leopard.mp3'))
    expect(probeSeconds(exported.output)).toBeGreaterThan(1)
    const nowait = run(
      ['ingest', path.join(mediaDir, 'es', 'leopard_es.wav'), '--local', '--no-wait'],
      'work-person',
    )
    expect(await exited(nowait.child)).toBe(2)
  }, 240_000)
})

describe('nothing half-made stays in the bucket or the queue (decision 0205)', () => {
  const en = (name: string) => path.join(mediaDir, 'en', name)
  const austen = (n: number) => en(`sense_and_sensibility_01_austen_64kb-0${n}.wav`)
  let recordingId = ''

  it('a queued ingest cancelled before any worker took it has its upload deleted, whoever cancels', async () => {
    // No worker runs: the job stays queued. A cancel through the core (what the UI and the HTTP
    // API call) deletes the upload, not only the command that waits.
    const queued = JSON.parse(
      await done(run(['ingest', austen(870), '--no-wait', '--json'], 'work-person')),
    ) as { jobs: Array<{ jobId: string; upload?: string }> }
    const [job] = queued.jobs
    const upload = job?.upload ?? ''
    expect(upload).toMatch(
      /^uploads\/ingest-[^/]+\/sense_and_sensibility_01_austen_64kb-0870\.wav$/,
    )
    expect(await voces.storage.media.size(upload)).toBe(statSync(austen(870)).size)
    await voces.jobs.cancel(job?.jobId ?? '')
    expect((await voces.storage.jobQueue.get(job?.jobId ?? ''))?.state).toBe('cancelled')
    expect(await voces.storage.media.size(upload)).toBeNull()

    // A Ctrl-C on the waiting command, once its upload is queued.
    const waiting = run(['ingest', austen(880)], 'work-person')
    const row = await until('the upload queued', async () =>
      (await voces.storage.jobQueue.list()).find(
        (candidate) =>
          candidate.kind === 'ingest' &&
          candidate.state === 'queued' &&
          (candidate.input as { path?: string }).path === austen(880),
      ),
    )
    waiting.child.kill('SIGINT')
    await exited(waiting.child)
    expect((await voces.storage.jobQueue.get(row.id))?.state).toBe('cancelled')
    const key = (row.input as { upload?: string }).upload ?? ''
    expect(key).toMatch(/^uploads\//)
    expect(await voces.storage.media.size(key)).toBeNull()
  }, 120_000)

  it('`ingest --local` with more files than it runs at once leaves none to a running worker', async () => {
    const worker = run(['worker', '--kinds', 'ingest', '--json'], 'work-w4')
    await until('the worker started', async () =>
      worker.err().includes('is taking') ? true : undefined,
    )
    const files = [
      austen(890),
      path.join(mediaDir, 'es', 'silero_vad_es_60s.wav'),
      path.join(mediaDir, 'video', 'whishper_30sec.webm'),
      path.join(mediaDir, 'video', 'whisperx_sample01.mp4'),
      path.join(mediaDir, 'interview', 'pyannote_sample_2spk.wav'),
    ]
    const outcomes = JSON.parse(
      await done(run(['ingest', ...files, '--local', '--json'], 'work-person')),
    ) as Array<{ file: string; id?: string }>
    expect(outcomes.filter((outcome) => outcome.id === undefined)).toEqual([])
    recordingId = outcomes.find((outcome) => outcome.file === austen(890))?.id ?? ''
    // Several of the worker's looks at the queue went by while the files waited their turn.
    expect(worker.out()).not.toContain('"kind":"ingest"')
    await stop(worker)
  }, 240_000)

  it('a worker removes exports left unfetched past 7 days, and at once those of failed or cancelled jobs', async () => {
    const out = path.join(dir, 'out-left')
    mkdirSync(out, { recursive: true })
    const exporter = run(['worker', '--kinds', 'export', '--json'], 'work-w5')
    const exportLater = (name: string) => exportPodcastLater(recordingId, path.join(out, name))
    const old = await exportLater('old.mp3')
    const recent = await exportLater('recent.mp3')
    for (const id of [old, recent])
      await until('the export done', async () =>
        (await voces.storage.jobQueue.get(id))?.state === 'succeeded' ? true : undefined,
      )
    await stop(exporter)
    const jobs = voces.storage.jobQueue
    // Nobody fetched the first one for eight days.
    await jobs.update(old, { finishedAt: new Date(Date.now() - 8 * 86_400_000).toISOString() })
    // A cancelled export with what a worker killed mid-upload left, and objects with no job.
    const cancelled = await exportLater('cancelled.mp3')
    await voces.jobs.cancel(cancelled)
    await voces.storage.media.put(`exports/${cancelled}/cancelled.mp3`, 'half')
    await voces.storage.media.put('exports/no-such-job/x.mp3', 'orphan')
    const next = run(['worker', '--kinds', 'transcribe', '--json'], 'work-w6')
    await until(
      'the leftovers removed',
      async () =>
        (await voces.storage.media.size(`exports/${old}/old.mp3`)) === null &&
        (await voces.storage.media.size(`exports/${cancelled}/cancelled.mp3`)) === null &&
        (await voces.storage.media.size('exports/no-such-job/x.mp3')) === null
          ? true
          : undefined,
      30_000,
    )
    // The export not yet due stays, for `voces export fetch`.
    expect(await voces.storage.media.size(`exports/${recent}/recent.mp3`)).toBeGreaterThan(10_000)
    const late = run(['export', 'fetch', old], 'work-person')
    expect(await exited(late.child)).toBe(1)
    expect(late.err()).toContain('7 days')
    await done(run(['export', 'fetch', recent], 'work-person'))
    expect(probeSeconds(path.join(out, 'recent.mp3'))).toBeGreaterThan(5)
    await stop(next)
  }, 300_000)

  it('a stored export is not handed out once a stretch was redacted or consent withdrawn since; its files go', async () => {
    const out = path.join(dir, 'out-since')
    mkdirSync(out, { recursive: true })
    const exporter = run(['worker', '--kinds', 'export', '--json'], 'work-w7')
    const redacted = await exportPodcastLater(recordingId, path.join(out, 'redacted.mp3'))
    const withdrawn = await exportPodcastLater(recordingId, path.join(out, 'withdrawn.mp3'))
    for (const id of [redacted, withdrawn])
      await until('the export done', async () =>
        (await voces.storage.jobQueue.get(id))?.state === 'succeeded' ? true : undefined,
      )
    await stop(exporter)
    // A name said at 1 s is redacted after the first export was made.
    await voces.storage.redactions.add(recordingId, [{ start: 1, end: 2 }], 'tone')
    const first = run(['export', 'fetch', redacted], 'work-person')
    expect(await exited(first.child)).toBe(1)
    expect(first.err()).toContain('was redacted after')
    expect(await voces.storage.media.size(`exports/${redacted}/redacted.mp3`)).toBeNull()
    expect(existsSync(path.join(out, 'redacted.mp3'))).toBe(false)
    // The worker withdraws consent before the second is fetched.
    await voces.storage.recordings.update(recordingId, { consentStatus: 'withdrawn' })
    const second = run(['export', 'fetch', withdrawn], 'work-person')
    expect(await exited(second.child)).toBe(1)
    expect(second.err()).toContain('consent was withdrawn')
    expect(await voces.storage.media.size(`exports/${withdrawn}/withdrawn.mp3`)).toBeNull()
    expect(existsSync(path.join(out, 'withdrawn.mp3'))).toBe(false)
  }, 300_000)
})
