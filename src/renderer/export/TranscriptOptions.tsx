import type { Language } from '../../shared/language.ts'
import { useT } from '../i18n/useT.ts'
import { sectionTranslator } from '../../shared/i18n/sections.ts'
import type { ExportOptions, TranscriptFileFormat } from './options.ts'

const formats = (text: string): ReadonlyArray<{ value: TranscriptFileFormat; label: string }> => [
  { value: 'docx', label: 'Word (DOCX)' },
  { value: 'txt', label: text },
  { value: 'srt', label: 'SRT' },
  { value: 'vtt', label: 'WebVTT' },
  { value: 'json', label: 'Voces JSON' },
]

/** A recording's transcript as a file: which format and which track (DOCX too: 0061). */
export function TranscriptOptions({
  options,
  onChange,
}: {
  options: ExportOptions
  onChange: (patch: Partial<ExportOptions>) => void
}) {
  const { t, language } = useT()
  const s = sectionTranslator(language, 'disguise')
  return (
    <div className="form-grid">
      <div className="field">
        <label htmlFor="export-transcript-format">{s('transcriptFormat')}</label>
        <select
          id="export-transcript-format"
          value={options.transcriptFormat}
          onChange={(event) =>
            onChange({ transcriptFormat: event.target.value as TranscriptFileFormat })
          }
        >
          {formats(s('transcriptText')).map((format) => (
            <option key={format.value} value={format.value}>
              {format.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="export-transcript-track">{s('transcriptTrack')}</label>
        <select
          id="export-transcript-track"
          value={options.transcriptTrack}
          onChange={(event) => onChange({ transcriptTrack: event.target.value as Language })}
        >
          <option value="en">{t('languages.en')}</option>
          <option value="es">{t('languages.es')}</option>
        </select>
      </div>
      <p className="hint field--wide">{s('transcriptHint')}</p>
    </div>
  )
}

/** Hands a transcript export to the person as a download; DOCX arrives as Base64. */
export function downloadExport(file: {
  fileName: string
  mimeType: string
  text: string
  encoding?: 'base64' | undefined
}): void {
  const body =
    file.encoding === 'base64'
      ? Uint8Array.from(atob(file.text), (c) => c.charCodeAt(0))
      : new TextEncoder().encode(file.text)
  const url = URL.createObjectURL(new Blob([body], { type: file.mimeType }))
  const link = document.createElement('a')
  link.href = url
  link.download = file.fileName
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
