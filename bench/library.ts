// The library at 10,000 recordings (decision 0132). Core: library.list and library.states over the
// API, each one query, timed five times. Browser build (when out/renderer, or $VOCES_OUT_DIR, and
// Chromium are here): time from navigation to a usable page (the first row drawn, the count
// shown), and from typing a search to the filtered rows, and from choosing a filter to its rows.
import { existsSync } from 'node:fs'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { dispatch } from '../src/core/api/index.ts'
import { Voces } from '../src/core/voces.ts'
import { startHttpServer } from '../src/server/http-server.ts'
import { rendererDir, tempDir } from '../tests/helpers.ts'
import { seedLibrary } from '../tests/library/seed-library.ts'

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const recordings = 10_000

function stats(list: number[]) {
  const sorted = [...list].sort((a, b) => a - b)
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0
  return { medianMs: Math.round(median), maxMs: Math.round(sorted.at(-1) ?? 0) }
}

export async function benchLibrary(): Promise<object> {
  const library = tempDir('voces-bench-library-')
  const voces = new Voces({ libraryDir: path.join(library.dir, 'library') })
  try {
    await seedLibrary(voces, recordings)
    const call = async (method: 'library.list' | 'library.states') => {
      const result = await dispatch(method, {}, { voces, transport: 'http' })
      if (!result.ok) throw new Error(result.error.message)
      return result.value as readonly unknown[]
    }
    const lists: number[] = []
    const states: number[] = []
    for (let n = 0; n < 5; n += 1) {
      let start = performance.now()
      const listed = await call('library.list')
      lists.push(performance.now() - start)
      start = performance.now()
      const stated = await call('library.states')
      states.push(performance.now() - start)
      if (listed.length !== recordings || stated.length !== recordings)
        throw new Error('the library did not list every recording')
    }
    const core = { recordings, listMs: stats(lists), statesMs: stats(states) }

    if (!existsSync(path.join(rendererDir, 'index.html')) || !existsSync(chromiumPath)) {
      return {
        core,
        browser: 'skipped: build the renderer (npx electron-vite build) and have Chromium',
      }
    }
    const { chromium } = await import('playwright-core')
    const server = await startHttpServer({ voces, port: 0, rendererDir })
    const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] })
    try {
      const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } })
      await page.goto(server.url)
      const usable: number[] = []
      const searched: number[] = []
      const filtered: number[] = []
      for (let n = 0; n < 5; n += 1) {
        await page.goto('about:blank')
        let start = performance.now()
        await page.goto(`${server.origin}/#/`)
        await page.locator('.library-shown', { hasText: /^10,000 recordings$/ }).waitFor()
        await page.locator('tr.recordings__row').first().waitFor()
        usable.push(performance.now() - start)

        const search = page.locator('.library-toolbar__search input')
        start = performance.now()
        await search.fill('yakima')
        await page.locator('.library-shown', { hasText: /^1 of 10,000/ }).waitFor()
        searched.push(performance.now() - start)
        await search.fill('')
        await page.locator('.library-shown', { hasText: /^10,000 recordings$/ }).waitFor()

        start = performance.now()
        await page.locator('.library-toolbar__choice select').nth(4).selectOption('yes')
        await page.locator('.library-shown', { hasText: /^3 of 10,000/ }).waitFor()
        filtered.push(performance.now() - start)
      }
      const drawn = await page.locator('tr.recordings__row').count()
      return {
        core,
        browser: {
          usableAfterNavigationMs: stats(usable),
          searchMs: stats(searched),
          filterMs: stats(filtered),
          rowsInDom: drawn,
        },
      }
    } finally {
      await browser.close()
      await server.close()
    }
  } finally {
    await voces.close()
    library.cleanup()
  }
}
