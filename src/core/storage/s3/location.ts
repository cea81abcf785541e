import { VocesError } from '../../../shared/contract/index.ts'
import { mediaKeyParts } from '../media-key.ts'

/** Where the library's media live on an S3-compatible store, and how to sign in to it. */
export interface S3Location {
  bucket: string
  /** '' or a folder of the bucket ending in '/': every key is stored under it. */
  prefix: string
  /** The store's address; absent means Amazon S3 itself for the region. */
  endpoint: string | undefined
  region: string
  /** Absent: the AWS SDK's own chain (profile files, instance roles) finds them. */
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | undefined
}

/** Bucket names as S3 allows them (3–63 lower-case letters, digits, dots and hyphens). */
const bucketName = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/

/**
 * `s3://BUCKET[/PREFIX]` with the endpoint from `--s3-endpoint` (`endpoint`) or
 * VOCES_S3_ENDPOINT, and the standard AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
 * AWS_SESSION_TOKEN and AWS_REGION variables (decision 0144).
 */
export function parseS3Url(
  url: string,
  env: Record<string, string | undefined> = process.env,
  endpoint: string | undefined = undefined,
): S3Location {
  const match = /^s3:\/\/([^/]*)(?:\/(.*))?$/.exec(url.trim())
  const bucket = match?.[1] ?? ''
  const invalid = () =>
    new VocesError(
      'S3_URL_INVALID',
      `${url} is not a media address Voces can use. Write it as s3://BUCKET or s3://BUCKET/FOLDER.`,
      { url },
    )
  if (!match || !bucketName.test(bucket) || bucket.includes('..')) throw invalid()
  let prefix = (match[2] ?? '').replace(/\/+$/, '')
  if (prefix !== '') {
    try {
      mediaKeyParts(prefix)
    } catch {
      throw invalid()
    }
    prefix += '/'
  }
  const address = (endpoint ?? env.VOCES_S3_ENDPOINT ?? '').trim()
  if (address !== '' && !isHttpUrl(address)) {
    throw new VocesError(
      'S3_ENDPOINT_INVALID',
      `${address} is not the address of a media store. Give --s3-endpoint (or VOCES_S3_ENDPOINT) as http://HOST:PORT or https://HOST.`,
      { endpoint: address },
    )
  }
  const accessKeyId = env.AWS_ACCESS_KEY_ID?.trim() ?? ''
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY?.trim() ?? ''
  if ((accessKeyId === '') !== (secretAccessKey === '')) {
    throw new VocesError(
      'S3_CREDENTIALS_INCOMPLETE',
      'Set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY for the media store, or neither.',
    )
  }
  const sessionToken = env.AWS_SESSION_TOKEN?.trim()
  return {
    bucket,
    prefix,
    endpoint: address === '' ? undefined : address.replace(/\/+$/, ''),
    region: env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim() || 'us-east-1',
    credentials:
      accessKeyId === ''
        ? undefined
        : { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) },
  }
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== ''
  } catch {
    return false
  }
}
