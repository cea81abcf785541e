import { languageNames } from '../../shared/language.ts'
import path from 'node:path'
import {
  VocesError,
  type SubtitleCheck,
  type SubtitleCue,
  type SubtitlePatch,
  type Subtitles,
} from '../../shared/contract/index.ts'
import { readRegularFile } from '../files/regular-file.ts'
import { requireMoment, requireSpan } from '../util/times.ts'
import type { CoreContext } from '../context.ts'
import type { SubtitleStore } from '../storage/ports.ts'
import { assignByTime } from './align.ts'
import { checkCues, countProblems } from './check.ts'
import { readSubtitles, writeSubtitles } from './formats.ts'
import { guessLanguage } from './language.ts'
import { layoutText } from './layout.ts'
import { fillCues, makeCues } from './make-cues.ts'
import { defaultSubtitleRules, rulesFor, type SubtitleRules } from './rules.ts'
import {
  otherLanguage,
  type Cue,
  type CueUpdate,
  type Language,
  type NewCue,
  type SubtitleFormat,
} from './types.ts'

/** Everything the editor shows for a recording's subtitles. */
export async function getSubtitles(voces: CoreContext, recordingId: string): Promise<Subtitles> {
  await voces.storage.recordings.require(recordingId)
  return voces.storage.subtitles.get(recordingId)
}

async function refuseOverVerified(
  subtitles: SubtitleStore,
  recordingId: string,
  replace: boolean,
): Promise<void> {
  const verified = await subtitles.verifiedCount(recordingId)
  if (verified > 0 && !replace) {
    throw new VocesError(
      'SUBTITLES_VERIFIED',
      `${verified} subtitle cue texts of this recording were verified by a person; making the cues again would replace them. Ask for it explicitly to go ahead.`,
      { count: verified },
    )
  }
}

/**
 * Makes the cues from a transcript track (docs/decisions/0030-subtitle-rules.md) and gives the
 * other language its text from its own transcript or translation track when there is one.
 */
export async function makeSubtitles(
  voces: CoreContext,
  recordingId: string,
  language: Language | undefined,
  replace: boolean,
): Promise<Subtitles> {
  await voces.storage.recordings.require(recordingId)
  const repository = voces.storage.subtitles
  const transcripts = await voces.storage.transcripts.listTracks(recordingId)
  const chosen = language ?? transcripts[0]?.track
  const segments = chosen
    ? await voces.storage.transcripts.labelledSegments(recordingId, chosen)
    : []
  if (!chosen || segments.length === 0) {
    throw new VocesError(
      'SUBTITLES_NO_TRANSCRIPT',
      `Recording ${recordingId} has no ${chosen ? `${languageNames[chosen]} ` : ''}transcript to make subtitles from.`,
      { recordingId, language: chosen ?? '' },
    )
  }
  await refuseOverVerified(repository, recordingId, replace)
  const rules = await repository.rules(recordingId)
  const cues = makeCues(segments, rulesFor(chosen, rules))
  const other = otherLanguage(chosen)
  const otherSegments = transcripts.some((t) => t.track === other)
    ? await voces.storage.transcripts.labelledSegments(recordingId, other)
    : []
  const otherTexts =
    otherSegments.length > 0 ? fillCues(cues, otherSegments, rulesFor(other, rules)) : null
  const stored: NewCue[] = cues.map((cue, k) => ({
    start: cue.start,
    end: cue.end,
    speaker: cue.speaker,
    texts: otherTexts
      ? { [chosen]: cue.text, [other]: otherTexts[k] ?? '' }
      : { [chosen]: cue.text },
  }))
  // Checked again where it is written: a text verified meanwhile is not replaced unasked.
  await voces.storage.transaction(async (tx) => {
    await refuseOverVerified(tx.subtitles, recordingId, replace)
    await tx.subtitles.replaceCues(recordingId, stored, [
      { language: chosen, origin: 'made', source: `transcript:${chosen}`, timing: true },
      otherTexts
        ? { language: other, origin: 'made', source: `transcript:${other}`, timing: false }
        : { language: other, origin: 'typed', source: '', timing: false },
    ])
  })
  return getSubtitles(voces, recordingId)
}

/** Joins the texts that landed on one cue, setting them on lines again when there are several. */
function joined(texts: readonly string[], language: Language, rules: SubtitleRules): string {
  if (texts.length <= 1) return texts[0] ?? ''
  return layoutText(texts.join(' '), rules.maxCharsPerLine, rules.maxLines, language)
}

/**
 * What an import into `language` would replace: every cue when the file brings the timing (the
 * other language's texts are carried over by time, which a person may have placed otherwise),
 * else that language's non-empty texts. `verified` counts the texts a person checked among them.
 */
function replacedByImport(
  existing: readonly SubtitleCue[],
  language: Language,
  bringsTiming: boolean,
): { count: number; verified: number } {
  const hit = bringsTiming ? existing : existing.filter((cue) => cue.texts[language]?.text)
  const texts = hit.flatMap((cue) =>
    bringsTiming ? [cue.texts.en, cue.texts.es] : [cue.texts[language]],
  )
  return {
    count: hit.length,
    verified: texts.filter((text) => text?.review === 'verified').length,
  }
}

/**
 * Imports a subtitle file into one language's track. The whole file is read first: a malformed
 * file is refused with its line number and nothing changes; so is a file with no cue text, and
 * one with a time outside the recording (docs/decisions/0086-times-inside-the-recording.md).
 * Into the timing language (or a recording without cues) the file's cues become the cues and
 * the other language's texts follow by time; into the other language, the file's texts land on
 * the existing cues by time. Cues or texts already there are replaced only when `replace` says
 * so (docs/decisions/0084-imports-never-replace-work.md).
 */
export async function importSubtitles(
  voces: CoreContext,
  recordingId: string,
  language: Language,
  file: string,
  replace = false,
): Promise<{ subtitles: Subtitles; format: SubtitleFormat; encoding: string; cues: number }> {
  const recording = await voces.storage.recordings.require(recordingId)
  const bytes = await readRegularFile(file)
  const document = readSubtitles(bytes, file)
  const source = path.basename(file)
  if (!document.cues.some((cue) => cue.text.trim() !== '')) {
    throw new VocesError(
      'IMPORT_EMPTY',
      `${source} holds no subtitle text, so nothing was imported.`,
      { file: source },
    )
  }
  document.cues.forEach((cue, k) =>
    requireSpan({ cue: k + 1 }, cue.start, cue.end, recording.duration, { file: source }),
  )
  // Read, decided and written in one transaction: what a person verified meanwhile is never
  // replaced unasked (decision 0084).
  await voces.storage.transaction(async (tx) => {
    const repository = tx.subtitles
    const existing = await repository.cues(recordingId)
    const timing = await repository.timingLanguage(recordingId)
    const rules = await repository.rules(recordingId)
    const bringsTiming = existing.length === 0 || timing === null || timing === language
    const replaced = replacedByImport(existing, language, bringsTiming)
    if (replaced.count > 0 && !replace) {
      throw new VocesError(
        'SUBTITLES_IMPORT_REPLACES',
        `Importing ${source} would replace ${replaced.count} ${bringsTiming ? 'subtitle cue' : `${languageNames[language]} subtitle text`}${replaced.count === 1 ? '' : 's'}` +
          ` of recording ${recordingId}, ${replaced.verified} of them verified by a person. Nothing was changed.`,
        { file: source, count: replaced.count, verified: replaced.verified },
      )
    }
    if (bringsTiming) {
      const other = otherLanguage(language)
      const carried = existing.filter((cue) => cue.texts[other])
      const received = assignByTime(document.cues, carried)
      const cues: NewCue[] = document.cues.map((cue, k) => {
        const texts: NewCue['texts'] = { [language]: cue.text }
        const from = received[k] ?? []
        if (from.length > 0)
          texts[other] = joined(
            from.map((i) => carried[i]?.texts[other]?.text ?? ''),
            other,
            rules,
          )
        else if (carried.length > 0) texts[other] = ''
        return { start: cue.start, end: cue.end, speaker: cue.speaker, texts }
      })
      const tracks = (await repository.tracks(recordingId)).filter((t) => t.language === other)
      await repository.replaceCues(recordingId, cues, [
        { language, origin: 'imported', source, timing: true },
        ...tracks.map((t) => ({
          language: other,
          origin: t.origin,
          source: t.source,
          timing: false,
        })),
      ])
    } else {
      const received = assignByTime(existing, document.cues)
      const texts = new Map<number, string>()
      existing.forEach((cue, k) => {
        const from = received[k] ?? []
        texts.set(
          cue.id,
          joined(
            from.map((i) => document.cues[i]?.text ?? ''),
            language,
            rules,
          ),
        )
      })
      await repository.replaceTexts(recordingId, language, texts, {
        language,
        origin: 'imported',
        source,
        timing: false,
      })
    }
  })
  return {
    subtitles: await getSubtitles(voces, recordingId),
    format: document.format,
    encoding: document.encoding,
    cues: document.cues.length,
  }
}

/** One language's cues as the format modules take them; cues without text in it are left out. */
function trackCues(
  cues: readonly SubtitleCue[],
  language: Language,
): Array<{ cue: Cue; id: number; other: boolean }> {
  return cues.map((cue) => ({
    cue: {
      start: cue.start,
      end: cue.end,
      text: cue.texts[language]?.text ?? '',
      speaker: cue.speaker,
    },
    id: cue.id,
    other: (cue.texts[otherLanguage(language)]?.text ?? '') !== '',
  }))
}

export async function exportSubtitles(
  voces: CoreContext,
  recordingId: string,
  language: Language,
  format: SubtitleFormat,
): Promise<{ text: string; fileName: string; cues: number }> {
  const recording = await voces.storage.recordings.require(recordingId)
  const cues = trackCues(await voces.storage.subtitles.cues(recordingId), language)
    .map(({ cue }) => cue)
    .filter((cue) => cue.text !== '')
  if (cues.length === 0) {
    throw new VocesError(
      'SUBTITLES_EMPTY',
      `Recording ${recordingId} has no ${language} subtitles to export.`,
      { recordingId, language },
    )
  }
  const base =
    [...recording.title]
      .filter((char) => char >= ' ')
      .join('')
      .replace(/[\\/:*?"<>|]+/g, ' ')
      .trim() || recordingId
  return {
    text: writeSubtitles(cues, format),
    fileName: `${base}.${language}.${format}`,
    cues: cues.length,
  }
}

/** The quality rules on a stored track; a cue empty here but with text in the other language is untranslated. */
export async function checkStored(
  voces: CoreContext,
  recordingId: string,
  language: Language,
): Promise<SubtitleCheck> {
  await voces.storage.recordings.require(recordingId)
  const rows = trackCues(await voces.storage.subtitles.cues(recordingId), language)
  const problems = checkCues(
    rows.map((row) => row.cue),
    rulesFor(language, await voces.storage.subtitles.rules(recordingId)),
    { translated: rows.map((row) => row.other) },
  ).map((problem) => ({ ...problem, cueId: rows[problem.cue - 1]?.id }))
  return { language, cues: rows.length, problems, counts: countProblems(problems) }
}

/** The quality rules on a subtitle file, by the library's rules when one is open, else the defaults. */
export async function checkFile(
  file: string,
  language: Language | undefined,
  rules: SubtitleRules = defaultSubtitleRules,
): Promise<SubtitleCheck> {
  const bytes = await readRegularFile(file)
  const document = readSubtitles(bytes, file)
  const chosen = language ?? guessLanguage(document.cues.map((cue) => cue.text))
  const problems = checkCues(document.cues, rulesFor(chosen, rules), {
    resolution: document.format === 'ass' ? 0.01 : 0.001,
  })
  return { language: chosen, cues: document.cues.length, problems, counts: countProblems(problems) }
}

/**
 * Changes a cue (see the contract's subtitles.updateCue); new times must lie inside the recording
 * (docs/decisions/0086-times-inside-the-recording.md).
 */
export async function updateCue(
  voces: CoreContext,
  cueId: number,
  change: CueUpdate,
): Promise<SubtitleCue> {
  const repository = voces.storage.subtitles
  if (change.start !== undefined || change.end !== undefined) {
    const { recordingId, cue } = await repository.cue(cueId)
    const duration = (await voces.storage.recordings.require(recordingId)).duration
    requireSpan({ cueId }, change.start ?? cue.start, change.end ?? cue.end, duration)
  }
  return (await repository.updateCue(cueId, change)).cue
}

/** Refuses an undo or redo patch whose cues lie outside the recording or end before they start. */
export async function requirePatchTimes(voces: CoreContext, patch: SubtitlePatch): Promise<void> {
  const duration = (await voces.storage.recordings.require(patch.recordingId)).duration
  for (const cue of patch.put) requireSpan({ cueId: cue.id }, cue.start, cue.end, duration)
}

/** Refuses a place to add a cue that lies outside the recording. */
export async function requireInsertTime(
  voces: CoreContext,
  recordingId: string,
  at: number,
): Promise<number> {
  const duration = (await voces.storage.recordings.require(recordingId)).duration
  requireMoment({ newCue: 1 }, at, duration)
  return duration
}
