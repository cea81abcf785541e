import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import {
  helpLinks,
  isAllowedNavigation,
  isHelpLink,
  isPermissionAllowed,
  isTrustedSender,
  secureWebPreferences,
} from '../../src/main/security.ts'
import { appUrl } from '../../src/main/app-protocol.ts'
import { contentSecurityPolicy } from '../../src/shared/content-security-policy.ts'
import { repoRoot } from '../helpers.ts'
import { menuTemplate } from '../../src/main/menu.ts'

describe('window security', () => {
  it('isolates the page from Node', () => {
    const prefs = secureWebPreferences('/app/preload/index.cjs')
    expect(prefs).toMatchObject({
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      webSecurity: true,
    })
    expect(prefs.preload).toBe('/app/preload/index.cjs')
  })

  it('trusts only the page the shell loaded', () => {
    const app = 'file:///opt/Voces/resources/app/out/renderer/index.html'
    expect(
      isTrustedSender('file:///opt/Voces/resources/app/out/renderer/index.html#/recording/x', app),
    ).toBe(true)
    expect(isTrustedSender('file:///tmp/evil.html', app)).toBe(false)
    expect(isTrustedSender('https://example.org/', app)).toBe(false)
    expect(isTrustedSender('not a url', app)).toBe(false)
    expect(isTrustedSender('http://localhost:5173/#/x', 'http://localhost:5173/')).toBe(true)
    expect(isTrustedSender('http://localhost:5174/', 'http://localhost:5173/')).toBe(false)
  })

  it('denies navigation away from the app', () => {
    expect(isAllowedNavigation('https://example.org', 'file:///app/index.html')).toBe(false)
    expect(isAllowedNavigation('https://example.org', appUrl)).toBe(false)
  })

  it('trusts the app://voces/ page and no other custom scheme or host (their origins are all "null")', () => {
    expect(appUrl).toBe('app://voces/index.html')
    expect(isTrustedSender('app://voces/index.html#/recording/x', appUrl)).toBe(true)
    expect(isTrustedSender('app://voces', appUrl)).toBe(true)
    expect(isTrustedSender('evil://voces/index.html', appUrl)).toBe(false)
    expect(isTrustedSender('app://evil/index.html', appUrl)).toBe(false)
    expect(isTrustedSender('voces-media://media/x/original', appUrl)).toBe(false)
    expect(isTrustedSender('file:///app/out/renderer/index.html', appUrl)).toBe(false)
    expect(isTrustedSender('data:text/html,<p>x', 'data:text/html,<p>x')).toBe(false)
  })

  it('grants the two permissions the page uses, to the page only, and denies every other', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write', 'app://voces/index.html', appUrl)).toBe(
      true,
    )
    expect(isPermissionAllowed('fullscreen', 'app://voces', appUrl)).toBe(true)
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'midiSysex',
      'openExternal',
      'clipboard-read',
      'hid',
      'serial',
      'usb',
      'display-capture',
      'pointerLock',
    ])
      expect(isPermissionAllowed(permission, 'app://voces/index.html', appUrl), permission).toBe(
        false,
      )
    expect(isPermissionAllowed('fullscreen', 'https://example.org/', appUrl)).toBe(false)
    expect(isPermissionAllowed('clipboard-sanitized-write', '', appUrl)).toBe(false)
  })

  it('opens only its own help links in the system browser', () => {
    for (const link of helpLinks) {
      expect(isHelpLink(link), link).toBe(true)
      expect(isHelpLink(`${link}#section`), link).toBe(true)
    }
    for (const other of [
      'https://example.org/',
      'https://www.osha.gov/heat',
      'http://ffmpeg.org/download.html',
      'https://ffmpeg.org/download.html?next=https://evil.example',
      'https://ffmpeg.org.evil.example/download.html',
      'https://user@ffmpeg.org/download.html',
      'https://ffmpeg.org/download.html/../../evil',
      'file:///etc/passwd',
      'smb://host/share',
      'ms-msdt:/id',
      'javascript:alert(1)',
      'not a url',
    ])
      expect(isHelpLink(other), other).toBe(false)
  })

  it('has one CSP, without inline or remote scripts, allowing the media protocol', () => {
    expect(contentSecurityPolicy).toContain("script-src 'self';")
    expect(contentSecurityPolicy).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/)
    expect(contentSecurityPolicy).toMatch(/media-src[^;]*voces-media:/)
    expect(contentSecurityPolicy).toMatch(/object-src 'none'/)
    expect(contentSecurityPolicy).toMatch(/frame-ancestors 'none'/)
    // Nowhere else: not a second copy in the shell, nor a <meta> in the page that could drift.
    const html = readFileSync(path.join(repoRoot, 'src/renderer/index.html'), 'utf8')
    expect(html).not.toMatch(/Content-Security-Policy/i)
    for (const file of ['src/main/security.ts', 'src/server/static-files.ts'])
      expect(readFileSync(path.join(repoRoot, file), 'utf8')).not.toMatch(/default-src/)
  })
})

describe('application menu', () => {
  it('is in the UI language and triggers its actions', () => {
    const calls: string[] = []
    const actions = {
      addRecordings: () => calls.push('add'),
      setLanguage: (l: 'en' | 'es') => calls.push(l),
    }
    const es = menuTemplate('es', actions, false)
    expect(es[0]?.label).toBe('Archivo')
    const submenu = es[0]?.submenu as Array<{
      label?: string
      click?: () => void
      submenu?: unknown
    }>
    const add = submenu.find((item) => item.label === 'Agregar grabaciones…')
    add?.click?.()
    const languages = submenu.find((item) => item.label === 'Idioma')?.submenu as Array<{
      label?: string
      click?: () => void
    }>
    languages.find((item) => item.label === 'English')?.click?.()
    expect(calls).toEqual(['add', 'en'])
    expect(menuTemplate('en', actions, true)[0]).toEqual({ role: 'appMenu' })
  })
})
