import { useEffect, useMemo, useState } from 'react'
import type { SubtitleCue } from '../../shared/contract/index.ts'
import { useClient } from '../app/client-context.ts'
import { useCueStore, type CueLanguage } from '../editor/cue-store.ts'
import { lastAtOrBefore, useMediaClock } from '../editor/media.ts'

/** Where the person's choice to show or hide the subtitles on the picture is kept. */
export const OVERLAY_KEY = 'voces.player.subtitlesOnPicture'

export function overlayShown(): boolean {
  return window.localStorage.getItem(OVERLAY_KEY) !== 'hidden'
}

export function rememberOverlay(shown: boolean): void {
  window.localStorage.setItem(OVERLAY_KEY, shown ? 'shown' : 'hidden')
}

/** The cue showing at a time: the last one started at or before it, if it has not ended. */
export function cueAt(
  cues: readonly SubtitleCue[],
  starts: ArrayLike<number>,
  time: number,
): SubtitleCue | null {
  const at = lastAtOrBefore(starts, time)
  const cue = at >= 0 ? cues[at] : undefined
  return cue && time < cue.end ? cue : null
}

/**
 * The current cue over the picture as the export burns it in (src/core/export/captions.ts
 * burnInAss): the first language at the bottom in white, a second above it in yellow italics, a
 * line about 1/18 of the picture's height. It reads the editor's cue store, so an edit in the
 * Subtitles tab shows at once (docs/decisions/0130-subtitles-on-the-picture.md).
 */
export function SubtitleOverlay({
  recordingId,
  media,
  aspect,
}: {
  recordingId: string
  media: HTMLMediaElement | null
  /** The picture's height over its width. */
  aspect: number
}) {
  const client = useClient()
  const [state] = useCueStore(client, recordingId)
  const cues = useMemo(() => state.subtitles?.cues ?? [], [state.subtitles])
  const starts = useMemo(() => Float64Array.from(cues.map((cue) => cue.start)), [cues])
  // The tracks in their order, then a language typed into cues that has no track of its own yet.
  const languages = useMemo<CueLanguage[]>(() => {
    const order = (state.subtitles?.tracks ?? []).map((track) => track.language)
    for (const language of ['en', 'es'] as const)
      if (!order.includes(language) && cues.some((cue) => cue.texts[language]?.text.trim()))
        order.push(language)
    return order
  }, [state.subtitles, cues])
  const [cueId, setCueId] = useState<number | null>(null)
  useMediaClock(media, (time) => setCueId(cueAt(cues, starts, time)?.id ?? null))
  // An edit can move the cues under a still picture: look again without waiting for a frame.
  useEffect(() => {
    if (media) setCueId(cueAt(cues, starts, media.currentTime)?.id ?? null)
  }, [media, cues, starts])
  const cue = cues.find((each) => each.id === cueId)
  // Each language keeps its place (first at the bottom, second above) as the burn-in does, even
  // where the other has no text at this cue.
  const lines = cue
    ? languages
        .slice(0, 2)
        .map((language, i) => ({ language, i, text: cue.texts[language]?.text.trim() ?? '' }))
        .filter((line) => line.text !== '')
    : []
  return (
    <div
      className="subtitle-overlay"
      style={{
        ['--subtitle-size' as string]: `calc(100cqw * ${aspect} / 18)`,
        ['--subtitle-margin' as string]: `calc(100cqw * ${aspect} / 24)`,
      }}
    >
      {lines.map((line) => (
        <p
          key={line.language}
          lang={line.language}
          data-language={line.language}
          className={line.i === 0 ? 'subtitle-overlay__first' : 'subtitle-overlay__second'}
        >
          {line.text}
        </p>
      ))}
    </div>
  )
}
