import type { Language } from '../../shared/language.ts'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type {
  ApiError,
  EditorChange,
  EditorPatch,
  EditorSegment,
  EditorSpeaker,
  EditorTranscript,
  MethodInput,
} from '../../shared/contract/index.ts'
import { errorLine } from '../../shared/i18n/index.ts'
import type { VocesClient } from '../client/index.ts'
import { SAVE_DELAY_MS, useSaveOnLeave } from '../ui/useDebouncedSave.ts'
import type { EditorLanguage } from './strings.ts'

export type TranscriptState =
  | { status: 'loading' }
  | { status: 'none' }
  | { status: 'failed'; message: string }
  | { status: 'ready'; transcript: EditorTranscript }

export type SaveState =
  { status: 'idle' | 'saving' | 'saved' } | { status: 'failed'; message: string }

type EditMethod =
  | 'editor.editText'
  | 'editor.split'
  | 'editor.merge'
  | 'editor.setSpeaker'
  | 'editor.renameSpeaker'
  | 'editor.addSpeaker'
  | 'editor.moveWords'
  | 'editor.mergeSpeakers'
  | 'editor.replace'
  | 'editor.review'
  | 'editor.apply'

function byTime(a: EditorSegment, b: EditorSegment) {
  return a.start - b.start || a.id - b.id
}

/** The transcript with a change from the core folded in. */
export function withChange(transcript: EditorTranscript, change: EditorChange): EditorTranscript {
  const gone = new Set([...change.removed, ...change.segments.map((segment) => segment.id)])
  const segments =
    gone.size === 0
      ? transcript.segments
      : [
          ...transcript.segments.filter((segment) => !gone.has(segment.id)),
          ...change.segments,
        ].sort(byTime)
  const goneSpeakers = new Set([
    ...change.removedSpeakers,
    ...change.speakers.map((speaker) => speaker.id),
  ])
  const speakers: EditorSpeaker[] =
    goneSpeakers.size === 0
      ? transcript.speakers
      : [
          ...transcript.speakers.filter((speaker) => !goneSpeakers.has(speaker.id)),
          ...change.speakers,
        ].sort((a, b) => a.id - b.id)
  return { ...transcript, segments, speakers }
}

const isEmpty = (patch: EditorPatch) =>
  patch.put.length + patch.remove.length + patch.speakers.length + patch.removeSpeakers.length === 0

/**
 * The editor's transcript, its edits and the session's undo and redo lists (patches, see
 * docs/decisions/0040-editor-undo.md). Calls run one after another, in the order they were made.
 */
/** `language` says a failed load or save in the interface language, not the core's English. */
export function useTranscript(
  client: VocesClient,
  recordingId: string,
  language: EditorLanguage,
  /** Which track: the recording's transcript when not given, else a translation track too. */
  track?: Language,
) {
  const [state, setState] = useState<TranscriptState>({ status: 'loading' })
  // Read when a call fails; a change of language alone must not reload the transcript.
  const said = useRef(language)
  said.current = language
  const [save, setSave] = useState<SaveState>({ status: 'idle' })
  const [depth, setDepth] = useState({ undo: 0, redo: 0 })
  const undoList = useRef<EditorPatch[]>([])
  const redoList = useRef<EditorPatch[]>([])
  const queue = useRef<Promise<unknown>>(Promise.resolve())
  const pending = useRef(new Map<number, { text: string; timer: number }>())

  const reload = useCallback(async () => {
    const result = await client.call(
      'editor.load',
      track ? { recordingId, track } : { recordingId },
    )
    if (!result.ok) setState({ status: 'failed', message: errorLine(said.current, result.error) })
    else setState(result.value ? { status: 'ready', transcript: result.value } : { status: 'none' })
  }, [client, recordingId, track])

  // Undo and redo belong to the track they were made on: another track starts with none.
  useEffect(() => {
    undoList.current = []
    redoList.current = []
    setDepth({ undo: 0, redo: 0 })
  }, [track])

  useEffect(() => {
    void reload()
  }, [reload])

  const syncDepth = () => setDepth({ undo: undoList.current.length, redo: redoList.current.length })

  /** Sends one edit, in order behind the others; folds the result in. */
  const send = useCallback(
    <M extends EditMethod>(
      method: M,
      input: MethodInput<M>,
      record: 'edit' | 'undo' | 'redo' = 'edit',
    ) => {
      const run = async (): Promise<EditorChange | null> => {
        setSave({ status: 'saving' })
        const result = (await client.call(method, input)) as
          { ok: true; value: EditorChange } | { ok: false; error: ApiError }
        if (!result.ok) {
          setSave({ status: 'failed', message: errorLine(said.current, result.error) })
          return null
        }
        const change = result.value
        setState((was) =>
          was.status === 'ready' ? { ...was, transcript: withChange(was.transcript, change) } : was,
        )
        if (!isEmpty(change.undo)) {
          if (record === 'redo') undoList.current.push(change.undo)
          else if (record === 'undo') redoList.current.push(change.undo)
          else {
            undoList.current.push(change.undo)
            redoList.current = []
          }
          syncDepth()
        }
        setSave({ status: 'saved' })
        return change
      }
      const next = queue.current.then(run, run)
      queue.current = next
      return next
    },
    [client],
  )

  const flush = useCallback(
    (segmentId?: number) => {
      for (const [id, entry] of [...pending.current]) {
        if (segmentId !== undefined && id !== segmentId) continue
        window.clearTimeout(entry.timer)
        pending.current.delete(id)
        void send('editor.editText', { segmentId: id, text: entry.text })
      }
      return queue.current
    },
    [send],
  )

  const editText = useCallback(
    (segmentId: number, text: string) => {
      const was = pending.current.get(segmentId)
      if (was) window.clearTimeout(was.timer)
      const timer = window.setTimeout(() => void flush(segmentId), SAVE_DELAY_MS)
      pending.current.set(segmentId, { text, timer })
      setSave({ status: 'saving' })
    },
    [flush],
  )

  // Nothing typed is lost when the window closes or reloads: the last text goes out at once
  // (the HTTP client sends it with keepalive; IPC reaches the core before the window goes).
  useSaveOnLeave(useCallback(() => void flush(), [flush]))

  const undo = useCallback(async () => {
    await flush()
    const patch = undoList.current.pop()
    syncDepth()
    if (patch) await send('editor.apply', { patch }, 'undo')
  }, [flush, send])

  const redo = useCallback(async () => {
    await flush()
    const patch = redoList.current.pop()
    syncDepth()
    if (patch) await send('editor.apply', { patch }, 'redo')
  }, [flush, send])

  return useMemo(
    () => ({ state, save, depth, send, editText, flush, undo, redo, reload }),
    [state, save, depth, send, editText, flush, undo, redo, reload],
  )
}

export type TranscriptModel = ReturnType<typeof useTranscript>
