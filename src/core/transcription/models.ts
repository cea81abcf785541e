import { promises as fs } from 'node:fs'
import path from 'node:path'
import { VocesError, type ModelInfo } from '../../shared/contract/index.ts'
import { tempPathFor } from '../util/atomic-file.ts'
import {
  catalogueModel,
  modelCatalogue,
  modelFileName,
  modelPreference,
  modelUrl,
} from './catalogue.ts'

/** The hyper-parameters at the head of a whisper.cpp ggml file (whisper.cpp src/whisper.cpp, whisper_model_load). */
export interface ModelHeader {
  nVocab: number
  nAudioState: number
  nAudioLayer: number
  nTextLayer: number
  nMels: number
  ftype: number
}

/** "ggml" read as a little-endian uint32, as whisper.cpp checks it. */
const ggmlMagic = 0x67676d6c

export function parseModelHeader(bytes: Buffer): ModelHeader | null {
  if (bytes.length < 48 || bytes.readUInt32LE(0) !== ggmlMagic) return null
  const int = (index: number) => bytes.readInt32LE(4 + index * 4)
  const header = {
    nVocab: int(0),
    nAudioState: int(2),
    nAudioLayer: int(4),
    nTextLayer: int(8),
    nMels: int(9),
    ftype: int(10),
  }
  const plausible =
    header.nVocab > 50_000 &&
    header.nVocab < 60_000 &&
    header.nAudioLayer > 0 &&
    header.nAudioLayer <= 64 &&
    header.nMels > 0
  return plausible ? header : null
}

export async function readModelHeader(file: string): Promise<ModelHeader | null> {
  const handle = await fs.open(file, 'r').catch(() => null)
  if (!handle) return null
  try {
    const bytes = Buffer.alloc(48)
    const { bytesRead } = await handle.read(bytes, 0, 48, 0)
    return parseModelHeader(bytes.subarray(0, bytesRead))
  } finally {
    await handle.close()
  }
}

/**
 * whisper-cli's DTW alignment-head preset for a model, from its shape (the presets of whisper.cpp
 * examples/cli/cli.cpp). Null where the shape does not say which preset is right (large v1 and v2
 * look alike): those use whisper.cpp's token timestamps instead.
 */
export function dtwPreset(header: ModelHeader): string | null {
  const english = header.nVocab === 51864
  const suffix = english ? '.en' : ''
  const sizes: Record<number, string> = { 384: 'tiny', 512: 'base', 768: 'small', 1024: 'medium' }
  const size = sizes[header.nAudioState]
  if (size) return size + suffix
  if (header.nAudioState === 1280 && header.nVocab === 51866)
    return header.nTextLayer === 4 ? 'large.v3.turbo' : 'large.v3'
  return null
}

export function noModelError(dir: string): VocesError {
  return new VocesError(
    'NO_MODEL',
    `No Whisper model is installed. Download one with "voces models download large-v3-turbo-q5_0" (547 MB, recommended) ` +
      `or "voces models download base" (142 MB, fast), or add a ggml model file with "voces models add FILE". Models folder: ${dir}`,
    { dir },
  )
}

async function fileSize(file: string): Promise<number | null> {
  const stat = await fs.stat(file).catch(() => null)
  return stat?.isFile() ? stat.size : null
}

/** The catalogue, marked installed or not, and any other ggml model found in the folder. */
export async function listModels(dir: string): Promise<ModelInfo[]> {
  const models: ModelInfo[] = []
  for (const entry of modelCatalogue) {
    const file = path.join(dir, modelFileName(entry.name))
    const size = await fileSize(file)
    models.push({
      name: entry.name,
      file,
      installed: size !== null,
      sizeBytes: size ?? entry.bytes,
      languages: 'multilingual',
      quantized: entry.quantized,
      inCatalogue: true,
      description: entry.description,
      url: modelUrl(entry.name),
    })
  }
  const names = await fs.readdir(dir).catch(() => [] as string[])
  for (const name of names.sort()) {
    if (!name.endsWith('.bin') || name.startsWith('.') || vadModelPattern.test(name)) continue
    const file = path.join(dir, name)
    if (models.some((model) => model.file === file)) continue
    const header = await readModelHeader(file)
    if (!header) continue
    models.push({
      name: path.basename(name, '.bin').replace(/^ggml-/, ''),
      file,
      installed: true,
      sizeBytes: (await fileSize(file)) ?? 0,
      languages: header.nVocab === 51864 ? 'en' : 'multilingual',
      // ftype carries the quantisation version times 1000 (GGML_QNT_VERSION_FACTOR); 0 and 1 are f32 and f16.
      quantized: header.ftype % 1000 >= 2,
      inCatalogue: false,
      description: 'Added by hand.',
      url: null,
    })
  }
  return models
}

export async function defaultModel(dir: string): Promise<ModelInfo | null> {
  const installed = (await listModels(dir)).filter((model) => model.installed)
  for (const name of modelPreference) {
    const found = installed.find((model) => model.name === name)
    if (found) return found
  }
  return installed.find((model) => model.languages === 'multilingual') ?? installed[0] ?? null
}

export interface ResolvedModel {
  name: string
  file: string
  header: ModelHeader
}

/** A catalogue name, the name of a model in the folder, or a path to a ggml file; none: the default. */
export async function resolveModel(
  dir: string,
  nameOrPath: string | undefined,
): Promise<ResolvedModel> {
  let file: string
  let name: string
  if (!nameOrPath) {
    const chosen = await defaultModel(dir)
    if (!chosen) throw noModelError(dir)
    ;({ file, name } = chosen)
  } else if (nameOrPath.includes('/') || nameOrPath.includes('\\') || nameOrPath.endsWith('.bin')) {
    file = path.resolve(nameOrPath)
    name = path.basename(file, '.bin').replace(/^ggml-/, '')
  } else {
    const found = (await listModels(dir)).find(
      (model) => model.name === nameOrPath && model.installed,
    )
    if (!found) {
      const known = catalogueModel(nameOrPath)
      throw new VocesError(
        'MODEL_NOT_INSTALLED',
        known
          ? `The model ${nameOrPath} is not installed. Download it with "voces models download ${nameOrPath}".`
          : `There is no model named ${nameOrPath}. See "voces models list".`,
        { model: nameOrPath },
      )
    }
    ;({ file, name } = found)
  }
  if ((await fileSize(file)) === null) {
    throw new VocesError('MODEL_NOT_FOUND', `The model file ${file} does not exist.`, {
      file: path.basename(file),
    })
  }
  const header = await readModelHeader(file)
  if (!header) {
    throw new VocesError(
      'MODEL_CORRUPT',
      `${path.basename(file)} is not a whisper.cpp ggml model (or it is damaged). Download it again or choose another file.`,
      { file: path.basename(file) },
    )
  }
  return { name, file, header }
}

/** Copies a local model file into the folder (temp file + rename), after checking its ggml header. */
export async function addModel(dir: string, source: string): Promise<ModelInfo> {
  const header = await readModelHeader(source)
  if (!header) {
    throw new VocesError(
      'MODEL_CORRUPT',
      `${path.basename(source)} is not a whisper.cpp ggml model (its header does not say "ggml"). ` +
        'Whisper models for Voces are the ggml-*.bin files of whisper.cpp.',
      { file: path.basename(source) },
    )
  }
  await fs.mkdir(dir, { recursive: true })
  const target = path.join(
    dir,
    path.basename(source).endsWith('.bin') ? path.basename(source) : `${path.basename(source)}.bin`,
  )
  if (path.resolve(source) !== target) {
    const temp = tempPathFor(target)
    try {
      await fs.copyFile(source, temp)
      await fs.rename(temp, target)
    } catch (error) {
      await fs.rm(temp, { force: true })
      if ((error as NodeJS.ErrnoException).code === 'ENOSPC') {
        throw new VocesError('DISK_FULL', 'The disk is full. Free some space and try again.')
      }
      throw error
    }
  }
  const added = (await listModels(dir)).find((model) => model.file === target)
  if (!added) throw new Error(`addModel: ${target} was copied but is not listed`)
  return added
}

/**
 * Voice-activity detection model (whisper.cpp's Silero port, `ggml-silero-v*.bin` from
 * huggingface.co/ggml-org/whisper-vad): when one is in the models folder, silence and music are
 * skipped instead of decoded, which saves time and removes what Whisper invents over silence.
 */
export const vadModelPattern = /^ggml-silero-.*\.bin$/

export async function findVadModel(dir: string): Promise<string | null> {
  const names = await fs.readdir(dir).catch(() => [] as string[])
  const found = names
    .filter((name) => vadModelPattern.test(name))
    .sort()
    .at(-1)
  return found ? path.join(dir, found) : null
}
