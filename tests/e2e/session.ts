// One way for an end-to-end test to put the real renderer build in front of real Chromium: the
// core and its HTTP transport in this process, a fresh browser with a page already signed in
// (the URL carries the session token), and one call that closes it all.
import assert from 'node:assert/strict'
import { existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
} from 'playwright-core'
import type { Voces } from '../../src/core/voces.ts'
import { startHttpServer, type RunningServer } from '../../src/server/http-server.ts'
import { rendererDir, repoRoot } from '../helpers.ts'

export const screenshots = path.join(repoRoot, 'docs', 'screenshots')
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export interface BrowserSession {
  server: RunningServer
  browser: Browser
  context: BrowserContext
  page: Page
  /** A viewport (or full-page) screenshot into docs/screenshots. */
  shot(name: string, fullPage?: boolean): Promise<void>
  close(): Promise<void>
}

export async function openSession(
  voces: Voces,
  options: { acceptDownloads?: boolean } = {},
): Promise<BrowserSession> {
  assert.ok(
    existsSync(path.join(rendererDir, 'index.html')),
    'build the renderer first: npx electron-vite build',
  )
  mkdirSync(screenshots, { recursive: true })
  const server = await startHttpServer({ voces, port: 0, rendererDir })
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] })
  const context = await browser.newContext({
    viewport: { width: 1320, height: 900 },
    locale: 'en-US',
    acceptDownloads: options.acceptDownloads ?? false,
  })
  const page = await context.newPage()
  page.setDefaultTimeout(15_000)
  page.on('pageerror', (error) => console.error('page error:', error.message))
  await page.goto(server.url)
  return {
    server,
    browser,
    context,
    page,
    shot: async (name, fullPage = false) => {
      await page.screenshot({ path: path.join(screenshots, name), fullPage })
    },
    close: async () => {
      await browser.close()
      await server.close()
    },
  }
}

/**
 * One part of the page, taken from a full-page capture at the top, so neither the sticky header
 * nor a player stuck under it covers any of it.
 */
export async function shotOf(page: Page, part: Locator, name: string): Promise<void> {
  await part.scrollIntoViewIfNeeded()
  const box = await part.boundingBox()
  const scrollY = await page.evaluate<number>('window.scrollY')
  assert.ok(box, `${name}: the part is on the page`)
  await page.evaluate('window.scrollTo(0, 0)')
  await page.screenshot({
    path: path.join(screenshots, name),
    fullPage: true,
    clip: { x: box.x, y: box.y + scrollY, width: box.width, height: box.height },
  })
}
