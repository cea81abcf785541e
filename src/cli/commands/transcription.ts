import type { Language } from '../../shared/language.ts'
import path from 'node:path'
import { dispatch } from '../../core/api/index.ts'
import { translate } from '../../shared/i18n/index.ts'
import { resolveModelsDir } from '../../core/paths.ts'
import { readRegularFile } from '../../core/files/regular-file.ts'
import { decodeText } from '../../core/subtitles/encoding.ts'
import { engineHint, findWhisperCli } from '../../core/transcription/binary.ts'
import { catalogueModel, modelFileName, modelUrl } from '../../core/transcription/catalogue.ts'
import { downloadFile } from '../../core/transcription/download.ts'
import { addModel, defaultModel, listModels } from '../../core/transcription/models.ts'
import { detectAfterTranscription } from '../../core/speakers/detect.ts'
import { writeFileAtomic } from '../../core/util/atomic-file.ts'
import {
  VocesError,
  type ModelInfo,
  type Result,
  type TrackSummary,
} from '../../shared/contract/index.ts'
import { printJson, type CliIo, type Command } from '../command.ts'
import { ProgressBars } from '../progress-bar.ts'
import { openFor, queueMode, queueOptions } from '../queued.ts'

const trackOption = { track: { type: 'string' } } as const

function fail(io: CliIo, json: boolean, error: { code: string; message: string }): number {
  if (json) printJson(io, { error })
  else io.stderr.write(`${error.message}\n`)
  return 1
}

function trackOf(value: unknown): Language | undefined | null {
  if (value === undefined) return undefined
  return value === 'en' || value === 'es' ? value : null
}

const transcribe: Command = {
  path: ['transcribe'],
  usage:
    'transcribe RECORDING_ID... [--language auto|en|es] [--model NAME|PATH] [--translate] [--no-wait] [--local] [--json]',
  summary:
    'Transcribe recordings with Whisper, on this computer (on a shared archive, by its workers: --local does it here; --no-wait prints the job ids and returns).',
  options: {
    language: { type: 'string' },
    model: { type: 'string' },
    translate: { type: 'boolean' },
    ...queueOptions,
  },
  async run(ctx) {
    const { positionals, values, json, io } = ctx
    if (positionals.length === 0) {
      io.stderr.write('Name at least one recording: voces transcribe RECORDING_ID...\n')
      return 2
    }
    const language = values.language ?? 'auto'
    if (language !== 'auto' && language !== 'en' && language !== 'es') {
      io.stderr.write('--language is auto, en or es.\n')
      return 2
    }
    // --no-wait queues and leaves the work to whatever runs jobs on this library (a worker, the
    // app); --local does it here even on a shared archive (decisions 0148, 0192).
    const mode = queueMode(ctx)
    if (!mode) return 2
    const noWait = mode.noWait
    const voces = await openFor(ctx, mode)
    const bars = new ProgressBars(io, !json)
    voces.jobs.on('job', (job) => {
      if (job.kind === 'transcribe' || job.kind === 'speakers-detect') bars.update(job)
    })
    const started = await dispatch(
      'transcription.start',
      {
        recordingIds: positionals,
        language,
        model: values.model,
        translate: values.translate === true,
      },
      { voces, transport: 'cli' },
    )
    if (!started.ok) return fail(io, json, started.error)
    const { jobs } = started.value as { jobs: Array<{ recordingId: string; jobId: string }> }
    if (noWait) {
      if (json) printJson(io, jobs)
      else for (const job of jobs) io.stdout.write(`${job.recordingId}  job ${job.jobId}\n`)
      return 0
    }
    const finished = await Promise.all(
      jobs.map(async ({ recordingId, jobId }) => ({
        recordingId,
        job: await voces.jobs.waitFor(jobId),
      })),
    )
    // Speakers are detected after each transcription (the `detectSpeakers` setting, decision
    // 0153): the command waits for them too, so they are there when it returns.
    const speakers = new Map<string, unknown>()
    await Promise.all(
      finished.map(async ({ recordingId, job }) => {
        if (job.state !== 'succeeded') return
        const detect = await detectAfterTranscription(voces, recordingId).catch(() => null)
        if (!detect) return
        const done = await voces.jobs.waitFor(detect.id)
        speakers.set(
          recordingId,
          done.state === 'succeeded'
            ? done.result
            : {
                error: done.error ?? {
                  code: done.state.toUpperCase(),
                  message: `Speaker detection ${done.state}.`,
                },
              },
        )
      }),
    )
    const outcomes: Array<{
      recordingId: string
      jobId: string
      error?: { code: string; message: string }
      speakers?: unknown
    }> = finished.map(({ recordingId, job }) =>
      job.state === 'succeeded'
        ? {
            recordingId,
            jobId: job.id,
            ...(job.result as object),
            ...(speakers.has(recordingId) ? { speakers: speakers.get(recordingId) } : {}),
          }
        : {
            recordingId,
            jobId: job.id,
            error: job.error ?? {
              code: job.state.toUpperCase(),
              message: `Transcription ${job.state}.`,
            },
          },
    )
    if (json) printJson(io, outcomes)
    else {
      for (const outcome of outcomes) {
        if (outcome.error) io.stderr.write(`✗ ${outcome.recordingId}: ${outcome.error.message}\n`)
        else {
          const done = outcome as unknown as {
            track: string
            segments: number
            words: number
            translation: string | null
          }
          const extra = done.translation ? `, translation ${done.translation}` : ''
          const voices = outcome.speakers as
            { speakers?: number; error?: { message: string } } | undefined
          const who =
            voices?.speakers !== undefined && voices.speakers > 0
              ? `, ${translate('en', 'cli.speakers', { count: voices.speakers })}`
              : voices?.error
                ? ` (speakers not detected: ${voices.error.message})`
                : ''
          io.stdout.write(
            `✓ ${outcome.recordingId}  track ${done.track}: ${done.segments} segments, ${done.words} words${extra}${who}\n`,
          )
        }
      }
    }
    return outcomes.some((outcome) => outcome.error) ? 1 : 0
  },
}

const transcript: Command = {
  path: ['transcript'],
  usage:
    'transcript RECORDING_ID [--format srt|vtt|txt|json|docx] [--track en|es] [--reason TEXT] [-o FILE]',
  summary: "Print or save a recording's transcript.",
  options: {
    format: { type: 'string' },
    output: { type: 'string', short: 'o' },
    reason: { type: 'string' },
    ...trackOption,
  },
  async run({ positionals, values, json, io, open }) {
    const recordingId = positionals[0]
    const format = values.format ?? (json ? 'json' : 'txt')
    const track = trackOf(values.track)
    const formats = ['srt', 'vtt', 'txt', 'json', 'docx']
    if (!recordingId || track === null || !formats.includes(String(format))) {
      io.stderr.write(`Usage: voces ${this.usage}\n`)
      return 2
    }
    const result = (await dispatch(
      'transcripts.export',
      {
        recordingId,
        track,
        format,
        reason: typeof values.reason === 'string' ? values.reason : '',
      },
      { voces: await open({ startJobs: false }), transport: 'cli' },
    )) as Result<{ text: string; fileName: string; encoding?: 'base64' }>
    if (!result.ok) return fail(io, json, result.error)
    const { text, encoding } = result.value
    // DOCX comes as Base64: written as its bytes, and never onto a terminal.
    const data = encoding === 'base64' ? Buffer.from(text, 'base64') : text
    if (typeof values.output === 'string') {
      await writeFileAtomic(path.resolve(values.output), data)
      io.stderr.write(`Written ${values.output}\n`)
    } else if (encoding === 'base64' && io.stdout.isTTY) {
      io.stderr.write(`A ${String(format)} file is not text: save it with -o FILE.\n`)
      return 2
    } else io.stdout.write(data)
    return 0
  },
}

const transcriptImport: Command = {
  path: ['transcript', 'import'],
  usage: 'transcript import RECORDING_ID FILE [--track en|es] [--replace]',
  summary:
    'Import a transcript made elsewhere (SRT, WebVTT, Voces JSON); --replace to replace a track already there.',
  options: { ...trackOption, replace: { type: 'boolean' } },
  async run({ positionals, values, json, io, open }) {
    const [recordingId, file] = positionals
    const track = trackOf(values.track)
    if (!recordingId || !file || track === null) {
      io.stderr.write(`Usage: voces ${this.usage}\n`)
      return 2
    }
    // Only an ordinary file, of at most 50 MB (docs/decisions/0085-only-regular-files.md).
    const bytes = await readRegularFile(path.resolve(file)).catch((error: unknown) => error)
    if (bytes instanceof VocesError) return fail(io, json, bytes.toApiError())
    if (!(bytes instanceof Buffer)) throw bytes
    const { text } = decodeText(bytes)
    const result = (await dispatch(
      'transcripts.import',
      { recordingId, track, fileName: path.basename(file), text, replace: values.replace === true },
      { voces: await open({ startJobs: false }), transport: 'cli' },
    )) as Result<TrackSummary>
    if (!result.ok && result.error.code === 'TRANSCRIPT_IMPORT_REPLACES')
      return fail(io, json, {
        ...result.error,
        message: `${result.error.message} Add --replace to replace it.`,
      })
    if (!result.ok) return fail(io, json, result.error)
    if (json) printJson(io, result.value)
    else
      io.stdout.write(
        `✓ ${recordingId}  track ${result.value.track} (imported): ${result.value.segmentCount} segments\n`,
      )
    return 0
  },
}

function describeModel(model: ModelInfo, isDefault: boolean): string {
  const size = `${Math.round(model.sizeBytes / 2 ** 20)} MB`.padStart(8)
  const state = model.installed ? (isDefault ? 'installed, default' : 'installed') : ''
  return `${model.name.padEnd(22)}${size}  ${state.padEnd(19)} ${model.description}`
}

const modelsList: Command = {
  path: ['models', 'list'],
  usage: 'models list [--json]',
  summary: 'The Whisper models: installed ones and those to download.',
  async run({ json, io }) {
    const dir = resolveModelsDir()
    const models = await listModels(dir)
    const chosen = await defaultModel(dir)
    const engine = findWhisperCli()
    if (json) {
      printJson(io, {
        dir,
        engine: { found: engine !== null, path: engine },
        defaultModel: chosen?.name ?? null,
        models,
      })
      return 0
    }
    io.stdout.write(`Models folder: ${dir}\n`)
    io.stdout.write(engine ? `Engine: ${engine}\n\n` : `Engine: not found. ${engineHint}\n\n`)
    for (const model of models)
      io.stdout.write(describeModel(model, model.name === chosen?.name) + '\n')
    if (!chosen)
      io.stdout.write(
        '\nNo model is installed yet. Try: voces models download large-v3-turbo-q5_0\n',
      )
    return 0
  },
}

const modelsAdd: Command = {
  path: ['models', 'add'],
  usage: 'models add FILE',
  summary: 'Copy a whisper.cpp ggml model file into the models folder.',
  async run({ positionals, json, io }) {
    const file = positionals[0]
    if (!file) {
      io.stderr.write('Name the model file: voces models add FILE\n')
      return 2
    }
    const added = await addModel(resolveModelsDir(), path.resolve(file))
    if (json) printJson(io, added)
    else io.stdout.write(`✓ ${added.name} added (${added.file})\n`)
    return 0
  },
}

const modelsDownload: Command = {
  path: ['models', 'download'],
  usage: 'models download NAME',
  summary: 'Download a Whisper model (resumes, checks its checksum).',
  async run({ positionals, json, io }) {
    const name = positionals[0]
    const entry = name ? catalogueModel(name) : undefined
    if (!name || !entry) {
      io.stderr.write(
        `${name ? `There is no model named ${name}. ` : ''}See "voces models list" for the names.\n`,
      )
      return 2
    }
    const target = path.join(resolveModelsDir(), modelFileName(name))
    let lastShown = 0
    const controller = new AbortController()
    const stop = () => controller.abort(new Error('Stopped; run the same command again to resume.'))
    process.once('SIGINT', stop)
    try {
      const { bytes, resumedFrom } = await downloadFile({
        url: modelUrl(name),
        target,
        expected: entry,
        signal: controller.signal,
        onProgress: (received, total) => {
          const now = Date.now()
          if (json || now - lastShown < 500) return
          lastShown = now
          const of = total ? ` of ${Math.round(total / 2 ** 20)} MB` : ''
          io.stderr.write(`\r${Math.round(received / 2 ** 20)} MB${of}   `)
        },
      })
      if (json) printJson(io, { name, file: target, bytes, resumedFrom })
      else
        io.stdout.write(`\n✓ ${name} downloaded (${Math.round(bytes / 2 ** 20)} MB): ${target}\n`)
      return 0
    } finally {
      process.off('SIGINT', stop)
    }
  },
}

export const transcriptionCommands: Command[] = [
  transcribe,
  transcript,
  transcriptImport,
  modelsList,
  modelsAdd,
  modelsDownload,
]
