import type { Glossary } from '../../shared/contract/index.ts'
import { resolveModelsDir } from '../paths.ts'
import { engineHint, findWhisperCli } from '../transcription/binary.ts'
import {
  engineBuildAvailable,
  missingBuildTools,
  startEngineBuild,
} from '../transcription/engine-build.ts'
import {
  addGlossaryTerm,
  countTokens,
  fitGlossary,
  getGlossary,
  readWhisperVocab,
  removeGlossaryTerm,
} from '../transcription/glossary.ts'
import { addModel, defaultModel, listModels } from '../transcription/models.ts'
import { startModelDownload, startTranscription } from '../transcription/register.ts'
import { exportTranscript } from '../transcripts/formats.ts'
import { importTrack } from '../transcripts/import.ts'
import { exportRecordingFile } from './file-export.ts'
import type { Handlers } from './types.ts'

/** The glossary, with how much of it the default model's prompt holds (none installed: null). */
async function glossaryOf(terms: string[]): Promise<Glossary> {
  const model = await defaultModel(resolveModelsDir())
  const vocab = model ? await readWhisperVocab(model.file).catch(() => null) : null
  if (!vocab) return { terms, prompt: null }
  const { used, leftOut, tokens, budget } = fitGlossary(terms, (text) => countTokens(vocab, text))
  return { terms, prompt: { used, leftOut, tokens, budget } }
}

export const transcriptionHandlers = {
  'transcription.start': (input, { voces }) => startTranscription(voces, input),
  'transcripts.list': async ({ recordingId }, { voces }) => {
    await voces.storage.recordings.require(recordingId)
    return voces.storage.transcripts.listTracks(recordingId)
  },
  'transcripts.get': async ({ recordingId, track }, { voces }) => {
    await voces.storage.recordings.require(recordingId)
    return voces.storage.transcripts.requireTrack(recordingId, track)
  },
  'transcripts.export': async ({ recordingId, track, format, reason }, ctx) => {
    const recording = await ctx.voces.storage.recordings.require(recordingId)
    return exportRecordingFile(
      ctx,
      { kind: `transcript-${format}`, recordingId, reason },
      async () =>
        exportTranscript(
          await ctx.voces.storage.transcripts.requireTrack(recordingId, track),
          format,
          recording,
        ),
    )
  },
  'transcripts.import': (input, { voces }) => importTrack(voces, input),
  'transcripts.remove': async ({ recordingId, track }, { voces }) => ({
    removed: await voces.storage.transcripts.removeTrack(recordingId, track),
  }),
  'models.list': async (_input, { voces }) => {
    const dir = resolveModelsDir()
    const engine = findWhisperCli({ resourcesDir: voces.resourcesDir })
    return {
      dir,
      engine: {
        found: engine !== null,
        path: engine,
        hint: engine ? null : engineHint,
        build:
          engine === null && engineBuildAvailable(voces.resourcesDir)
            ? { missingTools: missingBuildTools() }
            : null,
      },
      models: await listModels(dir),
      defaultModel: (await defaultModel(dir))?.name ?? null,
    }
  },
  'models.download': ({ name }, { voces }) => startModelDownload(voces, name),
  'engine.build': (_input, { voces }) => startEngineBuild(voces),
  'models.add': ({ path }) => addModel(resolveModelsDir(), path),
  'glossary.list': async (_input, { voces }) => glossaryOf(await getGlossary(voces.storage)),
  'glossary.add': async ({ term }, { voces }) =>
    glossaryOf(await addGlossaryTerm(voces.storage, term)),
  'glossary.remove': async ({ term }, { voces }) =>
    glossaryOf(await removeGlossaryTerm(voces.storage, term)),
} satisfies Partial<Handlers>
