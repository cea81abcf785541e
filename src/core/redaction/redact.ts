import { VocesError } from '../../shared/contract/index.ts'
import type { CoreContext } from '../context.ts'
import type { RedactionMode, RedactionSpan } from '../storage/ports.ts'
import { findName, fold, masks } from './fold.ts'
import { mergeSpans } from '../util/spans.ts'

export type { RedactionMode, RedactionSpan } from '../storage/ports.ts'

export interface RedactionResult {
  /** Stretches of audio now covered, in seconds of the recording. */
  spans: Array<{ start: number; end: number }>
  segments: number
  cues: number
}

/** A margin around each redacted word, so its first and last sounds are covered too. */
export const spanMargin = 0.08

/**
 * Forgets a name everywhere in one recording, in one transaction, through every owner of text
 * (decision 0122): the words and segment texts of every track (both languages) and with them the
 * search index, the speakers' names, the subtitle texts and the speakers cues name, the show
 * notes and chapters of every episode that uses the recording, and the stored job results that
 * could hold text; records the stretches of audio every export will cover with a tone or
 * silence. Then the storage scrubs its files, so the old text is gone from the disk, not merely
 * unused.
 */
export async function redactName(
  voces: CoreContext,
  recordingId: string,
  name: string,
  mode: RedactionMode,
  actor = 'owner',
): Promise<RedactionResult> {
  await voces.storage.recordings.require(recordingId)
  if (fold(name).folded.trim().length < 2)
    throw new VocesError('REDACTION_TOO_SHORT', 'Give at least two letters to redact.')
  const result = await voces.storage.transaction(async (tx) => {
    const { transcripts, subtitles, episodes, jobs } = tx.masking
    // Speaker names have no language of their own: they are masked in the transcript's.
    const names = masks[await transcripts.namesLanguage(recordingId)]
    const mask = { ...masks, names }
    const spoken = await transcripts.maskName(recordingId, name, mask)
    const spans = spoken.said.map((said) =>
      said.timed
        ? { start: Math.max(0, said.start - spanMargin), end: said.end + spanMargin }
        : { start: said.start, end: said.end },
    )
    const cues = await subtitles.maskName(recordingId, name, mask)
    // A cue that names it over no stretch found in a transcript is covered whole.
    for (const cue of cues.said)
      if (!spans.some((s) => s.start < cue.end && s.end > cue.start)) spans.push(cue)
    await episodes.maskName(recordingId, name, mask)
    await jobs.forgetText(recordingId)
    const merged = mergeSpans(spans)
    await tx.redactions.add(recordingId, merged, mode)
    // Who redacted, when and how much: never the name itself (decision 0161).
    await tx.people.audit(
      {
        actor,
        action: 'redaction',
        recordingId,
        details: { target: 'word', mode, spans: merged.length },
      },
      new Date().toISOString(),
    )
    return { spans: merged, segments: spoken.segments, cues: cues.cues }
  })
  await voces.storage.scrub()
  voces.log.info('redacted', {
    recording: recordingId,
    spans: result.spans.length,
    segments: result.segments,
    cues: result.cues,
  })
  return result
}

/** Covers a stretch of time: every word and cue that overlaps it is masked, and the audio too. */
export async function redactSpan(
  voces: CoreContext,
  recordingId: string,
  from: number,
  to: number,
  mode: RedactionMode,
  actor = 'owner',
): Promise<RedactionResult> {
  const recording = await voces.storage.recordings.require(recordingId)
  to = Math.min(to, recording.duration)
  if (!(to > from) || from < 0)
    throw new VocesError(
      'REDACTION_SPAN_INVALID',
      'A redaction ends after it starts, at 0 s or later.',
    )
  const result = await voces.storage.transaction(async (tx) => {
    const mask = { ...masks, names: masks.en }
    const segments = await tx.masking.transcripts.maskSpan(recordingId, from, to, mask)
    const cues = await tx.masking.subtitles.maskSpan(recordingId, from, to, mask)
    await tx.masking.jobs.forgetText(recordingId)
    await tx.redactions.add(recordingId, [{ start: from, end: to }], mode)
    await tx.people.audit(
      { actor, action: 'redaction', recordingId, details: { target: 'span', mode, from, to } },
      new Date().toISOString(),
    )
    return { spans: [{ start: from, end: to }], segments, cues }
  })
  await voces.storage.scrub()
  voces.log.info('redacted', {
    recording: recordingId,
    spans: 1,
    segments: result.segments,
    cues: result.cues,
  })
  return result
}

/** The stretches of a recording every export and its listening copy cover, by start. */
export function redactionSpans(voces: CoreContext, recordingId: string): Promise<RedactionSpan[]> {
  return voces.storage.redactions.list(recordingId)
}

export { findName }
