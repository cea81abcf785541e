import { baseName, formatNumber } from '../../shared/i18n/index.ts'
import { useT } from '../i18n/useT.ts'
import { formatDuration } from '../ui/format.ts'
import type { Figures } from './results.ts'

/** The figures the export measured on its own output, after writing it. */
export function ExportFigures({ figures }: { figures: Figures }) {
  const { t, language } = useT()
  const decimal = (value: number) =>
    formatNumber(language, value, { minimumFractionDigits: 1, maximumFractionDigits: 1 })
  if (figures.kind === 'unknown') return null
  const rows: Array<[string, string]> = []
  if (figures.kind === 'podcast') {
    const { result } = figures
    rows.push(
      [t('export.result.file'), result.output],
      [t('export.result.length'), formatDuration(result.duration)],
      [t('export.result.loudness'), `${decimal(result.loudness.integrated)} LUFS`],
      [t('export.result.truePeak'), `${decimal(result.loudness.truePeak)} dBTP`],
      [t('export.result.chapters'), String(result.chapters)],
      [
        t('export.result.sidecars'),
        result.sidecars.length > 0
          ? result.sidecars.map(baseName).join(', ')
          : t('export.result.noneWritten'),
      ],
    )
  } else if (figures.kind === 'video') {
    rows.push(
      [t('export.result.file'), figures.output],
      [t('export.result.length'), formatDuration(figures.duration)],
      [
        t('export.result.burned'),
        figures.burned.length > 0 ? figures.burned.join(' + ').toUpperCase() : t('export.none'),
      ],
      [
        t('export.result.streams'),
        figures.streams.length > 0
          ? figures.streams.map((s) => `${s.language} (${s.codec})`).join(', ')
          : t('export.none'),
      ],
    )
  } else {
    rows.push(
      [t('export.result.file'), figures.output],
      [t('export.result.length'), formatDuration(figures.duration)],
      [t('export.result.picture'), `${figures.width} × ${figures.height}`],
      [t('export.result.captions'), String(figures.captions)],
    )
  }
  return (
    <dl className="export-figures" aria-label={t('export.result.heading')}>
      {rows.map(([label, value]) => (
        <div key={label} className="export-figures__row">
          <dt>{label}</dt>
          <dd className={label === t('export.result.file') ? 'mono' : undefined}>{value}</dd>
        </div>
      ))}
    </dl>
  )
}
