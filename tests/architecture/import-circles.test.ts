import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { repoRoot, tempDir } from '../helpers.ts'

// Decision 0105: one composition root (`Voces`) and no import circle in src/, type imports
// counted. `npm run check` runs the same madge command (`check:circles`); this test makes
// `npm test`'s vitest step fail on a new circle too.

interface MadgeConfig {
  fileExtensions: string[]
  tsConfig: string
  detectiveOptions: Record<string, { skipTypeImports?: boolean }>
}
interface MadgeResult {
  obj(): Record<string, string[]>
  circular(): string[][]
  warnings(): { skipped: string[] }
}
// madge ships no types; this is the part of its API the test uses.
const madge = createRequire(import.meta.url)('madge') as (
  paths: string,
  config: MadgeConfig,
) => Promise<MadgeResult>

const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>
  madge: MadgeConfig
}
const madgeCli = path.join(repoRoot, 'node_modules', 'madge', 'bin', 'cli.js')

/** `npm run check:circles` as package.json spells it, over `dir` instead of src. */
function checkCircles(dir: string) {
  const [tool, ...args] = pkg.scripts['check:circles']!.split(' ')
  expect(tool).toBe('madge')
  expect(args.at(-1)).toBe('src')
  const run = spawnSync(process.execPath, [madgeCli, '--no-spinner', ...args.slice(0, -1), dir], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0' },
  })
  return { status: run.status, out: run.stdout + run.stderr }
}

describe('import circles (decision 0105)', () => {
  let graph: MadgeResult
  beforeAll(async () => {
    // A copy: madge writes into the detective options it is given.
    graph = await madge(path.join(repoRoot, 'src'), {
      ...structuredClone(pkg.madge),
      tsConfig: path.join(repoRoot, pkg.madge.tsConfig),
    })
  })

  it('npm run check runs madge --circular with type imports counted', () => {
    expect(pkg.scripts.check).toContain('npm run check:circles')
    expect(pkg.scripts['check:circles']).toBe('madge --circular --extensions ts,tsx src')
    expect(pkg.madge.detectiveOptions).toEqual({
      ts: { skipTypeImports: false },
      tsx: { skipTypeImports: false },
    })
  })

  it('finds no circle in src/, having resolved every import', () => {
    const tree = graph.obj()
    // A graph madge could not resolve would have no circle either: check that it is whole.
    expect(graph.warnings().skipped).toEqual([])
    expect(Object.keys(tree).length).toBeGreaterThan(250)
    expect(tree['core/voces.ts']).toEqual(
      expect.arrayContaining(['core/capabilities.ts', 'core/context.ts']),
    )
    expect(graph.circular()).toEqual([])
  })

  it('keeps Voces the one composition root: nothing in the core imports it', () => {
    const tree = graph.obj()
    const importers = Object.keys(tree).filter((file) => tree[file]!.includes('core/voces.ts'))
    expect(importers.length).toBeGreaterThan(0)
    // The transports build a Voces; the core and its capabilities see a CoreContext.
    expect(importers.filter((file) => file.startsWith('core/'))).toEqual([])
    expect(importers.filter((file) => file.startsWith('shared/'))).toEqual([])
  })

  describe('the same command on a circle made of type imports alone', () => {
    const circle = tempDir('voces-circle-')
    beforeAll(() => {
      writeFileSync(
        path.join(circle.dir, 'a.ts'),
        "import type { B } from './b.ts'\nexport interface A { b: B }\n",
      )
      writeFileSync(
        path.join(circle.dir, 'b.ts'),
        "import type { A } from './a.ts'\nexport interface B { a?: A }\n",
      )
    })
    afterAll(() => circle.cleanup())

    it('fails and names the files', () => {
      const result = checkCircles(circle.dir)
      expect(result.out).toContain('a.ts > b.ts')
      expect(result.status).toBe(1)
    })

    it('passes on src/', () => {
      const result = checkCircles('src')
      expect(result.out).toContain('No circular dependency found')
      expect(result.status).toBe(0)
    })
  })
})
