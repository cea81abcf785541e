import { useState } from 'react'
import type { Selection } from './selection.tsx'
import { useSection } from '../i18n/useSection.ts'
import { TranscribeDialog } from './TranscribeDialog.tsx'

/** The library's "Transcribe selected" button, its dialog, and a line once the jobs are queued. */
export function TranscribeSelected({ selection }: { selection: Selection }) {
  const { s } = useSection('transcription')
  const [open, setOpen] = useState(false)
  const [started, setStarted] = useState<number | null>(null)
  const count = selection.selected.length

  return (
    <div className="transcribe-bar">
      <button
        type="button"
        className="button button--primary"
        disabled={count === 0}
        onClick={() => {
          setStarted(null)
          setOpen(true)
        }}
      >
        {s('transcribeSelected', { count })}
      </button>
      <p className="hint transcribe-bar__status" role="status">
        {started !== null ? s('started', { count: started }) : count === 0 ? s('selectFirst') : ''}
      </p>
      <TranscribeDialog
        recordingIds={selection.selected}
        open={open}
        onClose={() => setOpen(false)}
        onStarted={(jobIds) => {
          setOpen(false)
          setStarted(jobIds.length)
          selection.clear()
        }}
      />
    </div>
  )
}
