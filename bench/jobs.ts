// The job queue (decision 0090): 10,000 jobs queued behind two running ones, one `enqueue` at a
// time (as ingest of a folder of 10,000 files once did) and in one `enqueueMany`; time and the
// process's peak RSS, each run in a fresh process, beside the same process queueing nothing.
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const script = fileURLToPath(new URL('./jobs-enqueue.ts', import.meta.url))

function measure(n: number, mode: 'one' | 'many'): { seconds: number; peakRssMiB: number } {
  const out = execFileSync(
    process.execPath,
    ['--disable-warning=ExperimentalWarning', script, String(n), mode],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  )
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as {
    seconds: number
    peakRssMiB: number
  }
}

export async function benchJobs(): Promise<object> {
  const jobs = 10_000
  return {
    jobs,
    empty: measure(0, 'one'),
    oneByOne: measure(jobs, 'one'),
    many: measure(jobs, 'many'),
  }
}
