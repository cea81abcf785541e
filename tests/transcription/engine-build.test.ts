import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { dispatch } from '../../src/core/api/index.ts'
import { findWhisperCli } from '../../src/core/transcription/binary.ts'
import {
  buildProgressOf,
  engineBuildAvailable,
  missingBuildTools,
  runEngineBuild,
} from '../../src/core/transcription/engine-build.ts'
import { Voces } from '../../src/core/voces.ts'
import { tempDir } from '../helpers.ts'
import { waitGone } from '../process/gone.ts'

let dir: string
let cleanup: () => void

beforeEach(() => {
  ;({ dir, cleanup } = tempDir())
})
afterEach(() => cleanup())

/** A PATH holding links to the real tools named, and nothing else. */
function pathWith(...tools: string[]): string {
  const bin = path.join(dir, 'bin')
  mkdirSync(bin, { recursive: true })
  for (const tool of tools) {
    symlinkSync(execFileSync('which', [tool], { encoding: 'utf8' }).trim(), path.join(bin, tool))
  }
  return bin
}

describe('the tools the engine build needs', () => {
  it('names cmake when PATH lacks it, and each missing tool when PATH is empty', () => {
    expect(missingBuildTools({ PATH: pathWith('g++', 'make', 'bash') })).toEqual(['cmake'])
    expect(missingBuildTools({ PATH: path.join(dir, 'nothing') })).toEqual([
      'cmake',
      'compiler',
      'build-tool',
    ])
    expect(missingBuildTools(process.env)).toEqual([])
  })

  it('is offered in a source checkout, never in a packaged app', () => {
    expect(engineBuildAvailable(undefined)).toBe(true)
    expect(engineBuildAvailable(dir)).toBe(false)
  })
})

describe('the build progress', () => {
  // A real CMake project built with each generator the script may pick: their real progress lines.
  for (const generator of ['Unix Makefiles', 'Ninja']) {
    it(`follows ${generator}'s own progress lines to the end`, () => {
      const source = path.join(dir, 'src')
      mkdirSync(source)
      writeFileSync(
        path.join(source, 'CMakeLists.txt'),
        'cmake_minimum_required(VERSION 3.10)\nproject(p CXX)\nadd_executable(a a.cpp)\nadd_executable(b b.cpp)\n',
      )
      writeFileSync(path.join(source, 'a.cpp'), 'int main() { return 0; }\n')
      writeFileSync(path.join(source, 'b.cpp'), 'int main() { return 1; }\n')
      const build = path.join(dir, 'build')
      execFileSync('cmake', ['-S', source, '-B', build, '-G', generator], { stdio: 'ignore' })
      const output = execFileSync('cmake', ['--build', build, '--parallel', '1'], {
        encoding: 'utf8',
      })
      const fractions = output
        .split('\n')
        .map(buildProgressOf)
        .filter((value) => value !== null)
      expect(fractions.length).toBeGreaterThanOrEqual(2)
      expect(fractions.at(-1)).toBe(1)
      expect(fractions.every((value, i) => i === 0 || value >= (fractions[i - 1] ?? 0))).toBe(true)
    })
  }

  it('reads nothing into the script step lines', () => {
    expect(buildProgressOf('Building whisper-cli (1.9.1, native) with 2 jobs into /x')).toBeNull()
    expect(buildProgressOf('Built /x/whisper-cli in 0 s')).toBeNull()
  })
})

describe('the engine-build job', () => {
  it('cancelled, stops the whole build: the script and the processes it started', async () => {
    const script = path.join(dir, 'slow-build.sh')
    const pidFile = path.join(dir, 'child.pid')
    // A build's shape: the script starts a long child (a compiler) and waits for it.
    writeFileSync(
      script,
      `echo "[ 10%] Building CXX object a.o"\nsleep 600 &\necho $! > ${pidFile}\nwait\n`,
    )
    const voces = new Voces({ libraryDir: path.join(dir, 'library') })
    const controller = new AbortController()
    const seen: number[] = []
    try {
      const run = runEngineBuild(
        voces,
        { signal: controller.signal, progress: (fraction) => seen.push(fraction) },
        process.env,
        script,
      )
      while (!existsSync(pidFile) || readFileSync(pidFile, 'utf8').trim() === '') {
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      const child = Number(readFileSync(pidFile, 'utf8'))
      controller.abort(new Error('cancelled'))
      await expect(run).rejects.toThrow('cancelled')
      expect(seen).toEqual([0.1])
      // The child was in the script's process group: SIGTERM reached it too.
      expect(await waitGone(child)).toBe(true)
    } finally {
      await voces.close()
    }
  })

  // With no engine built yet this would compile whisper.cpp for minutes: a test never starts that.
  const built = findWhisperCli({ env: {} }) !== null
  if (!built) console.log('SKIPPED: engine-build job: no whisper.cpp build here to find')
  it.skipIf(!built)(
    'runs the real script, which finds the engine built, and ends succeeded with it',
    async () => {
      const voces = new Voces({ libraryDir: path.join(dir, 'library') })
      try {
        const started = await dispatch('engine.build', {}, { voces, transport: 'cli' })
        if (!started.ok) throw new Error(started.error.message)
        const { jobId } = started.value as { jobId: string }
        const job = await voces.jobs.waitFor(jobId)
        expect(job.state).toBe('succeeded')
        expect(job.progress).toBe(1)
        expect(findWhisperCli({ env: {} })).not.toBeNull()
      } finally {
        await voces.close()
      }
    },
  )

  it('is refused before it starts, naming the tools, when PATH lacks cmake', async () => {
    const voces = new Voces({ libraryDir: path.join(dir, 'library') })
    const saved = process.env.PATH
    process.env.PATH = pathWith('g++', 'make', 'bash')
    try {
      const refused = await dispatch('engine.build', {}, { voces, transport: 'cli' })
      expect(refused).toMatchObject({
        ok: false,
        error: { code: 'ENGINE_BUILD_TOOLS_MISSING', params: { tools: 'cmake' } },
      })
      expect(await voces.jobs.list()).toEqual([])
    } finally {
      process.env.PATH = saved
      await voces.close()
    }
  })
})
