// Redaction on the shared archive (decision 0140): how long masking a name and the VACUUM FULL
// after it take on PostgreSQL, and how long another reader of the archive waits meanwhile, on a
// synthetic archive of VOCES_BENCH_REDACTION_HOURS hours (100 unless told): an English
// transcript per hour-long recording, a segment every 4 s with its 10 words, a subtitle cue per
// segment. PostgreSQL: bench/postgres.ts.
import { performance } from 'node:perf_hooks'
import { masks } from '../src/core/redaction/fold.ts'
import { maskedTables, scrubMaskedTables } from '../src/core/storage/postgres/scrub.ts'
import { withPostgresStorage } from './postgres.ts'

const seconds = (since: number) => Math.round(performance.now() - since) / 1000

export async function benchRedactionPostgres(): Promise<object> {
  const hours = Number(process.env.VOCES_BENCH_REDACTION_HOURS ?? 100)
  return withPostgresStorage(async (storage) => {
    const db = storage.db
    const made = performance.now()
    await db.run(
      `INSERT INTO recordings (id, title, original_path, sha256, size_bytes, duration, format,
           has_video, working_audio, peaks, created_at, updated_at)
         SELECT 'r' || g, 'Interview ' || g, '/archive/' || g || '.wav', 'sha-' || g, 1, 3600, 'wav',
           false, 'media/r' || g || '/audio.wav', 'media/r' || g || '/peaks.json', now(), now()
         FROM generate_series(1, $1::int) g`,
      [hours],
    )
    await db.run(
      `INSERT INTO tracks (recording_id, language, kind, origin, created_at, updated_at)
         SELECT id, 'en', 'transcript', 'whisper', now(), now() FROM recordings`,
    )
    await db.run(
      `INSERT INTO segments (track_id, start, "end", language, text)
         SELECT t.id, s * 4, s * 4 + 4, 'en',
           'worker ' || s || ' said the shift ran long and pay came late'
         FROM tracks t, generate_series(0, 899) s`,
    )
    // The one name to redact, said in the first recording's first minute.
    await db.run(
      `UPDATE segments SET text = 'worker Zapatazo Quiroga said the shift ran long and pay came late'
         WHERE track_id = (SELECT id FROM tracks WHERE recording_id = 'r1') AND start < 60`,
    )
    await db.run(
      `INSERT INTO words (segment_id, start, "end", text)
         SELECT s.id, s.start + w * 0.4, s.start + w * 0.4 + 0.4, split_part(s.text, ' ', w + 1)
         FROM segments s, generate_series(0, 9) w`,
    )
    await db.run(
      `INSERT INTO subtitle_cues (recording_id, start, "end", speaker)
         SELECT t.recording_id, s.start, s."end", NULL FROM segments s JOIN tracks t ON t.id = s.track_id`,
    )
    await db.run(
      `INSERT INTO subtitle_texts (cue_id, language, text)
         SELECT c.id, 'en', s.text FROM subtitle_cues c
           JOIN tracks t ON t.recording_id = c.recording_id
           JOIN segments s ON s.track_id = t.id AND s.start = c.start`,
    )
    await db.run(`VACUUM ANALYZE ${maskedTables.join(', ')}`)
    const madeSeconds = seconds(made)
    const size = await db.row<{ mib: number; segments: number; words: number }>(
      `SELECT (SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c
                  WHERE c.relname = ANY($1::text[]) AND c.relkind = 'r')::float8 / 2^20 AS mib,
                (SELECT count(*) FROM segments) AS segments, (SELECT count(*) FROM words) AS words`,
      [[...maskedTables]],
    )

    const name = 'Zapatazo Quiroga'
    const mask = { ...masks, names: masks.en }
    const masking = performance.now()
    await storage.transaction(async (tx) => {
      await tx.masking.transcripts.maskName('r1', name, mask)
      await tx.masking.subtitles.maskName('r1', name, mask)
      await tx.masking.episodes.maskName('r1', name, mask)
      await tx.masking.jobs.forgetText('r1')
    })
    const maskSeconds = seconds(masking)

    // Another person reads a segment while the tables are rewritten: how long they wait.
    const scrubbing = performance.now()
    const scrub = scrubMaskedTables(db).then(() => seconds(scrubbing))
    await new Promise((resolve) => setTimeout(resolve, 50))
    const reading = performance.now()
    await db.row('SELECT text FROM segments WHERE id = (SELECT min(id) FROM segments)')
    const readerWaitSeconds = seconds(reading)
    const scrubSeconds = await scrub
    return {
      hours,
      segments: size?.segments,
      words: size?.words,
      maskedTablesMiB: Math.round(size?.mib ?? 0),
      archiveMadeSeconds: madeSeconds,
      maskSeconds,
      scrubSeconds,
      readerWaitSeconds,
    }
  })
}
