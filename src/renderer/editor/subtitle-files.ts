import type { ApiError } from '../../shared/contract/index.ts'
import type { VocesClient } from '../client/index.ts'

/**
 * A picked file as a path the core can read: the app's preload gives the file's own path; the
 * browser build uploads it (POST /api/upload, as the library's import does) and gets one back.
 */
export async function pathOfPickedFile(
  client: VocesClient,
  file: File,
): Promise<string | { error: string; apiError: ApiError }> {
  if (client.transport === 'ipc' && window.voces) return window.voces.pathForFile(file)
  try {
    const response = await fetch(`/api/upload?name=${encodeURIComponent(file.name)}`, {
      method: 'POST',
      body: file,
      credentials: 'same-origin',
    })
    const result = (await response.json()) as
      { ok: true; value: { path: string } } | { ok: false; error: ApiError }
    // `apiError` is for saying it in the interface language; `error` is the core's English.
    return result.ok ? result.value.path : { error: result.error.message, apiError: result.error }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    return { error: message, apiError: { code: 'NETWORK', message } }
  }
}

/** Hands text to the person as a file (the browser's download; the app asks where to save it). */
export function downloadText(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }))
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
