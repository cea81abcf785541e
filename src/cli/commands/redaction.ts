import { createInterface } from 'node:readline/promises'
import { dispatch } from '../../core/api/index.ts'
import { printJson, type Command } from '../command.ts'
import { parseTime } from './episodes.ts'

const redact: Command = {
  path: ['redact'],
  usage:
    'redact RECORDING_ID --word NAME | --from T --to T [--tone|--silence] | --delete-copy [--yes] [--json]',
  summary: 'Remove a name or a stretch of time from a recording everywhere, for good.',
  options: {
    word: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    tone: { type: 'boolean' },
    silence: { type: 'boolean' },
    yes: { type: 'boolean' },
    'delete-copy': { type: 'boolean' },
  },
  async run({ positionals, values, json, io, open }) {
    const recordingId = positionals[0]
    const word = typeof values.word === 'string' ? values.word : undefined
    const hasSpan = typeof values.from === 'string' && typeof values.to === 'string'
    const deleteCopy = values['delete-copy'] === true
    if (!recordingId || (!word && !hasSpan && !deleteCopy)) {
      io.stderr.write(
        'Usage: voces redact RECORDING_ID --word NAME | --from T --to T [--tone|--silence] | --delete-copy\n',
      )
      return 2
    }
    if (values.yes !== true) {
      if (!process.stdin.isTTY) {
        io.stderr.write('Redaction cannot be undone. Add --yes to confirm it.\n')
        return 2
      }
      const rl = createInterface({ input: process.stdin, output: process.stderr })
      const answer = await rl.question(
        'Redaction cannot be undone inside the library. Type "redact" to go on: ',
      )
      rl.close()
      if (answer.trim().toLowerCase() !== 'redact') return 1
    }
    if (deleteCopy && !word && !hasSpan) {
      const deleted = await dispatch(
        'redaction.deleteLibraryCopy',
        { recordingId, confirm: true },
        { voces: await open({ startJobs: false }), transport: 'cli' },
      )
      if (!deleted.ok) {
        if (json) printJson(io, { error: deleted.error })
        else io.stderr.write(`${deleted.error.message}\n`)
        return 1
      }
      const value = deleted.value as { deleted: boolean; original: string }
      if (json) printJson(io, value)
      else
        io.stdout.write(
          value.deleted
            ? `The library's copy is deleted. The original stays at ${value.original}\n`
            : `The library keeps no copy of this recording. The original is at ${value.original}\n`,
        )
      return 0
    }
    let target: { word: string } | { from: number; to: number }
    try {
      target = word
        ? { word }
        : { from: parseTime(String(values.from)), to: parseTime(String(values.to)) }
    } catch (error) {
      io.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
      return 2
    }
    const mode = values.silence === true ? 'silence' : 'tone'
    const result = await dispatch(
      'redaction.apply',
      { recordingId, target, mode, confirm: true },
      { voces: await open({ startJobs: false }), transport: 'cli' },
    )
    if (!result.ok) {
      if (json) printJson(io, { error: result.error })
      else io.stderr.write(`${result.error.message}\n`)
      return 1
    }
    const value = result.value as { spans: unknown[]; segments: number; cues: number }
    if (json) printJson(io, value)
    else
      io.stdout.write(
        `Redacted: ${value.spans.length} stretches of audio, ${value.segments} transcript segments, ${value.cues} subtitles.\n`,
      )
    return 0
  },
}

export const redactionCommands: Command[] = [redact]
