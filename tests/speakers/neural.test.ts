import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { diarizationErrorRate } from '../../src/core/speakers/der.ts'
import {
  loadSherpa,
  NeuralDiarizationEngine,
  renumber,
} from '../../src/core/speakers/engines/neural.ts'
import {
  checkSpeakerModel,
  downloadSpeakerModel,
  onnxProblem,
  speakerModels,
  type SpeakerModel,
} from '../../src/core/speakers/models.ts'
import { parseRttm } from '../../src/core/speakers/rttm.ts'
import { VocesError } from '../../src/shared/contract/index.ts'
import { mediaDir, modelsDir, tempDir } from '../helpers.ts'

const [segmentation, embedding] = speakerModels as [SpeakerModel, SpeakerModel]

/** A tiny ONNX ModelProto written by hand: ir_version 8, a graph named "g", opset 17. */
const tinyOnnx = Buffer.from([0x08, 0x08, 0x3a, 0x03, 0x12, 0x01, 0x67, 0x42, 0x02, 0x10, 0x11])

async function refusal(promise: Promise<unknown>): Promise<VocesError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(VocesError)
  return error as VocesError
}

describe('neural speaker engine: loading and plumbing', () => {
  const scratch = tempDir('voces-neural-')
  afterAll(() => scratch.cleanup())

  it('loads sherpa-onnx-node and its diarization pipeline class', () => {
    const sherpa = loadSherpa()
    expect(typeof sherpa.OfflineSpeakerDiarization).toBe('function')
  })

  it('says which model is missing when none is installed', async () => {
    const empty = path.join(scratch.dir, 'empty')
    mkdirSync(empty)
    const engine = new NeuralDiarizationEngine(empty)
    const error = await refusal(engine.diarize(path.join(mediaDir, 'en', 'jfk.wav'), {}))
    expect(error.code).toBe('SPEAKER_MODEL_MISSING')
    expect(error.params).toEqual({ file: segmentation.file })
  })

  it('refuses a damaged model before ONNX Runtime reads it (which would abort the process)', async () => {
    const dir = path.join(scratch.dir, 'damaged')
    mkdirSync(dir)
    writeFileSync(path.join(dir, segmentation.file), randomBytes(200_000))
    writeFileSync(path.join(dir, embedding.file), tinyOnnx)
    const error = await refusal(
      new NeuralDiarizationEngine(dir).diarize(path.join(mediaDir, 'en', 'jfk.wav'), {}),
    )
    expect(error.code).toBe('SPEAKER_MODEL_CORRUPT')
    expect(error.message).toContain(segmentation.file)
    // A download cut short is refused too.
    writeFileSync(path.join(dir, segmentation.file), tinyOnnx.subarray(0, 6))
    expect((await refusal(checkSpeakerModel(dir, segmentation))).message).toContain('cut short')
  })

  it('walks a whole ONNX file and refuses foreign or cut bytes', () => {
    expect(onnxProblem(tinyOnnx)).toBeNull()
    expect(onnxProblem(tinyOnnx.subarray(0, tinyOnnx.length - 1))).toBe('cut short')
    expect(onnxProblem(Buffer.from('RIFF....WAVEfmt '))).not.toBeNull()
    expect(onnxProblem(Buffer.alloc(0))).toBe('not an ONNX model')
  })

  it('downloads a model resumably through the catalogue, pins its SHA-256, and notices a changed file', async () => {
    let body: Buffer = tinyOnnx
    const server: Server = createServer((_, response) => {
      response.writeHead(200, { 'content-length': body.length, etag: '"v1"' })
      response.end(body)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    const dir = path.join(scratch.dir, 'downloaded')
    const model = { ...segmentation, url: `http://127.0.0.1:${port}/model.onnx` }
    try {
      const file = await downloadSpeakerModel(dir, model)
      expect(readFileSync(file)).toEqual(tinyOnnx)
      expect(readFileSync(`${file}.sha256`, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/)
      expect(await checkSpeakerModel(dir, model)).toBe(file)
      // The same size, other bytes: the pinned checksum catches it.
      const changed = Buffer.from(tinyOnnx)
      changed[6] = 0x68
      writeFileSync(file, changed)
      expect((await refusal(checkSpeakerModel(dir, model))).code).toBe('SPEAKER_MODEL_CORRUPT')
      // A server sending something else: refused, and nothing left behind.
      body = randomBytes(5000)
      const other = path.join(scratch.dir, 'other')
      expect((await refusal(downloadSpeakerModel(other, model))).code).toBe('SPEAKER_MODEL_CORRUPT')
      expect(existsSync(path.join(other, model.file))).toBe(false)
    } finally {
      server.close()
    }
  })

  it('refuses a bad speaker count before loading anything', async () => {
    const error = await refusal(
      new NeuralDiarizationEngine(scratch.dir).diarize('x.wav', { speakers: 50 }),
    )
    expect(error.code).toBe('SPEAKER_COUNT_INVALID')
  })

  it('renumbers sherpa-onnx voices in order of first appearance, sorted by start', () => {
    expect(
      renumber([
        { start: 3, end: 4, speaker: 0 },
        { start: 1, end: 2, speaker: 5 },
        { start: 5, end: 5, speaker: 2 },
      ]),
    ).toEqual([
      { start: 1, end: 2, speaker: 0 },
      { start: 3, end: 4, speaker: 1 },
    ])
  })
})

/** Real weights: VOCES_TEST_SPEAKER_MODELS, or both files in ../shared/models. */
const realDir = [process.env.VOCES_TEST_SPEAKER_MODELS, modelsDir].find(
  (dir): dir is string =>
    dir !== undefined && speakerModels.every((model) => existsSync(path.join(dir, model.file))),
)

describe.runIf(realDir)('neural speaker engine with real weights', () => {
  it('finds the two voices of the pyannote sample', async () => {
    const sample = path.join(mediaDir, 'interview', 'pyannote_sample_2spk.wav')
    const turns = await new NeuralDiarizationEngine(realDir as string).diarize(sample, {})
    const reference = parseRttm(readFileSync(sample.replace(/\.wav$/, '.rttm'), 'utf8'))
    const found = turns.map((turn) => ({ ...turn, speaker: String(turn.speaker) }))
    expect(new Set(found.map((turn) => turn.speaker)).size).toBe(2)
    expect(diarizationErrorRate(reference, found).der).toBeLessThanOrEqual(0.2)
  })
})

if (!realDir)
  console.log(
    `SKIPPED neural speaker tests with real weights: no ${segmentation.file} and ${embedding.file} (set VOCES_TEST_SPEAKER_MODELS=/dir or put them in ../shared/models)`,
  )
