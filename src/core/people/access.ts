import type { MethodName, Recording, Role } from '../../shared/contract/index.ts'
import { VocesError } from '../../shared/contract/define.ts'
import type { StoragePorts } from '../storage/ports.ts'

/**
 * Who makes a call (decision 0161): a signed-in person or an API key's owner, or the embedded
 * library's one implicit admin (the app, the CLI on the library's machine, a loopback `serve`
 * without accounts), which has no person row.
 */
export interface Caller {
  personId: string | null
  email: string | null
  name: string
  role: Role
  implicit: boolean
}

/** The single-user library's caller: everything, as before accounts existed. */
export const owner: Caller = {
  personId: null,
  email: null,
  name: 'owner',
  role: 'admin',
  implicit: true,
}

/**
 * Who a check is recorded under (decision 0203): a signed-in person always under their own
 * account's name, whatever the call says; the single-user library under the name it was given.
 */
export function reviewerOf(
  caller: Caller | undefined,
  given: string | undefined,
): string | undefined {
  if (!caller || caller.implicit) return given
  return caller.name.trim() || caller.email || given
}

/** The name the audit log gives a caller. */
export function actorOf(caller: Caller): string {
  return caller.email ?? 'owner'
}

/** What a call needs; each role holds a set of these (the table, decision 0161). */
export type Permission =
  | 'read'
  | 'jobs'
  | 'settings'
  | 'people'
  | 'metadata'
  | 'redaction'
  | 'grants'
  | 'audit'
  | 'transcripts'
  | 'speakers'
  | 'subtitles'
  | 'exportVideo'
  | 'episodes'
  | 'exportPodcast'

const everything: readonly Permission[] = [
  'read',
  'jobs',
  'settings',
  'people',
  'metadata',
  'redaction',
  'grants',
  'audit',
  'transcripts',
  'speakers',
  'subtitles',
  'exportVideo',
  'episodes',
  'exportPodcast',
]

/**
 * | admin     | everything, and manage people                                        |
 * | archivist | metadata and consent, redaction, bags and backups, access grants      |
 * | producer  | transcripts, speakers, subtitles, video export                        |
 * | staff     | transcripts, episodes, podcast export                                 |
 * | viewer    | listen, read and search                                               |
 * Everyone reads; everyone but a viewer may follow and cancel the jobs of their work.
 */
export const rolePermissions: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  admin: new Set(everything),
  archivist: new Set(['read', 'jobs', 'metadata', 'redaction', 'grants', 'audit']),
  producer: new Set(['read', 'jobs', 'transcripts', 'speakers', 'subtitles', 'exportVideo']),
  staff: new Set(['read', 'jobs', 'transcripts', 'episodes', 'exportPodcast']),
  viewer: new Set(['read']),
}

/** Every call of the contract and what it needs: a new call does not compile until it is here. */
export const methodPermissions: Readonly<Record<MethodName, Permission>> = {
  'app.info': 'read',
  'settings.get': 'read',
  'settings.update': 'settings',
  'library.list': 'read',
  'library.states': 'read',
  'library.get': 'read',
  'library.update': 'metadata',
  'library.remove': 'metadata',
  'library.peaks': 'read',
  'library.ingest': 'metadata',
  'jobs.list': 'read',
  'jobs.cancel': 'jobs',
  'episodes.list': 'read',
  'episodes.get': 'read',
  'episodes.create': 'episodes',
  'episodes.update': 'episodes',
  'episodes.remove': 'episodes',
  'episodes.setChapters': 'episodes',
  'episodes.proposeChapters': 'episodes',
  'episodes.notes': 'read',
  'episodes.setNotes': 'episodes',
  'episodes.saveDrafted': 'episodes',
  'export.notes': 'exportPodcast',
  'episodes.transcript': 'read',
  'episodes.cut': 'episodes',
  'episodes.restore': 'episodes',
  'episodes.setCuts': 'episodes',
  'episodes.fillers': 'episodes',
  'export.podcast': 'exportPodcast',
  'export.video': 'exportVideo',
  'export.audiogram': 'exportVideo',
  'redaction.apply': 'redaction',
  'redaction.deleteLibraryCopy': 'redaction',
  'redaction.list': 'redaction',
  'disguise.speakers': 'exportVideo',
  'transcription.start': 'transcripts',
  'transcripts.list': 'read',
  'transcripts.get': 'read',
  'transcripts.export': 'transcripts',
  'transcripts.import': 'transcripts',
  'transcripts.remove': 'transcripts',
  'models.list': 'read',
  'models.download': 'settings',
  'engine.build': 'settings',
  'models.add': 'settings',
  'glossary.list': 'read',
  'glossary.add': 'transcripts',
  'glossary.remove': 'transcripts',
  'subtitles.get': 'read',
  'subtitles.make': 'subtitles',
  'subtitles.import': 'subtitles',
  'subtitles.export': 'subtitles',
  'subtitles.check': 'subtitles',
  'subtitles.updateCue': 'subtitles',
  'subtitles.settings': 'subtitles',
  'subtitles.splitCue': 'subtitles',
  'subtitles.mergeCue': 'subtitles',
  'subtitles.insertCue': 'subtitles',
  'subtitles.deleteCue': 'subtitles',
  'subtitles.apply': 'subtitles',
  'search.query': 'read',
  'search.saved.list': 'read',
  'search.saved.save': 'read',
  'search.saved.remove': 'read',
  'search.exportCsv': 'read',
  'editor.load': 'read',
  'editor.editText': 'transcripts',
  'editor.split': 'transcripts',
  'editor.merge': 'transcripts',
  'editor.setSpeaker': 'speakers',
  'editor.renameSpeaker': 'speakers',
  'editor.addSpeaker': 'speakers',
  'editor.replace': 'transcripts',
  'editor.review': 'transcripts',
  'editor.apply': 'transcripts',
  'people.whoami': 'read',
  'people.list': 'people',
  'people.add': 'people',
  'people.setRole': 'people',
  'people.remove': 'people',
  'people.createKey': 'people',
  'grants.list': 'grants',
  'grants.add': 'grants',
  'grants.remove': 'grants',
  'audit.list': 'audit',
  // Speakers (decisions 0153-0155): detecting and correcting voices is the producers' work.
  'speakers.detect': 'speakers',
  'speakers.list': 'read',
  'speakers.rename': 'speakers',
  'speakers.merge': 'speakers',
  'speakers.turns': 'read',
  'editor.moveWords': 'speakers',
  'editor.mergeSpeakers': 'speakers',
  'speakers.models': 'read',
  'speakers.downloadModels': 'settings',
  'voices.list': 'speakers',
  'voices.forget': 'speakers',
  // Translation (decision 0156): each kind of track is its owners'.
  'translation.engines': 'read',
  'translation.subtitles': 'subtitles',
  'translation.transcript': 'transcripts',
  'translation.episodeDraft': 'episodes',
  'translation.machineCues': 'read',
  'translation.text': 'read',
  // The episode as it will be exported, to listen to (decision 0165).
  'episodes.timeline': 'read',
}

export function mayCall(role: Role, method: MethodName): boolean {
  return rolePermissions[role].has(methodPermissions[method])
}

/** Refused before the handler runs: the role may not make this call. */
export function forbidden(method: MethodName, role: Role): VocesError {
  return new VocesError(
    'ROLE_FORBIDS',
    `Your role (${role}) may not do this (${method}). Ask an admin of this archive if you need it.`,
    { method, role },
  )
}

/** Archivists and admins see every recording, withdrawn and restricted ones included. */
export function seesEverything(caller: Caller): boolean {
  return caller.role === 'admin' || caller.role === 'archivist'
}

/**
 * What a caller may see of the library (decision 0163): everything, or the recordings whose
 * consent is neither withdrawn nor restricted plus the restricted ones granted to them now.
 */
export interface Visibility {
  all: boolean
  granted: ReadonlySet<string>
}

export async function visibilityOf(
  caller: Caller,
  people: StoragePorts['people'],
  now: Date,
): Promise<Visibility> {
  if (seesEverything(caller) || caller.personId === null) return { all: true, granted: new Set() }
  return {
    all: false,
    granted: new Set(await people.grantedRecordings(caller.personId, now.toISOString())),
  }
}

export function canSee(
  visibility: Visibility,
  recording: Pick<Recording, 'id' | 'consentStatus'>,
): boolean {
  if (visibility.all) return true
  if (recording.consentStatus === 'withdrawn') return false
  if (recording.consentStatus === 'restricted') return visibility.granted.has(recording.id)
  return true
}

/** What a hidden recording answers: the same as one that does not exist. */
export function notFound(id: string): VocesError {
  return new VocesError('RECORDING_NOT_FOUND', `There is no recording ${id} in this library.`, {
    id,
  })
}

/**
 * The episode a call names, if any: `id` in the episodes' own calls and in show notes, `source`
 * (an episode or a recording) in the podcast and audiogram exports.
 */
export function episodeIn(method: MethodName, input: unknown): string | null {
  if (input === null || typeof input !== 'object') return null
  const { id, source } = input as { id?: unknown; source?: unknown }
  if ((method.startsWith('episodes.') || method === 'export.notes') && typeof id === 'string')
    return id
  if ((method === 'export.podcast' || method === 'export.audiogram') && typeof source === 'string')
    return source
  return null
}

/**
 * Every recording id a call's input names: `recordingId` and `recordingIds` anywhere in it (an
 * episode's clips, an export's sources), and `id` for the library's own calls.
 */
export function recordingIdsIn(method: MethodName, input: unknown): string[] {
  const found = new Set<string>()
  const walk = (value: unknown, depth: number): void => {
    if (depth > 6 || value === null || typeof value !== 'object') return
    if (Array.isArray(value)) {
      for (const item of value) walk(item, depth + 1)
      return
    }
    for (const [key, item] of Object.entries(value)) {
      if (key === 'recordingId' && typeof item === 'string') found.add(item)
      else if (key === 'recordingIds' && Array.isArray(item)) {
        for (const id of item) if (typeof id === 'string') found.add(id)
      } else walk(item, depth + 1)
    }
  }
  walk(input, 0)
  if (method.startsWith('library.') && input !== null && typeof input === 'object') {
    const id = (input as { id?: unknown }).id
    if (typeof id === 'string') found.add(id)
  }
  return [...found]
}

/**
 * Whether a caller may hear of a recording now, in the live event stream (decision 0187): the
 * same rule as every list. A recording no longer in the library (removed) is told only to those
 * who see everything, since whether it was visible can no longer be known.
 */
export async function mayHearOf(
  caller: Caller,
  storage: Pick<StoragePorts, 'people' | 'recordings'>,
  recordingId: string,
  now: Date,
): Promise<boolean> {
  const visibility = await visibilityOf(caller, storage.people, now)
  if (visibility.all) return true
  const recording = await storage.recordings.get(recordingId)
  return recording !== undefined && canSee(visibility, recording)
}
