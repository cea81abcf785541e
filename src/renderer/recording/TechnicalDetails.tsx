import type { Recording } from '../../shared/contract/index.ts'
import { formatNumber, localeOf } from '../../shared/i18n/index.ts'
import { useT } from '../i18n/useT.ts'
import { formatBytes, formatDuration } from '../ui/format.ts'

/** For archivists: what the file is, and the fingerprint that identifies it. Closed by default. */
export function TechnicalDetails({ recording }: { recording: Recording }) {
  const { t, language } = useT()
  const codecs = [recording.audioCodec, recording.videoCodec].filter(Boolean).join(', ')
  const sound = [
    recording.sampleRate ? `${formatNumber(language, recording.sampleRate)} Hz` : null,
    recording.channels ? t('recording.channels', { count: recording.channels }) : null,
  ]
    .filter(Boolean)
    .join(', ')
  const added = new Intl.DateTimeFormat(localeOf(language), { dateStyle: 'long' }).format(
    new Date(recording.createdAt),
  )
  const rows: [string, string][] = [
    [t('recording.format'), `${recording.format} · ${formatDuration(recording.duration)}`],
    [t('recording.codecs'), codecs],
    [t('recording.size'), formatBytes(recording.sizeBytes, language)],
    ...(recording.width && recording.height
      ? ([[t('recording.resolution'), `${recording.width} × ${recording.height}`]] as [
          string,
          string,
        ][])
      : []),
    [t('recording.sound'), sound],
    [t('recording.original'), recording.path],
    ...(recording.storedPath
      ? ([[t('recording.copy'), recording.storedPath]] as [string, string][])
      : []),
    [t('recording.sha256'), recording.sha256],
  ]
  return (
    <details className="technical">
      <summary>{t('recording.technical')}</summary>
      <p className="muted">{t('recording.added', { date: added })}</p>
      <dl className="technical__list">
        {rows.map(([label, value]) => (
          <div key={label} className="technical__row">
            <dt>{label}</dt>
            <dd
              className={
                label === t('recording.sha256') || label === t('recording.original')
                  ? 'mono'
                  : undefined
              }
            >
              {value}
            </dd>
          </div>
        ))}
      </dl>
    </details>
  )
}
