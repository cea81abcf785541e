import path from 'node:path'
import { showNotesHtml, showNotesMarkdown } from '../export/show-notes.ts'
import { checkConsent } from '../export/consent.ts'
import { episodeTimeline } from '../export/preview.ts'
import { checkDisguise } from '../redaction/disguise.ts'
import { checkOutputFolder } from '../util/atomic-file.ts'
import {
  checkEpisodeFiles,
  createEpisode,
  cutEpisode,
  episodeChapterProposals,
  episodeFillers,
  episodeTranscript,
  restoreEpisode,
  updateEpisode,
} from '../episodes/service.ts'
import type { CoreContext } from '../context.ts'
import type { Handlers } from './types.ts'

/** The recordings an export of an episode or a recording uses; throws when it is neither. */
async function recordingsOf(voces: CoreContext, source: string): Promise<string[]> {
  const episode = await voces.storage.episodes.get(source)
  if (episode) return [...new Set(episode.clips.map((clip) => clip.recordingId))]
  return [(await voces.storage.recordings.require(source)).id]
}

export const episodesHandlers = {
  'episodes.list': (_input, { voces }) => voces.storage.episodes.list(),
  'episodes.get': ({ id }, { voces }) => voces.storage.episodes.require(id),
  'episodes.create': ({ clips, ...fields }, { voces }) => createEpisode(voces, fields, clips),
  'episodes.update': ({ id, patch, clips }, { voces }) => updateEpisode(voces, id, patch, clips),
  'episodes.remove': async ({ id }, { voces }) => {
    await voces.storage.episodes.require(id)
    return { removed: await voces.storage.episodes.remove(id) }
  },
  'episodes.setChapters': ({ id, chapters }, { voces }) =>
    voces.storage.episodes.setChapters(id, chapters),
  'episodes.proposeChapters': ({ id }, { voces }) => episodeChapterProposals(voces, id),
  'episodes.transcript': ({ id }, { voces }) => episodeTranscript(voces, id),
  'episodes.timeline': ({ id }, { voces }) => episodeTimeline(voces, id),
  'episodes.cut': ({ id, spans, kind }, { voces }) => cutEpisode(voces, id, spans, kind),
  'episodes.restore': ({ id, spans }, { voces }) => restoreEpisode(voces, id, spans),
  'episodes.setCuts': ({ id, cuts }, { voces }) => voces.storage.episodes.setCuts(id, cuts),
  'episodes.fillers': ({ id }, { voces }) => episodeFillers(voces, id),
  'episodes.notes': ({ id }, { voces }) => voces.storage.episodes.notes(id),
  'episodes.setNotes': ({ id, notes }, { voces }) => voces.storage.episodes.setNotes(id, notes),
  'export.notes': async ({ id, format }, { voces }) => {
    const episode = await voces.storage.episodes.require(id)
    const notes = await voces.storage.episodes.notes(id)
    return {
      text: format === 'md' ? showNotesMarkdown(episode, notes) : showNotesHtml(episode, notes),
    }
  },
  'export.podcast': async (input, { voces }) => {
    // Fail early on what can be checked now (source, consent, the episode's files); the job
    // checks again when it runs.
    await checkConsent(voces, await recordingsOf(voces, input.source), input.reason)
    await checkDisguise(voces, await recordingsOf(voces, input.source), input.disguise)
    await checkEpisodeFiles((await voces.storage.episodes.get(input.source)) ?? {})
    await checkOutputFolder(path.resolve(input.output))
    return { jobId: (await voces.jobs.enqueue('export.podcast', input)).id }
  },
  'export.audiogram': async (input, { voces }) => {
    await checkConsent(voces, await recordingsOf(voces, input.source), input.reason)
    await checkDisguise(voces, await recordingsOf(voces, input.source), input.disguise)
    await checkEpisodeFiles((await voces.storage.episodes.get(input.source)) ?? {})
    await checkOutputFolder(path.resolve(input.output))
    return { jobId: (await voces.jobs.enqueue('export.audiogram', input)).id }
  },
  'export.video': async (input, { voces }) => {
    await voces.storage.recordings.require(input.recordingId)
    await checkConsent(voces, [input.recordingId], input.reason)
    await checkDisguise(voces, [input.recordingId], input.disguise)
    await checkOutputFolder(path.resolve(input.output))
    return { jobId: (await voces.jobs.enqueue('export.video', input)).id }
  },
} satisfies Partial<Handlers>
