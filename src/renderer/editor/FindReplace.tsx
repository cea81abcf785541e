import { useMemo, useState } from 'react'
import type { EditorTranscript } from '../../shared/contract/index.ts'
import type { TranscriptModel } from './useTranscript.ts'
import { ToolbarCheck } from './ToolbarCheck.tsx'
import { useEditorT } from './useEditorT.ts'

/** The same pattern as the core's replace (src/core/editor/editor.ts), to count matches as one types. */
export function findPattern(find: string, matchCase: boolean, wholeWord: boolean): RegExp {
  const escaped = find.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return new RegExp(
    wholeWord ? `(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])` : escaped,
    matchCase ? 'gu' : 'giu',
  )
}

export function FindReplace({
  transcript,
  model,
}: {
  transcript: EditorTranscript
  model: TranscriptModel
}) {
  const { t } = useEditorT()
  const [find, setFind] = useState('')
  const [replacement, setReplacement] = useState('')
  const [matchCase, setMatchCase] = useState(false)
  const [wholeWord, setWholeWord] = useState(false)
  const [done, setDone] = useState<number | null>(null)

  const matches = useMemo(() => {
    if (find === '') return 0
    const pattern = findPattern(find, matchCase, wholeWord)
    return transcript.segments.reduce(
      (sum, segment) => sum + (segment.text.match(pattern)?.length ?? 0),
      0,
    )
  }, [find, matchCase, wholeWord, transcript.segments])

  const replaceAll = async () => {
    await model.flush()
    const change = await model.send('editor.replace', {
      recordingId: transcript.recordingId,
      track: transcript.track,
      find,
      replace: replacement,
      matchCase,
      wholeWord,
    })
    if (change) setDone(change.count)
  }

  return (
    <form
      className="editor-panel find-replace"
      onSubmit={(event) => {
        event.preventDefault()
        void replaceAll()
      }}
    >
      <label>
        <span>{t('find.find')}</span>
        <input value={find} onChange={(event) => (setFind(event.target.value), setDone(null))} />
      </label>
      <label>
        <span>{t('find.replace')}</span>
        <input
          value={replacement}
          onChange={(event) => (setReplacement(event.target.value), setDone(null))}
        />
      </label>
      <ToolbarCheck label={t('find.matchCase')} checked={matchCase} onChange={setMatchCase} />
      <ToolbarCheck label={t('find.wholeWord')} checked={wholeWord} onChange={setWholeWord} />
      <span className="muted" aria-live="polite">
        {done !== null
          ? t('find.done', { count: done })
          : find !== ''
            ? t('find.matches', { count: matches })
            : ''}
      </span>
      <button
        type="submit"
        className="button button--small button--primary"
        disabled={find === '' || matches === 0}
      >
        {t('find.replaceAll')}
      </button>
    </form>
  )
}
