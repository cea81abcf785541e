// Export cost as a ratio to the bare FFmpeg commands that do the same encode, in the same run
// (the target, decision 0006: at most 1.2x): a 60-minute podcast, and a 10-minute 1080p video with
// subtitles burned in.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { dispatch } from '../src/core/api/index.ts'
import { burnInAss, filterPath } from '../src/core/export/captions.ts'
import { Voces } from '../src/core/voces.ts'
import { bareLoudPodcast, ffmpeg, hourOfSpeech, ingestGiven, media, timed } from './common.ts'

async function runJob(
  voces: Voces,
  method: 'export.podcast' | 'export.video',
  input: Record<string, unknown>,
): Promise<number> {
  const started = performance.now()
  const result = await dispatch(method, input, { voces, transport: 'cli' })
  if (!result.ok) throw new Error(result.error.message)
  const job = await voces.jobs.waitFor((result.value as { jobId: string }).jobId)
  if (job.state !== 'succeeded') throw new Error(`${method} ${job.state}: ${job.error?.message}`)
  return (performance.now() - started) / 1000
}

export async function benchExport() {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'voces-bench-export-'))
  const voces = new Voces({ libraryDir: path.join(scratch, 'library') })
  try {
    // Podcast: an hour of real speech, as a 44.1 kHz stereo WAV from the recorder.
    const hour = hourOfSpeech(path.join(scratch, 'hour.wav'))
    const hourId = await ingestGiven(voces, hour)
    const ours = await runJob(voces, 'export.podcast', {
      source: hourId,
      output: path.join(scratch, 'voces.mp3'),
    })
    const bareOut = path.join(scratch, 'bare.mp3')
    const bare = bareLoudPodcast(hour, bareOut)

    // Video: 10 minutes of 1080p with speech and two burned-in subtitle tracks.
    const video = path.join(scratch, 'ten minutes.mp4')
    ffmpeg([
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=1920x1080:rate=25:duration=600',
      '-stream_loop',
      '9',
      '-i',
      path.join(media, 'en', 'silero_vad_en_60s.wav'),
      '-shortest',
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-c:a',
      'aac',
      video,
    ])
    const videoId = await ingestGiven(voces, video)
    const srt = Array.from(
      { length: 200 },
      (_, i) =>
        `${i + 1}\n00:${String(Math.floor((i * 3) / 60)).padStart(2, '0')}:${String((i * 3) % 60).padStart(2, '0')},000 --> 00:${String(Math.floor((i * 3 + 2) / 60)).padStart(2, '0')}:${String((i * 3 + 2) % 60).padStart(2, '0')},500\nLine ${i + 1} of the interview\n`,
    ).join('\n')
    const srtFile = path.join(scratch, 'en.srt')
    writeFileSync(srtFile, srt)
    for (const language of ['en', 'es'] as const) {
      const imported = await dispatch(
        'subtitles.import',
        { recordingId: videoId, language, path: srtFile },
        { voces, transport: 'cli' },
      )
      if (!imported.ok) throw new Error(imported.error.message)
    }
    const oursVideo = await runJob(voces, 'export.video', {
      recordingId: videoId,
      output: path.join(scratch, 'voces.mp4'),
      burn: ['en', 'es'],
    })
    const captions = srt
      .split('\n\n')
      .map((block, i) => ({ start: i * 3, end: i * 3 + 2.5, text: block.split('\n')[2] ?? '' }))
    const assFile = path.join(scratch, 'bare.ass')
    writeFileSync(assFile, burnInAss([captions, captions], 1920, 1080))
    const bareVideo = timed(() =>
      ffmpeg([
        '-i',
        video,
        '-vf',
        `subtitles=filename=${filterPath(assFile)}`,
        '-c:v',
        'libx264',
        '-preset',
        'veryfast',
        '-crf',
        '20',
        '-pix_fmt',
        'yuv420p',
        '-c:a',
        'aac',
        '-b:a',
        '160k',
        '-movflags',
        '+faststart',
        '-y',
        path.join(scratch, 'bare.mp4'),
      ]),
    )
    return {
      target: { ratio: 1.2 },
      podcast60min: { vocesSeconds: ours, bareSeconds: bare, ratio: ours / bare },
      video10min1080p: {
        vocesSeconds: oursVideo,
        bareSeconds: bareVideo,
        ratio: oursVideo / bareVideo,
      },
    }
  } finally {
    await voces.close()
    rmSync(scratch, { recursive: true, force: true })
  }
}
