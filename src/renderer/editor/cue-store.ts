import type { Language } from '../../shared/language.ts'
import { useMemo, useSyncExternalStore } from 'react'
import type {
  ApiError,
  MethodInput,
  SubtitleChange,
  SubtitleCheck,
  SubtitleCue,
  SubtitlePatch,
  Subtitles,
} from '../../shared/contract/index.ts'
import type { VocesClient } from '../client/index.ts'
import { SAVE_DELAY_MS } from '../ui/useDebouncedSave.ts'

export type CueLanguage = Language
const languages: CueLanguage[] = ['en', 'es']

/** Where an error came from, so only that place shows it. */
export type CueErrorPlace = 'list' | 'waveform'

export interface CueState {
  status: 'loading' | 'ready' | 'failed'
  subtitles: Subtitles | null
  checks: Partial<Record<CueLanguage, SubtitleCheck>>
  error: { place: CueErrorPlace; error: ApiError } | null
  depth: { undo: number; redo: number }
  saving: boolean
}

type ChangeMethod =
  | 'subtitles.splitCue'
  | 'subtitles.mergeCue'
  | 'subtitles.insertCue'
  | 'subtitles.deleteCue'
  | 'subtitles.apply'

const byTime = (a: SubtitleCue, b: SubtitleCue) => a.start - b.start || a.id - b.id

/** The cues with a changed or added cue folded in, in time order. */
export function withCues(
  cues: readonly SubtitleCue[],
  changed: readonly SubtitleCue[],
  removed: readonly number[] = [],
): SubtitleCue[] {
  const gone = new Set([...removed, ...changed.map((cue) => cue.id)])
  return [...cues.filter((cue) => !gone.has(cue.id)), ...changed].sort(byTime)
}

/**
 * A recording's subtitles as the editor holds them, shared by the subtitle list and the
 * waveform (both show and change the same cues), with the session's undo and redo lists of cue
 * patches (docs/decisions/0032-cue-operations-and-undo.md). Calls go to the core one after
 * another, in the order they were made.
 */
export class CueStore {
  readonly client: VocesClient
  readonly recordingId: string
  private state: CueState = {
    status: 'loading',
    subtitles: null,
    checks: {},
    error: null,
    depth: { undo: 0, redo: 0 },
    saving: false,
  }
  private readonly listeners = new Set<() => void>()
  private undoList: SubtitlePatch[] = []
  private redoList: SubtitlePatch[] = []
  private queue: Promise<unknown> = Promise.resolve()
  private readonly pending = new Map<string, { timer: number; text: string }>()
  private checkRun = 0

  constructor(client: VocesClient, recordingId: string) {
    this.client = client
    this.recordingId = recordingId
  }

  readonly getState = (): CueState => this.state

  readonly subscribe = (listener: () => void): (() => void) => {
    if (this.listeners.size === 0) {
      void this.load()
      window.addEventListener('pagehide', this.flushAll)
    }
    this.listeners.add(listener)
    return () => {
      this.listeners.delete(listener)
      if (this.listeners.size === 0) {
        window.removeEventListener('pagehide', this.flushAll)
        this.flushAll()
      }
    }
  }

  private set(patch: Partial<CueState>): void {
    this.state = { ...this.state, ...patch }
    for (const listener of this.listeners) listener()
  }

  private fail(place: CueErrorPlace, error: ApiError): void {
    this.set({ error: { place, error }, saving: false })
  }

  clearError(): void {
    if (this.state.error) this.set({ error: null })
  }

  private cue(cueId: number): SubtitleCue | undefined {
    return this.state.subtitles?.cues.find((cue) => cue.id === cueId)
  }

  private setCues(cues: SubtitleCue[]): void {
    const subtitles = this.state.subtitles
    if (subtitles) this.set({ subtitles: { ...subtitles, cues } })
  }

  /** Runs calls one after another. */
  private enqueue<T>(run: () => Promise<T>): Promise<T> {
    const next = this.queue.then(run, run)
    this.queue = next
    return next
  }

  async load(): Promise<void> {
    const result = await this.client.call('subtitles.get', { recordingId: this.recordingId })
    if (!result.ok) {
      this.set({ status: 'failed', error: { place: 'list', error: result.error } })
      return
    }
    this.show(result.value)
  }

  /** New subtitles from outside the cue edits (made, imported): earlier patches no longer fit. */
  show(subtitles: Subtitles, keepHistory = false): void {
    if (!keepHistory) {
      this.undoList = []
      this.redoList = []
    }
    this.set({ status: 'ready', subtitles, depth: this.depth() })
    void this.recheck()
  }

  /** Reads the rules again (they changed in the settings panel) and checks the tracks by them. */
  async rulesChanged(): Promise<void> {
    const result = await this.client.call('subtitles.get', { recordingId: this.recordingId })
    if (result.ok) this.show(result.value, true)
  }

  /** The quality rules on every track; only the latest run's answer is shown. */
  async recheck(): Promise<void> {
    const run = ++this.checkRun
    const subtitles = this.state.subtitles
    if (!subtitles) return
    const checks: Partial<Record<CueLanguage, SubtitleCheck>> = {}
    for (const track of subtitles.tracks) {
      const result = await this.client.call('subtitles.check', {
        recordingId: this.recordingId,
        language: track.language,
      })
      if (result.ok) checks[track.language] = result.value
    }
    if (run === this.checkRun) this.set({ checks })
  }

  private depth() {
    return { undo: this.undoList.length, redo: this.redoList.length }
  }

  private record(undo: SubtitlePatch, kind: 'edit' | 'undo' | 'redo'): void {
    if (undo.put.length + undo.remove.length === 0) return
    if (kind === 'undo') this.redoList.push(undo)
    else {
      this.undoList.push(undo)
      if (kind === 'edit') this.redoList = []
    }
    this.set({ depth: this.depth() })
  }

  /** Changes one cue through subtitles.updateCue; its undo puts back the cue as it was. */
  private update(
    before: SubtitleCue,
    change: Omit<MethodInput<'subtitles.updateCue'>, 'cueId'>,
    place: CueErrorPlace,
  ): Promise<boolean> {
    return this.enqueue(async () => {
      this.set({ saving: true })
      const result = await this.client.call('subtitles.updateCue', { cueId: before.id, ...change })
      if (!result.ok) {
        // The optimistic times go back to what the core holds.
        const cues = this.state.subtitles?.cues ?? []
        this.setCues(withCues(cues, [before]))
        this.fail(place, result.error)
        return false
      }
      this.setCues(withCues(this.state.subtitles?.cues ?? [], [result.value]))
      this.record({ recordingId: this.recordingId, put: [before], remove: [] }, 'edit')
      this.set({ saving: this.pending.size > 0, error: null })
      void this.recheck()
      return true
    })
  }

  /** Sends a cue operation; folds in what it changed and records its undo. */
  private operate<M extends ChangeMethod>(
    method: M,
    input: MethodInput<M>,
    kind: 'edit' | 'undo' | 'redo' = 'edit',
    place: CueErrorPlace = 'list',
  ): Promise<SubtitleChange | null> {
    return this.enqueue(async () => {
      this.set({ saving: true })
      const result = (await this.client.call(method, input)) as
        { ok: true; value: SubtitleChange } | { ok: false; error: ApiError }
      if (!result.ok) {
        this.fail(place, result.error)
        return null
      }
      const change = result.value
      this.setCues(withCues(this.state.subtitles?.cues ?? [], change.cues, change.removed))
      this.record(change.undo, kind)
      this.set({ saving: this.pending.size > 0, error: null })
      void this.recheck()
      return change
    })
  }

  /** New times for a cue (the waveform): shown at once, saved through subtitles.updateCue. */
  async retime(cueId: number, start: number, end: number): Promise<boolean> {
    await this.flush(cueId)
    const before = this.cue(cueId)
    if (!before || (before.start === start && before.end === end)) return false
    this.setCues(withCues(this.state.subtitles?.cues ?? [], [{ ...before, start, end }]))
    return this.update(before, { start, end }, 'waveform')
  }

  /** Typed text: kept here and saved SAVE_DELAY_MS after the last key. */
  editText(cueId: number, language: CueLanguage, text: string): void {
    const key = `${cueId}:${language}`
    const was = this.pending.get(key)
    if (was) window.clearTimeout(was.timer)
    const timer = window.setTimeout(() => void this.flush(cueId, language), SAVE_DELAY_MS)
    this.pending.set(key, { text, timer })
    this.set({ saving: true })
  }

  /** Saves typed text now: of one cue (one language, or both), or of all. */
  async flush(cueId?: number, language?: CueLanguage): Promise<void> {
    const saves: Array<Promise<boolean>> = []
    for (const [key, entry] of [...this.pending]) {
      const [id, lang] = key.split(':') as [string, CueLanguage]
      if (cueId !== undefined && Number(id) !== cueId) continue
      if (language !== undefined && lang !== language) continue
      window.clearTimeout(entry.timer)
      this.pending.delete(key)
      const before = this.cue(Number(id))
      if (!before || before.texts[lang]?.text === entry.text) continue
      saves.push(this.update(before, { language: lang, text: entry.text }, 'list'))
    }
    await Promise.all(saves)
    if (this.pending.size === 0 && saves.length === 0 && this.state.saving)
      this.set({ saving: false })
  }

  readonly flushAll = (): void => void this.flush()

  async review(cueId: number, language: CueLanguage, verified: boolean, reviewer: string) {
    await this.flush(cueId, language)
    const before = this.cue(cueId)
    if (!before) return
    await this.update(
      before,
      verified
        ? { language, review: 'verified', reviewedBy: reviewer }
        : { language, review: 'machine' },
      'list',
    )
  }

  async split(
    cueId: number,
    at: { time?: number; caret?: { language: CueLanguage; offset: number } },
  ) {
    await this.flush(cueId)
    return this.operate('subtitles.splitCue', { cueId, ...at })
  }

  async merge(cueId: number) {
    const next = this.state.subtitles?.cues[this.indexOf(cueId) + 1]
    await this.flush(cueId)
    if (next) await this.flush(next.id)
    return this.operate('subtitles.mergeCue', { cueId })
  }

  async insert(at: number) {
    return this.operate('subtitles.insertCue', { recordingId: this.recordingId, at })
  }

  async remove(cueId: number) {
    await this.flush(cueId)
    return this.operate('subtitles.deleteCue', { cueId })
  }

  indexOf(cueId: number): number {
    return this.state.subtitles?.cues.findIndex((cue) => cue.id === cueId) ?? -1
  }

  async undo(place: CueErrorPlace = 'list'): Promise<void> {
    await this.flush()
    await this.queue
    const patch = this.undoList.pop()
    this.set({ depth: this.depth() })
    if (patch) await this.operate('subtitles.apply', { patch }, 'undo', place)
  }

  async redo(place: CueErrorPlace = 'list'): Promise<void> {
    await this.flush()
    await this.queue
    const patch = this.redoList.pop()
    this.set({ depth: this.depth() })
    if (patch) await this.operate('subtitles.apply', { patch }, 'redo', place)
  }

  /** Problems per cue id, over both tracks: what marks a cue in the list and on the waveform. */
  static problemsByCue(checks: CueState['checks']): Map<number, number> {
    const map = new Map<number, number>()
    for (const language of languages)
      for (const problem of checks[language]?.problems ?? [])
        if (problem.cueId !== undefined) map.set(problem.cueId, (map.get(problem.cueId) ?? 0) + 1)
    return map
  }
}

const stores = new WeakMap<VocesClient, Map<string, CueStore>>()

/** The one store of a recording's cues for this window's client. */
export function cueStoreFor(client: VocesClient, recordingId: string): CueStore {
  let byRecording = stores.get(client)
  if (!byRecording) {
    byRecording = new Map()
    stores.set(client, byRecording)
  }
  let store = byRecording.get(recordingId)
  if (!store) {
    store = new CueStore(client, recordingId)
    byRecording.set(recordingId, store)
  }
  return store
}

/** A recording's cues, kept in step wherever they are shown (subtitle list, waveform). */
export function useCueStore(client: VocesClient, recordingId: string): [CueState, CueStore] {
  const store = useMemo(() => cueStoreFor(client, recordingId), [client, recordingId])
  const state = useSyncExternalStore(store.subscribe, store.getState)
  return [state, store]
}
