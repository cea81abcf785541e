import { VocesError } from '../../shared/contract/index.ts'
import { canSee, owner, visibilityOf } from '../people/access.ts'
import type { Handlers } from './types.ts'

export const jobsHandlers = {
  'jobs.list': async (_input, ctx) => {
    const { voces } = ctx
    const jobs = await voces.jobs.list()
    const visibility = await visibilityOf(ctx.caller ?? owner, voces.storage.people, new Date())
    if (visibility.all) return jobs
    // Decision 0163: the work on a hidden recording is hidden with it.
    const hidden = new Set(
      (await voces.storage.recordings.list())
        .filter((r) => !canSee(visibility, r))
        .map((r) => r.id),
    )
    return jobs.filter((job) => job.recordingId === null || !hidden.has(job.recordingId))
  },
  'jobs.cancel': async ({ id }, { voces }) => {
    if (!(await voces.jobs.get(id))) throw new VocesError('JOB_NOT_FOUND', `No job ${id}.`, { id })
    return voces.jobs.cancel(id)
  },
} satisfies Partial<Handlers>
