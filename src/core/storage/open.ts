import { createHash } from 'node:crypto'
import path from 'node:path'
import { VocesError } from '../../shared/contract/index.ts'
import { userDataDir } from '../paths.ts'
import { parseS3Url, type S3Location } from './s3/location.ts'

/*
 * Where a library lives, as a person names it (decision 0148): `--library DIR` or
 * `--library postgres://…`, `--media DIR` or `--media s3://BUCKET[/PREFIX]` with `--s3-endpoint
 * URL`, else VOCES_LIBRARY, VOCES_MEDIA and VOCES_S3_ENDPOINT (and the AWS SDK's own
 * AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_REGION). Reading them is pure; opening them
 * is the composition root's (voces.ts).
 */

export interface LocatorFlags {
  library?: string | undefined
  media?: string | undefined
  s3Endpoint?: string | undefined
}

export type MediaLocator = { kind: 'folder'; dir: string } | { kind: 's3'; location: S3Location }

export type LibraryLocation =
  | {
      kind: 'folder'
      /** The library folder: its database, and its media unless `media` names another place. */
      dir: string
      media: MediaLocator
    }
  | {
      kind: 'postgres'
      url: string
      /** The URL without its password: what messages and logs may show. */
      shown: string
      media: MediaLocator
      /** This machine's folder for the shared archive's temp files and logs (a cache). */
      workDir: string
    }

const schemeOf = (value: string) => /^([a-z][a-z0-9+.-]*):\/\//i.exec(value)?.[1]?.toLowerCase()

/** A database URL as it may be shown: its password replaced. */
export function hidePassword(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@')
  }
}

/** Reads `--media`: a folder, or `s3://BUCKET[/PREFIX]`. */
export function parseMediaLocator(
  value: string,
  endpoint: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): MediaLocator {
  const scheme = schemeOf(value)
  if (scheme === undefined) return { kind: 'folder', dir: path.resolve(value) }
  if (scheme !== 's3')
    throw new VocesError(
      'MEDIA_LOCATION_INVALID',
      `Voces cannot keep media at "${value}": give a folder, or an S3 bucket as s3://BUCKET or s3://BUCKET/PREFIX.`,
      { value },
    )
  // The bucket, its prefix, the endpoint and the credentials, as the S3 store reads them.
  return { kind: 's3', location: parseS3Url(value, env, endpoint) }
}

/**
 * Where the library is, from the flags, else the environment, else the app's user-data folder.
 * Throws a VocesError naming what to fix for a location Voces cannot use.
 */
export function resolveLibraryLocation(
  flags: LocatorFlags,
  env: NodeJS.ProcessEnv = process.env,
): LibraryLocation {
  const library = flags.library || env.VOCES_LIBRARY || path.join(userDataDir(env), 'library')
  const mediaValue = flags.media || env.VOCES_MEDIA || undefined
  const endpoint = flags.s3Endpoint || env.VOCES_S3_ENDPOINT || undefined
  if (endpoint !== undefined && (mediaValue === undefined || schemeOf(mediaValue) !== 's3'))
    throw new VocesError(
      'S3_ENDPOINT_WITHOUT_BUCKET',
      'An S3 endpoint was given without an S3 bucket: add --media s3://BUCKET (or VOCES_MEDIA).',
      {},
    )
  const media = mediaValue === undefined ? undefined : parseMediaLocator(mediaValue, endpoint, env)
  const scheme = schemeOf(library)
  if (scheme === undefined) {
    const dir = path.resolve(library)
    return { kind: 'folder', dir, media: media ?? { kind: 'folder', dir } }
  }
  if (scheme !== 'postgres' && scheme !== 'postgresql')
    throw new VocesError(
      'LIBRARY_LOCATION_INVALID',
      `Voces cannot open a library at "${hidePassword(library)}": give a folder, or a PostgreSQL database as postgres://USER@HOST/DATABASE.`,
      { value: hidePassword(library) },
    )
  const shown = hidePassword(library)
  try {
    new URL(library)
  } catch {
    throw new VocesError(
      'LIBRARY_LOCATION_INVALID',
      `"${shown}" is not a PostgreSQL address: write postgres://USER@HOST[:PORT]/DATABASE.`,
      { value: shown },
    )
  }
  if (!media)
    throw new VocesError(
      'MEDIA_LOCATION_REQUIRED',
      'A shared archive keeps its recordings in an S3 bucket every machine reaches: add --media s3://BUCKET (or VOCES_MEDIA).',
      {},
    )
  // One working folder per archive on this machine, named by the address without its password.
  const key = createHash('sha256').update(shown).digest('hex').slice(0, 16)
  const workDir = env.VOCES_WORK_DIR
    ? path.resolve(env.VOCES_WORK_DIR)
    : path.join(userDataDir(env), 'shared-archives', key)
  return { kind: 'postgres', url: library, shown, media, workDir }
}
