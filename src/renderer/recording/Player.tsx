import { useEffect, useState } from 'react'
import type { Recording } from '../../shared/contract/index.ts'
import { useClient } from '../app/client-context.ts'
import { useT } from '../i18n/useT.ts'
import { firstSource, inRedactedSpan, type PlayerSource, type Span } from './redacted-playback.ts'
import { overlayShown, rememberOverlay, SubtitleOverlay } from './SubtitleOverlay.tsx'
import { Waveform } from './Waveform.tsx'

/**
 * Plays the original (served with HTTP Range, so it seeks). A format the engine cannot play
 * (WMA, some MKV codecs) falls back to the library's working WAV, which every engine plays.
 * A redacted recording never sounds its redacted stretches here either: audio plays the working
 * WAV (covered at redaction), video is muted through them.
 */
export function Player({ recording, startAt }: { recording: Recording; startAt?: number }) {
  const { t } = useT()
  const client = useClient()
  const [spans, setSpans] = useState<Span[] | null>(null)
  const [source, setSource] = useState<PlayerSource>('original')
  const [media, setMedia] = useState<HTMLMediaElement | null>(null)
  const [overlay, setOverlay] = useState(overlayShown)

  useEffect(() => {
    let live = true
    void client.call('redaction.list', { recordingId: recording.id }).then((result) => {
      if (!live) return
      const found = result.ok ? result.value : []
      setSpans(found)
      setSource(firstSource(recording.hasVideo, found.length > 0))
    })
    return () => {
      live = false
    }
  }, [client, recording.id, recording.hasVideo])

  // Video: muted through each redacted stretch, checked every frame while it plays. The mute
  // this sets is lifted again; a mute the person set is left alone.
  useEffect(() => {
    if (!media || !recording.hasVideo || !spans || spans.length === 0) return
    let frame = 0
    let forced = false
    const tick = () => {
      const covered = inRedactedSpan(media.currentTime, spans)
      if (covered && !media.muted) {
        media.muted = true
        forced = true
      } else if (!covered && forced) {
        media.muted = false
        forced = false
      }
      frame = requestAnimationFrame(tick)
    }
    frame = requestAnimationFrame(tick)
    return () => {
      cancelAnimationFrame(frame)
      if (forced) media.muted = false
    }
  }, [media, spans, recording.hasVideo])

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
  const redacted = (spans?.length ?? 0) > 0
  // Nothing plays until the redactions are known, so a redacted original is never loaded.
  const src =
    source === 'none' || spans === null ? undefined : client.mediaUrl(recording.id, source)
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
        <>
          <div
            className="player__frame"
            // Its width follows the picture's shape, so a frame held short stays unboxed (0166).
            style={{
              ['--picture-aspect' as string]: String(
                (recording.height ?? 720) / (recording.width ?? 1280),
              ),
            }}
          >
            <video
              {...common}
              {...(recording.hasPoster ? { poster: client.mediaUrl(recording.id, 'poster') } : {})}
            />
            {overlay && (
              <SubtitleOverlay
                recordingId={recording.id}
                media={media}
                aspect={(recording.height ?? 720) / (recording.width ?? 1280)}
              />
            )}
          </div>
          <label className="player__overlay-toggle">
            <input
              type="checkbox"
              checked={overlay}
              onChange={(event) => {
                setOverlay(event.target.checked)
                rememberOverlay(event.target.checked)
              }}
            />
            {t('player.subtitlesOnPicture')}
          </label>
        </>
      ) : (
        <audio {...common} />
      )}
      {redacted && <p className="notice">{t('player.redacted')}</p>}
      {source === 'audio' && !redacted && <p className="notice">{t('player.fallback')}</p>}
      {source === 'none' && (
        <p className="notice notice--error" role="alert">
          {t('player.unplayable')}
        </p>
      )}
      <Waveform recordingId={recording.id} media={media} duration={recording.duration} />
    </section>
  )
}
