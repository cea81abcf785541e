// The page's own protocol, app://voces/, run in Node as Electron's protocol.handle would run it:
// the renderer build's files with the one CSP, and nothing outside the build (decision 0095).
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appProtocolHandler, appSchemePrivileges } from '../../src/main/app-protocol.ts'
import { resolveRendererPath } from '../../src/server/static-files.ts'
import { contentSecurityPolicy } from '../../src/shared/content-security-policy.ts'
import { tempDir } from '../helpers.ts'

let dir: string
let cleanup: () => void
let root: string
let handle: (request: Request) => Promise<Response>

beforeAll(() => {
  ;({ dir, cleanup } = tempDir())
  root = path.join(dir, 'renderer')
  mkdirSync(path.join(root, 'assets'), { recursive: true })
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Voces</title>')
  writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)')
  // What an attacker would want: a file beside the build, and a folder whose name starts the same.
  writeFileSync(path.join(dir, 'secret.txt'), 'SECRET')
  mkdirSync(path.join(dir, 'renderer-secret'))
  writeFileSync(path.join(dir, 'renderer-secret', 'x.txt'), 'SECRET')
  handle = appProtocolHandler(root)
})
afterAll(() => cleanup())

const get = (url: string, method = 'GET') => handle(new Request(url, { method }))

describe('app://voces/', () => {
  it('is a standard, secure scheme (an origin of its own, fetch allowed)', () => {
    expect(appSchemePrivileges).toMatchObject({
      standard: true,
      secure: true,
      supportFetchAPI: true,
    })
  })

  it('serves the build with the one Content-Security-Policy and nosniff', async () => {
    const page = await get('app://voces/index.html')
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(page.headers.get('content-security-policy')).toBe(contentSecurityPolicy)
    expect(page.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await page.text()).toContain('<title>Voces</title>')
    const script = await get('app://voces/assets/app.js')
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(script.headers.get('content-security-policy')).toBe(contentSecurityPolicy)
    expect(await script.text()).toBe('console.log(1)')
    // The UI routes inside the page: an unknown path is the page.
    expect(await (await get('app://voces/recording/x')).text()).toContain('<title>Voces</title>')
    const head = await get('app://voces/', 'HEAD')
    expect(head.status).toBe(200)
  })

  it('refuses every way out of the build', async () => {
    for (const url of [
      'app://voces/..%2Fsecret.txt',
      'app://voces/assets/..%2F..%2Fsecret.txt',
      'app://voces/%2e%2e%2fsecret.txt',
      'app://voces/..%5Csecret.txt',
      'app://voces/assets%5C..%5C..%5Csecret.txt',
      'app://voces/..%2Frenderer-secret%2Fx.txt',
      'app://voces/index.html%00.js',
    ]) {
      const response = await get(url)
      expect(response.status, url).toBe(404)
      expect(await response.text(), url).not.toContain('SECRET')
    }
    // URL parsing folds plain `..` away before the handler sees it: still never the secret.
    for (const url of ['app://voces/../secret.txt', 'app://voces/%2E%2E/%2E%2E/secret.txt']) {
      const folded = await get(url)
      expect(await folded.text(), url).not.toContain('SECRET')
    }
  })

  it('answers a malformed escape, another host and a write with an error, never a file', async () => {
    expect((await get('app://voces/%E0%A4%A')).status).toBe(400)
    expect((await get('app://evil/index.html')).status).toBe(404)
    expect((await get('app://voces/index.html', 'POST')).status).toBe(405)
  })

  it('resolves paths inside the build only (the part both transports share)', () => {
    expect(resolveRendererPath(root, '/assets/app.js')).toEqual({
      file: path.join(root, 'assets', 'app.js'),
    })
    expect(resolveRendererPath(root, '/')).toEqual({ file: root })
    expect(resolveRendererPath(root, '/%ZZ')).toEqual({ refused: 'malformed' })
    for (const attempt of [
      '/..%2Fsecret.txt',
      '/a/..%2F..%2F..%2Fetc/passwd',
      '/%5C..%5Cx',
      '/%00',
    ])
      expect(resolveRendererPath(root, attempt), attempt).toEqual({ refused: 'outside' })
  })
})
