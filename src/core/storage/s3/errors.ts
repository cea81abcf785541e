import path from 'node:path'
import { VocesError } from '../../../shared/contract/index.ts'
import type { S3Location } from './location.ts'

/** What a failed request was doing, for the message a person reads. */
export interface S3Doing {
  location: S3Location
  /** The library key, when the request was about one file. */
  key?: string
}

const networkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
])

/** True when the request never got an answer from the store (refused, reset, timed out). */
export function isNetworkError(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  const code = (error as NodeJS.ErrnoException).code
  return (
    (code !== undefined && networkCodes.has(code)) ||
    error.name === 'TimeoutError' ||
    error.name === 'RequestTimeout' ||
    (error.cause !== undefined && isNetworkError(error.cause))
  )
}

function status(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode
}

/** Where the store is, as a person configured it. */
export function storeName(location: S3Location): string {
  return location.endpoint ?? `Amazon S3 (${location.region})`
}

/**
 * The error a person reads for a failed S3 request, naming what to fix (decision 0144); an error
 * that is not the store's (a VocesError, a bug) passes through unchanged.
 */
export function s3Error(error: unknown, doing: S3Doing): unknown {
  if (error instanceof VocesError) return error
  const { location, key } = doing
  const store = storeName(location)
  const name = error instanceof Error ? error.name : ''
  const code = status(error)
  if (isNetworkError(error)) {
    return new VocesError(
      'S3_UNREACHABLE',
      `The media store at ${store} cannot be reached. Check the address (--s3-endpoint or VOCES_S3_ENDPOINT), the network, and that the store is running.`,
      { endpoint: store },
    )
  }
  if (name === 'CredentialsProviderError') {
    return new VocesError(
      'S3_CREDENTIALS_MISSING',
      'Voces has no credentials for the media store. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.',
    )
  }
  if (
    name === 'SignatureDoesNotMatch' ||
    name === 'InvalidAccessKeyId' ||
    name === 'InvalidToken' ||
    name === 'ExpiredToken' ||
    // A HEAD answer has no body to name the reason: 403 there is the signature or the key.
    (code === 403 && name !== 'AccessDenied')
  ) {
    return new VocesError(
      'S3_CREDENTIALS_REFUSED',
      `The media store at ${store} refused Voces' credentials. Check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.`,
      { endpoint: store },
    )
  }
  if (name === 'AccessDenied') {
    return new VocesError(
      'S3_ACCESS_DENIED',
      `The media store's account may not use the bucket ${location.bucket}. Ask whoever runs the store to give AWS_ACCESS_KEY_ID access to it.`,
      { bucket: location.bucket },
    )
  }
  if (name === 'NoSuchBucket') return bucketMissing(location)
  if (key !== undefined && (name === 'NoSuchKey' || name === 'NotFound' || code === 404)) {
    return new VocesError('FILE_NOT_FOUND', `${key} is not in the library.`, {
      file: path.posix.basename(key),
    })
  }
  const reason = error instanceof Error ? error.message : String(error)
  return new VocesError(
    'S3_FAILED',
    `The media store at ${store} answered with an error: ${name || 'unknown'} (${reason}).`,
    { endpoint: store, reason: name || 'unknown' },
  )
}

export function bucketMissing(location: S3Location): VocesError {
  return new VocesError(
    'S3_BUCKET_MISSING',
    `The bucket ${location.bucket} does not exist at ${storeName(location)}. Create it, or correct the bucket in --media s3://BUCKET.`,
    { bucket: location.bucket, endpoint: storeName(location) },
  )
}

/** A file's upload that the network cut: nothing of it was kept. */
export function uploadCut(location: S3Location, key: string): VocesError {
  return new VocesError(
    'S3_UPLOAD_CUT',
    `The upload of ${path.posix.basename(key)} to the media store at ${storeName(location)} was cut off, and nothing of it was kept. Check the network, then try again.`,
    { file: path.posix.basename(key), endpoint: storeName(location) },
  )
}
