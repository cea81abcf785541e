import { VocesError } from '../../shared/contract/index.ts'
import type { Handlers } from './types.ts'

export const jobsHandlers = {
  'jobs.list': (_input, { voces }) => voces.jobs.list(),
  'jobs.cancel': async ({ id }, { voces }) => {
    if (!(await voces.jobs.get(id))) throw new VocesError('JOB_NOT_FOUND', `No job ${id}.`, { id })
    return voces.jobs.cancel(id)
  },
} satisfies Partial<Handlers>
