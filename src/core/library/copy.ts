import { createHash } from 'node:crypto'
import { VocesError } from '../../shared/contract/index.ts'
import type { AuditEntry, Recording, RecordingMetadata } from '../../shared/contract/index.ts'
import type { NewRecording } from './recordings.ts'
import type { ExportLogRecord, Storage, StoragePorts } from '../storage/ports.ts'

/*
 * `voces library copy DIR` (decision 0180): a desktop library into a shared archive, through the
 * ports of both storages. One recording at a time: its files are put and read back (sha256 of
 * the bytes in the store against the source's), then its rows are written in one transaction.
 * A copy cut off half-way is run again and goes on: a recording already there with the same id
 * and content is skipped, one with different content is refused by name. Files put for a
 * recording whose rows failed are deleted again, so no object stays without its row. Rows keep
 * the times they were made, changed and checked, speakers travel with their detected turns, and
 * the audit log follows (decision 0194).
 */

export interface CopiedRecording {
  id: string
  title: string
  outcome: 'copied' | 'skipped'
  files: number
  bytes: number
}

export interface CopyReport {
  recordings: CopiedRecording[]
  /** Episodes added (those already there are left alone). */
  episodes: number
  exportLog: number
  /** Audit entries added (consent changes, redactions, exports...): those already there are not. */
  audit: number
}

export interface CopyOptions {
  /** Called as each recording is done. */
  onRecording?: (done: CopiedRecording, index: number, total: number) => void
}

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex')

function metadataOf(recording: Recording): RecordingMetadata {
  return {
    title: recording.title,
    interviewees: recording.interviewees,
    interviewer: recording.interviewer,
    interviewDate: recording.interviewDate,
    place: recording.place,
    languages: recording.languages,
    consentStatus: recording.consentStatus,
    consentNote: recording.consentNote,
    tags: recording.tags,
    notes: recording.notes,
  }
}

/** The library files of a recording, as keys both stores name them by. */
function keysOf(files: {
  workingAudio: string
  peaks: string
  poster: string | null
  storedPath: string | null
}): string[] {
  return [files.workingAudio, files.peaks, files.poster, files.storedPath].filter(
    (key): key is string => key !== null && key !== '',
  )
}

/** Puts one file and reads it back from the store: the same sha256 or a refusal naming it. */
async function putVerified(source: Storage, target: Storage, key: string): Promise<number> {
  const bytes = await source.media.read(key)
  await target.media.put(key, bytes)
  const back = await target.media.read(key)
  if (sha256(back) !== sha256(bytes))
    throw new VocesError(
      'LIBRARY_COPY_CHECKSUM',
      `The file ${key} read back from the media store differs from the one in the library: nothing of its recording was kept. Check the store, then run the copy again.`,
      { key },
    )
  return bytes.length
}

/** Everything the library holds of one recording, read before the target's transaction opens. */
async function gather(source: Storage, recording: Recording) {
  const files = await source.recordings.files(recording.id)
  const tracks = []
  for (const summary of await source.transcripts.listTracks(recording.id))
    tracks.push({
      summary,
      segments: await source.transcripts.labelledSegments(recording.id, summary.track),
      editor: await source.transcripts.editorTrack(recording.id, summary.track),
    })
  const times = await source.times.recording(recording.id)
  if (!times) throw new Error(`library copy: ${recording.id} went from the library while read`)
  return {
    files,
    tracks,
    speakers: await source.speakers.record(recording.id),
    subtitles: await source.subtitles.get(recording.id),
    rules: await source.subtitles.rulesPatch(recording.id),
    spans: await source.redactions.list(recording.id),
    times,
  }
}

type Gathered = Awaited<ReturnType<typeof gather>>

/** The recording's rows, written through the target's ports inside one transaction. */
async function writeRows(tx: StoragePorts, recording: Recording, held: Gathered): Promise<void> {
  const { files } = held
  const fresh: NewRecording = {
    id: recording.id,
    title: recording.title,
    path: recording.path,
    storedPath: files.storedPath,
    sha256: recording.sha256,
    sizeBytes: recording.sizeBytes,
    duration: recording.duration,
    format: recording.format,
    hasVideo: recording.hasVideo,
    width: recording.width,
    height: recording.height,
    audioCodec: recording.audioCodec,
    videoCodec: recording.videoCodec,
    sampleRate: recording.sampleRate,
    channels: recording.channels,
    workingAudio: files.workingAudio,
    peaks: files.peaks,
    poster: files.poster,
  }
  await tx.recordings.insert(fresh)
  await tx.recordings.update(recording.id, metadataOf(recording))

  // Every speaker with its shown name, in the order they were added, the detected turns and
  // detection's state (decision 0194); the transcripts below find their speakers by label.
  await tx.speakers.restore(recording.id, held.speakers)

  // Transcripts with words and speakers; then the verified marks, which the labelled segments
  // do not carry.
  for (const { summary, segments, editor: from } of held.tracks) {
    await tx.transcripts.replaceTrack({
      recordingId: recording.id,
      language: summary.track,
      kind: summary.kind,
      origin: summary.origin,
      model: summary.model,
      engineSettings: summary.engineSettings,
      segments,
    })
    const to = await tx.transcripts.editorTrack(recording.id, summary.track)
    if (!from || !to) continue
    const byReviewer = new Map<string, number[]>()
    from.segments.forEach((segment, index) => {
      const twin = to.segments[index]
      if (segment.review !== 'verified' || !twin) return
      const who = segment.reviewedBy ?? ''
      byReviewer.set(who, [...(byReviewer.get(who) ?? []), twin.id])
    })
    for (const [who, ids] of byReviewer)
      await tx.transcripts.review(ids, 'verified', who === '' ? undefined : who)
  }

  // Subtitles: the tracks and cues, then each checked mark with who checked it.
  const { subtitles } = held
  if (subtitles.tracks.length > 0) {
    await tx.subtitles.replaceCues(
      recording.id,
      subtitles.cues.map((cue) => ({
        start: cue.start,
        end: cue.end,
        speaker: cue.speaker,
        texts: {
          ...(cue.texts.en ? { en: cue.texts.en.text } : {}),
          ...(cue.texts.es ? { es: cue.texts.es.text } : {}),
        },
      })),
      subtitles.tracks.map((track) => ({
        language: track.language,
        origin: track.origin,
        source: track.source,
        timing: track.timing,
      })),
    )
    const copied = await tx.subtitles.cues(recording.id)
    for (const [index, cue] of subtitles.cues.entries()) {
      const twin = copied[index]
      if (!twin) continue
      for (const language of ['en', 'es'] as const) {
        const text = cue.texts[language]
        if (text?.review === 'verified')
          await tx.subtitles.updateCue(twin.id, {
            language,
            review: 'verified',
            reviewedBy: text.reviewedBy ?? 'unknown',
          })
      }
    }
  }
  if (held.rules) await tx.subtitles.setRulesPatch(recording.id, held.rules, true)

  // Redactions, by mode, as they were added.
  for (const mode of ['tone', 'silence'] as const) {
    const ofMode = held.spans.filter((span) => span.mode === mode)
    if (ofMode.length > 0)
      await tx.redactions.add(
        recording.id,
        ofMode.map(({ start, end }) => ({ start, end })),
        mode,
      )
  }

  // Last, when each row was made, changed and checked, as in the library (decision 0194): every
  // write above stamped the copy's time.
  await tx.times.setRecording(recording.id, held.times)
}

const logKey = (record: ExportLogRecord) =>
  JSON.stringify([record.at, record.kind, record.output, record.sourceId])

/**
 * Copies the library `source` into `target`. Throws VocesError LIBRARY_COPY_CONFLICT naming the
 * recording when the archive holds one of the same id with other content, LIBRARY_COPY_BUSY when
 * another copy into it is running.
 */
export async function copyLibrary(
  source: Storage,
  target: Storage,
  options: CopyOptions = {},
): Promise<CopyReport> {
  // One copy into an archive at a time (decision 0181): two would put the same files at once.
  const lock = await target.holdLock('library-copy')
  if (!lock)
    throw new VocesError(
      'LIBRARY_COPY_BUSY',
      'Another copy into this archive is running now. Wait for it to end, then run this one again: it goes on from where the archive stands.',
    )
  try {
    return await copyHeld(source, target, options)
  } finally {
    await lock.release()
  }
}

async function copyHeld(
  source: Storage,
  target: Storage,
  options: CopyOptions,
): Promise<CopyReport> {
  const recordings = [...(await source.recordings.list())].reverse()
  // Refuse before anything is written: a conflict found half-way would leave a half copy.
  for (const recording of recordings) {
    const there = await target.recordings.get(recording.id)
    if (there && there.sha256 !== recording.sha256)
      throw new VocesError(
        'LIBRARY_COPY_CONFLICT',
        `The archive already holds a recording with the id ${recording.id} whose media differs from "${recording.title}" in this library: nothing was copied. Remove one of them, then run the copy again.`,
        { id: recording.id, title: recording.title },
      )
  }
  const report: CopyReport = { recordings: [], episodes: 0, exportLog: 0, audit: 0 }
  for (const [index, recording] of recordings.entries()) {
    const keys = keysOf(await source.recordings.files(recording.id))
    let done: CopiedRecording
    if (await target.recordings.get(recording.id)) {
      done = { id: recording.id, title: recording.title, outcome: 'skipped', files: 0, bytes: 0 }
    } else {
      let bytes = 0
      try {
        const held = await gather(source, recording)
        for (const key of keys) bytes += await putVerified(source, target, key)
        await target.transaction((tx) => writeRows(tx, recording, held))
      } catch (error) {
        // No object without its row: what was put for this recording goes again.
        for (const key of keys) await target.media.delete(key).catch(() => false)
        throw error
      }
      done = {
        id: recording.id,
        title: recording.title,
        outcome: 'copied',
        files: keys.length,
        bytes,
      }
    }
    report.recordings.push(done)
    options.onRecording?.(done, index, recordings.length)
  }
  // Episodes after the recordings their clips use, by id: one already there is left as it is.
  for (const episode of [...(await source.episodes.list())].reverse()) {
    if (await target.episodes.get(episode.id)) continue
    const notes = await source.episodes.notes(episode.id)
    const times = await source.times.episode(episode.id)
    await target.transaction(async (tx) => {
      const { id, clips, chapters, cuts, title, showTitle, number, year } = episode
      const fields = {
        title,
        showTitle,
        number,
        year,
        descriptionEn: episode.descriptionEn,
        descriptionEs: episode.descriptionEs,
      }
      const files = { cover: episode.cover, intro: episode.intro, outro: episode.outro }
      await tx.episodes.create({ ...fields, ...files }, clips, id)
      if (cuts.length > 0) await tx.episodes.setCuts(id, cuts)
      await tx.episodes.setChapters(id, chapters)
      await tx.episodes.setNotes(id, notes)
      if (times) await tx.times.setEpisode(id, times)
    })
    report.episodes += 1
  }
  // The export log after its recordings; an entry already there is not added twice.
  const there = new Set((await target.exportLog.list()).map(logKey))
  for (const record of await source.exportLog.list()) {
    if (there.has(logKey(record))) continue
    await target.exportLog.append(record)
    report.exportLog += 1
  }
  report.audit = await copyAudit(source, target)
  return report
}

/** Every audit entry there is, oldest first (the port pages newest first, up to a limit). */
const allEntries = { limit: Number.MAX_SAFE_INTEGER }

/** One entry's content, the details' keys sorted (PostgreSQL's jsonb reorders them). */
const auditKey = (entry: AuditEntry) =>
  JSON.stringify([
    entry.at,
    entry.actor,
    entry.action,
    entry.recordingId,
    entry.subject,
    Object.entries(entry.details).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  ])

/**
 * The audit log after everything it speaks of, at the times the entries were made: consent
 * changes, redactions and exports are the center's record of its archive (decision 0194). An
 * entry already there (same time, actor, action, subject and details) is not added twice.
 */
async function copyAudit(source: Storage, target: Storage): Promise<number> {
  const entries = [...(await source.people.auditLog(allEntries))].reverse()
  if (entries.length === 0) return 0
  // The earliest time, not the first row's: a clock set back makes a later row older.
  const since = entries.reduce((min, entry) => (entry.at < min ? entry.at : min), entries[0]!.at)
  // How many of each entry are there: two alike in the library (a double click) stay two.
  const there = new Map<string, number>()
  for (const entry of await target.people.auditLog({ ...allEntries, since })) {
    const key = auditKey(entry)
    there.set(key, (there.get(key) ?? 0) + 1)
  }
  let added = 0
  for (const entry of entries) {
    const key = auditKey(entry)
    const left = there.get(key) ?? 0
    if (left > 0) {
      there.set(key, left - 1)
      continue
    }
    const { actor, action, recordingId, subject, details } = entry
    await target.people.audit({ actor, action, recordingId, subject, details }, entry.at)
    added += 1
  }
  return added
}
