import { useEffect, useState } from 'react'
import type { Recording } from '../../shared/contract/index.ts'
import { useClient } from '../app/client-context.ts'
import { useT } from '../i18n/useT.ts'
import { Waveform } from './Waveform.tsx'

/**
 * Plays the original (served with HTTP Range, so it seeks). A format the engine cannot play
 * (WMA, some MKV codecs) falls back to the library's working WAV, which every engine plays.
 */
export function Player({ recording, startAt }: { recording: Recording; startAt?: number }) {
  const { t } = useT()
  const client = useClient()
  const [source, setSource] = useState<'original' | 'audio' | 'none'>('original')
  const [media, setMedia] = useState<HTMLMediaElement | null>(null)

  // Opened from a search hit: play from the moment it was said.
  useEffect(() => {
    if (!media || startAt === undefined) return
    const start = () => {
      media.currentTime = startAt
      void media.play().catch(() => undefined)
    }
    if (media.readyState >= 1) start()
    else media.addEventListener('loadedmetadata', start, { once: true })
    return () => media.removeEventListener('loadedmetadata', start)
  }, [media, startAt])

  const onError = () => setSource((was) => (was === 'original' ? 'audio' : 'none'))
  const src = source === 'none' ? undefined : client.mediaUrl(recording.id, source)
  const common = {
    ref: setMedia,
    src,
    controls: true,
    preload: 'metadata',
    onError,
    className: 'player__media',
  } as const

  return (
    <section className="player" aria-label={t('player.label')}>
      {recording.hasVideo ? (
        <video
          {...common}
          {...(recording.hasPoster ? { poster: client.mediaUrl(recording.id, 'poster') } : {})}
        />
      ) : (
        <audio {...common} />
      )}
      {source === 'audio' && <p className="notice">{t('player.fallback')}</p>}
      {source === 'none' && (
        <p className="notice notice--error" role="alert">
          {t('player.unplayable')}
        </p>
      )}
      <Waveform recordingId={recording.id} media={media} duration={recording.duration} />
    </section>
  )
}
