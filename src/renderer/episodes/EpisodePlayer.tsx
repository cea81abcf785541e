import { useCallback, useEffect, useRef, useState } from 'react'
import type { ApiError, Episode, EpisodeTimeline } from '../../shared/contract/index.ts'
import { useClient } from '../app/client-context.ts'
import { useT } from '../i18n/useT.ts'
import { formatClock } from '../ui/format.ts'

/** Seconds of the episode heard before a join when the person asks to hear it. */
export const leadIn = 2

type Marks =
  | { status: 'loading' }
  | { status: 'failed'; error: ApiError }
  | { status: 'ready'; timeline: EpisodeTimeline }

/**
 * The episode as it will be exported (docs/decisions/0165-episode-preview.md): the core streams
 * the export's own graph from the moment asked, so the joins, crossfades, intro and outro are the
 * export's. A seek asks for a new stream from there; the position is where that stream started
 * plus the element's time. Marks: intro and outro, chapters, and every join.
 */
export function EpisodePlayer({ episode }: { episode: Episode }) {
  const { t, errorText, language } = useT()
  const client = useClient()
  const [marks, setMarks] = useState<Marks>({ status: 'loading' })
  const audio = useRef<HTMLAudioElement | null>(null)
  const measured = usePlayerHeight()
  const [from, setFrom] = useState(0)
  const [time, setTime] = useState(0)
  const [playing, setPlaying] = useState(false)
  const [failed, setFailed] = useState(false)
  // What the export is made of: a change to any of it gives new marks and a new stream.
  const shape = JSON.stringify([
    episode.clips,
    episode.cuts,
    episode.chapters,
    episode.intro,
    episode.outro,
  ])

  useEffect(() => {
    let live = true
    void client.call('episodes.timeline', { id: episode.id }).then((result) => {
      if (!live) return
      setMarks(
        result.ok
          ? { status: 'ready', timeline: result.value }
          : { status: 'failed', error: result.error },
      )
    })
    return () => {
      live = false
    }
  }, [client, episode.id, shape])

  // An edit while it plays: the stream made before it no longer says what will be exported.
  useEffect(() => {
    const element = audio.current
    if (!element) return
    element.pause()
    element.removeAttribute('src')
    element.load()
    setPlaying(false)
  }, [shape])

  const duration = marks.status === 'ready' ? marks.timeline.duration : 0

  const playFrom = useCallback(
    (at: number) => {
      const element = audio.current
      if (!element) return
      const start = Math.max(0, Math.min(at, Math.max(0, duration - 0.05)))
      setFrom(start)
      setTime(start)
      setFailed(false)
      element.src = client.previewUrl(episode.id, start)
      void element.play().catch(() => undefined)
    },
    [client, duration, episode.id],
  )

  const seek = (at: number) => {
    const element = audio.current
    const bounded = Math.max(0, Math.min(at, duration))
    if (element && !element.paused) playFrom(bounded)
    else {
      // Paused: the next play starts there.
      if (element) {
        element.removeAttribute('src')
        element.load()
      }
      setFrom(bounded)
      setTime(bounded)
    }
  }

  const toggle = () => {
    const element = audio.current
    if (!element) return
    if (!element.paused) element.pause()
    else if (element.getAttribute('src')) void element.play().catch(() => undefined)
    else playFrom(time)
  }

  if (marks.status === 'loading')
    return (
      <section ref={measured} className="episode-player" aria-label={t('episodePlayer.label')}>
        <p className="muted" role="status">
          {t('episodePlayer.loading')}
        </p>
      </section>
    )
  if (marks.status === 'failed')
    return (
      <section ref={measured} className="episode-player" aria-label={t('episodePlayer.label')}>
        <p className="notice">{errorText(marks.error).text}</p>
      </section>
    )

  const { timeline } = marks
  const share = (at: number) => `${(100 * Math.min(1, at / Math.max(duration, 0.001))).toFixed(3)}%`
  const joins = timeline.joins
  const nextJoin = joins.find((j) => j.at > time + leadIn + 0.5)
  const previousJoin = [...joins].reverse().find((j) => j.at < time - 0.5)
  const chapterTitle = (c: EpisodeTimeline['chapters'][number]) =>
    (language === 'es' ? c.titleEs || c.titleEn : c.titleEn || c.titleEs) ||
    t('episodePlayer.untitledChapter')

  return (
    <section ref={measured} className="episode-player" aria-labelledby="episode-player-heading">
      <div className="episode-player__top">
        <h2 id="episode-player-heading">{t('episodePlayer.label')}</h2>
        <span className="muted">{t('episodePlayer.hint')}</span>
      </div>
      <audio
        ref={audio}
        preload="none"
        onPlay={() => setPlaying(true)}
        onPause={() => setPlaying(false)}
        onEnded={() => setPlaying(false)}
        onTimeUpdate={(event) => setTime(from + event.currentTarget.currentTime)}
        onError={(event) => {
          if (event.currentTarget.getAttribute('src')) setFailed(true)
        }}
      />
      <div className="episode-player__controls">
        <button
          type="button"
          className="button button--primary"
          onClick={toggle}
          aria-pressed={playing}
        >
          {playing ? t('episodePlayer.pause') : t('episodePlayer.play')}
        </button>
        <button
          type="button"
          className="button"
          disabled={!previousJoin}
          onClick={() => previousJoin && playFrom(previousJoin.at - leadIn)}
        >
          {t('episodePlayer.previousJoin')}
        </button>
        <button
          type="button"
          className="button"
          disabled={!nextJoin}
          onClick={() => nextJoin && playFrom(nextJoin.at - leadIn)}
        >
          {t('episodePlayer.nextJoin')}
        </button>
        <span className="episode-player__time" data-testid="episode-player-time">
          {t('player.time', { current: formatClock(time), total: formatClock(duration) })}
        </span>
      </div>
      <div
        className="episode-player__track"
        role="slider"
        tabIndex={0}
        aria-label={t('episodePlayer.position')}
        aria-valuemin={0}
        aria-valuemax={Math.round(duration)}
        aria-valuenow={Math.round(time)}
        aria-valuetext={formatClock(time)}
        onClick={(event) => {
          const box = event.currentTarget.getBoundingClientRect()
          seek(((event.clientX - box.left) / Math.max(1, box.width)) * duration)
        }}
        onKeyDown={(event) => {
          const step = event.shiftKey ? 30 : 5
          if (event.key === 'ArrowRight') seek(time + step)
          else if (event.key === 'ArrowLeft') seek(time - step)
          else if (event.key === 'Home') seek(0)
          else if (event.key === 'End') seek(duration)
          else if (event.key === ' ') toggle()
          else return
          event.preventDefault()
        }}
      >
        {timeline.intro > 0 && (
          <span
            className="episode-player__music"
            style={{ left: 0, width: share(timeline.intro) }}
            title={t('episodePlayer.intro')}
          />
        )}
        {timeline.outro > 0 && (
          <span
            className="episode-player__music"
            style={{ left: share(duration - timeline.outro), width: share(timeline.outro) }}
            title={t('episodePlayer.outro')}
          />
        )}
        {joins.map((join) => (
          <span
            key={`${join.kind}${join.at}`}
            className={`episode-player__join episode-player__join--${join.kind}`}
            style={{ left: share(join.at) }}
            title={t(join.kind === 'cut' ? 'episodePlayer.cutAt' : 'episodePlayer.clipAt', {
              time: formatClock(join.at),
            })}
          />
        ))}
        {timeline.chapters.map((chapter) => (
          <span
            key={`c${chapter.start}`}
            className="episode-player__chapter"
            style={{ left: share(chapter.start) }}
            title={chapterTitle(chapter)}
          />
        ))}
        <span className="episode-player__played" style={{ width: share(time) }} />
      </div>
      {timeline.chapters.length > 0 && (
        <ol className="episode-player__chapters" aria-label={t('episodePlayer.chapters')}>
          {timeline.chapters.map((chapter) => (
            <li key={`l${chapter.start}`}>
              <button
                type="button"
                className="button button--small button--quiet"
                onClick={() => playFrom(chapter.start)}
              >
                <span className="episode-player__clock">{formatClock(chapter.start)}</span>{' '}
                {chapterTitle(chapter)}
              </button>
            </li>
          ))}
        </ol>
      )}
      <p className="muted episode-player__legend">
        {t('episodePlayer.legend', { count: joins.filter((j) => j.kind === 'cut').length })}
      </p>
      {failed && (
        <p className="notice notice--error" role="alert">
          {t('episodePlayer.unplayable')}
        </p>
      )}
    </section>
  )
}

/**
 * The sticky player's height as `--episode-player-height` on the episode page, kept as it grows
 * and shrinks: a panel heading scrolled into view stops below the player, not under it
 * (decision 0206; episodes.css gives the headings that scroll-margin-top).
 */
function usePlayerHeight(): (element: HTMLElement | null) => (() => void) | undefined {
  return useCallback((element: HTMLElement | null) => {
    if (!element) return undefined
    const page = element.closest<HTMLElement>('.page--episode') ?? document.documentElement
    const observer = new ResizeObserver(() =>
      page.style.setProperty('--episode-player-height', `${element.offsetHeight}px`),
    )
    observer.observe(element)
    return () => {
      observer.disconnect()
      page.style.removeProperty('--episode-player-height')
    }
  }, [])
}
