import { useState } from 'react'
import type { ApiError } from '../../shared/contract/index.ts'
import { useClient } from '../app/client-context.ts'
import { useT } from '../i18n/useT.ts'
import { fileSlug } from './time.ts'

/**
 * "Copy Markdown" and "Download HTML": the core writes both languages' notes (export.notes); the
 * page puts the text on the clipboard or hands it to the browser's download, which works the same
 * in the app window and in the browser build.
 */
export function NotesExport({
  episodeId,
  title,
  beforeExport,
}: {
  episodeId: string
  title: string
  beforeExport: () => Promise<void>
}) {
  const { t, errorText } = useT()
  const client = useClient()
  const [message, setMessage] = useState<string>('')
  const [error, setError] = useState<ApiError | null>(null)
  const [fallback, setFallback] = useState<string | null>(null)

  const notes = async (format: 'md' | 'html') => {
    await beforeExport()
    setError(null)
    setMessage('')
    const result = await client.call('export.notes', { id: episodeId, format })
    if (!result.ok) {
      setError(result.error)
      return null
    }
    return result.value.text
  }

  const copy = async () => {
    const text = await notes('md')
    if (text === null) return
    try {
      await navigator.clipboard.writeText(text)
      setFallback(null)
      setMessage(t('notes.copied'))
    } catch {
      // No clipboard permission here: show the text, selected, for the person to copy.
      setFallback(text)
      setMessage(t('notes.copyYourself'))
    }
  }

  const download = async () => {
    const text = await notes('html')
    if (text === null) return
    const url = URL.createObjectURL(new Blob([text], { type: 'text/html;charset=utf-8' }))
    const link = document.createElement('a')
    link.href = url
    link.download = `${fileSlug(title)}-notes.html`
    document.body.append(link)
    link.click()
    link.remove()
    setTimeout(() => URL.revokeObjectURL(url), 10_000)
    setMessage(t('notes.downloaded'))
  }

  return (
    <div className="notes__export">
      <button type="button" className="button" onClick={() => void copy()}>
        {t('notes.copyMarkdown')}
      </button>
      <button type="button" className="button" onClick={() => void download()}>
        {t('notes.downloadHtml')}
      </button>
      <p className="hint" role="status">
        {message}
      </p>
      {error && (
        <p className="notice notice--error" role="alert">
          {errorText(error).text}
        </p>
      )}
      {fallback !== null && (
        <textarea
          className="notes__fallback mono"
          readOnly
          rows={8}
          value={fallback}
          aria-label={t('notes.markdownText')}
          onFocus={(event) => event.target.select()}
        />
      )}
    </div>
  )
}
