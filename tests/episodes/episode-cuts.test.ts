// Cuts through the contract on a real library (SQLite): made from the transcript view, merged,
// restored, undone, kept inside clips, followed by the chapters, and offered as fillers.
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dispatch } from '../../src/core/api/index.ts'
import { planFor } from '../../src/core/export/podcast.ts'
import { Voces } from '../../src/core/voces.ts'
import type {
  Episode,
  EpisodeTranscript,
  EpisodeWord,
  Filler,
  Segment,
} from '../../src/shared/contract/index.ts'
import { databaseOf, tempDir } from '../helpers.ts'

let voces: Voces
let cleanup: () => void
let episode: Episode
const ctx = () => ({ voces, transport: 'cli' as const })

async function call<T>(method: string, input: unknown): Promise<T> {
  const result = await dispatch(method, input, ctx())
  if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code })
  return result.value as T
}

/** A recording row as ingest leaves it, without the media (these tests need none). */
function addRecording(id: string, duration: number) {
  const at = new Date().toISOString()
  databaseOf(voces)
    .prepare(
      `INSERT INTO recordings (id, title, original_path, sha256, size_bytes, duration, format, has_video, working_audio, peaks, created_at, updated_at)
       VALUES (?, ?, '/x.wav', ?, 1, ?, 'wav', 0, 'a', 'p', ?, ?)`,
    )
    .run(id, id, `sha-${id}`, duration, at, at)
}

/** Words laid out one after another: `text` a word each, `gap` of silence between. */
function segment(start: number, text: string, language: 'en' | 'es', speaker: string): Segment {
  let at = start
  const words = text.split(' ').map((w) => {
    const word = { start: at, end: at + 0.4, text: w, probability: 0.9 }
    at += 0.6
    return word
  })
  return { start, end: at - 0.2, speaker, language, text, words }
}

beforeAll(async () => {
  const dir = tempDir('voces-episode-cuts-')
  cleanup = dir.cleanup
  voces = new Voces({ libraryDir: path.join(dir.dir, 'library'), startJobs: false })
  addRecording('en1', 60)
  addRecording('es1', 60)
  const transcripts = voces.storage.transcripts
  const track = (recordingId: string, language: 'en' | 'es', segments: Segment[]) =>
    transcripts.replaceTrack({
      recordingId,
      language,
      kind: 'transcript',
      origin: 'typed',
      model: null,
      engineSettings: {},
      segments,
    })
  // en1: words at 10.0, 10.6, 11.2, … (0.4 s each, 0.2 s apart).
  await track('en1', 'en', [
    segment(10, 'Um we organized the uh union in the warehouse', 'en', 'Ana'),
    segment(20, 'Hmm and then the bosses listened', 'en', 'Luis'),
  ])
  await track('es1', 'es', [
    segment(5, 'Pues o sea este libro es de la biblioteca eh', 'es', 'Rosa'),
  ])
  episode = await call<Episode>('episodes.create', {
    title: 'Cuts',
    clips: [
      { recordingId: 'en1', start: 9, end: 25 },
      { recordingId: 'es1', start: 4, end: 12 },
    ],
  })
  episode = await call<Episode>('episodes.setChapters', {
    id: episode.id,
    chapters: [
      { start: 0, titleEn: 'Start', titleEs: 'Inicio' },
      { start: 11, titleEn: 'Bosses', titleEs: 'Jefes' },
      { start: 17, titleEn: 'Rosa', titleEs: 'Rosa' },
    ],
  })
})

afterAll(async () => {
  await voces.close()
  cleanup()
})

const words = (view: EpisodeTranscript, clip: number): EpisodeWord[] =>
  view.clips[clip]?.segments.flatMap((s) => s.words) ?? []
const find = (view: EpisodeTranscript, clip: number, text: string) => {
  const word = words(view, clip).find((w) => w.text === text)
  if (!word) throw new Error(`no word ${text}`)
  return word
}

describe('cuts in the transcript', () => {
  it("shows each clip's words with speakers, each heard at its episode time", async () => {
    const view = await call<EpisodeTranscript>('episodes.transcript', { id: episode.id })
    expect(view.duration).toBe(24)
    expect(
      view.clips.map((c) => [c.recordingId, c.track, c.segments.map((s) => s.speaker)]),
    ).toEqual([
      ['en1', 'en', ['Ana', 'Luis']],
      ['es1', 'es', ['Rosa']],
    ])
    expect(find(view, 0, 'organized')).toMatchObject({ start: 11.2, cut: null, at: 2.2 })
    expect(find(view, 1, 'libro')).toMatchObject({ cut: null, at: 16 + 7.4 - 4 })
  })

  it('cuts selected words to the middle of the pauses, strikes them, and shortens the episode', async () => {
    const view = await call<EpisodeTranscript>('episodes.transcript', { id: episode.id })
    const organized = find(view, 0, 'organized')
    const the = words(view, 0).filter((w) => w.text === 'the')[0] as EpisodeWord
    const cut = await call<Episode>('episodes.cut', {
      id: episode.id,
      spans: [{ recordingId: 'en1', start: organized.start, end: the.end }],
    })
    // "organized the" = 11.2–12.2; pauses 11.0–11.2 and 12.2–12.4: cut 11.1–12.3.
    expect(cut.cuts).toEqual([{ recordingId: 'en1', start: 11.1, end: 12.3, kind: 'edit' }])
    expect(cut.duration).toBeCloseTo(24 - 1.2, 9)
    const after = await call<EpisodeTranscript>('episodes.transcript', { id: episode.id })
    expect(
      words(after, 0)
        .filter((w) => w.cut)
        .map((w) => w.text),
    ).toEqual(['organized', 'the'])
    expect(find(after, 0, 'uh')).toMatchObject({ cut: null, at: 12.4 - 9 - 1.2 })
    // A chapter at 11 s (Luis, at 20 s of en1) follows its words to 9.8 s; Rosa's too.
    expect(cut.chapters.map((c) => c.start)).toEqual([0, 9.8, 15.8])
  })

  it('merges an overlapping cut into one, restores a word out of it, and undoes by setting the cuts back', async () => {
    const before = (await voces.storage.episodes.require(episode.id)).cuts
    const merged = await call<Episode>('episodes.cut', {
      id: episode.id,
      spans: [{ recordingId: 'en1', start: 12.4, end: 12.8 }],
      kind: 'filler',
    })
    // "uh" (12.4–12.8) touches the cut before it: one cut, still an edit.
    expect(merged.cuts).toEqual([{ recordingId: 'en1', start: 11.1, end: 12.9, kind: 'edit' }])
    const restored = await call<Episode>('episodes.restore', {
      id: episode.id,
      spans: [{ recordingId: 'en1', start: 11.8, end: 12.2 }],
    })
    expect(restored.cuts).toEqual([
      { recordingId: 'en1', start: 11.1, end: 11.7, kind: 'edit' },
      { recordingId: 'en1', start: 12.3, end: 12.9, kind: 'edit' },
    ])
    const view = await call<EpisodeTranscript>('episodes.transcript', { id: episode.id })
    expect(
      words(view, 0)
        .filter((w) => w.cut)
        .map((w) => w.text),
    ).toEqual(['organized', 'uh'])
    const undone = await call<Episode>('episodes.setCuts', { id: episode.id, cuts: before })
    expect(undone.cuts).toEqual(before)
    expect(undone.chapters.map((c) => c.start)).toEqual([0, 9.8, 15.8])
  })

  it('refuses a cut outside every clip, with a code the interface translates, and changes nothing', async () => {
    const before = await voces.storage.episodes.require(episode.id)
    const refused = await dispatch(
      'episodes.cut',
      { id: episode.id, spans: [{ recordingId: 'en1', start: 30, end: 31 }] },
      ctx(),
    )
    expect(refused.ok ? null : refused.error.code).toBe('CUT_OUTSIDE_CLIP')
    const backwards = await dispatch(
      'episodes.cut',
      { id: episode.id, spans: [{ recordingId: 'en1', start: 12, end: 11 }] },
      ctx(),
    )
    expect(backwards.ok ? null : backwards.error.code).toBe('INVALID_INPUT')
    const partly = await dispatch(
      'episodes.setCuts',
      {
        id: episode.id,
        cuts: [
          { recordingId: 'es1', start: 5, end: 6, kind: 'edit' },
          { recordingId: 'es1', start: 2, end: 3, kind: 'edit' },
        ],
      },
      ctx(),
    )
    expect(partly.ok ? null : partly.error.code).toBe('CUT_OUTSIDE_CLIP')
    expect(await voces.storage.episodes.require(episode.id)).toEqual(before)
  })

  it('offers the filler words of both languages in context, and removes the ones chosen', async () => {
    const fillers = await call<Filler[]>('episodes.fillers', { id: episode.id })
    expect(fillers.map((f) => [f.clipIndex, f.filler, f.text, f.cut])).toEqual([
      [0, 'um', 'Um', false],
      [0, 'uh', 'uh', false],
      [0, 'hmm', 'Hmm', false],
      [1, 'pues', 'Pues', false],
      [1, 'o sea', 'o sea', false],
      [1, 'este', 'este', false],
      [1, 'eh', 'eh', false],
    ])
    expect(fillers[4]).toMatchObject({
      before: 'Pues',
      after: 'este libro es de la',
      language: 'es',
    })
    // The producer keeps "este" (it is "this book") and removes the rest.
    const chosen = fillers.filter((f) => f.filler !== 'este')
    const done = await call<Episode>('episodes.cut', {
      id: episode.id,
      kind: 'filler',
      spans: chosen.map((f) => ({ recordingId: f.recordingId, start: f.start, end: f.end })),
    })
    // "uh" joins the edit it touches; "Pues" and "o sea" touch, so they are one cut; a clip's
    // first and last words reach half way to its edges.
    expect(done.cuts).toEqual([
      { recordingId: 'en1', start: 9.5, end: 10.5, kind: 'filler' },
      { recordingId: 'en1', start: 11.1, end: 12.9, kind: 'edit' },
      { recordingId: 'en1', start: 17.6, end: 20.5, kind: 'filler' },
      { recordingId: 'es1', start: 4.5, end: 6.7, kind: 'filler' },
      { recordingId: 'es1', start: 10.3, end: 11.4, kind: 'filler' },
    ])
    const again = await call<Filler[]>('episodes.fillers', { id: episode.id })
    expect(again.filter((f) => !f.cut).map((f) => f.filler)).toEqual(['este'])
    const view = await call<EpisodeTranscript>('episodes.transcript', { id: episode.id })
    expect(find(view, 1, 'Pues').cut).toBe('filler')
  })

  it('refuses to export an episode cut whole, in words a person can act on', async () => {
    const whole = (await voces.storage.episodes.require(episode.id)).clips.map((clip) => ({
      ...clip,
      kind: 'edit' as const,
    }))
    const before = (await voces.storage.episodes.require(episode.id)).cuts
    await call('episodes.setCuts', { id: episode.id, cuts: whole })
    expect((await voces.storage.episodes.require(episode.id)).duration).toBe(0)
    await expect(planFor(voces, episode.id)).rejects.toMatchObject({ code: 'EPISODE_ALL_CUT' })
    await call('episodes.setCuts', { id: episode.id, cuts: before })
  })

  it('forgets the cuts with the episode', async () => {
    await call('episodes.remove', { id: episode.id })
    expect(databaseOf(voces).prepare('SELECT count(*) FROM episode_cuts').pluck().get()).toBe(0)
  })
})
