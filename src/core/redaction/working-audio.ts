import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { VocesError } from '../../shared/contract/index.ts'
import { workingWavArgs } from '../media/ingest.ts'
import { computePeaks } from '../media/peaks.ts'
import type { CoreContext } from '../context.ts'
import { redactionSpans } from './redact.ts'
import { writeCovered } from './rendition.ts'

/**
 * The library's own listening copy (the 16 kHz WAV every recording gets at ingest, which the
 * editor plays and transcription reads) is rewritten with every redacted stretch covered, the
 * same tone or silence the exports use, and its waveform peaks are drawn again. The original
 * file stays as it is, where the person keeps it (decision 0007); this copy is the library's own.
 *
 * Covering a stretch twice gives the same audio (silence, then the same tone over it), so this
 * runs over all of a recording's spans each time and can simply be run again if it failed.
 */
export async function redactWorkingAudio(
  voces: CoreContext,
  recordingId: string,
  signal?: AbortSignal,
): Promise<{ spans: number }> {
  const recording = await voces.storage.recordings.require(recordingId)
  const spans = await redactionSpans(voces, recordingId)
  if (spans.length === 0) return { spans: 0 }
  const files = await voces.storage.recordings.files(recordingId)
  // The listening copy is read where the media store puts it and written back through it
  // (decision 0124); FFmpeg's output is a scratch file in the system temp folder.
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'voces-redact-'))
  const covered = path.join(scratch, 'audio.wav')
  try {
    const audio = await voces.storage.media.localPath(files.workingAudio)
    try {
      // Covered at its own 16 kHz, written exactly as ingest writes it.
      await writeCovered(voces, {
        source: audio.path,
        output: covered,
        spans,
        duration: recording.duration,
        channels: 1,
        sampleRate: 16000,
        outputArgs: [...workingWavArgs, '-f', 'wav'],
        signal,
      })
    } finally {
      await audio.release()
    }
    await voces.storage.media.putFile(files.workingAudio, covered)
    // A store that keeps versions must not keep the uncovered sound as an older one (0144).
    await voces.storage.media.forgetEarlierVersions(files.workingAudio)
  } catch (error) {
    await fs.rm(scratch, { recursive: true, force: true })
    if (
      error instanceof VocesError &&
      error.code !== 'FFMPEG_FAILED' &&
      error.code !== 'FILE_NOT_FOUND'
    )
      throw error
    throw new VocesError(
      'REDACTION_AUDIO_FAILED',
      'The words are gone from the library, but its listening copy of the recording could not be rewritten. Nothing is exported with them; redact again to cover the sound.',
      {},
    )
  }
  try {
    const peaks = await computePeaks(covered, signal)
    await voces.storage.media.put(files.peaks, JSON.stringify(peaks))
    await voces.storage.media.forgetEarlierVersions(files.peaks)
  } finally {
    await fs.rm(scratch, { recursive: true, force: true })
  }
  voces.log.info('redaction: listening copy rewritten', { recordingId, spans: spans.length })
  return { spans: spans.length }
}

/**
 * Deletes the library's own copy of the original (made when "copy into library" was on at
 * ingest), after a person asked for it. The original where the person keeps it is not touched;
 * exports then read that one, and say so plainly when it is gone too.
 */
export async function deleteLibraryCopy(
  voces: CoreContext,
  recordingId: string,
): Promise<{ deleted: boolean; original: string }> {
  const recording = await voces.storage.recordings.require(recordingId)
  const { storedPath } = await voces.storage.recordings.files(recordingId)
  if (!storedPath) return { deleted: false, original: recording.path }
  await voces.storage.recordings.forgetStoredCopy(recordingId)
  await voces.storage.media.delete(storedPath)
  voces.log.info('library copy deleted', { recordingId })
  return { deleted: true, original: recording.path }
}
