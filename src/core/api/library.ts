import { deleteRecordingMedia, startIngest, readPeaks } from '../media/ingest.ts'
import type { Handlers } from './types.ts'

export const libraryHandlers = {
  'library.list': (_input, { voces }) => voces.storage.recordings.list(),
  'library.states': (_input, { voces }) => voces.storage.recordings.states(),
  'library.get': ({ id }, { voces }) => voces.storage.recordings.require(id),
  'library.update': async ({ id, patch }, { voces }) => {
    const recording = await voces.storage.recordings.update(id, patch)
    voces.events.emit('library', { recordingId: id, change: 'updated' })
    return recording
  },
  'library.remove': async ({ id }, { voces }) => {
    const files = await voces.storage.recordings.files(id)
    const removed = await voces.storage.recordings.remove(id)
    // The library's own derived files (and its copy, if it made one) go; the original stays.
    await deleteRecordingMedia(voces, files)
    voces.events.emit('library', { recordingId: id, change: 'removed' })
    return { removed }
  },
  'library.peaks': ({ id }, { voces }) => readPeaks(voces, id),
  'library.ingest': ({ paths }, { voces }) => startIngest(voces, paths),
} satisfies Partial<Handlers>
