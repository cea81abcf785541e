import { VocesError } from '../../shared/contract/index.ts'
import { chooseEngine, engineReports } from '../translation/engines.ts'
import { draftEpisode } from '../translation/episode.ts'
import { translateLines } from '../translation/pipeline.ts'
import { machineTranslatedCues, startTranslation } from '../translation/subtitles.ts'
import type { Handlers } from './types.ts'

export const translationHandlers = {
  'translation.engines': (_input, { voces }) => engineReports(voces),
  'translation.subtitles': ({ recordingId, to, engine, replace }, { voces }) =>
    startTranslation(voces, { recordingId, to, engine, replace, source: 'subtitles' }),
  'translation.transcript': ({ recordingId, to, engine, replace }, { voces }) =>
    startTranslation(voces, { recordingId, to, engine, replace, source: 'transcript' }),
  'translation.episodeDraft': ({ episodeId, to, engine }, { voces }) =>
    draftEpisode(voces, episodeId, to, engine),
  'translation.machineCues': ({ recordingId }, { voces }) =>
    machineTranslatedCues(voces, recordingId),
  'translation.text': async ({ from, to, lines, engine }, { voces }) => {
    if (from === to) {
      throw new VocesError(
        'TRANSLATION_SAME_LANGUAGES',
        'Translate from one language into the other: from and to are the same.',
        { from, to },
      )
    }
    const chosen = await chooseEngine(voces, engine, { from, to })
    const result = await translateLines(
      chosen,
      lines,
      { from, to },
      {
        glossary: await voces.storage.glossary.list(),
      },
    )
    return { lines: result.lines, engine: chosen.name }
  },
} satisfies Partial<Handlers>
