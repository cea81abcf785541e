import path from 'node:path'
import { exportBag, importBag, validateBag } from '../../core/archive/bagit.ts'
import { backupLibrary, restoreLibrary } from '../../core/archive/backup.ts'
import { VocesError } from '../../shared/contract/index.ts'
import { printJson, type Command, type CommandContext } from '../command.ts'

function report(io: CommandContext['io'], json: boolean, error: unknown): number {
  const body =
    error instanceof VocesError
      ? error.toApiError()
      : { code: 'FAILED', message: error instanceof Error ? error.message : String(error) }
  if (json) printJson(io, { error: body })
  else io.stderr.write(`${body.message}\n`)
  return 1
}

const backup: Command = {
  path: ['backup'],
  usage: 'backup -o FILE [--json]',
  summary: 'Write a consistent copy of the library database (safe while the app runs).',
  options: { output: { type: 'string', short: 'o' } },
  async run({ values, json, io, open }) {
    if (typeof values.output !== 'string')
      return report(io, json, new Error('Say where to write the backup: voces backup -o FILE'))
    try {
      const result = await backupLibrary(await open({ startJobs: false }), values.output)
      if (json) printJson(io, result)
      else
        io.stdout.write(`Backed up to ${result.output} (${Math.round(result.bytes / 1024)} KiB).\n`)
      return 0
    } catch (error) {
      return report(io, json, error)
    }
  },
}

const restore: Command = {
  path: ['restore'],
  usage: 'restore FILE [--json]',
  summary:
    'Replace the library database with a backup (close the app first). The old one is kept beside it.',
  async run({ positionals, json, io, libraryDir }) {
    const file = positionals[0]
    if (!file) return report(io, json, new Error('Name the backup to restore: voces restore FILE'))
    try {
      const result = await restoreLibrary(libraryDir, file)
      if (json) printJson(io, result)
      else io.stdout.write(`Restored ${result.recordings} recordings into ${libraryDir}.\n`)
      return 0
    } catch (error) {
      return report(io, json, error)
    }
  },
}

const bag: Command = {
  path: ['export', 'bag'],
  usage: 'export bag RECORDING_ID|--all -o DIR [--reason TEXT] [--json]',
  summary:
    'Export preservation packages (BagIt): original, metadata, transcripts, an OHMS-style index.',
  options: {
    all: { type: 'boolean' },
    output: { type: 'string', short: 'o' },
    reason: { type: 'string' },
  },
  async run({ positionals, values, json, io, open }) {
    if (typeof values.output !== 'string' || (!positionals[0] && values.all !== true)) {
      return report(io, json, new Error('Usage: voces export bag RECORDING_ID|--all -o DIR'))
    }
    const voces = await open({ startJobs: false })
    const reason = typeof values.reason === 'string' ? values.reason : ''
    const ids =
      values.all === true ? (await voces.storage.recordings.list()).map((r) => r.id) : positionals
    const results: Array<{
      id: string
      output?: string
      error?: { code: string; message: string }
    }> = []
    for (const id of ids) {
      const output =
        values.all === true || ids.length > 1
          ? path.join(values.output, `voces-${id}`)
          : values.output
      try {
        results.push({ id, output: (await exportBag(voces, id, output, reason)).output })
      } catch (error) {
        results.push({
          id,
          error:
            error instanceof VocesError
              ? error.toApiError()
              : { code: 'FAILED', message: String(error) },
        })
      }
    }
    if (json) printJson(io, results)
    else {
      for (const r of results) {
        if (r.output) io.stdout.write(`✓ ${r.output}\n`)
        else io.stderr.write(`✗ ${r.id}: ${r.error?.message}\n`)
      }
    }
    return results.some((r) => r.error) ? 1 : 0
  },
}

const validate: Command = {
  path: ['bag', 'validate'],
  usage: 'bag validate DIR [--json]',
  summary:
    'Check a BagIt bag: plain files only, each present and matching every manifest and tag manifest.',
  async run({ positionals, json, io }) {
    const dir = positionals[0]
    if (!dir) return report(io, json, new Error('Name the bag folder: voces bag validate DIR'))
    const result = await validateBag(path.resolve(dir))
    if (json) printJson(io, result)
    else if (result.valid) io.stdout.write(`Valid bag: ${dir}\n`)
    else for (const p of result.problems) io.stderr.write(`${p.file}: ${p.problem}\n`)
    return result.valid ? 0 : 1
  },
}

const importCommand: Command = {
  path: ['bag', 'import'],
  usage: 'bag import DIR [--json]',
  summary:
    'Bring a BagIt bag made by Voces into the library (refused, naming the file, if it was altered).',
  async run({ positionals, json, io, open }) {
    const dir = positionals[0]
    if (!dir) return report(io, json, new Error('Name the bag folder: voces bag import DIR'))
    try {
      // Ingest runs inside the import (decision 0087): no queued job needs to start here.
      const result = await importBag(await open({ startJobs: false }), dir)
      if (json) printJson(io, result)
      else
        io.stdout.write(`Imported ${result.recordingId} with ${result.tracks} transcript tracks.\n`)
      return 0
    } catch (error) {
      return report(io, json, error)
    }
  },
}

export const archiveCommands: Command[] = [backup, restore, bag, validate, importCommand]
