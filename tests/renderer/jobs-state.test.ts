import { describe, expect, it } from 'vitest'
import type { Job } from '../../src/shared/contract/index.ts'
import {
  activeJobs,
  importFinished,
  initialJobsState,
  jobsReducer,
  type JobsAction,
} from '../../src/renderer/jobs/jobs-state.ts'

const job = (id: string, patch: Partial<Job> = {}): Job => ({
  id,
  kind: 'ingest',
  state: 'queued',
  label: `${id}.wav`,
  recordingId: null,
  progress: 0,
  eta: null,
  error: null,
  result: null,
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
  ...patch,
})

const run = (...actions: JobsAction[]) => actions.reduce(jobsReducer, initialJobsState)

describe('jobsReducer', () => {
  it('never lets an older report replace a newer one, nor reopen a finished job', () => {
    const done = job('a', {
      state: 'succeeded',
      progress: 1,
      updatedAt: '2025-01-01T00:00:05.000Z',
    })
    const stale = job('a', {
      state: 'running',
      progress: 0.5,
      updatedAt: '2025-01-01T00:00:06.000Z',
    })
    const state = run({ type: 'job', job: done }, { type: 'jobsLoaded', jobs: [stale] })
    expect(state.jobs.a?.state).toBe('succeeded')
    expect(state.finishedHere).toEqual(['a'])
    expect(activeJobs(state)).toEqual([])
  })

  it('follows an added file from upload to its job, and lists refusals by file', () => {
    const state = run(
      { type: 'importsAdded', entries: [{ key: 'k1', file: 'folder' }] },
      {
        type: 'importResolved',
        key: 'k1',
        jobs: [
          { file: 'one.wav', jobId: 'j1' },
          { file: 'two.mp3', jobId: 'j2' },
        ],
        refused: [{ file: 'locked', error: { code: 'FOLDER_UNREADABLE', message: 'no' } }],
      },
      { type: 'job', job: job('j1', { state: 'running', progress: 0.4 }) },
    )
    expect(state.imports.map((entry) => [entry.file, entry.status])).toEqual([
      ['one.wav', 'started'],
      ['two.mp3', 'started'],
      ['locked', 'refused'],
    ])
    expect(state.imports.map((entry) => importFinished(entry, state.jobs))).toEqual([
      false,
      false,
      true,
    ])
    expect(activeJobs(state).map((j) => j.id)).toEqual(['j1'])
  })

  it('clears finished imports and keeps the ones still running', () => {
    const state = run(
      {
        type: 'importsAdded',
        entries: [
          { key: 'a', file: 'a.wav' },
          { key: 'b', file: 'b.wav' },
        ],
      },
      { type: 'importResolved', key: 'a', jobs: [{ file: 'a.wav', jobId: 'ja' }], refused: [] },
      { type: 'importRefused', key: 'b', error: { code: 'UPLOAD_FAILED', message: 'x' } },
      { type: 'job', job: job('ja', { state: 'running' }) },
      { type: 'finishedCleared' },
    )
    expect(state.imports.map((entry) => entry.file)).toEqual(['a.wav'])
  })
})
