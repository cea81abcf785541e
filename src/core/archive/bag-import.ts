import { createHash } from 'node:crypto'
import path from 'node:path'
import {
  consentStatusSchema,
  recordingMetadataSchema,
  trackKindSchema,
  trackLanguageSchema,
  VocesError,
  type RecordingMetadata,
  type TrackLanguage,
} from '../../shared/contract/index.ts'
import { deleteRecordingMedia, ingestFile } from '../media/ingest.ts'
import { importTranscript, type ImportedTranscript } from '../transcripts/formats.ts'
import { newId } from '../util/ids.ts'
import type { CoreContext } from '../context.ts'
import { decodeUtf8, readPlainBytes } from './bag-files.ts'
import { algorithms, checkBag, nfc, type CheckedBag } from './bag-validate.ts'

/**
 * Bringing a bag into a library, all of it or nothing (decision 0087): the bag is validated, then
 * its metadata and transcripts are read and checked field by field before anything is made; the
 * media is ingested in this process (not as a job a restart would finish without the metadata);
 * metadata and tracks are written in one transaction, and if that fails the recording, its files
 * and its rows are removed. Consent is never loosened: the stricter of metadata.json and
 * bag-info.txt's Voces-Consent-Status wins, and a value that cannot be imported fails the import.
 */
type ConsentStatus = RecordingMetadata['consentStatus']
/** How far each status holds an export back (consent.ts): withdrawn refuses, the middle two ask why. */
const strictness: Record<ConsentStatus, number> = {
  given: 0,
  unknown: 1,
  restricted: 2,
  withdrawn: 3,
}

const metadataLimit = 4 << 20
const transcriptLimit = 256 << 20

interface BagTrack {
  language: TrackLanguage
  kind: 'transcript' | 'translation' | null
  fileName: string
  imported: ImportedTranscript
}

function invalid(bag: string, file: string, problem: string): VocesError {
  return new VocesError(
    'BAG_INVALID',
    `The bag ${path.basename(bag)} is not intact: ${file} ${problem}. Nothing was imported.`,
    { file },
  )
}

/** A bag that validates but was not made by Voces: no one recording with its metadata.json. */
function notVoces(bag: string, file: string, problem: string): VocesError {
  return new VocesError(
    'BAG_NOT_VOCES',
    `The bag ${path.basename(bag)} is intact but was not made by Voces: ${file} ${problem}. Nothing was imported.`,
    { file },
  )
}

function badField(bag: string, file: string, field: string, why: string): VocesError {
  return new VocesError(
    'BAG_METADATA_INVALID',
    `The bag ${path.basename(bag)} cannot be imported: the field "${field}" in ${file} ${why}. Nothing was imported.`,
    { file, field },
  )
}

/** A payload file's text, checked once more against every manifest that lists it as it is read. */
async function readVerified(bag: string, checked: CheckedBag, file: string, limit: number) {
  const bytes = await readPlainBytes(bag, file, limit)
  if (!bytes.ok) throw invalid(bag, file, bytes.problem)
  for (const [alg, entries] of checked.manifests) {
    const expected = entries.get(nfc(file))
    const node = algorithms[alg]?.node ?? alg
    if (expected && createHash(node).update(bytes.value).digest('hex') !== expected)
      throw invalid(bag, file, 'changed after the bag was checked')
  }
  const text = decodeUtf8(bytes.value)
  if (!text.ok) throw invalid(bag, file, text.problem)
  return text.value
}

/** The metadata fields to apply, each checked on its own so a refusal names its field. */
async function readMetadata(bag: string, checked: CheckedBag): Promise<Partial<RecordingMetadata>> {
  const file = 'data/metadata.json'
  if (!checked.payload.has(file)) throw notVoces(bag, file, 'is missing')
  let raw: unknown
  try {
    raw = JSON.parse(await readVerified(bag, checked, file, metadataLimit))
  } catch (error) {
    if (error instanceof VocesError) throw error
    throw invalid(bag, file, `is not valid JSON (${(error as Error).message})`)
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw invalid(bag, file, 'is not a JSON object')
  const given = raw as Record<string, unknown>
  const patch: Record<string, unknown> = {}
  for (const [field, schema] of Object.entries(recordingMetadataSchema.shape)) {
    if (!Object.hasOwn(given, field)) continue
    const parsed = schema.safeParse(given[field])
    if (!parsed.success)
      throw badField(bag, file, field, `cannot be imported (${parsed.error.issues[0]?.message})`)
    patch[field] = parsed.data
  }
  const metadata = recordingMetadataSchema.partial().parse(patch)

  // bag-info.txt says the consent too; an archivist may have tightened it there (decision 0087).
  const info = 'bag-info.txt'
  let fromInfo: ConsentStatus | undefined
  for (const [label, value] of checked.fields) {
    if (label !== 'Voces-Consent-Status') continue
    const status = consentStatusSchema.safeParse(value)
    if (!status.success)
      throw badField(bag, info, label, `is "${value}", not given, restricted, withdrawn or unknown`)
    if (!fromInfo || strictness[status.data] > strictness[fromInfo]) fromInfo = status.data
  }
  const stated = metadata.consentStatus
  if (fromInfo && (!stated || strictness[fromInfo] > strictness[stated])) {
    metadata.consentStatus = fromInfo
    const note = checked.fields.find(([label]) => label === 'Voces-Consent-Note')?.[1]
    if (note !== undefined) {
      const parsed = recordingMetadataSchema.shape.consentNote.safeParse(note)
      if (!parsed.success)
        throw badField(
          bag,
          info,
          'Voces-Consent-Note',
          `cannot be imported (${parsed.error.issues[0]?.message})`,
        )
      metadata.consentNote = parsed.data
    }
  }
  return metadata
}

function jsonOrNull(text: string): { segments?: unknown; kind?: unknown } | null {
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === 'object' && value !== null ? value : null
  } catch {
    return null
  }
}

/** Every data/transcripts/LANG.json, parsed; a file that cannot be imported fails the import. */
async function readTracks(bag: string, checked: CheckedBag): Promise<BagTrack[]> {
  const tracks: BagTrack[] = []
  for (const file of [...checked.payload.keys()].sort()) {
    const fileName = /^data\/transcripts\/([^/]+\.json)$/.exec(file)?.[1]
    if (!fileName) continue
    const language = trackLanguageSchema.safeParse(fileName.replace(/\.json$/, ''))
    if (!language.success)
      throw invalid(bag, file, 'is not a track Voces knows (en.json or es.json)')
    const text = await readVerified(bag, checked, file, transcriptLimit)
    // What is wrong with a file that is not JSON, importTranscript says below.
    const said = jsonOrNull(text)
    // A track with no segments (exported from one that was empty) says nothing to import;
    // transcript imports refuse a file without text.
    if (Array.isArray(said?.segments) && said.segments.length === 0) continue
    let imported: ImportedTranscript
    try {
      imported = importTranscript(text, fileName, language.data)
    } catch (error) {
      if (!(error instanceof VocesError)) throw error
      throw new VocesError(
        error.code,
        `The bag ${path.basename(bag)} cannot be imported: ${error.message} Nothing was imported.`,
        { file },
      )
    }
    const kind = said?.kind
    const parsedKind = trackKindSchema.safeParse(kind)
    if (kind !== undefined && !parsedKind.success)
      throw badField(bag, file, 'kind', `is "${String(kind)}", not transcript or translation`)
    tracks.push({
      language: language.data,
      kind: parsedKind.success ? parsedKind.data : null,
      fileName,
      imported,
    })
  }
  // As transcripts.import decides when a track does not say (an English file beside a Spanish
  // transcript is its translation); a library holds one transcript a recording.
  for (const track of tracks)
    track.kind ??=
      track.language === 'en' && tracks.some((t) => t.language === 'es' && t.kind !== 'translation')
        ? 'translation'
        : 'transcript'
  const transcripts = tracks.filter((t) => t.kind === 'transcript')
  if (transcripts.length > 1)
    throw invalid(bag, 'data/transcripts', 'holds two source transcripts; a recording has one')
  return [...transcripts, ...tracks.filter((t) => t.kind === 'translation')]
}

export async function importBag(
  voces: CoreContext,
  dir: string,
): Promise<{ recordingId: string; tracks: number }> {
  const bag = path.resolve(dir)
  const checked = await checkBag(bag)
  if (checked.unsafe) {
    const { file, problem } = checked.unsafe
    throw new VocesError(
      'BAG_UNSAFE_FILE',
      `The bag ${path.basename(bag)} reaches outside itself: ${file} ${problem}. Nothing was imported.`,
      { file },
    )
  }
  const first = checked.problems[0]
  if (first) throw invalid(bag, first.file, first.problem)
  const media = [...checked.payload.keys()].filter((f) => f.startsWith('data/media/'))
  const original = media[0]
  if (!original || media.length > 1 || original.split('/').length !== 3)
    throw notVoces(bag, 'data/media', 'does not hold exactly one media file')
  const metadata = await readMetadata(bag, checked)
  const tracks = await readTracks(bag, checked)

  const { recordingId } = await ingestFile(voces, {
    id: `bag-${newId()}`,
    input: { path: path.join(bag, ...original.split('/')) },
    signal: new AbortController().signal,
    progress: () => undefined,
  })
  try {
    await voces.storage.transaction(async ({ recordings, transcripts }) => {
      await recordings.update(recordingId, metadata)
      for (const track of tracks)
        await transcripts.replaceTrack({
          recordingId,
          language: track.language,
          kind: track.kind ?? 'transcript',
          origin: 'imported',
          model: null,
          engineSettings: { importedFrom: track.imported.format, fileName: track.fileName },
          segments: track.imported.segments,
        })
    })
  } catch (error) {
    // What ingest made goes again: the row (tracks, words and index rows with it) and its files.
    const files = await voces.storage.recordings.files(recordingId)
    await voces.storage.recordings.remove(recordingId)
    await deleteRecordingMedia(voces, files)
    voces.events.emit('library', { recordingId, change: 'removed' })
    voces.log.warn('bag import undone', { id: recordingId })
    throw new VocesError(
      'BAG_IMPORT_FAILED',
      `The bag ${path.basename(bag)} could not be imported (${(error as Error).message}); what was begun was removed.`,
      { file: path.basename(bag) },
    )
  }
  voces.events.emit('library', { recordingId, change: 'updated' })
  return { recordingId, tracks: tracks.length }
}
