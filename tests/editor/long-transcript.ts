import type { Database } from 'better-sqlite3'

/**
 * A 3-hour interview's transcript (the editor's scale): 2,500 segments of 11 to 13 words, about
 * 30,000 words, stored by SQL as the transcription capability stores them. For the editor's
 * end-to-end test and benchmark. `wordsIn` gives segment n's word count before its number (rows of
 * different heights for the virtual list's test).
 */
export function storeLongTranscript(
  db: Database,
  recordingId: string,
  segments = 2500,
  wordsIn = (n: number) => 10 + (n % 3),
): void {
  const at = new Date().toISOString()
  const vocabulary =
    'we organised the night shift because the union said the contract was not fair to anyone there'.split(
      ' ',
    )
  db.transaction(() => {
    const track = db
      .prepare(
        "INSERT INTO tracks (recording_id, language, kind, origin, created_at, updated_at) VALUES (?, 'en', 'transcript', 'whisper', ?, ?)",
      )
      .run(recordingId, at, at).lastInsertRowid
    const addSegment = db.prepare(
      "INSERT INTO segments (track_id, start, end, language, text) VALUES (?, ?, ?, 'en', ?)",
    )
    const addWord = db.prepare(
      'INSERT INTO words (segment_id, start, end, text, probability) VALUES (?, ?, ?, ?, 0.9)',
    )
    for (let n = 0; n < segments; n += 1) {
      const words = Array.from(
        { length: wordsIn(n) },
        (_, k) => vocabulary[(n * 7 + k) % vocabulary.length] ?? 'x',
      )
      words.push(String(n))
      const start = n * 4.32
      const segment = addSegment.run(track, start, start + 4, words.join(' ')).lastInsertRowid
      words.forEach((word, k) =>
        addWord.run(segment, start + k * 0.3, start + k * 0.3 + 0.25, word),
      )
    }
  })()
}
