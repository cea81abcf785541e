import { createHash } from 'node:crypto'
import { createReadStream, promises as fs } from 'node:fs'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import { VocesError, type Recording } from '../../shared/contract/index.ts'
import { checkConsent, logExport } from '../export/consent.ts'
import { redactionSpans } from '../redaction/redact.ts'
import { renditionName, writeRedactedRendition } from '../redaction/rendition.ts'
import type { CoreContext } from '../context.ts'
import { ohmsIndexXml, readTracks } from './tracks.ts'

export { importBag } from './bag-import.ts'
export { validateBag, type BagProblem } from './bag-validate.ts'

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

/**
 * The media file's name inside the bag, one that every validator reads the same way (decision
 * 0115): bagit-python, the Library of Congress validator, does not decode the "%25" RFC 8493 asks
 * for, and drops a trailing space, so it found the bag of "50% raise.wav" incomplete; a backslash
 * is no path for Voces or Windows. Those become "_"; metadata.json keeps the original's own name.
 */
const bagFileName = (name: string) => name.replace(/[%\\\p{Cc}]/gu, '_').trim() || 'media'

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
  voces: CoreContext,
  recordingId: string,
  outputDir: string,
  reason = '',
  now = new Date(),
): Promise<{ output: string; files: number }> {
  const recording = await voces.storage.recordings.require(recordingId)
  await checkConsent(voces, [recordingId], reason)
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
    const where = recording.storedPath ?? recording.path
    const missing = () =>
      new VocesError(
        'ORIGINAL_MISSING',
        `The original of "${recording.title}" is no longer at ${where}.`,
        { file: path.basename(where) },
      )
    // A redacted recording's bag holds a covered rendition, never the original (decision 0007).
    const spans = await redactionSpans(voces, recordingId)
    // The library's copy is read where the media store puts it (decision 0124).
    const held = recording.storedPath
      ? await voces.storage.media.localPath(recording.storedPath).catch((error: unknown) => {
          if (error instanceof VocesError && error.code === 'FILE_NOT_FOUND') throw missing()
          throw error
        })
      : null
    const original = held?.path ?? recording.path
    try {
      if (spans.length > 0) {
        await fs.access(original).catch(() => {
          throw missing()
        })
        await writeRedactedRendition(
          voces,
          recording,
          original,
          spans,
          path.join(data, 'media', bagFileName(renditionName(recording))),
        )
      } else
        await fs
          .copyFile(original, path.join(data, 'media', bagFileName(path.basename(recording.path))))
          .catch(() => {
            throw missing()
          })
    } finally {
      await held?.release()
    }
    await fs.writeFile(path.join(data, 'metadata.json'), JSON.stringify(recording, null, 2) + '\n')
    const tracks = await readTracks(voces.storage, recordingId)
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
    await logExport(voces, {
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
