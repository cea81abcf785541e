import path from 'node:path'
import { dispatch } from '../../core/api/index.ts'
import { clockTime } from '../../core/search/csv.ts'
import { writeFileAtomic } from '../../core/util/atomic-file.ts'
import type { SearchFilters, SearchHit, SearchResult } from '../../shared/contract/index.ts'
import { formatNumber } from '../../shared/i18n/index.ts'
import { printJson, type Command, type CommandContext } from '../command.ts'

function fail(io: CommandContext['io'], message: string, json: boolean, code = 1): number {
  if (json) printJson(io, { error: { message } })
  else io.stderr.write(`${message}\n`)
  return code
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

/** The snippet with its matches in bold on a terminal, plain when piped. */
function marked(hit: SearchHit, tty: boolean): string {
  if (!tty) return hit.snippet
  let out = ''
  let at = 0
  for (const [from, to] of hit.highlights) {
    out += hit.snippet.slice(at, from) + '\u001b[1m' + hit.snippet.slice(from, to) + '\u001b[22m'
    at = to
  }
  return out + hit.snippet.slice(at)
}

function printGroups(io: CommandContext['io'], result: SearchResult): void {
  const tty = io.stdout.isTTY === true
  for (const { recording, hits } of result.groups) {
    const date = recording.interviewDate ? `  ${recording.interviewDate}` : ''
    io.stdout.write(`${recording.title}  (${recording.id})${date}\n`)
    for (const hit of hits) {
      const who = hit.speaker ? `${hit.speaker}: ` : ''
      io.stdout.write(
        `  ${clockTime(hit.start).padStart(8)}  ${hit.language}  ${who}${marked(hit, tty)}\n`,
      )
    }
  }
}

const search: Command = {
  path: ['search'],
  usage:
    'search QUERY [--language en|es] [--speaker NAME] [--from DATE] [--to DATE] [--tag TAG]... [--recording ID] [--include-withdrawn] [--limit N] [--csv FILE] [--json]',
  summary:
    'Search every transcript ("phrases", prefix*, OR, -exclude; put -- before a query that starts with -).',
  options: {
    language: { type: 'string' },
    speaker: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    tag: { type: 'string', multiple: true },
    recording: { type: 'string' },
    'include-withdrawn': { type: 'boolean' },
    limit: { type: 'string' },
    csv: { type: 'string' },
  },
  async run({ positionals, values, json, io, open }) {
    const query = positionals.join(' ').trim()
    if (!query) return fail(io, 'Say what to search for: voces search QUERY', json, 2)
    const language = text(values.language)
    if (language !== undefined && language !== 'en' && language !== 'es')
      return fail(io, `--language is en or es, not "${language}".`, json, 2)
    const limit = values.limit === undefined ? 100 : Number(values.limit)
    if (!Number.isInteger(limit) || limit < 1)
      return fail(io, '--limit is a whole number, 1 or more.', json, 2)
    const filters: SearchFilters = {
      language,
      speaker: text(values.speaker),
      from: text(values.from),
      to: text(values.to),
      tags: Array.isArray(values.tag) ? values.tag : undefined,
      recordingId: text(values.recording),
      includeWithdrawn: values['include-withdrawn'] === true,
    }
    const voces = await open({ startJobs: false })
    const csvFile = text(values.csv)
    if (csvFile) {
      const exported = await dispatch(
        'search.exportCsv',
        { query, filters, limit },
        { voces, transport: 'cli' },
      )
      if (!exported.ok) return fail(io, exported.error.message, json)
      const { csv, rows } = exported.value as { csv: string; rows: number }
      await writeFileAtomic(path.resolve(csvFile), csv)
      if (json) printJson(io, { file: path.resolve(csvFile), rows })
      else io.stdout.write(`${rows} hits written to ${csvFile}\n`)
      return 0
    }
    const result = await dispatch(
      'search.query',
      { query, filters, limit },
      { voces, transport: 'cli' },
    )
    if (!result.ok) return fail(io, result.error.message, json)
    const found = result.value as SearchResult
    if (json) {
      printJson(
        io,
        found.hits.map((hit) => ({
          recordingId: hit.recordingId,
          track: hit.track,
          language: hit.language,
          start: hit.start,
          end: hit.end,
          speaker: hit.speaker,
          text: hit.text,
          snippet: hit.snippet,
          highlights: hit.highlights,
        })),
      )
      return 0
    }
    if (found.hits.length === 0) {
      io.stdout.write(
        found.expression === null ? 'Nothing to search for in that query.\n' : 'No matches.\n',
      )
      return 0
    }
    printGroups(io, found)
    // Decision 0021: say when not every match was ranked, in the words the search page uses.
    const n = (value: number) => formatNumber('en', value)
    if (found.ranking === 'newest')
      io.stdout.write(
        `More than ${n(found.total)} matches: the best of the ${n(found.total)} added most recently are shown; older ones were not ranked. Add a word to narrow the search, or raise --limit.\n`,
      )
    else if (found.ranking === 'partial')
      io.stdout.write(
        `Only the ${n(found.examined)} places added most recently where these words are said were searched (${n(found.total)} fit the filters). Add a word to search further back.\n`,
      )
    else if (found.hasMore)
      io.stdout.write(
        `${n(found.total)} matches; the best ${n(limit)} are shown. Narrow the search or raise --limit.\n`,
      )
    return 0
  },
}

export const searchCommands: Command[] = [search]
