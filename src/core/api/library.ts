import { deleteRecordingMedia, startIngest, readPeaks } from '../media/ingest.ts'
import { actorOf, canSee, owner, visibilityOf } from '../people/access.ts'
import type { CallContext, Handlers } from './types.ts'

/** The recordings this caller may see, by id (decision 0163): all for archivists and admins. */
async function visibleIds(ctx: CallContext, list: Array<{ id: string; consentStatus: string }>) {
  const visibility = await visibilityOf(ctx.caller ?? owner, ctx.voces.storage.people, new Date())
  if (visibility.all) return null
  return new Set(
    list
      .filter((r) =>
        canSee(visibility, {
          id: r.id,
          consentStatus: r.consentStatus as 'given' | 'restricted' | 'withdrawn' | 'unknown',
        }),
      )
      .map((r) => r.id),
  )
}

export const libraryHandlers = {
  'library.list': async (_input, ctx) => {
    const list = await ctx.voces.storage.recordings.list()
    const visible = await visibleIds(ctx, list)
    return visible ? list.filter((r) => visible.has(r.id)) : list
  },
  'library.states': async (_input, ctx) => {
    const { recordings } = ctx.voces.storage
    const states = await recordings.states()
    const visible = await visibleIds(ctx, await recordings.list())
    return visible ? states.filter((s) => visible.has(s.id)) : states
  },
  'library.get': ({ id }, { voces }) => voces.storage.recordings.require(id),
  'library.update': async ({ id, patch }, ctx) => {
    const { voces } = ctx
    // A consent change and its audit entry are one transaction (decision 0161).
    const recording = await voces.storage.transaction(async (tx) => {
      const before = await tx.recordings.require(id)
      const after = await tx.recordings.update(id, patch)
      const consentChanged =
        before.consentStatus !== after.consentStatus || before.consentNote !== after.consentNote
      if (consentChanged)
        await tx.people.audit(
          {
            actor: actorOf(ctx.caller ?? owner),
            action: 'consent.change',
            recordingId: id,
            details: { from: before.consentStatus, to: after.consentStatus },
          },
          new Date().toISOString(),
        )
      return after
    })
    voces.events.emit('library', { recordingId: id, change: 'updated' })
    return recording
  },
  'library.remove': async ({ id }, ctx) => {
    const { voces } = ctx
    const files = await voces.storage.recordings.files(id)
    const removed = await voces.storage.transaction(async (tx) => {
      const gone = await tx.recordings.remove(id)
      if (gone)
        await tx.people.audit(
          { actor: actorOf(ctx.caller ?? owner), action: 'recording.remove', recordingId: id },
          new Date().toISOString(),
        )
      return gone
    })
    // The library's own derived files (and its copy, if it made one) go; the original stays.
    await deleteRecordingMedia(voces, files)
    voces.events.emit('library', { recordingId: id, change: 'removed' })
    return { removed }
  },
  'library.peaks': ({ id }, { voces }) => readPeaks(voces, id),
  'library.ingest': ({ paths }, { voces }) => startIngest(voces, paths),
} satisfies Partial<Handlers>
