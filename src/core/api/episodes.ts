import { showNotesHtml, showNotesMarkdown } from '../export/show-notes.ts'
import type { Handlers } from './types.ts'

export const episodesHandlers = {
  'episodes.list': (_input, { voces }) => voces.episodes.list(),
  'episodes.get': ({ id }, { voces }) => voces.episodes.require(id),
  'episodes.create': ({ clips, ...fields }, { voces }) => voces.episodes.create(fields, clips),
  'episodes.update': ({ id, patch, clips }, { voces }) => voces.episodes.update(id, patch, clips),
  'episodes.remove': ({ id }, { voces }) => {
    voces.episodes.require(id)
    return { removed: voces.episodes.remove(id) }
  },
  'episodes.setChapters': ({ id, chapters }, { voces }) => voces.episodes.setChapters(id, chapters),
  'episodes.notes': ({ id }, { voces }) => voces.episodes.notes(id),
  'episodes.setNotes': ({ id, notes }, { voces }) => voces.episodes.setNotes(id, notes),
  'export.notes': ({ id, format }, { voces }) => {
    const episode = voces.episodes.require(id)
    const notes = voces.episodes.notes(id)
    return {
      text: format === 'md' ? showNotesMarkdown(episode, notes) : showNotesHtml(episode, notes),
    }
  },
  'export.podcast': (input, { voces }) => {
    // Fail early on what can be checked now; the job checks everything again when it runs.
    if (!voces.episodes.get(input.source)) voces.recordings.require(input.source)
    return { jobId: voces.jobs.enqueue('export.podcast', input).id }
  },
  'export.audiogram': (input, { voces }) => {
    if (!voces.episodes.get(input.source)) voces.recordings.require(input.source)
    return { jobId: voces.jobs.enqueue('export.audiogram', input).id }
  },
  'export.video': (input, { voces }) => {
    voces.recordings.require(input.recordingId)
    return { jobId: voces.jobs.enqueue('export.video', input).id }
  },
} satisfies Partial<Handlers>
