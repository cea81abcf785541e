import { createHash } from 'node:crypto'
import { createReadStream, promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import { z } from 'zod'
import { mediaExtensions as sharedMediaExtensions } from '../../shared/media-extensions.ts'
import { VocesError, type Peaks, peaksSchema } from '../../shared/contract/index.ts'
import { requireRegularFile } from '../files/regular-file.ts'
import { CancelledError } from '../errors.ts'
import type { JobContext } from '../jobs/runner.ts'
import { newId } from '../util/ids.ts'
import { writeFileAtomic } from '../util/atomic-file.ts'
import type { CoreContext } from '../context.ts'
import type { RecordingFiles } from '../library/recordings.ts'
import type { LocalFile } from '../storage/ports.ts'
import { progressSeconds, requireTool, runTool } from './ffmpeg.ts'
import { computePeaks, wavSeconds } from './peaks.ts'
import { probe, type ProbeResult } from './probe.ts'

/** How the library's listening copy is written: 16-bit PCM WAV, no tags, same bytes every time. */
export const workingWavArgs = ['-c:a', 'pcm_s16le', '-map_metadata', '-1', '-fflags', '+bitexact']

/**
 * Less sound than this is refused at ingest: loudness is measured in 400 ms blocks (EBU R128),
 * so a shorter file cannot be normalised, and nothing this short is an interview.
 */
export const minimumSeconds = 0.5

/** What a folder is searched for (shared with the browser's folder drop). */
export const mediaExtensions = new Set(sharedMediaExtensions)

export const ingestInput = z.object({
  path: z.string().min(1),
  /**
   * On a shared archive, where the command put the person's file in the media store for a worker
   * to read (decision 0192): `path` then only names it, and this object becomes the recording's
   * stored original.
   */
  upload: z.string().min(1).optional(),
})
export type IngestInput = z.infer<typeof ingestInput>
export interface IngestResult {
  recordingId: string
}

const fileParam = (file: string) => path.basename(file)

function fileError(code: string, file: string, message: string): VocesError {
  return new VocesError(code, message, { file: fileParam(file) })
}

function ioError(error: unknown, file: string): VocesError | null {
  const code = (error as NodeJS.ErrnoException | null)?.code
  const name = fileParam(file)
  if (code === 'ENOENT')
    return fileError(
      'FILE_NOT_FOUND',
      file,
      `${name} was not found. It may have been moved or deleted.`,
    )
  if (code === 'EACCES' || code === 'EPERM')
    return fileError('FILE_UNREADABLE', file, `Voces may not read ${name}. Check its permissions.`)
  if (code === 'ENOSPC')
    return new VocesError('DISK_FULL', 'The disk is full. Free some space and try again.', {
      file: name,
    })
  if (code === 'EISDIR')
    return fileError('NOT_A_FILE', file, `${name} is a folder, not a recording.`)
  return null
}

async function sha256Of(file: string, signal: AbortSignal): Promise<string> {
  const hash = createHash('sha256')
  await pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), hash, { signal })
  return hash.digest('hex')
}

/** Seconds into the file for the poster: a tenth of the way in, at most 5 s (past a fade-in). */
const posterTime = (duration: number) => Math.min(5, Math.max(0, duration * 0.1))

/**
 * One recording in: probe, hash (beside the decode), one FFmpeg pass for the 16 kHz mono working
 * WAV with progress, peaks read from that WAV, a poster for video, an optional copy of the original.
 * Everything is made in a temporary folder and put into the library's media store only when
 * complete; the row is inserted after that. A failure or a cancel removes the folder and what was
 * put: nothing is left.
 */
export async function ingestFile(
  voces: CoreContext,
  ctx: Pick<JobContext<IngestInput>, 'id' | 'input' | 'signal' | 'progress'>,
): Promise<IngestResult> {
  const upload = ctx.input.upload
  if (upload === undefined) return ingestFrom(voces, ctx, path.resolve(ctx.input.path), null)
  // The person's file, uploaded by the command, read here through the media store (decision
  // 0192). A failure or a cancel deletes the object: nothing half-made stays. A stop or a
  // take-over keeps it, for the run that goes on.
  let local: LocalFile | null = null
  try {
    local = await voces.storage.media.localPath(upload)
    return await ingestFrom(voces, ctx, local.path, upload)
  } catch (error) {
    const reason: unknown = ctx.signal.reason
    if (!ctx.signal.aborted || reason instanceof CancelledError)
      await voces.storage.media.delete(upload).catch(() => false)
    throw error
  } finally {
    await local?.release()
  }
}

async function ingestFrom(
  voces: CoreContext,
  ctx: Pick<JobContext<IngestInput>, 'id' | 'input' | 'signal' | 'progress'>,
  source: string,
  upload: string | null,
): Promise<IngestResult> {
  // `file` names the recording in messages and in the library; `source` is what is read. An
  // upload's path is the person's, on their computer, perhaps Windows', where a backslash
  // separates folders: kept as given, named by path.win32 (which splits on both).
  const file = upload ? ctx.input.path : path.resolve(ctx.input.path)
  const name = upload ? path.win32.basename(file) : fileParam(file)
  const settings = await voces.settings.get()
  const lookup = { ffmpegPath: settings.ffmpegPath, resourcesDir: voces.resourcesDir }
  const ffmpeg = requireTool('ffmpeg', lookup)
  const ffprobe = requireTool('ffprobe', lookup)

  const stat = await fs.stat(source).catch((error: unknown) => {
    throw ioError(error, file) ?? error
  })
  if (stat.isDirectory())
    throw fileError('NOT_A_FILE', file, `${name} is a folder, not a recording.`)
  // A FIFO, a device or a /proc file is no recording, and reading one may never end
  // (docs/decisions/0085-only-regular-files.md).
  await requireRegularFile(source, stat)
  if (stat.size === 0)
    throw fileError(
      'EMPTY_FILE',
      file,
      `${name} is empty (0 bytes). Copy the recording again from where it was made.`,
    )
  await fs.access(source, fs.constants.R_OK).catch((error: unknown) => {
    throw ioError(error, file) ?? error
  })

  const info: ProbeResult = await probe(ffprobe, source, {
    signal: ctx.signal,
    log: voces.log,
  }).catch((error: unknown) => {
    if (error instanceof VocesError && error.code === 'MEDIA_UNREADABLE')
      throw fileError(
        'MEDIA_UNREADABLE',
        file,
        `${name} is not an audio or video file Voces can read. Check that it plays in a media player; if it was copied or downloaded, it may be incomplete.`,
      )
    throw error
  })
  if (!info.audio)
    throw fileError(
      'NO_AUDIO',
      file,
      `${name} has no sound track, so there is nothing to listen to or transcribe.`,
    )
  ctx.progress(0.02)

  const id = newId()
  const staging = path.join(voces.layout.temp, `ingest-${ctx.id}`)
  await fs.rm(staging, { recursive: true, force: true })
  await fs.mkdir(staging, { recursive: true })
  const abort = new AbortController()
  const onAbort = () => abort.abort()
  ctx.signal.addEventListener('abort', onAbort, { once: true })
  try {
    // The hash reads the file while FFmpeg decodes it; a duplicate stops the decode at once.
    const hashing = sha256Of(source, abort.signal).then(async (sha256) => {
      const first = await voces.storage.recordings.bySha256(sha256)
      if (first) abort.abort(duplicateError(file, first.title, first.id))
      return sha256
    })
    const audioFile = path.join(staging, 'audio.wav')
    const claimed = info.duration
    const decoding = runTool(
      ffmpeg,
      [
        '-hide_banner',
        '-nostdin',
        '-v',
        'error',
        '-nostats',
        '-progress',
        'pipe:1',
        '-i',
        `file:${source}`,
        '-map',
        '0:a:0',
        '-vn',
        '-sn',
        '-dn',
        '-ac',
        '1',
        '-ar',
        '16000',
        ...workingWavArgs,
        '-y',
        `file:${audioFile}`,
      ],
      {
        signal: abort.signal,
        log: voces.log,
        timeoutMs: 120_000 + claimed * 1000,
        onProgress: (fields) => {
          const seconds = progressSeconds(fields)
          if (seconds !== null && claimed > 0)
            ctx.progress(0.02 + 0.88 * Math.min(1, seconds / claimed))
        },
      },
    )
    const [sha256] = await Promise.all([hashing, decoding]).catch(async (error: unknown) => {
      abort.abort()
      await Promise.allSettled([hashing, decoding])
      const reason: unknown = abort.signal.reason
      if (reason instanceof VocesError) throw reason
      throw ioError(error, file) ?? error
    })

    // The length is what decodes, not what the header claims: a copy cut short (1% of an MP3)
    // still says 1:00 in its header, and every later step would believe it.
    const duration = await wavSeconds(audioFile)
    if (duration < minimumSeconds)
      throw new VocesError(
        'TOO_SHORT',
        `${name} holds only ${Math.round(duration * 1000)} ms of sound: too short to listen to, transcribe or export. If it should be longer, the copy may be incomplete: copy it again from where it was made.`,
        { file: name, ms: Math.round(duration * 1000) },
      )
    const peaks = await computePeaks(audioFile, ctx.signal)
    await writeFileAtomic(path.join(staging, 'peaks.json'), JSON.stringify(peaks))
    ctx.progress(0.93)

    let poster: string | null = null
    if (info.video) {
      const posterFile = path.join(staging, 'poster.jpg')
      const args = [
        '-hide_banner',
        '-nostdin',
        '-v',
        'error',
        '-ss',
        String(posterTime(duration)),
        '-i',
        `file:${source}`,
        '-map',
        '0:v:0',
        '-frames:v',
        '1',
        '-vf',
        "scale='min(1280,iw)':-2",
        '-q:v',
        '3',
        '-y',
        `file:${posterFile}`,
      ]
      try {
        await runTool(ffmpeg, args, { signal: ctx.signal, log: voces.log, timeoutMs: 60_000 })
        await fs.access(posterFile)
        poster = 'poster.jpg'
      } catch (error) {
        if (ctx.signal.aborted) throw error
        voces.log.warn('no poster frame', {
          id,
          code: error instanceof VocesError ? error.code : 'unknown',
        })
      }
    }

    let stored: string | null = null
    if (settings.copyIntoLibrary && upload === null) {
      stored = `original${path.extname(file).toLowerCase()}`
      await fs.copyFile(source, path.join(staging, stored))
    }
    ctx.progress(0.97)
    if (ctx.signal.aborted) throw ctx.signal.reason

    // Each file goes into the library through its media store, whole or absent (decision 0124);
    // the row is inserted after them, and a failure deletes what was put.
    const relative = (fileName: string) => path.posix.join('media', id, fileName)
    const made = ['audio.wav', 'peaks.json', poster, stored].filter((f) => f !== null)
    const put: string[] = []
    const removePut = () => Promise.allSettled(put.map((key) => voces.storage.media.delete(key)))
    try {
      for (const fileName of made) {
        const key = relative(fileName)
        put.push(key)
        await voces.storage.media.putFile(key, path.join(staging, fileName))
      }
    } catch (error) {
      await removePut()
      throw error
    }
    try {
      await voces.storage.recordings.insert({
        id,
        title: path.basename(name, path.extname(name)) || name,
        path: file,
        // An upload is the stored original whatever the setting: no worker reads the person's disk.
        storedPath: upload ?? (stored && relative(stored)),
        sha256,
        sizeBytes: stat.size,
        duration,
        format: info.format,
        hasVideo: info.video !== null,
        width: info.video?.width ?? null,
        height: info.video?.height ?? null,
        audioCodec: info.audio.codec,
        videoCodec: info.video?.codec ?? null,
        sampleRate: info.audio.sampleRate,
        channels: info.audio.channels,
        workingAudio: relative('audio.wav'),
        peaks: relative('peaks.json'),
        poster: poster && relative(poster),
      })
    } catch (error) {
      await removePut()
      // Two copies of one file in the same batch: the second loses the race on the UNIQUE index.
      const first = await voces.storage.recordings.bySha256(sha256)
      if (first) throw duplicateError(file, first.title, first.id)
      throw error
    }
    voces.events.emit('library', { recordingId: id, change: 'added' })
    voces.log.info('ingested', {
      id,
      job: ctx.id,
      duration,
      bytes: stat.size,
      video: info.video !== null,
    })
    return { recordingId: id }
  } catch (error) {
    throw ioError(error, file) ?? error
  } finally {
    ctx.signal.removeEventListener('abort', onAbort)
    await fs.rm(staging, { recursive: true, force: true })
  }
}

function duplicateError(file: string, title: string, id: string): VocesError {
  return new VocesError(
    'DUPLICATE_RECORDING',
    `${fileParam(file)} is already in the library as "${title}" (${id}).`,
    { file: fileParam(file), title, id },
  )
}

export function registerIngest(voces: CoreContext): void {
  voces.jobs.register<IngestInput, IngestResult>({
    kind: 'ingest',
    input: ingestInput,
    // Decoding is one thread; the hash another. Half the cores keeps the UI responsive.
    concurrency: Math.max(1, Math.floor(os.availableParallelism() / 2)),
    label: (input) => path.basename(input.path),
    run: (ctx) => ingestFile(voces, ctx),
    // Cancelled before a worker took it: its upload would stay in the bucket (decision 0205).
    discard: async (input) => {
      if (input.upload !== undefined) await voces.storage.media.delete(input.upload)
    },
  })
}

interface Skipped {
  file: string
  code: string
  message: string
}

/** A name that is not UTF-8 text cannot travel as a path in a job, the API or the database. */
function notUtf8(file: string): Skipped {
  return {
    file,
    code: 'NAME_NOT_UTF8',
    message: `The name of ${fileParam(file)} is not valid text (UTF-8; the unreadable letters are shown as �), so Voces cannot keep where it is. Rename the file and add it again.`,
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * Media files in a folder and its subfolders, in name order. A link to a file counts as the
 * file, a link to a folder as the folder; a folder reached twice (a link to a parent) is read
 * once. Hidden names are passed over.
 */
async function collectFolder(
  dir: string,
  found: string[],
  skipped: Skipped[],
  seen = new Set<string>(),
): Promise<void> {
  let entries
  try {
    const real = await fs.realpath(dir)
    if (seen.has(real)) return
    seen.add(real)
    entries = await fs.readdir(dir, { withFileTypes: true, encoding: 'buffer' })
  } catch (error) {
    const known = ioError(error, dir)
    skipped.push({
      file: dir,
      code: 'FOLDER_UNREADABLE',
      message: known?.message ?? `Voces could not read the folder ${fileParam(dir)}.`,
    })
    return
  }
  const named = entries.map((entry) => {
    let name: string | null
    try {
      name = utf8.decode(entry.name)
    } catch {
      name = null
    }
    return { entry, name, shown: entry.name.toString('utf8') }
  })
  named.sort((a, b) => a.shown.localeCompare(b.shown))
  for (const { entry, name, shown } of named) {
    if (shown.startsWith('.')) continue
    if (name === null) {
      if (entry.isDirectory() || mediaExtensions.has(path.extname(shown).toLowerCase()))
        skipped.push(notUtf8(path.join(dir, shown)))
      continue
    }
    const full = path.join(dir, name)
    const kind = entry.isSymbolicLink()
      ? await fs.stat(full).then(
          (stat) => (stat.isDirectory() ? 'folder' : stat.isFile() ? 'file' : 'other'),
          () => 'other',
        )
      : entry.isDirectory()
        ? 'folder'
        : entry.isFile()
          ? 'file'
          : 'other'
    if (kind === 'folder') await collectFolder(full, found, skipped, seen)
    else if (kind === 'file' && mediaExtensions.has(path.extname(name).toLowerCase()))
      found.push(full)
  }
}

/**
 * Expands files and folders into one ingest job per media file; what cannot be read is listed.
 * With `upload` (a command on a shared archive, decision 0192) each file is first put in the
 * media store under `uploads/`, for a worker on another machine to decode.
 */
export async function startIngest(
  voces: CoreContext,
  paths: readonly string[],
  options: { upload?: boolean; onUpload?: (file: string) => void } = {},
) {
  const files: string[] = []
  const skipped: Skipped[] = []
  for (const given of paths) {
    const full = path.resolve(given)
    const stat = await fs.stat(full).catch((error: unknown) => error as NodeJS.ErrnoException)
    if (stat instanceof Error) {
      const known = ioError(stat, full)
      // The command line hands over a name that is not UTF-8 with � in it, which names nothing.
      if (stat.code === 'ENOENT' && full.includes('\uFFFD')) {
        skipped.push(notUtf8(full))
        continue
      }
      skipped.push({
        file: full,
        code: known?.code ?? 'FILE_UNREADABLE',
        message: known?.message ?? stat.message,
      })
    } else if (stat.isDirectory()) {
      const before = files.length
      await collectFolder(full, files, skipped)
      if (files.length === before)
        skipped.push({
          file: full,
          code: 'NO_MEDIA_FOUND',
          message: `No audio or video files were found in ${fileParam(full)}.`,
        })
    } else files.push(full)
  }
  // One transaction for the whole batch (decision 0090).
  const unique = [...new Set(files)]
  const inputs: IngestInput[] = []
  for (const file of unique) {
    if (!options.upload) {
      inputs.push({ path: file })
      continue
    }
    // A file that cannot go up is listed with the others that could not be read; the rest go on.
    const key = path.posix.join('uploads', `ingest-${newId()}`, path.basename(file))
    try {
      await requireRegularFile(file, await fs.stat(file))
      options.onUpload?.(file)
      await voces.storage.media.putFile(key, file)
      inputs.push({ path: file, upload: key })
    } catch (error) {
      await voces.storage.media.delete(key).catch(() => false)
      const known = error instanceof VocesError ? error : ioError(error, file)
      skipped.push({
        file,
        code: known?.code ?? 'UPLOAD_FAILED',
        message:
          known?.message ??
          `${fileParam(file)} could not be put in the archive's store: ${error instanceof Error ? error.message : String(error)}`,
      })
    }
  }
  const queued = await voces.jobs.enqueueMany('ingest', inputs).catch(async (error: unknown) => {
    await deleteUploads(voces, inputs)
    throw error
  })
  const jobs = inputs.map((input, i) => ({
    file: input.path,
    jobId: queued[i]?.id ?? '',
    ...(input.upload !== undefined ? { upload: input.upload } : {}),
  }))
  return { jobs, skipped }
}

/** What `startIngest` put in the store for jobs that were not queued after all. */
async function deleteUploads(voces: CoreContext, inputs: readonly IngestInput[]): Promise<void> {
  for (const { upload } of inputs)
    if (upload !== undefined) await voces.storage.media.delete(upload).catch(() => false)
}

/** The waveform of one recording, as ingest stored it. */
export async function readPeaks(voces: CoreContext, id: string): Promise<Peaks> {
  const files = await voces.storage.recordings.files(id)
  const text = (await voces.storage.media.read(files.peaks)).toString('utf8')
  return peaksSchema.parse(JSON.parse(text))
}

/**
 * Deletes the library's files of one recording through its media store (decision 0124): the
 * working audio, peaks, poster and the library's copy of the original. The original where the
 * person keeps it is never touched.
 */
export async function deleteRecordingMedia(
  voces: CoreContext,
  files: RecordingFiles,
): Promise<void> {
  const keys = [files.workingAudio, files.peaks, files.poster, files.storedPath]
  for (const key of keys) if (key !== null) await voces.storage.media.delete(key)
}
