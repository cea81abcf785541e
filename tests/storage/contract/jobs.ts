import { describe, expect, it } from 'vitest'
import type { ApiError } from '../../../src/shared/contract/index.ts'
import type { JobRow } from '../../../src/core/storage/ports.ts'
import type { StorageFactory } from './fixtures.ts'

/**
 * The job queue (decision 0118): what any backend must keep, written for a queue that runners on
 * other machines share. Nothing here assumes one process: a claim made through a second
 * connection must see what the first took, and times come from the caller, not the backend.
 */
export function jobQueueContract(factory: StorageFactory): void {
  const day = (second: number) => new Date(Date.UTC(2026, 11, 7, 10, 0, second)).toISOString()
  let serial = 0
  const job = (fields: Partial<JobRow> = {}): JobRow => ({
    id: `job-${++serial}`,
    kind: 'ingest',
    state: 'queued',
    recordingId: null,
    label: 'Add entrevista.wav',
    input: { path: '/tmp/entrevista.wav' },
    checkpoint: null,
    result: null,
    error: null,
    progress: 0,
    createdAt: day(0),
    updatedAt: day(0),
    finishedAt: null,
    ...fields,
  })
  const cancelled: ApiError = { code: 'CANCELLED', message: 'Cancelled.' }

  describe('job queue', () => {
    it('stores a job as given, in the contract’s units, and keeps it on reopening', async () => {
      const { storage, reopen, close } = await factory()
      try {
        const row = job({
          recordingId: 'rec-1',
          label: 'Exportar «Voces del almacén».mp3',
          input: { output: '/música/episodio 1.mp3', lufs: -16, disguise: [], loud: true },
          checkpoint: { windows: [{ start: 0, end: 30.5 }] },
        })
        await storage.jobQueue.insert(row)
        expect(await storage.jobQueue.get(row.id)).toEqual(row)
        expect(await (await reopen()).jobQueue.get(row.id)).toEqual(row)
        expect(await storage.jobQueue.get('no-such-job')).toBeUndefined()
      } finally {
        await close()
      }
    })

    it('stores a batch all or none, and lists the newest first up to a limit', async () => {
      const { storage, close } = await factory()
      try {
        const first = job({ createdAt: day(1) })
        await storage.jobQueue.insert(first)
        const batch = [job({ createdAt: day(2) }), job({ createdAt: day(2) })]
        await storage.jobQueue.insertMany(batch)
        // The last row repeats an id: nothing of the batch goes in.
        await expect(
          storage.jobQueue.insertMany([job({ createdAt: day(3) }), { ...first }]),
        ).rejects.toThrow()
        expect((await storage.jobQueue.list()).map((r) => r.id)).toEqual([
          batch[1]?.id,
          batch[0]?.id,
          first.id,
        ])
        expect((await storage.jobQueue.list(1)).map((r) => r.id)).toEqual([batch[1]?.id])
        await storage.jobQueue.insertMany([])
        expect(await storage.jobQueue.list()).toHaveLength(3)
      } finally {
        await close()
      }
    })

    it('a rolled-back transaction leaves none of the jobs it queued', async () => {
      const { storage, close } = await factory()
      try {
        await expect(
          storage.transaction(async (tx) => {
            await tx.jobQueue.insertMany([job(), job()])
            throw new Error('refused')
          }),
        ).rejects.toThrow('refused')
        expect(await storage.jobQueue.list()).toEqual([])
      } finally {
        await close()
      }
    })

    it('claims the oldest queued jobs of one kind, in the order queued, marking them running', async () => {
      const { storage, close } = await factory()
      try {
        const a = job({ createdAt: day(1) })
        const b = job({ createdAt: day(2) })
        const c = job({ createdAt: day(2) })
        const other = job({ kind: 'transcribe', createdAt: day(0) })
        const done = job({ createdAt: day(0), state: 'succeeded', finishedAt: day(0) })
        await storage.jobQueue.insertMany([done, other, b, c])
        await storage.jobQueue.insert(a)
        // By the time queued; b and c, queued at the same moment, in the order they went in.
        const taken = await storage.jobQueue.claim('ingest', 2, day(9))
        expect(taken.map((r) => r.id)).toEqual([a.id, b.id])
        expect(taken.every((r) => r.state === 'running' && r.updatedAt === day(9))).toBe(true)
        expect(await storage.jobQueue.get(a.id)).toEqual({
          ...a,
          state: 'running',
          updatedAt: day(9),
        })
        expect((await storage.jobQueue.claim('ingest', 5, day(10))).map((r) => r.id)).toEqual([
          c.id,
        ])
        expect(await storage.jobQueue.claim('ingest', 5, day(11))).toEqual([])
        expect(await storage.jobQueue.claim('transcribe', 0, day(11))).toEqual([])
        expect((await storage.jobQueue.get(other.id))?.state).toBe('queued')
        expect((await storage.jobQueue.get(done.id))?.state).toBe('succeeded')
      } finally {
        await close()
      }
    })

    it('never gives one job to two claims, through one connection or two', async () => {
      const { storage, reopen, close } = await factory()
      try {
        const other = await reopen()
        const rows = Array.from({ length: 40 }, (_, i) => job({ createdAt: day(i % 7) }))
        await storage.jobQueue.insertMany(rows)
        const claims = await Promise.all(
          Array.from({ length: 30 }, (_, i) =>
            (i % 2 === 0 ? storage : other).jobQueue.claim('ingest', 3, day(20)),
          ),
        )
        const taken = claims.flat().map((r) => r.id)
        expect(taken).toHaveLength(40)
        expect(new Set(taken).size).toBe(40)
      } finally {
        await close()
      }
    })

    it('lists the queued and running jobs of one kind, oldest first', async () => {
      const { storage, close } = await factory()
      try {
        const running = job({ kind: 'transcribe', createdAt: day(1), recordingId: 'r1' })
        const queued = job({ kind: 'transcribe', createdAt: day(2), recordingId: 'r2' })
        const ended = job({ kind: 'transcribe', state: 'failed', recordingId: 'r3' })
        await storage.jobQueue.insertMany([queued, running, ended, job()])
        await storage.jobQueue.claim('transcribe', 1, day(5))
        expect((await storage.jobQueue.active('transcribe')).map((r) => r.recordingId)).toEqual([
          'r1',
          'r2',
        ])
        expect(await storage.jobQueue.active('export.video')).toEqual([])
      } finally {
        await close()
      }
    })

    it('updates only the fields given, JSON and all', async () => {
      const { storage, close } = await factory()
      try {
        const row = job()
        await storage.jobQueue.insert(row)
        await storage.jobQueue.update(row.id, { progress: 0.25, updatedAt: day(1) })
        await storage.jobQueue.update(row.id, { checkpoint: { done: 3 } })
        expect(await storage.jobQueue.get(row.id)).toEqual({
          ...row,
          progress: 0.25,
          updatedAt: day(1),
          checkpoint: { done: 3 },
        })
        const error: ApiError = {
          code: 'MEDIA_EMPTY',
          message: 'The file is empty.',
          params: { file: 'a.mp3' },
        }
        await storage.jobQueue.update(row.id, {
          state: 'failed',
          error,
          checkpoint: null,
          finishedAt: day(2),
        })
        const failed = await storage.jobQueue.get(row.id)
        expect(failed).toMatchObject({
          state: 'failed',
          error,
          checkpoint: null,
          finishedAt: day(2),
        })
        expect(failed?.progress).toBe(0.25)
        await storage.jobQueue.update(row.id, { state: 'succeeded', result: { recordingId: 'r' } })
        expect((await storage.jobQueue.get(row.id))?.result).toEqual({ recordingId: 'r' })
      } finally {
        await close()
      }
    })

    it('records a cancel in one step: a queued job ends, a running one keeps running with it', async () => {
      const { storage, close } = await factory()
      try {
        const queued = job()
        const running = job({ kind: 'transcribe' })
        const done = job({ state: 'succeeded', finishedAt: day(1) })
        await storage.jobQueue.insertMany([queued, running, done])
        await storage.jobQueue.claim('transcribe', 1, day(2))

        const ended = await storage.jobQueue.cancel(queued.id, cancelled, day(3))
        expect(ended?.previous).toBe('queued')
        expect(ended?.row).toEqual({
          ...queued,
          state: 'cancelled',
          error: cancelled,
          updatedAt: day(3),
          finishedAt: day(3),
        })
        expect(await storage.jobQueue.get(queued.id)).toEqual(ended?.row)
        // A cancelled job is no longer queued: no claim takes it.
        expect(await storage.jobQueue.claim('ingest', 5, day(4))).toEqual([])

        const recorded = await storage.jobQueue.cancel(running.id, cancelled, day(5))
        expect(recorded?.previous).toBe('running')
        expect(recorded?.row).toMatchObject({
          state: 'running',
          error: cancelled,
          finishedAt: null,
        })
        expect(await storage.jobQueue.get(running.id)).toEqual(recorded?.row)

        const left = await storage.jobQueue.cancel(done.id, cancelled, day(6))
        expect(left).toEqual({ previous: 'succeeded', row: done })
        expect(await storage.jobQueue.cancel('no-such-job', cancelled, day(6))).toBeUndefined()
      } finally {
        await close()
      }
    })

    it('puts back what was left running, except what a person cancelled, which ends cancelled', async () => {
      const { storage, reopen, close } = await factory()
      try {
        const interrupted = job({ createdAt: day(1) })
        const cancelledWhileRunning = job({ createdAt: day(2) })
        const queued = job({ createdAt: day(3) })
        const failed = job({ state: 'failed', finishedAt: day(0) })
        await storage.jobQueue.insertMany([interrupted, cancelledWhileRunning, queued, failed])
        await storage.jobQueue.claim('ingest', 2, day(4))
        await storage.jobQueue.cancel(cancelledWhileRunning.id, cancelled, day(5))
        // As the next start finds the library after a crash: through another connection.
        const next = await reopen()
        expect(await next.jobQueue.requeueInterrupted(day(6))).toBe(1)
        expect(await next.jobQueue.get(interrupted.id)).toMatchObject({
          state: 'queued',
          updatedAt: day(6),
          finishedAt: null,
        })
        expect(await next.jobQueue.get(cancelledWhileRunning.id)).toMatchObject({
          state: 'cancelled',
          error: cancelled,
          finishedAt: day(6),
        })
        expect(await next.jobQueue.get(queued.id)).toEqual(queued)
        expect(await next.jobQueue.get(failed.id)).toEqual(failed)
        // The one put back is taken first again: it was queued first.
        expect((await next.jobQueue.claim('ingest', 1, day(7))).map((r) => r.id)).toEqual([
          interrupted.id,
        ])
        expect(await next.jobQueue.requeueInterrupted(day(8))).toBe(1)
      } finally {
        await close()
      }
    })

    it('a pinned job is claimed by its runner alone; any runner takes the rest (decision 0205)', async () => {
      const { storage, reopen, close } = await factory()
      try {
        const local = { owner: 'host-a:101:local', until: day(20) }
        const worker = { owner: 'host-b:202:worker', until: day(20) }
        const [a, b, c] = [
          job({ createdAt: day(1), pinnedTo: local.owner }),
          job({ createdAt: day(2), pinnedTo: local.owner }),
          job({ createdAt: day(3) }),
        ]
        if (!a || !b || !c) throw new Error('unreachable')
        await storage.jobQueue.insertMany([a, b, c])
        const other = await reopen()
        // The worker passes over the older pinned jobs to the one it may take, then finds none.
        expect((await other.jobQueue.claim('ingest', 5, day(4), worker)).map((r) => r.id)).toEqual([
          c.id,
        ])
        expect(await other.jobQueue.claim('ingest', 5, day(5), worker)).toEqual([])
        expect(await other.jobQueue.claim('ingest', 5, day(5))).toEqual([])
        expect((await storage.jobQueue.claim('ingest', 1, day(6), local)).map((r) => r.id)).toEqual(
          [a.id],
        )
        expect((await storage.jobQueue.claim('ingest', 5, day(7), local)).map((r) => r.id)).toEqual(
          [b.id],
        )
      } finally {
        await close()
      }
    })

    it('a leased job stays with its holder until the lease runs out or is released (decision 0147)', async () => {
      const { storage, reopen, close } = await factory()
      try {
        const [a, b, c] = [
          job({ createdAt: day(1) }),
          job({ createdAt: day(2) }),
          job({ createdAt: day(3) }),
        ]
        if (!a || !b || !c) throw new Error('unreachable')
        await storage.jobQueue.insertMany([a, b, c])
        const w1 = { owner: 'host-a:101:t1', until: day(20) }
        const w2 = { owner: 'host-b:202:t2', until: day(20) }
        expect((await storage.jobQueue.claim('ingest', 1, day(4), w1)).map((r) => r.id)).toEqual([
          a.id,
        ])
        const other = await reopen()
        expect((await other.jobQueue.claim('ingest', 1, day(4), w2)).map((r) => r.id)).toEqual([
          b.id,
        ])
        expect(await other.jobQueue.owners()).toEqual([w1.owner, w2.owner])
        // Before the leases run out, a start finds nothing to put back.
        expect(await other.jobQueue.requeueInterrupted(day(10))).toBe(0)
        // Renewing holds only what the owner holds; a cancel recorded is told to its holder.
        await storage.jobQueue.cancel(a.id, cancelled, day(11))
        expect(await storage.jobQueue.renew(w1.owner, [a.id, b.id, c.id], day(40))).toEqual({
          held: [a.id],
          cancelled: [a.id],
        })
        expect(await storage.jobQueue.renew(w2.owner, [b.id], day(30))).toEqual({
          held: [b.id],
          cancelled: [],
        })
        // Only the holder writes: another runner's patch is refused and changes nothing.
        expect(
          await other.jobQueue.updateHeld(b.id, w1.owner, { checkpoint: { windows: 1 } }),
        ).toBe(false)
        expect(
          await other.jobQueue.updateHeld(b.id, w2.owner, { checkpoint: { windows: 2 } }),
        ).toBe(true)
        expect((await storage.jobQueue.get(b.id))?.checkpoint).toEqual({ windows: 2 })
        // w2's lease runs out at 30: the job goes back with its checkpoint, for another to take.
        expect(await storage.jobQueue.requeueInterrupted(day(29))).toBe(0)
        expect(await storage.jobQueue.requeueInterrupted(day(31))).toBe(1)
        expect(await storage.jobQueue.get(b.id)).toMatchObject({
          state: 'queued',
          checkpoint: { windows: 2 },
        })
        expect(await other.jobQueue.updateHeld(b.id, w2.owner, { progress: 0.5 })).toBe(false)
        expect(await other.jobQueue.renew(w2.owner, [b.id], day(50))).toEqual({
          held: [],
          cancelled: [],
        })
        const w3 = { owner: 'host-c:303:t3', until: day(60) }
        expect((await other.jobQueue.claim('ingest', 5, day(32), w3)).map((r) => r.id)).toEqual([
          b.id,
          c.id,
        ])
        // A release ends the holder's leases at once: its cancelled job ends cancelled, the
        // other goes back. w3's jobs stay held.
        expect(await storage.jobQueue.release(w1.owner, day(33))).toBe(1)
        expect(await storage.jobQueue.requeueInterrupted(day(33))).toBe(0)
        expect(await storage.jobQueue.get(a.id)).toMatchObject({
          state: 'cancelled',
          finishedAt: day(33),
        })
        expect(await storage.jobQueue.owners()).toEqual([w3.owner])
        expect(await storage.jobQueue.get(c.id)).toMatchObject({ state: 'running' })
      } finally {
        await close()
      }
    })

    it('records where a job’s half-written files are, and forgets them', async () => {
      const { storage, reopen, close } = await factory()
      try {
        const [a, b, c] = [job(), job(), job()]
        if (!a || !b || !c) throw new Error('unreachable')
        await storage.jobQueue.insertMany([a, b, c])
        expect(await storage.jobQueue.withPartials()).toEqual([])
        const paths = ['/out/.episodio.mp3.4f2a.partial', '/out/.episodio.mp3.4f2a.partial.d']
        await storage.jobQueue.setPartials(a.id, { pid: 4242, paths })
        await storage.jobQueue.setPartials(b.id, { pid: 4343, paths: ['/out/.b.partial'] })
        const found = await (await reopen()).jobQueue.withPartials()
        expect(found.sort((x, y) => x.id.localeCompare(y.id))).toEqual(
          [
            { id: a.id, partials: { pid: 4242, paths } },
            { id: b.id, partials: { pid: 4343, paths: ['/out/.b.partial'] } },
          ].sort((x, y) => x.id.localeCompare(y.id)),
        )
        await storage.jobQueue.setPartials(a.id, null)
        expect((await storage.jobQueue.withPartials()).map((r) => r.id)).toEqual([b.id])
        // The job itself is not changed by it.
        expect(await storage.jobQueue.get(a.id)).toEqual(a)
      } finally {
        await close()
      }
    })

    it('forgets what a recording’s ended jobs of one kind kept, and nothing else', async () => {
      const { storage, close } = await factory()
      try {
        const words = { segments: [{ text: 'la huelga empezó el lunes' }] }
        const kept = { checkpoint: words, result: words }
        const ended = job({ kind: 'transcribe', recordingId: 'r1', state: 'succeeded', ...kept })
        const failed = job({ kind: 'transcribe', recordingId: 'r1', state: 'failed', ...kept })
        const running = job({ kind: 'transcribe', recordingId: 'r1', ...kept })
        const otherRecording = job({
          kind: 'transcribe',
          recordingId: 'r2',
          state: 'succeeded',
          ...kept,
        })
        const exported = job({
          kind: 'export.podcast',
          recordingId: 'r1',
          state: 'succeeded',
          ...kept,
        })
        await storage.jobQueue.insertMany([ended, failed, running, otherRecording, exported])
        await storage.jobQueue.claim('transcribe', 1, day(1))
        expect(await storage.jobQueue.forgetWork('r1', 'transcribe')).toBe(2)
        for (const row of [ended, failed])
          expect(await storage.jobQueue.get(row.id)).toEqual({
            ...row,
            checkpoint: null,
            result: null,
          })
        expect((await storage.jobQueue.get(running.id))?.checkpoint).toEqual(words)
        expect(await storage.jobQueue.get(otherRecording.id)).toEqual(otherRecording)
        expect(await storage.jobQueue.get(exported.id)).toEqual(exported)
      } finally {
        await close()
      }
    })
  })
}
