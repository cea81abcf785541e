import { dispatch } from '../../core/api/index.ts'
import { translate } from '../../shared/i18n/index.ts'
import { shownSpeaker } from '../../shared/speakers.ts'
import type { SpeakersList, VoiceProfile } from '../../shared/contract/index.ts'
import {
  formatDuration,
  printJson,
  type CliIo,
  type Command,
  type CommandContext,
} from '../command.ts'
import { callApi, listCommand } from '../call.ts'
import { ProgressBars } from '../progress-bar.ts'

/**
 * `voces speakers …` and `voces voices …` (decisions 0153 and 0155): detection jobs, each
 * recording's voices, names and merges, turns as RTTM or JSON, and the voices the center keeps.
 */

function fail(io: CliIo, json: boolean, error: { code: string; message: string }): number {
  if (json) printJson(io, { error })
  else io.stderr.write(`${error.message}\n`)
  return 1
}

function showVoices(io: CliIo, list: SpeakersList): void {
  if (list.voices.length === 0) {
    io.stdout.write(
      `Recording ${list.recordingId} has no speakers yet. Detect them with: voces speakers detect ${list.recordingId}\n`,
    )
    return
  }
  for (const voice of list.voices) {
    const shown = shownSpeaker(voice.label, voice.name)
    const union = voice.affiliation ? ` (${voice.affiliation})` : ''
    const label = shown === voice.label ? '' : `  [${voice.label}]`
    const proposal = voice.proposal
      ? `  — sounds like ${voice.proposal.name}: confirm with voces speakers rename ${list.recordingId} "${voice.label}" "${voice.proposal.name}"`
      : ''
    io.stdout.write(`${shown}${union}${label}  ${formatDuration(voice.seconds)}${proposal}\n`)
  }
  const how = list.state.engine ? `detected by the ${list.state.engine} engine` : 'not detected'
  io.stdout.write(
    `\n${translate('en', 'cli.speakers', { count: list.voices.length })}, ${how}${list.state.corrected ? ', corrected by a person' : ''}.\n`,
  )
}

function listing(ctx: CommandContext, list: SpeakersList | null): number {
  if (!list) return 1
  if (ctx.json) printJson(ctx.io, list)
  else showVoices(ctx.io, list)
  return 0
}

const engines = ['auto', 'basic', 'neural', 'channels'] as const

const detect: Command = {
  path: ['speakers', 'detect'],
  usage:
    'speakers detect RECORDING_ID... [--speakers N] [--engine auto|basic|neural|channels] [--replace] [--json]',
  summary: 'Find who speaks when, and give each segment and word its speaker.',
  options: {
    speakers: { type: 'string' },
    engine: { type: 'string' },
    replace: { type: 'boolean' },
  },
  async run({ positionals, values, json, io, open }) {
    if (positionals.length === 0) {
      io.stderr.write('Name at least one recording: voces speakers detect RECORDING_ID...\n')
      return 2
    }
    const engine = values.engine ?? 'auto'
    if (!engines.includes(engine as (typeof engines)[number])) {
      io.stderr.write('--engine is auto, basic, neural or channels.\n')
      return 2
    }
    let speakers: number | undefined
    if (values.speakers !== undefined) {
      speakers = Number(values.speakers)
      if (!Number.isInteger(speakers)) {
        io.stderr.write('--speakers is a whole number of voices, such as 2.\n')
        return 2
      }
    }
    const voces = await open()
    const bars = new ProgressBars(io, !json)
    voces.jobs.on('job', (job) => {
      if (job.kind === 'speakers-detect') bars.update(job)
    })
    const started = await dispatch(
      'speakers.detect',
      {
        recordingIds: positionals,
        ...(speakers !== undefined ? { speakers } : {}),
        engine: engine as (typeof engines)[number],
        replace: values.replace === true,
      },
      { voces, transport: 'cli' },
    )
    if (!started.ok) return fail(io, json, started.error)
    const { jobs } = started.value as { jobs: Array<{ recordingId: string; jobId: string }> }
    type Outcome = { recordingId: string; jobId: string; error?: { code: string; message: string } }
    const outcomes: Outcome[] = await Promise.all(
      jobs.map(async ({ recordingId, jobId }): Promise<Outcome> => {
        const job = await voces.jobs.waitFor(jobId)
        return job.state === 'succeeded'
          ? { recordingId, jobId, ...(job.result as object) }
          : {
              recordingId,
              jobId,
              error: job.error ?? {
                code: job.state.toUpperCase(),
                message: `Speaker detection ${job.state}.`,
              },
            }
      }),
    )
    if (json) printJson(io, outcomes)
    else {
      for (const outcome of outcomes) {
        if (outcome.error) io.stderr.write(`✗ ${outcome.recordingId}: ${outcome.error.message}\n`)
        else {
          const done = outcome as unknown as { engine: string; speakers: number; turns: number }
          io.stdout.write(
            `✓ ${outcome.recordingId}  ${done.speakers} speakers, ${done.turns} turns (${done.engine} engine)\n`,
          )
        }
      }
    }
    return outcomes.some((outcome) => outcome.error) ? 1 : 0
  },
}

const list: Command = {
  path: ['speakers', 'list'],
  usage: 'speakers list RECORDING_ID [--json]',
  summary: "A recording's voices: name, union, talk time, and a remembered name to confirm.",
  async run(ctx) {
    const recordingId = ctx.positionals[0]
    if (!recordingId || ctx.positionals.length > 1) {
      ctx.io.stderr.write(`Usage: voces ${this.usage}\n`)
      return 2
    }
    return listing(ctx, await callApi(ctx, 'speakers.list', { recordingId }))
  },
}

const rename: Command = {
  path: ['speakers', 'rename'],
  usage: 'speakers rename RECORDING_ID LABEL "NAME" [--union TEXT] [--remember] [--json]',
  summary: 'Name a voice (its union with --union); --remember keeps the voice to find it again.',
  options: { union: { type: 'string' }, remember: { type: 'boolean' } },
  async run(ctx) {
    const [recordingId, speaker, name] = ctx.positionals
    if (!recordingId || !speaker || name === undefined || ctx.positionals.length > 3) {
      ctx.io.stderr.write(
        `Usage: voces ${this.usage}\n(put a name of several words in quotes: "Ana María López")\n`,
      )
      return 2
    }
    const union = typeof ctx.values.union === 'string' ? ctx.values.union : undefined
    return listing(
      ctx,
      await callApi(ctx, 'speakers.rename', {
        recordingId,
        speaker,
        name,
        ...(union !== undefined ? { affiliation: union } : {}),
        remember: ctx.values.remember === true,
      }),
    )
  },
}

const merge: Command = {
  path: ['speakers', 'merge'],
  usage: 'speakers merge RECORDING_ID LABEL INTO_LABEL [--json]',
  summary: 'Make two voices one: every segment of the first goes to the second.',
  async run(ctx) {
    const [recordingId, speaker, into] = ctx.positionals
    if (!recordingId || !speaker || !into || ctx.positionals.length > 3) {
      ctx.io.stderr.write(`Usage: voces ${this.usage}\n`)
      return 2
    }
    return listing(ctx, await callApi(ctx, 'speakers.merge', { recordingId, speaker, into }))
  },
}

const turns: Command = {
  path: ['speakers', 'turns'],
  usage: 'speakers turns RECORDING_ID --format rttm|json',
  summary: 'Who spoke when, as RTTM or JSON (with or without a transcript).',
  options: { format: { type: 'string' } },
  async run(ctx) {
    const recordingId = ctx.positionals[0]
    const format = ctx.values.format ?? (ctx.json ? 'json' : 'rttm')
    if (!recordingId || (format !== 'rttm' && format !== 'json')) {
      ctx.io.stderr.write(`Usage: voces ${this.usage}\n`)
      return 2
    }
    const value = await callApi(ctx, 'speakers.turns', { recordingId, format })
    if (!value) return 1
    if (format === 'json') printJson(ctx.io, value.turns)
    else ctx.io.stdout.write(value.text)
    return 0
  },
}

const voicesList = listCommand({
  path: ['voices', 'list'],
  usage: 'voices list [--json]',
  summary: 'The voices this library remembers (names only; never exported).',
  method: 'voices.list',
  input: () => ({}),
  empty:
    'No voice is remembered. Keep one with: voces speakers rename RECORDING_ID LABEL "NAME" --remember',
  line: (profile: VoiceProfile) =>
    `${profile.name}${profile.affiliation ? ` (${profile.affiliation})` : ''}  since ${profile.createdAt.slice(0, 10)}`,
})

const voicesForget: Command = {
  path: ['voices', 'forget'],
  usage: 'voices forget NAME [--json]',
  summary: 'Delete a remembered voice for good (names already given stay).',
  async run(ctx) {
    const name = ctx.positionals[0]
    if (!name || ctx.positionals.length > 1) {
      ctx.io.stderr.write(`Usage: voces ${this.usage}\n(put a name of several words in quotes)\n`)
      return 2
    }
    const forgetting = await callApi(ctx, 'voices.forget', { name })
    if (!forgetting) return 1
    const { forgotten } = forgetting
    if (ctx.json) printJson(ctx.io, { name, forgotten })
    else if (forgotten) ctx.io.stdout.write(`✓ The voice of ${name} is forgotten.\n`)
    else {
      ctx.io.stderr.write(`No voice named ${name} is remembered. See: voces voices list\n`)
      return 1
    }
    return 0
  },
}

interface ModelStates {
  dir: string
  models: Array<{ file: string; description: string; installed: boolean; problem: string | null }>
}

function showModels(io: CliIo, states: ModelStates): void {
  for (const model of states.models) {
    const state = model.problem
      ? `damaged: ${model.problem}`
      : model.installed
        ? 'installed'
        : 'not installed'
    io.stdout.write(`${model.file}  ${state}\n  ${model.description}\n`)
  }
  const ready = states.models.every((model) => model.installed && !model.problem)
  io.stdout.write(
    ready
      ? `\nThe neural speaker engine is ready (${states.dir}).\n`
      : `\nGet them with: voces speakers models download (into ${states.dir})\n`,
  )
}

const models: Command = {
  path: ['speakers', 'models'],
  usage: 'speakers models [--json]',
  summary: "The neural speaker engine's models, and whether each is installed.",
  async run(ctx) {
    const states = await callApi(ctx, 'speakers.models', {})
    if (!states) return 1
    if (ctx.json) printJson(ctx.io, states)
    else showModels(ctx.io, states)
    return 0
  },
}

const modelsDownload: Command = {
  path: ['speakers', 'models', 'download'],
  usage: 'speakers models download [--json]',
  summary: "Download the neural speaker engine's models (resumes if cut off).",
  async run({ json, io, open }) {
    const voces = await open()
    const bars = new ProgressBars(io, !json)
    voces.jobs.on('job', (job) => {
      if (job.kind === 'speaker-models-download') bars.update(job)
    })
    const started = await dispatch('speakers.downloadModels', {}, { voces, transport: 'cli' })
    if (!started.ok) return fail(io, json, started.error)
    const job = await voces.jobs.waitFor((started.value as { jobId: string }).jobId)
    if (job.state !== 'succeeded')
      return fail(
        io,
        json,
        job.error ?? { code: job.state.toUpperCase(), message: `Download ${job.state}.` },
      )
    const { downloaded } = job.result as { downloaded: string[] }
    if (json) printJson(io, { downloaded })
    else
      io.stdout.write(
        downloaded.length === 0
          ? '✓ The speaker models were already installed.\n'
          : `✓ Downloaded ${downloaded.join(', ')}.\n`,
      )
    return 0
  },
}

export const speakerCommands: Command[] = [
  models,
  modelsDownload,
  detect,
  list,
  rename,
  merge,
  turns,
  voicesList,
  voicesForget,
]
