// A synthetic oral-history archive for the search benchmark: reproducible from a seed, words
// drawn with a Zipf distribution (s = 1, as in natural language) from a list of function words,
// labour-history words and a long generated tail, so that common, rare, accented and prefixed
// words occur about as often as in real interviews.
import type { Database } from 'better-sqlite3'
import { performance } from 'node:perf_hooks'

/** mulberry32: a small seeded generator, enough for test data. */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const words = {
  en: {
    common: `the and to of a i in was we that it they you he on for is with but at there so had were
      my when be not this all what from our were them one just like would about people`,
    domain: `work union strike boss wages job company workers contract shift factory organize
      organized organizing organizer organization meeting picket overtime hours pay safety
      construction warehouse farm field rights immigrant family children lawyer court fired
      injury papers bargaining collective solidarity leaflet march protest manager supervisor`,
  },
  es: {
    common: `de la que el en y a los se no por un las con su para como más pero me lo le del al
      nos cuando muy sí porque también todo esta era fue había eran yo después así`,
    domain: `trabajo sindicato huelga patrón salario compañeros empresa trabajadores contrato turno
      fábrica organizar organizamos organización organizadores reunión piquete horas pago
      seguridad construcción almacén campo derechos inmigrante familia niños abogado corte
      despedido lesión papeles negociación colectiva solidaridad volante marcha protesta
      mayordomo supervisor días miedo lucha`,
  },
}

const syllables = {
  en: 'ba be bi bo bu ca co cu da de di do fa fe fi fo ga go la le li lo ma me mi mo na ne ni no pa pe po ra re ri ro sa se si so ta te ti to va ve wa we'.split(
    ' ',
  ),
  es: 'ba be bi bo bu ca co cu cha che chi da de di do fa fe fi ga go gu la le li lo lla llo ma me mi mo na ne ni ño pa pe po ra re ri ro sa se si so ta te ti to ve vi'.split(
    ' ',
  ),
}

const tailSize = 20_000
const speakers = [
  'Rosa',
  'María',
  'José',
  'Juan',
  'Guadalupe',
  'Ana',
  'Luis',
  'Carmen',
  'Pedro',
  'Linda',
  'James',
  'Mary',
]
const tags = [
  'huelga',
  'union',
  'farmworkers',
  'construction',
  'domestic work',
  'wage theft',
  'organizing',
  'healthcare',
]

function vocabulary(language: 'en' | 'es', next: () => number): string[] {
  const list = [
    ...words[language].common.split(/\s+/),
    ...words[language].domain.split(/\s+/),
  ].filter(Boolean)
  const seen = new Set(list)
  const parts = syllables[language]
  while (list.length < tailSize) {
    const n = 2 + Math.floor(next() * 3)
    let word = ''
    for (let i = 0; i < n; i++) word += parts[Math.floor(next() * parts.length)]
    if (!seen.has(word)) {
      seen.add(word)
      list.push(word)
    }
  }
  return list
}

function zipfSampler(size: number, next: () => number): () => number {
  const cumulative = new Float64Array(size)
  let total = 0
  for (let i = 0; i < size; i++) cumulative[i] = total += 1 / (i + 1)
  return () => {
    const x = next() * total
    let lo = 0
    let hi = size - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((cumulative[mid] ?? 0) < x) lo = mid + 1
      else hi = mid
    }
    return lo
  }
}

export interface Archive {
  recordings: number
  segments: number
  words: number
  insertSeconds: number
  rare: { en: string; es: string }
  sampleRecording: { en: string; es: string }
}

/** Fills the library: `hours` one-hour recordings, each one track of 6-second segments. */
export function makeArchive(db: Database, hours: number, seed: number): Archive {
  const next = random(seed)
  const vocab = { en: vocabulary('en', next), es: vocabulary('es', next) }
  const pick = zipfSampler(tailSize, next)
  const insertRecording = db.prepare(
    `INSERT INTO recordings (id, title, original_path, sha256, size_bytes, duration, format, has_video,
       working_audio, peaks, interview_date, languages, consent_status, created_at, updated_at)
     VALUES (?, ?, ?, ?, 1, 3600, 'wav', 0, 'w.wav', 'p.json', ?, ?, ?, 'now', 'now')`,
  )
  const insertTag = db.prepare(
    'INSERT OR IGNORE INTO recording_tags (recording_id, tag) VALUES (?, ?)',
  )
  const insertSpeaker = db.prepare(
    'INSERT INTO speakers (recording_id, label, name) VALUES (?, ?, ?)',
  )
  const insertTrack = db.prepare(
    `INSERT INTO tracks (recording_id, language, kind, origin, created_at, updated_at)
     VALUES (?, ?, 'transcript', 'whisper', 'now', 'now')`,
  )
  const insertSegment = db.prepare(
    'INSERT INTO segments (track_id, start, end, speaker_id, language, text) VALUES (?, ?, ?, ?, ?, ?)',
  )
  let segments = 0
  let wordCount = 0
  const started = performance.now()
  for (let r = 0; r < hours; r++) {
    const language = r % 2 === 0 ? 'en' : 'es'
    const list = vocab[language]
    const id = `rec${String(r).padStart(5, '0')}`
    const roll = next()
    const consent =
      roll < 0.03 ? 'withdrawn' : roll < 0.13 ? 'restricted' : roll < 0.9 ? 'given' : 'unknown'
    const year = 1975 + Math.floor(next() * 50)
    const date = `${year}-${String(1 + Math.floor(next() * 12)).padStart(2, '0')}-15`
    db.transaction(() => {
      insertRecording.run(id, `Interview ${r}`, `/archive/${id}.wav`, id, date, language, consent)
      insertTag.run(id, tags[Math.floor(next() * tags.length)])
      insertTag.run(id, tags[Math.floor(next() * tags.length)])
      const speakerIds = [0, 1, 2].map((i) =>
        Number(
          insertSpeaker.run(id, `SPEAKER_0${i}`, speakers[Math.floor(next() * speakers.length)])
            .lastInsertRowid,
        ),
      )
      const trackId = Number(insertTrack.run(id, language).lastInsertRowid)
      // 600 segments of 6 s: one hour; 8 to 22 words each, 15 on average.
      for (let s = 0; s < 600; s++) {
        const n = 8 + Math.floor(next() * 15)
        const text: string[] = []
        for (let w = 0; w < n; w++) text.push(list[pick()] ?? '')
        wordCount += n
        const speaker = speakerIds[Math.floor(next() * 3)] ?? null
        insertSegment.run(trackId, s * 6, s * 6 + 6, speaker, language, text.join(' ') + '.')
        segments++
      }
    })()
  }
  return {
    recordings: hours,
    segments,
    words: wordCount,
    insertSeconds: (performance.now() - started) / 1000,
    rare: { en: vocab.en[15_000] ?? '', es: vocab.es[15_000] ?? '' },
    sampleRecording: { en: 'rec00000', es: 'rec00001' },
  }
}
