import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Voces } from '../../src/core/voces.ts'
import { mediaDir, repoRoot, tempDir } from '../helpers.ts'
import { ingestOne, recordingIdOf } from '../media/media-fixtures.ts'

let dir: string
let cleanup: () => void
let library: string
let id: string

beforeAll(async () => {
  ;({ dir, cleanup } = tempDir())
  library = path.join(dir, 'library')
  const voces = new Voces({ libraryDir: library })
  id = recordingIdOf(await ingestOne(voces, path.join(mediaDir, 'en', 'jfk.wav')))
  await voces.close()
}, 120_000)
afterAll(() => cleanup())

describe('the CLI in a pipe', () => {
  it('stops quietly when the reader stops early (voces show ID | head -1)', () => {
    const voces = path.join(repoRoot, 'bin', 'voces')
    for (const args of [`show ${id}`, `show ${id} --json`, 'list --json']) {
      // The shell's pipe, as a person types it; PIPESTATUS gives voces' own exit status.
      const run = spawnSync(
        'bash',
        [
          '-c',
          `"${voces}" --library "${library}" ${args} | head -c 1 >/dev/null; exit \${PIPESTATUS[0]}`,
        ],
        { encoding: 'utf8' },
      )
      expect(run.stderr, args).toBe('')
      expect(run.status, args).toBe(0)
    }
  })
})
