import path from 'node:path'
import { showNotesHtml, showNotesMarkdown } from '../export/show-notes.ts'
import { checkConsent, exportedRecordings } from '../export/consent.ts'
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
import { actorOf, canSee, owner, visibilityOf } from '../people/access.ts'
import type { CallContext, Handlers } from './types.ts'

/** The recordings an export of an episode or a recording uses; throws when it is neither. */
/**
 * Who asked for an export job, and why (decision 0161): the job's own entry, written with the
 * export log when the file is done, says what it used.
 */
async function auditRequest(
  ctx: CallContext,
  kind: string,
  source: string,
  reason: string,
  jobId: string,
): Promise<void> {
  await ctx.voces.storage.people.audit(
    {
      actor: actorOf(ctx.caller ?? owner),
      action: 'export.request',
      subject: source,
      recordingId: kind === 'export.video' ? source : null,
      details: { kind, reason, job: jobId },
    },
    new Date().toISOString(),
  )
}

export const episodesHandlers = {
  'episodes.list': async (_input, ctx) => {
    const { storage } = ctx.voces
    const episodes = await storage.episodes.list()
    const visibility = await visibilityOf(ctx.caller ?? owner, storage.people, new Date())
    if (visibility.all) return episodes
    // Decision 0163: an episode with a hidden recording's clip is absent with it.
    const hidden = new Set(
      (await storage.recordings.list()).filter((r) => !canSee(visibility, r)).map((r) => r.id),
    )
    return episodes.filter((e) => !e.clips.some((clip) => hidden.has(clip.recordingId)))
  },
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
  'episodes.saveDrafted': ({ id, ...write }, { voces }) =>
    voces.storage.episodes.saveDrafted(id, write),
  'export.notes': async ({ id, format }, { voces }) => {
    const episode = await voces.storage.episodes.require(id)
    const notes = await voces.storage.episodes.notes(id)
    return {
      text: format === 'md' ? showNotesMarkdown(episode, notes) : showNotesHtml(episode, notes),
    }
  },
  'export.podcast': async (input, ctx) => {
    const { voces } = ctx
    // Fail early on what can be checked now (source, consent, the episode's files); the job
    // checks again when it runs.
    await checkConsent(voces, await exportedRecordings(voces, input.source), input.reason)
    await checkDisguise(voces, await exportedRecordings(voces, input.source), input.disguise)
    await checkEpisodeFiles((await voces.storage.episodes.get(input.source)) ?? {})
    await checkOutputFolder(path.resolve(input.output))
    const jobId = (await voces.jobs.enqueue('export.podcast', input)).id
    await auditRequest(ctx, 'export.podcast', input.source, input.reason, jobId)
    return { jobId }
  },
  'export.audiogram': async (input, ctx) => {
    const { voces } = ctx
    await checkConsent(voces, await exportedRecordings(voces, input.source), input.reason)
    await checkDisguise(voces, await exportedRecordings(voces, input.source), input.disguise)
    await checkEpisodeFiles((await voces.storage.episodes.get(input.source)) ?? {})
    await checkOutputFolder(path.resolve(input.output))
    const jobId = (await voces.jobs.enqueue('export.audiogram', input)).id
    await auditRequest(ctx, 'export.audiogram', input.source, input.reason, jobId)
    return { jobId }
  },
  'export.video': async (input, ctx) => {
    const { voces } = ctx
    await voces.storage.recordings.require(input.recordingId)
    await checkConsent(voces, [input.recordingId], input.reason)
    await checkDisguise(voces, [input.recordingId], input.disguise)
    await checkOutputFolder(path.resolve(input.output))
    const jobId = (await voces.jobs.enqueue('export.video', input)).id
    await auditRequest(ctx, 'export.video', input.recordingId, input.reason, jobId)
    return { jobId }
  },
} satisfies Partial<Handlers>
