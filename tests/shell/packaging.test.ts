// The installers' Electron fuses, read from electron-builder.yml and checked against the schema of
// the electron-builder installed here, so a misspelt key cannot pass silently (decision 0096).
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../helpers.ts'

const require = createRequire(import.meta.url)
const yaml = require('js-yaml') as { load(text: string): unknown }

interface Schema {
  properties: Record<string, unknown>
  definitions: Record<string, { properties?: Record<string, unknown> }>
}

const config = yaml.load(readFileSync(path.join(repoRoot, 'electron-builder.yml'), 'utf8')) as {
  asar?: boolean
  electronFuses?: Record<string, unknown>
}
const schema = JSON.parse(
  readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8'),
) as Schema

describe('packaging', () => {
  it('sets Electron’s fuses: no Node entry points, encrypted cookies, only the checked app.asar', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    })
    // The app is packed in an asar, which onlyLoadAppFromAsar requires.
    expect(config.asar).not.toBe(false)
  })

  it('uses the keys this electron-builder knows', () => {
    expect(schema.properties).toHaveProperty('electronFuses')
    const known = Object.keys(schema.definitions.FuseOptionsV1?.properties ?? {})
    for (const key of Object.keys(config.electronFuses ?? {})) expect(known, key).toContain(key)
  })
})
