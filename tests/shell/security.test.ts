import { describe, expect, it } from 'vitest'
import {
  isAllowedNavigation,
  isTrustedSender,
  secureWebPreferences,
  windowContentSecurityPolicy,
} from '../../src/main/security.ts'
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
  })

  it('has a CSP without inline or remote scripts, allowing the media protocol', () => {
    expect(windowContentSecurityPolicy).toContain("script-src 'self';")
    expect(windowContentSecurityPolicy).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/)
    expect(windowContentSecurityPolicy).toMatch(/media-src[^;]*voces-media:/)
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
