import { createHash } from 'node:crypto'
import { createReadStream, promises as fs } from 'node:fs'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import { recordingMetadataSchema, VocesError, type Recording } from '../../shared/contract/index.ts'
import { dispatch } from '../api/index.ts'
import { startIngest } from '../media/ingest.ts'
import { checkConsent, logExport } from '../export/consent.ts'
import { redactionSpans } from '../redaction/redact.ts'
import { renditionName, writeRedactedRendition } from '../redaction/rendition.ts'
import type { Voces } from '../voces.ts'
import { ohmsIndexXml, readTracks } from './tracks.ts'

/**
 * Preservation packages as BagIt bags (RFC 8493, BagIt 1.0): `data/` holds the original media
 * (for a redacted recording, a rendition with the redacted stretches covered instead),
 * the metadata as JSON, each transcript track as Voces JSON and plain text, and an OHMS-style
 * index; `manifest-sha256.txt` and `tagmanifest-sha256.txt` list every file's SHA-256.
 */
async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256')
  await pipeline(createReadStream(file), hash)
  return hash.digest('hex')
}

async function listFiles(root: string, dir = root): Promise<string[]> {
  const out: string[] = []
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) out.push(...(await listFiles(root, full)))
    else out.push(path.relative(root, full).split(path.sep).join('/'))
  }
  return out.sort()
}

/** RFC 8493 §2.1.3: a path in a manifest percent-encodes CR, LF and %. */
const manifestPath = (p: string) =>
  p.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
const decodeManifestPath = (p: string) =>
  p.replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%25/g, '%')

function bagInfo(
  recording: Recording,
  payloadBytes: number,
  payloadFiles: number,
  now: Date,
  redactedStretches: number,
): string {
  const fields: Array<[string, string]> = [
    ['Source-Organization', 'Voces library'],
    ['Bagging-Date', now.toISOString().slice(0, 10)],
    ['External-Identifier', recording.id],
    ['External-Description', recording.title],
    ['Payload-Oxum', `${payloadBytes}.${payloadFiles}`],
    ['Bag-Software-Agent', 'Voces'],
    ['Voces-Interviewees', recording.interviewees.join('; ')],
    ['Voces-Interviewer', recording.interviewer],
    ['Voces-Interview-Date', recording.interviewDate ?? ''],
    ['Voces-Place', recording.place],
    ['Voces-Languages', recording.languages],
    ['Voces-Consent-Status', recording.consentStatus],
    ['Voces-Consent-Note', recording.consentNote],
    // The original's hash identifies it; a redacted bag holds a rendition, not that file.
    ['Voces-SHA256-Original', recording.sha256],
    [
      'Voces-Redaction',
      redactedStretches === 0
        ? ''
        : `${redactedStretches} stretches covered; the media is a redacted rendition, not the original`,
    ],
  ]
  // Values are one line each (RFC 8493 §2.2.2 allows folding; one line is simpler to read back).
  return (
    fields
      .filter(([, v]) => v !== '')
      .map(([k, v]) => `${k}: ${v.replace(/\s*\n\s*/g, ' ')}`)
      .join('\n') + '\n'
  )
}

export async function exportBag(
  voces: Voces,
  recordingId: string,
  outputDir: string,
  reason = '',
  now = new Date(),
): Promise<{ output: string; files: number }> {
  const recording = voces.recordings.require(recordingId)
  checkConsent(voces, [recordingId], reason)
  const target = path.resolve(outputDir)
  if (
    await fs.access(target).then(
      () => true,
      () => false,
    )
  ) {
    throw new VocesError(
      'OUTPUT_EXISTS',
      `${target} already exists. Choose a new folder for the bag.`,
      { file: path.basename(target) },
    )
  }
  const staging = `${target}.partial`
  await fs.rm(staging, { recursive: true, force: true })
  try {
    const data = path.join(staging, 'data')
    await fs.mkdir(path.join(data, 'media'), { recursive: true })
    const original = recording.storedPath
      ? path.join(voces.layout.root, recording.storedPath)
      : recording.path
    const missing = () =>
      new VocesError(
        'ORIGINAL_MISSING',
        `The original of "${recording.title}" is no longer at ${original}.`,
        { file: path.basename(original) },
      )
    // A redacted recording's bag holds a covered rendition, never the original (issue 7).
    const spans = redactionSpans(voces, recordingId)
    if (spans.length > 0) {
      await fs.access(original).catch(() => {
        throw missing()
      })
      await writeRedactedRendition(
        voces,
        recording,
        original,
        spans,
        path.join(data, 'media', renditionName(recording)),
      )
    } else
      await fs
        .copyFile(original, path.join(data, 'media', path.basename(recording.path)))
        .catch(() => {
          throw missing()
        })
    await fs.writeFile(path.join(data, 'metadata.json'), JSON.stringify(recording, null, 2) + '\n')
    const tracks = readTracks(voces.db, recordingId)
    if (tracks.length > 0) {
      await fs.mkdir(path.join(data, 'transcripts'))
      for (const track of tracks) {
        await fs.writeFile(
          path.join(data, 'transcripts', `${track.language}.json`),
          JSON.stringify(track, null, 2) + '\n',
        )
        await fs.writeFile(
          path.join(data, 'transcripts', `${track.language}.txt`),
          track.segments.map((s) => s.text).join('\n') + '\n',
        )
      }
    }
    await fs.writeFile(path.join(data, 'index.ohms.xml'), ohmsIndexXml(recording, tracks))

    const payload = (await listFiles(staging)).filter((f) => f.startsWith('data/'))
    let bytes = 0
    const manifest: string[] = []
    for (const file of payload) {
      bytes += (await fs.stat(path.join(staging, file))).size
      manifest.push(`${await sha256File(path.join(staging, file))}  ${manifestPath(file)}`)
    }
    await fs.writeFile(
      path.join(staging, 'bagit.txt'),
      'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n',
    )
    await fs.writeFile(
      path.join(staging, 'bag-info.txt'),
      bagInfo(recording, bytes, payload.length, now, spans.length),
    )
    await fs.writeFile(path.join(staging, 'manifest-sha256.txt'), manifest.join('\n') + '\n')
    const tags = ['bagit.txt', 'bag-info.txt', 'manifest-sha256.txt']
    const tagManifest = await Promise.all(
      tags.map(async (f) => `${await sha256File(path.join(staging, f))}  ${f}`),
    )
    await fs.writeFile(path.join(staging, 'tagmanifest-sha256.txt'), tagManifest.join('\n') + '\n')
    await fs.rename(staging, target)
    logExport(voces, {
      kind: 'bag',
      output: target,
      sourceId: recordingId,
      recordingIds: [recordingId],
      reason,
    })
    return { output: target, files: payload.length }
  } finally {
    await fs.rm(staging, { recursive: true, force: true })
  }
}

export interface BagProblem {
  file: string
  problem: string
}

/** Validates a bag as RFC 8493 §3 says: declaration, every manifest entry present and matching, nothing extra in data/. */
export async function validateBag(
  dir: string,
): Promise<{ valid: boolean; problems: BagProblem[]; info: Record<string, string> }> {
  const problems: BagProblem[] = []
  const read = (name: string) => fs.readFile(path.join(dir, name), 'utf8').catch(() => null)
  const declaration = await read('bagit.txt')
  if (!declaration || !/^BagIt-Version: \d+\.\d+/m.test(declaration))
    problems.push({ file: 'bagit.txt', problem: 'missing or without a BagIt-Version' })
  const info: Record<string, string> = {}
  for (const line of (await read('bag-info.txt'))?.split('\n') ?? []) {
    const at = line.indexOf(':')
    if (at > 0) info[line.slice(0, at).trim()] = line.slice(at + 1).trim()
  }
  const manifest = await read('manifest-sha256.txt')
  if (!manifest) {
    problems.push({ file: 'manifest-sha256.txt', problem: 'missing' })
    return { valid: false, problems, info }
  }
  const listed = new Map<string, string>()
  for (const line of manifest.split('\n').filter(Boolean)) {
    const match = /^([0-9a-f]{64})\s+(.+)$/i.exec(line)
    if (!match?.[1] || !match[2]) {
      problems.push({ file: 'manifest-sha256.txt', problem: `unreadable line "${line}"` })
      continue
    }
    listed.set(decodeManifestPath(match[2]), match[1].toLowerCase())
  }
  const present = await listFiles(dir, path.join(dir, 'data')).catch(() => [])
  for (const file of present)
    if (!listed.has(file)) problems.push({ file, problem: 'in data/ but not in the manifest' })
  let bytes = 0
  for (const [file, expected] of listed) {
    const full = path.join(dir, ...file.split('/'))
    if (!full.startsWith(path.join(dir, 'data') + path.sep)) {
      problems.push({ file, problem: 'outside data/' })
      continue
    }
    const actual = await sha256File(full).catch(() => null)
    if (actual === null) problems.push({ file, problem: 'listed in the manifest but missing' })
    else if (actual !== expected)
      problems.push({ file, problem: 'checksum does not match: the file changed' })
    else bytes += (await fs.stat(full)).size
  }
  const oxum = info['Payload-Oxum']
  if (oxum && problems.length === 0 && oxum !== `${bytes}.${listed.size}`)
    problems.push({
      file: 'bag-info.txt',
      problem: `Payload-Oxum ${oxum} does not match ${bytes}.${listed.size}`,
    })
  return { valid: problems.length === 0, problems, info }
}

/**
 * Brings a bag back into a library: validated first (a tampered bag is refused, naming the file),
 * then its original is ingested like any recording, its metadata applied and its transcript tracks
 * imported. A bag of a recording already in the library is refused by ingest's duplicate check.
 */
export async function importBag(
  voces: Voces,
  dir: string,
): Promise<{ recordingId: string; tracks: number }> {
  const bag = path.resolve(dir)
  const { valid, problems } = await validateBag(bag)
  const first = problems[0]
  if (!valid && first) {
    throw new VocesError(
      'BAG_INVALID',
      `The bag ${path.basename(bag)} is not intact: ${first.file} ${first.problem}. Nothing was imported.`,
      {
        file: first.file,
      },
    )
  }
  const mediaFiles = await fs.readdir(path.join(bag, 'data', 'media')).catch(() => [] as string[])
  const original = mediaFiles[0]
  if (!original)
    throw new VocesError('BAG_INVALID', `The bag ${path.basename(bag)} holds no media file.`, {
      file: 'data/media',
    })
  const started = await startIngest(voces, [path.join(bag, 'data', 'media', original)])
  const job = await voces.jobs.waitFor(started.jobs[0]?.jobId ?? '')
  const recordingId = (job.result as { recordingId?: string } | null)?.recordingId
  if (!recordingId)
    throw new VocesError(
      job.error?.code ?? 'BAG_INVALID',
      job.error?.message ?? 'The bag could not be imported.',
      job.error?.params ?? {},
    )
  const metadata = JSON.parse(
    await fs.readFile(path.join(bag, 'data', 'metadata.json'), 'utf8'),
  ) as Partial<Recording>
  const patch = recordingMetadataSchema.partial().safeParse(metadata)
  if (patch.success) voces.recordings.update(recordingId, patch.data)
  let tracks = 0
  for (const name of await fs
    .readdir(path.join(bag, 'data', 'transcripts'))
    .catch(() => [] as string[])) {
    if (!name.endsWith('.json')) continue
    const text = await fs.readFile(path.join(bag, 'data', 'transcripts', name), 'utf8')
    const imported = await dispatch(
      'transcripts.import',
      { recordingId, track: name.slice(0, 2), fileName: name, text },
      { voces, transport: 'cli' },
    )
    if (imported.ok) tracks++
  }
  return { recordingId, tracks }
}
