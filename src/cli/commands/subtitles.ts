import type { Language } from '../../shared/language.ts'
import path from 'node:path'
import { dispatch } from '../../core/api/index.ts'
import { checkFile } from '../../core/subtitles/service.ts'
import { writeFileAtomic } from '../../core/util/atomic-file.ts'
import { VocesError, type SubtitleCheck, type Subtitles } from '../../shared/contract/index.ts'
import { printJson, type CliIo, type Command } from '../command.ts'

type Format = 'srt' | 'vtt' | 'ass'

function fail(io: CliIo, message: string, json: boolean, code = 1): number {
  if (json) printJson(io, { error: { message } })
  else io.stderr.write(`${message}\n`)
  return code
}

function languageOf(value: unknown): Language | undefined | null {
  if (value === undefined) return undefined
  return value === 'en' || value === 'es' ? value : null
}

function summary(subtitles: Subtitles): string {
  const tracks = subtitles.tracks.map(
    (t) => `${t.language}: ${t.cues} cues (${t.origin}${t.timing ? ', timing' : ''})`,
  )
  return `${subtitles.cues.length} cues. ${tracks.join('; ')}\n`
}

const make: Command = {
  path: ['subtitles', 'make'],
  usage: 'subtitles make RECORDING_ID [--track en|es] [--replace] [--json]',
  summary: "Make subtitle cues from a recording's transcript by the subtitle rules.",
  options: { track: { type: 'string' }, replace: { type: 'boolean' } },
  async run({ positionals, values, json, io, open }) {
    const id = positionals[0]
    const language = languageOf(values.track)
    if (!id || language === null)
      return fail(io, 'Usage: voces subtitles make RECORDING_ID [--track en|es]', json, 2)
    const voces = await open({ startJobs: false })
    const result = await dispatch(
      'subtitles.make',
      { recordingId: id, language, replace: values.replace === true },
      { voces, transport: 'cli' },
    )
    if (!result.ok) return fail(io, result.error.message, json)
    const subtitles = result.value as Subtitles
    if (json) printJson(io, subtitles)
    else io.stdout.write(summary(subtitles))
    return 0
  },
}

const importCommand: Command = {
  path: ['subtitles', 'import'],
  usage: 'subtitles import RECORDING_ID FILE --track en|es [--replace] [--json]',
  summary:
    'Import an SRT, WebVTT or ASS file into a subtitle track (any common text encoding); --replace to replace cues already there.',
  options: { track: { type: 'string' }, replace: { type: 'boolean' } },
  async run({ positionals, values, json, io, open }) {
    const [id, file] = positionals
    const language = languageOf(values.track)
    if (!id || !file || !language)
      return fail(
        io,
        'Usage: voces subtitles import RECORDING_ID FILE --track en|es [--replace]',
        json,
        2,
      )
    const voces = await open({ startJobs: false })
    const result = await dispatch(
      'subtitles.import',
      { recordingId: id, language, path: path.resolve(file), replace: values.replace === true },
      { voces, transport: 'cli' },
    )
    if (!result.ok) {
      const hint =
        result.error.code === 'SUBTITLES_IMPORT_REPLACES' ? ' Add --replace to replace them.' : ''
      return fail(io, `${file}: ${result.error.message}${hint}`, json)
    }
    const imported = result.value as {
      subtitles: Subtitles
      format: string
      encoding: string
      cues: number
    }
    if (json) printJson(io, imported)
    else
      io.stdout.write(
        `Read ${imported.cues} cues (${imported.format}, ${imported.encoding}). ${summary(imported.subtitles)}`,
      )
    if (imported.encoding === 'utf-8+windows-1252')
      io.stderr.write(
        `Note: ${file} mixes two encodings (UTF-8 and Windows-1252), as when lines are pasted together from two programs. Each letter was read in the encoding it was written in; check the accented letters once.\n`,
      )
    return 0
  },
}

const exportCommand: Command = {
  path: ['subtitles', 'export'],
  usage:
    'subtitles export RECORDING_ID --track en|es --format srt|vtt|ass [--reason TEXT] [-o FILE]',
  summary: 'Write a subtitle track as a file (atomically), or to stdout without -o.',
  options: {
    track: { type: 'string' },
    format: { type: 'string' },
    output: { type: 'string', short: 'o' },
    reason: { type: 'string' },
  },
  async run({ positionals, values, json, io, open }) {
    const id = positionals[0]
    const language = languageOf(values.track)
    const format = values.format
    if (!id || !language || (format !== 'srt' && format !== 'vtt' && format !== 'ass')) {
      return fail(
        io,
        'Usage: voces subtitles export RECORDING_ID --track en|es --format srt|vtt|ass [-o FILE]',
        json,
        2,
      )
    }
    const voces = await open({ startJobs: false })
    const result = await dispatch(
      'subtitles.export',
      {
        recordingId: id,
        language,
        format: format satisfies Format,
        reason: typeof values.reason === 'string' ? values.reason : '',
      },
      { voces, transport: 'cli' },
    )
    if (!result.ok) return fail(io, result.error.message, json)
    const exported = result.value as { text: string; fileName: string; cues: number }
    if (typeof values.output !== 'string') {
      io.stdout.write(exported.text)
      return 0
    }
    const target = path.resolve(values.output)
    await writeFileAtomic(target, exported.text)
    if (json) printJson(io, { file: target, cues: exported.cues })
    else io.stdout.write(`Wrote ${exported.cues} cues to ${target}\n`)
    return 0
  },
}

/**
 * Works without a library: the file is read, the rules checked with the defaults. Exit 0 when
 * the file was read, problems or not; 1 (with the line in the message) when it could not be.
 */
const check: Command = {
  path: ['subtitles', 'check'],
  usage: 'subtitles check FILE [--language en|es] [--json]',
  summary:
    'Check a subtitle file against the subtitle rules; --json prints [{cue, rule, message}].',
  options: { language: { type: 'string' } },
  async run({ positionals, values, json, io }) {
    const file = positionals[0]
    const language = languageOf(values.language)
    if (!file || language === null)
      return fail(io, 'Usage: voces subtitles check FILE [--language en|es] [--json]', json, 2)
    let result: SubtitleCheck
    try {
      result = await checkFile(path.resolve(file), language)
    } catch (error) {
      if (!(error instanceof VocesError)) throw error
      if (json) printJson(io, { error: error.toApiError() })
      io.stderr.write(`${file}: ${error.message}\n`)
      return 1
    }
    if (json) {
      printJson(
        io,
        result.problems.map(({ cue, rule, message }) => ({ cue, rule, message })),
      )
      return 0
    }
    for (const problem of result.problems)
      io.stdout.write(`cue ${problem.cue}  ${problem.rule.padEnd(15)} ${problem.message}\n`)
    const broken = Object.entries(result.counts).filter(([, n]) => n > 0)
    io.stdout.write(
      `${result.cues} cues (${result.language}), ${result.problems.length} problems` +
        (broken.length > 0 ? `: ${broken.map(([rule, n]) => `${rule} ${n}`).join(', ')}` : '') +
        '.\n',
    )
    return 0
  },
}

export const subtitleCommands: Command[] = [make, importCommand, exportCommand, check]
