import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseS3Url } from '../../src/core/storage/s3/location.ts'
import { en } from '../../src/shared/i18n/en.ts'
import { es } from '../../src/shared/i18n/es.ts'
import { repoRoot } from '../helpers.ts'

const keys = { AWS_ACCESS_KEY_ID: 'voces:archive', AWS_SECRET_ACCESS_KEY: 's3cret' }

describe('s3:// media addresses (decision 0144)', () => {
  it('reads the bucket, the folder, the endpoint and the standard AWS variables', () => {
    expect(
      parseS3Url('s3://voces-media/center/archive/', {
        ...keys,
        VOCES_S3_ENDPOINT: 'http://127.0.0.1:9000/',
        AWS_REGION: 'eu-west-1',
      }),
    ).toEqual({
      bucket: 'voces-media',
      prefix: 'center/archive/',
      endpoint: 'http://127.0.0.1:9000',
      region: 'eu-west-1',
      credentials: { accessKeyId: 'voces:archive', secretAccessKey: 's3cret' },
    })
    // --s3-endpoint wins over the variable; no folder, no region, no keys: the SDK's defaults.
    expect(
      parseS3Url('s3://voces-media', { VOCES_S3_ENDPOINT: 'http://a:1' }, 'https://s3.example.org'),
    ).toEqual({
      bucket: 'voces-media',
      prefix: '',
      endpoint: 'https://s3.example.org',
      region: 'us-east-1',
      credentials: undefined,
    })
    expect(parseS3Url('s3://voces-media', {}).endpoint).toBeUndefined()
  })

  it('refuses what is not a bucket and folder, an endpoint that is not http(s), half the keys', () => {
    for (const url of [
      'voces-media',
      'https://voces-media',
      's3://',
      's3://Voces_Media',
      's3://ab',
      's3://voces-media/../other',
      's3://voces-media//x',
      's3://voces-media/a\\b',
    ]) {
      expect(() => parseS3Url(url, keys), url).toThrow(
        expect.objectContaining({ code: 'S3_URL_INVALID' }),
      )
    }
    expect(() => parseS3Url('s3://voces-media', { VOCES_S3_ENDPOINT: '127.0.0.1:9000' })).toThrow(
      expect.objectContaining({
        code: 'S3_ENDPOINT_INVALID',
        params: { endpoint: '127.0.0.1:9000' },
      }),
    )
    expect(() => parseS3Url('s3://voces-media', { AWS_ACCESS_KEY_ID: 'only-the-id' })).toThrow(
      expect.objectContaining({ code: 'S3_CREDENTIALS_INCOMPLETE' }),
    )
  })

  it('has every message the S3 store can raise in English and Spanish', () => {
    const folder = path.join(repoRoot, 'src', 'core', 'storage', 's3')
    const codes = new Set(
      readdirSync(folder).flatMap((file) =>
        [...readFileSync(path.join(folder, file), 'utf8').matchAll(/'(S3_[A-Z_]+)'/g)].map(
          (m) => m[1]!,
        ),
      ),
    )
    expect(codes.size).toBeGreaterThanOrEqual(9)
    for (const code of codes) {
      expect(Object.hasOwn(en, `error.${code}`), code).toBe(true)
      expect(Object.hasOwn(es, `error.${code}`), code).toBe(true)
    }
  })
})
