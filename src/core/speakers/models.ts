import { createHash } from 'node:crypto'
import { createReadStream, promises as fs } from 'node:fs'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import { VocesError } from '../../shared/contract/index.ts'
import { downloadFile } from '../transcription/download.ts'
import { writeFileAtomic } from '../util/atomic-file.ts'

/**
 * The neural speaker engine's two ONNX models (docs/decisions/0151-neural-speaker-models.md):
 * pyannote's segmentation-3.0 as sherpa-onnx exports it, and WeSpeaker's ResNet34-LM voice
 * embedding (VoxCeleb: many languages), from the sherpa-onnx project's own releases. Their
 * SHA-256 were not published where Voces could read them, so each is pinned on its first
 * verified download (`<file>.sha256` beside it) and checked on every load after; a catalogue
 * entry with `sha256` set is checked against that instead.
 */
export interface SpeakerModel {
  role: 'segmentation' | 'embedding'
  file: string
  url: string
  /** Published SHA-256, lowercase hex, where known; else pinned on first download. */
  sha256: string | null
  bytes: number | null
  description: string
}

export const speakerModels: readonly SpeakerModel[] = [
  {
    role: 'segmentation',
    file: 'sherpa-onnx-pyannote-segmentation-3-0.onnx',
    url: 'https://huggingface.co/csukuangfj/sherpa-onnx-pyannote-segmentation-3-0/resolve/main/model.onnx',
    sha256: null,
    bytes: null,
    description:
      'pyannote segmentation-3.0 (MIT): who speaks in each 10 s window, overlap included.',
  },
  {
    role: 'embedding',
    file: 'wespeaker_en_voxceleb_resnet34_LM.onnx',
    url: 'https://github.com/k2-fsa/sherpa-onnx/releases/download/speaker-recongition-models/wespeaker_en_voxceleb_resnet34_LM.onnx',
    sha256: null,
    bytes: null,
    description:
      'WeSpeaker ResNet34-LM (Apache-2.0, VoxCeleb): a voice print per stretch of speech.',
  },
]

export const speakerModelPath = (dir: string, model: SpeakerModel) => path.join(dir, model.file)
const pinPath = (file: string) => `${file}.sha256`

const corrupt = (file: string, why: string) =>
  new VocesError(
    'SPEAKER_MODEL_CORRUPT',
    `The neural speaker model ${path.basename(file)} is damaged or incomplete (${why}), so it was not loaded. Delete it and download it again, or use the basic speaker engine.`,
    { file: path.basename(file) },
  )

/** Reads a protobuf varint at `at`; null past the end. */
function varint(bytes: Buffer, at: number): { value: number; next: number } | null {
  let value = 0
  let scale = 1
  for (let i = at; i < bytes.length && i < at + 10; i++) {
    const byte = bytes[i] as number
    value += (byte & 0x7f) * scale
    scale *= 128
    if ((byte & 0x80) === 0) return { value, next: i + 1 }
  }
  return null
}

/**
 * Whether the bytes are an ONNX ModelProto, walked field by field to the last byte: ONNX Runtime
 * aborts the whole process on a file it cannot parse (measured: "Protobuf parsing failed", exit
 * 134), so a truncated or foreign file must be refused before it gets there. Null when sound.
 */
export function onnxProblem(bytes: Buffer): string | null {
  let at = 0
  let graph = false
  let version = false
  while (at < bytes.length) {
    const tag = varint(bytes, at)
    if (!tag) return 'cut short'
    const field = Math.floor(tag.value / 8)
    const wire = tag.value % 8
    at = tag.next
    if (field < 1 || field > 30) return 'not an ONNX model'
    if (wire === 0) {
      const value = varint(bytes, at)
      if (!value) return 'cut short'
      if (field === 1) version = value.value > 0 && value.value < 100
      at = value.next
    } else if (wire === 2) {
      const length = varint(bytes, at)
      if (!length) return 'cut short'
      at = length.next + length.value
      if (at > bytes.length) return 'cut short'
      if (field === 7) graph = true
    } else return 'not an ONNX model'
  }
  if (!version || !graph) return 'not an ONNX model'
  return null
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256')
  await pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), hash)
  return hash.digest('hex')
}

/**
 * The model's file checked before ONNX Runtime sees it: present (else SPEAKER_MODEL_MISSING),
 * a whole ONNX model, and the bytes that were pinned or published (else SPEAKER_MODEL_CORRUPT).
 */
export async function checkSpeakerModel(dir: string, model: SpeakerModel): Promise<string> {
  const file = speakerModelPath(dir, model)
  const stat = await fs.stat(file).catch(() => null)
  if (!stat?.isFile())
    throw new VocesError(
      'SPEAKER_MODEL_MISSING',
      `The neural speaker model ${model.file} is not installed (looked in ${dir}). Download it, or use the basic speaker engine, which needs no download.`,
      { file: model.file },
    )
  const problem = onnxProblem(await fs.readFile(file))
  if (problem) throw corrupt(file, problem)
  const pinned =
    model.sha256 ?? (await fs.readFile(pinPath(file), 'utf8').catch(() => null))?.trim() ?? null
  if (pinned && (await sha256Of(file)) !== pinned.toLowerCase())
    throw corrupt(file, 'its SHA-256 is not the one recorded when it was downloaded')
  return file
}

/** Downloads one model (resumable, as Whisper models are), checked, then pins its SHA-256. */
export async function downloadSpeakerModel(
  dir: string,
  model: SpeakerModel,
  options: {
    signal?: AbortSignal
    onProgress?: (received: number, total: number | null) => void
  } = {},
): Promise<string> {
  const target = speakerModelPath(dir, model)
  await downloadFile({
    url: model.url,
    target,
    expected: model.sha256 && model.bytes ? { sha256: model.sha256, bytes: model.bytes } : null,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    check: async (file) => {
      const problem = onnxProblem(await fs.readFile(file))
      return problem ? corrupt(file, problem) : null
    },
  })
  if (!model.sha256) await writeFileAtomic(pinPath(target), `${await sha256Of(target)}\n`)
  return target
}
