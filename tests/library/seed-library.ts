// A library of many recordings for the library e2e flow and bench (decision 0132): plain
// recordings, and three described, transcribed, subtitled and partly checked.
import type { NewRecording } from '../../src/core/library/recordings.ts'
import type { Voces } from '../../src/core/voces.ts'
import { databaseOf } from '../helpers.ts'

function sample(n: number): NewRecording {
  const id = `rec-${String(n).padStart(5, '0')}`
  return {
    id,
    title: `Interview ${String(n).padStart(5, '0')}`,
    path: `/archive/${id}.wav`,
    storedPath: null,
    sha256: `sha-${id}`,
    sizeBytes: 1000,
    duration: 60 + (n % 3600),
    format: 'wav',
    hasVideo: n % 10 === 0,
    width: null,
    height: null,
    audioCodec: 'pcm_s16le',
    videoCodec: null,
    sampleRate: 16000,
    channels: 1,
    workingAudio: `media/${id}/audio.wav`,
    peaks: `media/${id}/peaks.json`,
    poster: null,
  }
}

/** `count` recordings; three of them described, transcribed, subtitled and partly checked. */
export async function seedLibrary(target: Voces, count: number): Promise<void> {
  await target.storage.transaction(async (tx) => {
    for (let n = 0; n < count; n += 1) await tx.recordings.insert(sample(n))
  })
  const described = [
    { n: 17, title: 'Huelga de limpieza, Los Ángeles', interviewer: 'Ana Núñez', languages: 'es' },
    { n: 42, title: 'Nurses on the picket line', interviewer: 'Rosa Martínez', languages: 'en' },
    { n: 99, title: 'Apple pickers, Yakima', interviewer: 'Ana Núñez', languages: 'en,es' },
  ] as const
  for (const { n, title, interviewer, languages } of described) {
    const id = sample(n).id
    await target.storage.recordings.update(id, {
      title,
      interviewer,
      languages,
      consentStatus: 'given',
      tags: ['strike'],
      interviewDate: `19${n}-05-01`.slice(0, 10),
    })
    await target.storage.transcripts.replaceTrack({
      recordingId: id,
      language: languages === 'es' ? 'es' : 'en',
      kind: 'transcript',
      origin: 'typed',
      model: null,
      engineSettings: {},
      segments: [0, 1, 2, 3].map((k) => ({
        start: k,
        end: k + 1,
        speaker: k % 2 === 0 ? 'SPEAKER_00' : 'SPEAKER_01',
        language: languages === 'es' ? 'es' : 'en',
        text: `Segment ${k}.`,
        words: [],
      })),
    })
  }
  // Subtitles, a named speaker and checked segments, as the editor would leave them.
  const db = databaseOf(target)
  const at = new Date().toISOString()
  db.prepare(
    `INSERT INTO subtitle_tracks (recording_id, language, origin, created_at, updated_at)
     VALUES (?, 'en', 'made', ?, ?), (?, 'es', 'made', ?, ?)`,
  ).run(sample(17).id, at, at, sample(17).id, at, at)
  db.prepare(`UPDATE speakers SET name = 'Rosa' WHERE recording_id = ?`).run(sample(42).id)
  db.prepare(
    `UPDATE segments SET review = 'verified', reviewed_by = 'ana', reviewed_at = ?
     WHERE track_id = (SELECT id FROM tracks WHERE recording_id = ?) AND start < 2`,
  ).run(at, sample(17).id)
}
