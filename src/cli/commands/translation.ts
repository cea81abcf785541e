import type { Language } from '../../shared/language.ts'
import { dispatch } from '../../core/api/index.ts'
import { downloadBergamot } from '../../core/translation/bergamot.ts'
import { VocesError, type Result, type TranslationEngineInfo } from '../../shared/contract/index.ts'
import { formatDuration, printJson, type CliIo, type Command } from '../command.ts'
import { ProgressBars } from '../progress-bar.ts'

function fail(io: CliIo, json: boolean, error: { code: string; message: string }): number {
  if (json) printJson(io, { error })
  else io.stderr.write(`${error.message}\n`)
  return 1
}

const language = (value: unknown): Language | null =>
  value === 'en' || value === 'es' ? value : null

const engineOption = { engine: { type: 'string' } } as const

/** All of stdin as text (empty when it is a terminal nobody types into). */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer))
  return Buffer.concat(chunks).toString('utf8')
}

const translateRecording: Command = {
  path: ['translate'],
  usage:
    'translate RECORDING_ID --to es|en [--from subtitles|transcript] [--engine NAME] [--replace] [--json]',
  summary:
    "Fill one language's subtitle cues from the other's (or make a transcript's translation track), on this computer; --replace also replaces what a person typed or checked.",
  options: {
    to: { type: 'string' },
    from: { type: 'string' },
    replace: { type: 'boolean' },
    ...engineOption,
  },
  async run({ positionals, values, json, io, open }) {
    const recordingId = positionals[0]
    const to = language(values.to)
    const source = values.from ?? 'subtitles'
    if (
      !recordingId ||
      !to ||
      positionals.length > 1 ||
      (source !== 'subtitles' && source !== 'transcript')
    ) {
      io.stderr.write(`Usage: voces ${this.usage}\n`)
      return 2
    }
    const voces = await open()
    const bars = new ProgressBars(io, !json)
    voces.jobs.on('job', (job) => {
      if (job.kind === 'translate') bars.update(job)
    })
    const started = (await dispatch(
      source === 'transcript' ? 'translation.transcript' : 'translation.subtitles',
      {
        recordingId,
        to,
        engine: typeof values.engine === 'string' ? values.engine : undefined,
        replace: values.replace === true,
      },
      { voces, transport: 'cli' },
    )) as Result<{ jobId: string }>
    if (!started.ok) return fail(io, json, started.error)
    const job = await voces.jobs.waitFor(started.value.jobId)
    if (job.state !== 'succeeded') {
      return fail(
        io,
        json,
        job.error ?? { code: job.state.toUpperCase(), message: `Translation ${job.state}.` },
      )
    }
    if (source === 'transcript') {
      const made = job.result as { segments: number; engine: string }
      if (json) printJson(io, made)
      else
        io.stdout.write(
          `✓ ${recordingId}  translation track ${to}: ${made.segments} segments by ${made.engine}, machine text until a person checks it\n`,
        )
      return 0
    }
    const result = job.result as {
      translated: number
      kept: number
      empty: number
      alreadyInTarget: number
      problemCues: number[]
      engine: string
    }
    if (json) {
      const { written: _written, ...shown } = result as typeof result & { written?: unknown }
      printJson(io, shown)
    } else {
      const kept =
        result.kept > 0
          ? `, ${result.kept} typed or checked by a person kept (--replace to replace them)`
          : ''
      const problems =
        result.problemCues.length > 0
          ? `; ${result.problemCues.length} break the reading-speed or line rules (voces subtitles check ${recordingId} --language ${to})`
          : ''
      io.stdout.write(
        `✓ ${recordingId}  ${result.translated} cues translated into ${to} by ${result.engine}, marked machine translation until a person checks them${kept}${problems}\n`,
      )
    }
    return 0
  },
}

const translateText: Command = {
  path: ['translate', 'text'],
  usage: 'translate text --from en|es --to es|en [--engine NAME]',
  summary:
    'Translate standard input, one sentence a line, to standard output: one line out for each line in.',
  options: { from: { type: 'string' }, to: { type: 'string' }, ...engineOption },
  async run({ positionals, values, json, io, open }) {
    const from = language(values.from)
    const to = language(values.to)
    if (!from || !to || positionals.length > 0) {
      io.stderr.write(`Usage: voces ${this.usage}\n`)
      return 2
    }
    const text = await readStdin()
    const lines = text === '' ? [] : text.replace(/\r?\n$/, '').split(/\r?\n/)
    const result = (await dispatch(
      'translation.text',
      { from, to, lines, engine: typeof values.engine === 'string' ? values.engine : undefined },
      { voces: await open({ startJobs: false }), transport: 'cli' },
    )) as Result<{ lines: string[]; engine: string }>
    if (!result.ok) return fail(io, json, result.error)
    if (json) printJson(io, result.value)
    else if (result.value.lines.length > 0) io.stdout.write(result.value.lines.join('\n') + '\n')
    return 0
  },
}

const translateEngines: Command = {
  path: ['translate', 'engines'],
  usage: 'translate engines [--json]',
  summary: 'The translation engines: installed or not, their language pairs, how to install them.',
  async run({ json, io, open }) {
    const result = (await dispatch(
      'translation.engines',
      {},
      { voces: await open({ startJobs: false }), transport: 'cli' },
    )) as Result<TranslationEngineInfo[]>
    if (!result.ok) return fail(io, json, result.error)
    if (json) printJson(io, result.value)
    else
      for (const engine of result.value) {
        const pairs = engine.pairs.map((pair) => `${pair.from}→${pair.to}`).join(' ')
        const state = engine.installed ? `installed (${engine.path ?? ''})` : 'not installed'
        io.stdout.write(`${engine.name.padEnd(10)} ${engine.kind.padEnd(11)} ${state}  ${pairs}\n`)
        if (engine.hint) io.stdout.write(`           ${engine.hint}\n`)
      }
    return 0
  },
}

const translateEpisode: Command = {
  path: ['translate', 'episode'],
  usage: 'translate episode EPISODE_ID --to es|en [--engine NAME] [--json]',
  summary:
    "Print a machine draft of an episode's show notes, description and chapter titles in the other language (nothing is stored).",
  options: { to: { type: 'string' }, ...engineOption },
  async run({ positionals, values, json, io, open }) {
    const episodeId = positionals[0]
    const to = language(values.to)
    if (!episodeId || !to || positionals.length > 1) {
      io.stderr.write(`Usage: voces ${this.usage}\n`)
      return 2
    }
    const result = (await dispatch(
      'translation.episodeDraft',
      { episodeId, to, engine: typeof values.engine === 'string' ? values.engine : undefined },
      { voces: await open({ startJobs: false }), transport: 'cli' },
    )) as Result<{
      summary: string
      body: string
      description: string
      chapters: Array<{ start: number; title: string }>
      engine: string
    }>
    if (!result.ok) return fail(io, json, result.error)
    if (json) printJson(io, result.value)
    else {
      const draft = result.value
      const chapters = draft.chapters.map(
        (chapter) => `  ${formatDuration(chapter.start)}  ${chapter.title}`,
      )
      io.stdout.write(
        [
          `DRAFT (machine translation by ${draft.engine}: check it before saving)`,
          '',
          `Summary: ${draft.summary}`,
          '',
          draft.body,
          '',
          `Description: ${draft.description}`,
          '',
          'Chapters:',
          ...chapters,
          '',
        ].join('\n'),
      )
    }
    return 0
  },
}

const translateDownload: Command = {
  path: ['translate', 'download'],
  usage: 'translate download en-es|es-en',
  summary:
    "Download Bergamot's neural model for one direction (about 21 MB, checked against pinned SHA-256; resumes).",
  async run({ positionals, json, io }) {
    const [from, to] = (positionals[0] ?? '').split('-')
    const pair = { from: language(from), to: language(to) }
    if (!pair.from || !pair.to || pair.from === pair.to || positionals.length !== 1) {
      io.stderr.write(`Usage: voces ${this.usage}\n`)
      return 2
    }
    const direction = { from: pair.from, to: pair.to }
    let lastShown = 0
    const controller = new AbortController()
    const stop = () => controller.abort(new Error('Stopped; run the same command again to resume.'))
    process.once('SIGINT', stop)
    try {
      const { bytes } = await downloadBergamot(direction, {
        signal: controller.signal,
        onProgress: (fraction) => {
          const now = Date.now()
          if (json || now - lastShown < 500) return
          lastShown = now
          io.stderr.write(`\r${Math.round(fraction * 100)}%   `)
        },
      })
      if (json) printJson(io, { engine: 'bergamot', ...direction, bytes })
      else
        io.stdout.write(
          `\n✓ Bergamot ${direction.from}→${direction.to} downloaded (${bytes} bytes)\n`,
        )
      return 0
    } catch (error) {
      if (error instanceof VocesError) return fail(io, json, error.toApiError())
      if (!json) io.stderr.write('\n')
      return fail(io, json, {
        code: 'DOWNLOAD_FAILED',
        message: `The Bergamot model could not be downloaded: ${error instanceof Error ? error.message : String(error)}`,
      })
    } finally {
      process.off('SIGINT', stop)
    }
  },
}

export const translationCommands: Command[] = [
  translateRecording,
  translateText,
  translateEngines,
  translateEpisode,
  translateDownload,
]
