import { existsSync, readFileSync } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import { VocesError } from '../../shared/contract/index.ts'
import { CancelledError } from '../errors.ts'
import { resolveModelsDir } from '../paths.ts'
import { downloadFile } from '../transcription/download.ts'
import {
  pairName,
  type EngineReport,
  type LanguagePair,
  type TranslateOptions,
  type TranslationEngine,
} from './engine.ts'

/**
 * Bergamot, the neural engine (docs/decisions/0156-local-translation.md): Firefox's offline
 * translator, Marian models compiled to WebAssembly (`@browsermt/bergamot-translator`, MPL-2.0),
 * with Mozilla's English↔Spanish models (about 21 MB a direction). It runs where its models are
 * in the models folder; none is bundled, and they are downloaded with pinned sizes and SHA-256
 * (resumable, as Whisper's are).
 */

export type BergamotPart = 'model' | 'lex' | 'vocab'

export interface BergamotFile {
  part: BergamotPart
  name: string
  bytes: number
  sha256: string
}

/**
 * Bergamot's English↔Spanish models as its model registry (version 0.2.0) lists them: name, size
 * and SHA-256 of each file. The addresses are the registry's; they could not be fetched here
 * (no network), so the checksums are what make a download safe.
 */
export const bergamotBaseUrl = 'https://storage.googleapis.com/bergamot-models-sandbox/0.2.0'
export const bergamotCatalogue: Readonly<Record<string, readonly BergamotFile[]>> = {
  'en-es': [
    {
      part: 'model',
      name: 'model.enes.intgemm.alphas.bin',
      bytes: 17_140_755,
      sha256: 'fa7460037a3163e03fe1d23602f964bff2331da6ee813637e092ddf37156ef53',
    },
    {
      part: 'lex',
      name: 'lex.50.50.enes.s2t.bin',
      bytes: 3_347_104,
      sha256: '3a113d713dec3cf1d12bba5b138ae616e28bba4bbc7fe7fd39ba145e26b86d7f',
    },
    {
      part: 'vocab',
      name: 'vocab.esen.spm',
      bytes: 825_463,
      sha256: '909b1eea1face0d7f90a474fe29a8c0fef8d104b6e41e65616f864c964ba8845',
    },
  ],
  'es-en': [
    {
      part: 'model',
      name: 'model.esen.intgemm.alphas.bin',
      bytes: 17_140_755,
      sha256: '4b6b7f451094aaa447d012658af158ffc708fc8842dde2f871a58404f5457fe0',
    },
    {
      part: 'lex',
      name: 'lex.50.50.esen.s2t.bin',
      bytes: 3_860_888,
      sha256: 'f11a2c23ef85ab1fee1c412b908d69bc20d66fd59faa8f7da5a5f0347eddf969',
    },
    {
      part: 'vocab',
      name: 'vocab.esen.spm',
      bytes: 825_463,
      sha256: '909b1eea1face0d7f90a474fe29a8c0fef8d104b6e41e65616f864c964ba8845',
    },
  ],
}

const pairs: LanguagePair[] = [
  { from: 'en', to: 'es' },
  { from: 'es', to: 'en' },
]

/** Where a direction's three files go: MODELS/bergamot/en-es/. */
export function bergamotDir(pair: LanguagePair, modelsDir = resolveModelsDir()): string {
  return path.join(modelsDir, 'bergamot', pairName(pair))
}

export const bergamotHint =
  'Download its English–Spanish models (about 21 MB a direction, checked against pinned SHA-256): "voces translate download en-es" and "voces translate download es-en".'

/** A direction is installed when its three files are there at their exact sizes. */
async function installed(pair: LanguagePair, modelsDir: string): Promise<boolean> {
  const files = bergamotCatalogue[pairName(pair)] ?? []
  for (const file of files) {
    const size = (await stat(path.join(bergamotDir(pair, modelsDir), file.name)).catch(() => null))
      ?.size
    if (size !== file.bytes) return false
  }
  return files.length > 0
}

/**
 * Downloads a direction's files (resumable; each checked against its size and SHA-256, which is
 * the whole check: they are Marian files, not whisper.cpp's ggml). A download that does not
 * finish says how to try again with this command, never Whisper's "voces models add".
 * `source` is another server and catalogue, for tests.
 */
export async function downloadBergamot(
  pair: LanguagePair,
  options: {
    signal?: AbortSignal
    onProgress?: (fraction: number) => void
    modelsDir?: string
    source?: { baseUrl: string; catalogue: Readonly<Record<string, readonly BergamotFile[]>> }
  },
): Promise<{ bytes: number }> {
  const files = (options.source?.catalogue ?? bergamotCatalogue)[pairName(pair)]
  if (!files) throw pairMissing(pair)
  const baseUrl = options.source?.baseUrl ?? bergamotBaseUrl
  const again = `"voces translate download ${pairName(pair)}"`
  const total = files.reduce((sum, file) => sum + file.bytes, 0)
  let done = 0
  for (const file of files) {
    try {
      await downloadFile({
        url: `${baseUrl}/${pair.from}${pair.to}/${file.name}`,
        target: path.join(bergamotDir(pair, options.modelsDir), file.name),
        expected: { sha256: file.sha256, bytes: file.bytes },
        signal: options.signal,
        onProgress: (received) => options.onProgress?.((done + received) / total),
        check: () => Promise.resolve(null),
        unreachableHint: `Check the connection and try again with ${again}: it resumes where it stopped.`,
      })
    } catch (error) {
      if (!(error instanceof VocesError) || error.code !== 'DOWNLOAD_FAILED') throw error
      throw new VocesError(
        'TRANSLATION_DOWNLOAD_FAILED',
        `The Bergamot ${pairName(pair)} model download did not finish: ${error.message}` +
          (error.message.includes(again) ? '' : ` Run ${again} to try again.`),
        { pair: pairName(pair) },
      )
    }
    done += file.bytes
  }
  return { bytes: total }
}

function pairMissing(pair: LanguagePair): VocesError {
  return new VocesError(
    'TRANSLATION_PAIR_NOT_INSTALLED',
    `Bergamot has no ${pair.from}→${pair.to} model on this computer. ${bergamotHint}`,
    { engine: 'bergamot', from: pair.from, to: pair.to },
  )
}

interface Reply {
  id: number
  result?: unknown
  error?: { message?: string }
}

/**
 * Bergamot's own worker script, run in a worker thread. The package's Node support loads it as
 * an ES module, where its `require` fails (0.4.9), so it is given to the worker as a CommonJS
 * script, with the folder it reads its WebAssembly from.
 */
export class BergamotWorker {
  #worker: Worker
  #serial = 0
  #pending = new Map<number, { accept: (value: unknown) => void; reject: (error: Error) => void }>()

  constructor() {
    const require = createRequire(import.meta.url)
    const dir = path.join(
      path.dirname(require.resolve('@browsermt/bergamot-translator/package.json')),
      'worker',
    )
    const file = path.join(dir, 'translator-worker.js')
    const code = `var __dirname = ${JSON.stringify(dir)}; var __filename = ${JSON.stringify(file)};\n${readFileSync(file, 'utf8')}`
    this.#worker = new Worker(code, { eval: true })
    this.#worker.on('message', (reply: Reply) => {
      const waiting = this.#pending.get(reply.id)
      if (!waiting) return
      this.#pending.delete(reply.id)
      if (reply.error !== undefined)
        waiting.reject(new Error(reply.error.message ?? 'Bergamot failed'))
      else waiting.accept(reply.result)
    })
    this.#worker.on('error', (error) => {
      for (const waiting of this.#pending.values()) waiting.reject(error)
      this.#pending.clear()
    })
  }

  call(name: string, ...args: unknown[]): Promise<unknown> {
    const id = ++this.#serial
    return new Promise((accept, reject) => {
      this.#pending.set(id, { accept, reject })
      this.#worker.postMessage({ id, name, args })
    })
  }

  /** Loads the WebAssembly engine; no model yet. */
  async start(): Promise<void> {
    await this.call('initialize', {})
  }

  async stop(): Promise<void> {
    await this.#worker.terminate()
  }
}

export class BergamotEngine implements TranslationEngine {
  readonly name = 'bergamot'
  readonly modelsDir: string

  constructor(modelsDir = resolveModelsDir()) {
    this.modelsDir = modelsDir
  }

  async report(): Promise<EngineReport> {
    const found: LanguagePair[] = []
    for (const pair of pairs) if (await installed(pair, this.modelsDir)) found.push(pair)
    return {
      name: this.name,
      kind: 'neural',
      installed: found.length > 0,
      pairs: found,
      path: existsSync(path.join(this.modelsDir, 'bergamot'))
        ? path.join(this.modelsDir, 'bergamot')
        : null,
      hint: found.length === pairs.length ? '' : bergamotHint,
    }
  }

  async translate(
    lines: readonly string[],
    pair: LanguagePair,
    options: TranslateOptions = {},
  ): Promise<string[]> {
    if (!(await installed(pair, this.modelsDir))) throw pairMissing(pair)
    const files = bergamotCatalogue[pairName(pair)] ?? []
    const buffer = async (part: BergamotPart) => {
      const file = files.find((f) => f.part === part)
      const bytes = await readFile(path.join(bergamotDir(pair, this.modelsDir), file?.name ?? ''))
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)
    }
    const worker = new BergamotWorker()
    try {
      await worker.start()
      await worker.call('loadTranslationModel', pair, {
        model: await buffer('model'),
        shortlist: await buffer('lex'),
        vocabs: [await buffer('vocab')],
      })
      const out: string[] = []
      const batch = 32
      for (let at = 0; at < lines.length; at += batch) {
        if (options.signal?.aborted) throw new CancelledError()
        const texts = lines.slice(at, at + batch)
        // HTML mode: the tag placeholders (<vz0/>) are carried as markup, not translated.
        const responses = (await worker.call('translate', {
          models: [pair],
          texts: texts.map((text) => ({ text, html: true, qualityScores: false })),
        })) as Array<{ target: { text: string } }>
        out.push(...texts.map((text, i) => (text === '' ? '' : (responses[i]?.target.text ?? ''))))
        options.onProgress?.(Math.min(1, (at + texts.length) / lines.length))
      }
      return out
    } finally {
      await worker.stop()
    }
  }
}
