import { parseClockTime } from '../../shared/time.ts'
import path from 'node:path'
import { dispatch } from '../../core/api/index.ts'
import { fetchStoredExport, storedFilesOf } from '../../core/export/stored.ts'
import { parseDisguiseFlag } from '../../core/redaction/disguise.ts'
import { writeFileAtomic } from '../../core/util/atomic-file.ts'
import type {
  Clip,
  CutSpan,
  Episode,
  ExportResult,
  Filler,
  Job,
} from '../../shared/contract/index.ts'
import {
  formatDuration,
  printJson,
  type Command,
  type CommandContext,
  type OptionSpec,
} from '../command.ts'
import { ProgressBars } from '../progress-bar.ts'
import { openFor, queueMode, queueOptions } from '../queued.ts'

/** `ID`, `ID:IN-OUT` (seconds, or h:mm:ss / m:ss). A clip without times is the whole recording. */
export async function parseClip(
  spec: string,
  durationOf: (id: string) => Promise<number>,
): Promise<Clip> {
  const match = /^([^:]+)(?::([\d:.]+)-([\d:.]+))?$/.exec(spec)
  if (!match?.[1])
    throw new Error(
      `"${spec}" is not a clip: write RECORDING_ID or RECORDING_ID:IN-OUT (seconds or m:ss).`,
    )
  const id = match[1]
  const start = match[2] === undefined ? 0 : parseTime(match[2])
  const end = match[3] === undefined ? await durationOf(id) : parseTime(match[3])
  if (!(end > start)) throw new Error(`The clip "${spec}" ends before it starts.`)
  return { recordingId: id, start, end }
}

/** A time typed on the command line, read as the interface's time fields read one. */
export function parseTime(text: string): number {
  const seconds = parseClockTime(text, { typed: true })
  if (seconds === null) throw new Error(`"${text}" is not a time (seconds, m:ss or h:mm:ss).`)
  return seconds
}

function fail(io: CommandContext['io'], message: string, json: boolean, code = 1): number {
  if (json) printJson(io, { error: { message } })
  else io.stderr.write(`${message}\n`)
  return code
}

const create: Command = {
  path: ['episode', 'create'],
  usage:
    'episode create --title T --recording ID[:IN-OUT]... [--show S] [--number N] [--year Y] [--cover IMG] [--intro AUDIO] [--outro AUDIO] [--json]',
  summary: 'Make an episode from clips of recordings.',
  options: {
    title: { type: 'string' },
    recording: { type: 'string', multiple: true },
    show: { type: 'string' },
    number: { type: 'string' },
    year: { type: 'string' },
    cover: { type: 'string' },
    intro: { type: 'string' },
    outro: { type: 'string' },
  },
  async run({ values, json, io, open }) {
    const title = typeof values.title === 'string' ? values.title : ''
    const specs = Array.isArray(values.recording) ? values.recording : []
    if (!title || specs.length === 0)
      return fail(io, 'An episode needs --title and at least one --recording ID[:IN-OUT].', json, 2)
    const voces = await open({ startJobs: false })
    const clips: Clip[] = []
    try {
      for (const spec of specs)
        clips.push(
          await parseClip(
            spec,
            async (id) => (await voces.storage.recordings.require(id)).duration,
          ),
        )
    } catch (error) {
      return fail(io, error instanceof Error ? error.message : String(error), json)
    }
    const optionalNumber = (v: unknown) => (typeof v === 'string' ? Number(v) : null)
    const optionalText = (v: unknown) => (typeof v === 'string' ? v : null)
    const result = await dispatch(
      'episodes.create',
      {
        title,
        clips,
        showTitle: typeof values.show === 'string' ? values.show : '',
        number: optionalNumber(values.number),
        year: optionalNumber(values.year),
        cover: optionalText(values.cover),
        intro: optionalText(values.intro),
        outro: optionalText(values.outro),
      },
      { voces, transport: 'cli' },
    )
    if (!result.ok) return fail(io, result.error.message, json)
    const episode = result.value as Episode
    if (json) printJson(io, episode)
    else io.stdout.write(`${episode.id}  ${formatDuration(episode.duration)}  ${episode.title}\n`)
    return 0
  },
}

const chapters: Command = {
  path: ['episode', 'chapters'],
  usage:
    'episode chapters EPISODE_ID [--add TIME "TITLE EN" "TITULO ES" | --propose [--save]] [--json]',
  summary:
    "List an episode's chapters, add one (time on the episode's timeline), or propose them from the transcript.",
  options: { add: { type: 'string' }, propose: { type: 'boolean' }, save: { type: 'boolean' } },
  async run({ positionals, values, json, io, open }) {
    const [id, ...titles] = positionals
    if (!id) return fail(io, 'Name the episode: voces episode chapters EPISODE_ID', json, 2)
    const voces = await open({ startJobs: false })
    const episode = await voces.storage.episodes.get(id)
    if (!episode) return fail(io, `There is no episode ${id} in this library.`, json)
    let current = episode
    if (typeof values.add === 'string') {
      let start: number
      try {
        start = parseTime(values.add)
      } catch (error) {
        return fail(io, error instanceof Error ? error.message : String(error), json, 2)
      }
      const [titleEn = '', titleEs = ''] = titles
      const result = await dispatch(
        'episodes.setChapters',
        { id, chapters: [...episode.chapters, { start, titleEn, titleEs }] },
        { voces, transport: 'cli' },
      )
      if (!result.ok) return fail(io, result.error.message, json)
      current = result.value as Episode
    }
    if (values.propose === true) {
      const proposed = await dispatch(
        'episodes.proposeChapters',
        { id },
        { voces, transport: 'cli' },
      )
      if (!proposed.ok) return fail(io, proposed.error.message, json)
      const chapters = proposed.value as Episode['chapters']
      if (values.save === true) {
        const saved = await dispatch(
          'episodes.setChapters',
          { id, chapters },
          { voces, transport: 'cli' },
        )
        if (!saved.ok) return fail(io, saved.error.message, json)
      }
      current = { ...current, chapters }
    }
    if (json) printJson(io, current.chapters)
    else
      for (const c of current.chapters)
        io.stdout.write(
          `${formatDuration(c.start).padStart(8)}  ${c.titleEn}${c.titleEs ? ` / ${c.titleEs}` : ''}\n`,
        )
    return 0
  },
}

/** `RECORDING_ID:FROM-TO` on the recording's clock (seconds, m:ss or h:mm:ss). */
export function parseSpan(spec: string): CutSpan {
  const match = /^([^:]+):([\d:.]+)-([\d:.]+)$/.exec(spec)
  if (!match?.[1] || !match[2] || !match[3])
    throw new Error(`"${spec}" is not a stretch: write RECORDING_ID:FROM-TO (seconds or m:ss).`)
  const start = parseTime(match[2])
  const end = parseTime(match[3])
  if (!(end > start)) throw new Error(`The stretch "${spec}" ends before it starts.`)
  return { recordingId: match[1], start, end }
}

const cuts: Command = {
  path: ['episode', 'cuts'],
  usage:
    'episode cuts EPISODE_ID [--cut REC:FROM-TO]... [--restore REC:FROM-TO]... [--fillers] [--remove-fillers] [--json]',
  summary:
    "List an episode's cuts; cut or restore stretches of a recording (its own clock, widened to the pauses around the words); list filler words, or remove them all.",
  options: {
    cut: { type: 'string', multiple: true },
    restore: { type: 'string', multiple: true },
    fillers: { type: 'boolean' },
    'remove-fillers': { type: 'boolean' },
  },
  async run({ positionals, values, json, io, open }) {
    const id = positionals[0]
    if (!id) return fail(io, 'Name the episode: voces episode cuts EPISODE_ID', json, 2)
    const list = (value: unknown) => (Array.isArray(value) ? value : [])
    let toCut: CutSpan[]
    let toRestore: CutSpan[]
    try {
      toCut = list(values.cut).map(parseSpan)
      toRestore = list(values.restore).map(parseSpan)
    } catch (error) {
      return fail(io, error instanceof Error ? error.message : String(error), json, 2)
    }
    const voces = await open({ startJobs: false })
    const call = async (method: string, input: unknown) => {
      const result = await dispatch(method, input, { voces, transport: 'cli' })
      if (!result.ok) throw new Error(result.error.message)
      return result.value
    }
    try {
      if (toCut.length > 0) await call('episodes.cut', { id, spans: toCut, kind: 'edit' })
      if (toRestore.length > 0) await call('episodes.restore', { id, spans: toRestore })
      let fillers: Filler[] | null = null
      if (values['remove-fillers'] === true || values.fillers === true) {
        fillers = (await call('episodes.fillers', { id })) as Filler[]
        const offered = fillers.filter((f) => !f.cut)
        if (values['remove-fillers'] === true && offered.length > 0) {
          await call('episodes.cut', {
            id,
            kind: 'filler',
            spans: offered.map((f) => ({ recordingId: f.recordingId, start: f.start, end: f.end })),
          })
          fillers = (await call('episodes.fillers', { id })) as Filler[]
        }
      }
      const episode = (await call('episodes.get', { id })) as Episode
      if (json) {
        printJson(io, { cuts: episode.cuts, duration: episode.duration, fillers })
        return 0
      }
      for (const cut of episode.cuts)
        io.stdout.write(
          `${cut.recordingId}  ${cut.start.toFixed(3)}-${cut.end.toFixed(3)}  ${cut.kind}\n`,
        )
      for (const f of fillers ?? [])
        io.stdout.write(
          `${formatDuration(f.at).padStart(8)}  ${f.cut ? 'removed' : 'offered'}  ${f.before ? `…${f.before} ` : ''}[${f.text}]${f.after ? ` ${f.after}…` : ''}\n`,
        )
      io.stdout.write(
        `${episode.cuts.length} cuts; the episode lasts ${formatDuration(episode.duration)}\n`,
      )
      return 0
    } catch (error) {
      return fail(io, error instanceof Error ? error.message : String(error), json)
    }
  },
}

const podcast: Command = {
  path: ['export', 'podcast'],
  usage:
    'export podcast EPISODE_OR_RECORDING_ID [--format mp3|m4a] [--lufs -16] [--mono] [--disguise NAME[:SEMITONES]]... [--reason TEXT] [--publish-url URL] -o FILE [--no-wait] [--local] [--json]',
  summary: 'Export a loudness-normalised podcast file with chapters and tags.',
  options: {
    format: { type: 'string' },
    lufs: { type: 'string' },
    mono: { type: 'boolean' },
    reason: { type: 'string' },
    disguise: { type: 'string', multiple: true },
    'publish-url': { type: 'string' },
    output: { type: 'string', short: 'o' },
    ...queueOptions,
  },
  async run(ctx) {
    const { positionals, values, json, io } = ctx
    const source = positionals[0]
    const output = typeof values.output === 'string' ? values.output : ''
    if (!source || !output)
      return fail(io, 'Name what to export and where: voces export podcast ID -o FILE', json, 2)
    const publishUrl = values['publish-url']
    const input = {
      source,
      output,
      format: values.format ?? (output.toLowerCase().endsWith('.m4a') ? 'm4a' : 'mp3'),
      channels: values.mono === true ? 1 : 2,
      lufs: typeof values.lufs === 'string' ? Number(values.lufs) : undefined,
      disguise: disguiseFlags(values.disguise),
      reason: typeof values.reason === 'string' ? values.reason : '',
      publishUrl: typeof publishUrl === 'string' ? publishUrl : '',
    }
    return runExport(
      ctx,
      'export.podcast',
      input,
      (value) => {
        const result = value as unknown as ExportResult
        return `${result.output}  ${formatDuration(result.duration)}  ${result.loudness.integrated} LUFS, true peak ${result.loudness.truePeak} dBTP, ${result.chapters} chapters\n${result.sidecars.map((file) => `  beside it: ${file}\n`).join('')}${result.sidecars.some((file) => file.endsWith('.rss-item.xml')) ? '' : '  No RSS item: give --publish-url URL, the web folder these files will be published in.\n'}`.trimEnd()
      },
      (value) => {
        const result = value as unknown as ExportResult
        return { output: result.output, duration: result.duration, loudness: result.loudness }
      },
    )
  },
}

const notes: Command = {
  path: ['export', 'notes'],
  usage: 'export notes EPISODE_ID --format md|html [-o FILE]',
  summary: 'Write the bilingual show notes as Markdown or HTML (stdout without -o).',
  options: { format: { type: 'string' }, output: { type: 'string', short: 'o' } },
  async run({ positionals, values, json, io, open }) {
    const id = positionals[0]
    const format = values.format ?? 'md'
    if (!id || (format !== 'md' && format !== 'html'))
      return fail(io, 'Usage: voces export notes EPISODE_ID --format md|html [-o FILE]', json, 2)
    const result = await dispatch(
      'export.notes',
      { id, format },
      { voces: await open({ startJobs: false }), transport: 'cli' },
    )
    if (!result.ok) return fail(io, result.error.message, json)
    const text = (result.value as { text: string }).text
    if (typeof values.output === 'string') {
      await writeFileAtomic(path.resolve(values.output), text)
      if (json) printJson(io, { output: path.resolve(values.output) })
    } else io.stdout.write(text)
    return 0
  },
}

/**
 * Starts an export job through the contract and waits for it, with a progress bar on a TTY. On a
 * shared archive a worker does it and the files come down from the archive's store once done
 * (decision 0192); --no-wait prints the job id, and `voces export fetch` brings them later.
 */
async function runExport(
  ctx: CommandContext,
  method: 'export.podcast' | 'export.video' | 'export.audiogram',
  input: Record<string, unknown> & { output: string },
  describe: (result: Record<string, unknown>) => string,
  jsonOf: (result: Record<string, unknown>) => unknown = (result) => result,
): Promise<number> {
  const { io, json } = ctx
  const mode = queueMode(ctx)
  if (!mode) return 2
  const voces = await openFor(ctx, mode)
  const bars = new ProgressBars(io, !json)
  voces.jobs.on('job', (job) => bars.update(job))
  // This machine's path: a worker elsewhere resolves nothing against the person's folder.
  const started = await dispatch(
    method,
    { ...input, output: path.resolve(input.output) },
    { voces, transport: 'cli' },
  )
  if (!started.ok) return fail(io, started.error.message, json)
  const jobId = (started.value as { jobId: string }).jobId
  if (mode.noWait) {
    if (json) printJson(io, { jobId })
    else
      io.stdout.write(
        `job ${jobId}\n${ctx.location.kind === 'postgres' ? `Once a worker has done it: voces export fetch ${jobId}\n` : ''}`,
      )
    return 0
  }
  const job: Job = await voces.jobs.waitFor(jobId)
  if (job.state !== 'succeeded') return fail(io, job.error?.message ?? `Export ${job.state}.`, json)
  if (storedFilesOf(job))
    try {
      await fetchStoredExport(voces, job)
    } catch (error) {
      return fail(io, error instanceof Error ? error.message : String(error), json)
    }
  const result = job.result as Record<string, unknown>
  const shown = { ...result }
  delete shown.stored
  if (json) printJson(io, jsonOf(shown))
  else io.stdout.write(describe(shown) + '\n')
  return 0
}

const fetchExport: Command = {
  path: ['export', 'fetch'],
  usage: 'export fetch JOB_ID [-o DIR] [--json]',
  summary:
    'Download what a shared archive’s worker exported (after export … --no-wait) into the folder asked for then, or DIR.',
  options: { output: { type: 'string', short: 'o' } },
  async run({ positionals, values, json, io, open }) {
    const jobId = positionals[0]
    if (!jobId || positionals.length > 1)
      return fail(io, 'Name the export job: voces export fetch JOB_ID [-o DIR]', json, 2)
    const voces = await open({ startJobs: false })
    const job = await voces.jobs.get(jobId)
    if (!job) return fail(io, `No job ${jobId}.`, json)
    try {
      const files = await fetchStoredExport(
        voces,
        job,
        typeof values.output === 'string' ? values.output : undefined,
      )
      const output = (job.result as { output?: string } | null)?.output ?? ''
      if (json) printJson(io, { jobId, files: files.length > 0 ? files : [output] })
      else if (files.length === 0) io.stdout.write(`Written by the export itself: ${output}\n`)
      else for (const file of files) io.stdout.write(`✓ ${file}\n`)
      return 0
    } catch (error) {
      return fail(io, error instanceof Error ? error.message : String(error), json)
    }
  },
}

/** `--disguise "Speaker name"[:semitones]`, repeatable (0060): each speaker's voice is shifted. */
const disguiseFlags = (value: unknown) =>
  (Array.isArray(value) ? value : typeof value === 'string' ? [value] : [])
    .filter((spec): spec is string => typeof spec === 'string')
    .map(parseDisguiseFlag)

const languageList = (value: unknown) =>
  typeof value === 'string' && value !== '' ? value.split(',').map((v) => v.trim()) : []

/** Beside each media export's own options: why (for consent), whose voice is disguised, and where. */
const mediaExportOptions = {
  reason: { type: 'string' },
  disguise: { type: 'string', multiple: true },
  output: { type: 'string', short: 'o' },
  ...queueOptions,
} satisfies OptionSpec

/** The recording or episode named and what mediaExportOptions gave; null when either is missing. */
function mediaExportInput(ctx: CommandContext) {
  const source = ctx.positionals[0]
  if (!source || typeof ctx.values.output !== 'string') return null
  return {
    source,
    output: ctx.values.output,
    disguise: disguiseFlags(ctx.values.disguise),
    reason: typeof ctx.values.reason === 'string' ? ctx.values.reason : '',
  }
}

const video: Command = {
  path: ['export', 'video'],
  usage:
    'export video RECORDING_ID [--burn en|es|en,es] [--soft en,es] [--disguise NAME[:SEMITONES]]... [--reason TEXT] -o FILE.mp4|FILE.mkv [--no-wait] [--local] [--json]',
  summary: 'Export the video with subtitles burned in and/or as soft tracks.',
  options: { burn: { type: 'string' }, soft: { type: 'string' }, ...mediaExportOptions },
  async run(ctx) {
    const given = mediaExportInput(ctx)
    if (!given) return fail(ctx.io, 'Usage: voces export video RECORDING_ID -o FILE', ctx.json, 2)
    const { source: recordingId, ...common } = given
    const input = {
      recordingId,
      ...common,
      burn: languageList(ctx.values.burn),
      soft: languageList(ctx.values.soft),
    }
    return runExport(
      ctx,
      'export.video',
      input,
      (r) => `${String(r.output)}  ${JSON.stringify(r.subtitleStreams)}`,
    )
  },
}

const audiogram: Command = {
  path: ['export', 'audiogram'],
  usage:
    'export audiogram EPISODE_OR_RECORDING_ID [--size square|vertical] [--captions en|es|none] [--disguise NAME[:SEMITONES]]... [--reason TEXT] -o FILE [--no-wait] [--local] [--json]',
  summary: 'A square or vertical video of the audio with its waveform, cover and captions.',
  options: { size: { type: 'string' }, captions: { type: 'string' }, ...mediaExportOptions },
  async run(ctx) {
    const given = mediaExportInput(ctx)
    if (!given) return fail(ctx.io, 'Usage: voces export audiogram ID -o FILE', ctx.json, 2)
    const { size, captions } = ctx.values
    const input = {
      ...given,
      size: size ?? 'square',
      captions: captions === 'none' ? null : (captions ?? 'en'),
    }
    return runExport(
      ctx,
      'export.audiogram',
      input,
      (r) => `${String(r.output)}  ${String(r.width)}x${String(r.height)}`,
    )
  },
}

export const episodeCommands: Command[] = [
  create,
  chapters,
  cuts,
  podcast,
  notes,
  video,
  audiogram,
  fetchExport,
]
