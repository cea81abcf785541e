import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { resolveLibraryLocation } from '../../src/core/storage/open.ts'
import { repoRoot } from '../helpers.ts'

const bin = path.join(repoRoot, 'bin', 'voces')
const home = { HOME: '/home/ana', XDG_CONFIG_HOME: '/home/ana/.config' }

/** The code of what `resolveLibraryLocation` refuses, or 'accepted'. */
function refusal(flags: Parameters<typeof resolveLibraryLocation>[0], env = {}): string {
  try {
    resolveLibraryLocation(flags, { ...home, ...env })
    return 'accepted'
  } catch (error) {
    return (error as { code?: string }).code ?? String(error)
  }
}

describe('library locations (decision 0148)', () => {
  it('reads a folder, a PostgreSQL archive with S3 media, flags before the environment', () => {
    expect(resolveLibraryLocation({ library: 'lib' }, home)).toEqual({
      kind: 'folder',
      dir: path.resolve('lib'),
      media: { kind: 'folder', dir: path.resolve('lib') },
    })
    const shared = resolveLibraryLocation(
      { media: 's3://voces-media/center/' },
      {
        ...home,
        VOCES_LIBRARY: 'postgres://voces:s3cret@db.example/voces',
        VOCES_S3_ENDPOINT: 'http://127.0.0.1:8080',
        AWS_REGION: 'us-west-2',
      },
    )
    expect(shared).toMatchObject({
      kind: 'postgres',
      url: 'postgres://voces:s3cret@db.example/voces',
      shown: 'postgres://voces:***@db.example/voces',
      media: {
        kind: 's3',
        location: {
          bucket: 'voces-media',
          prefix: 'center/',
          endpoint: 'http://127.0.0.1:8080',
          region: 'us-west-2',
          credentials: undefined,
        },
      },
    })
    // One working folder per archive on this machine, never named by its password.
    if (shared.kind !== 'postgres') throw new Error('unreachable')
    expect(shared.workDir.startsWith('/home/ana/.config/Voces/shared-archives/')).toBe(true)
    expect(shared.workDir).not.toContain('s3cret')
    const flags = resolveLibraryLocation(
      { library: 'postgresql://a@h/x', media: 's3://flag-bucket' },
      { ...home, VOCES_LIBRARY: '/elsewhere', VOCES_MEDIA: 's3://env-bucket' },
    )
    expect(flags).toMatchObject({
      kind: 'postgres',
      media: { location: { bucket: 'flag-bucket', prefix: '' } },
    })
  })

  it('refuses what it cannot use, naming what to fix', () => {
    expect(refusal({ library: 'mysql://a@h/x' })).toBe('LIBRARY_LOCATION_INVALID')
    expect(refusal({ library: 'postgres://a@h/x' })).toBe('MEDIA_LOCATION_REQUIRED')
    expect(refusal({ library: 'postgres://a@h/x', media: 's3://' })).toBe('S3_URL_INVALID')
    expect(refusal({ library: 'postgres://a@h/x', media: 's3://Voces_Media' })).toBe(
      'S3_URL_INVALID',
    )
    expect(refusal({ library: 'postgres://a@h/x', media: 'gs://voces' })).toBe(
      'MEDIA_LOCATION_INVALID',
    )
    expect(refusal({ media: 's3://voces-media', s3Endpoint: 'not a url' })).toBe(
      'S3_ENDPOINT_INVALID',
    )
    expect(refusal({ media: 's3://voces-media', s3Endpoint: 'ftp://h' })).toBe(
      'S3_ENDPOINT_INVALID',
    )
    expect(refusal({ library: 'lib' }, { VOCES_S3_ENDPOINT: 'http://127.0.0.1:8080' })).toBe(
      'S3_ENDPOINT_WITHOUT_BUCKET',
    )
    expect(refusal({ library: 'lib', media: 'other-folder' })).toBe('accepted')
  })

  it('the command line says what is wrong with a location, without its password', () => {
    const run = spawnSync(bin, ['--library', 'postgres://voces:s3cret@127.0.0.1:1/voces', 'list'], {
      encoding: 'utf8',
    })
    expect(run.status).toBe(2)
    expect(run.stderr).toContain('add --media s3://BUCKET')
    expect(run.stderr).not.toContain('s3cret')
  })
  // `serve --host` beyond loopback needs accounts (decision 0162): tests/people/http.test.ts.
})
