// Speakers named in the editor reach everything that is published: every transcript format, the
// subtitles, the podcast sidecars, the episode transcript, search and the archive's tracks all
// show the one name (src/shared/speakers.ts, docs/decisions/0075-one-speaker-name.md).
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readTracks } from '../../src/core/archive/tracks.ts'
import { dispatch } from '../../src/core/api/index.ts'
import { parseAss } from '../../src/core/subtitles/ass.ts'
import { parseVtt } from '../../src/core/subtitles/vtt.ts'
import { Voces } from '../../src/core/voces.ts'
import type { MethodInput, MethodName, MethodOutput } from '../../src/shared/contract/index.ts'
import { databaseOf, mediaDir, tempDir } from '../helpers.ts'
import { ingestOne, recordingIdOf } from '../media/media-fixtures.ts'

const wav = path.join(mediaDir, 'interview', 'pyannote_sample_2spk.wav')
/** The call's turns (.stm: speaker, start, end, words), under diarisation labels as Whisper runs give. */
const labels: Record<string, string> = { Diane: 'SPEAKER_00', Sheila: 'SPEAKER_01' }
const turns = readFileSync(wav.replace(/\.wav$/, '.stm'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => {
    const [, , who = '', start = '0', end = '0', ...words] = line.split(' ')
    return { speaker: labels[who] ?? who, start: Number(start), end: Number(end), words }
  })
/** The line every reader must give to Sheila: the one turn that says "Texas". */
const texasLine = "And I'm Sheila in Texas, originally from Chicago."

let voces: Voces
let dir: string
let cleanup: () => void
let id: string
let episodeId: string
const ctx = () => ({ voces, transport: 'cli' as const })

async function call<M extends MethodName>(
  method: M,
  input: MethodInput<M>,
): Promise<MethodOutput<M>> {
  const result = await dispatch(method, input, ctx())
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`)
  return result.value as MethodOutput<M>
}

/** unzip reads names as patterns: brackets are escaped to mean themselves. */
const unzip = (file: string, name: string) =>
  execFileSync('unzip', ['-p', file, name.replace(/[[\]]/g, '\\$&')], { encoding: 'utf8' })

/** Each paragraph's text in a DOCX, read by Python's XML parser, not ours. */
function docxParagraphs(file: string): string[] {
  const script = `
import json, sys, xml.etree.ElementTree as ET
W = '{http://schemas.openxmlformats.org/wordprocessingml/2006/main}'
root = ET.fromstring(sys.stdin.buffer.read())
print(json.dumps([''.join(t.text or '' for t in p.iter(W + 't')) for p in root.iter(W + 'p')]))
`
  const xml = unzip(file, 'word/document.xml')
  return JSON.parse(
    execFileSync('python3', ['-c', script], { input: xml, encoding: 'utf8' }),
  ) as string[]
}

/** `[0:00:14] Name: text` paragraphs (plain text and DOCX) as speaker and text. */
function stamped(paragraphs: readonly string[]): Array<{ speaker: string | null; text: string }> {
  return paragraphs
    .filter((p) => /^\[\d+:\d\d:\d\d\] /.test(p))
    .map((p) => {
      const body = p.replace(/^\[[\d:]+\] /, '')
      const known = /^([^:]+): (.*)$/s.exec(body)
      return known
        ? { speaker: known[1] ?? null, text: known[2] ?? '' }
        : { speaker: null, text: body }
    })
}

type Said = Array<{ speaker: string | null; text: string }>

/** What every published reader says of who speaks, each read back from what it wrote. */
async function everyExport(tag: string): Promise<{ readers: Record<string, Said>; raw: string[] }> {
  const raw: string[] = []
  const exported = async (format: 'txt' | 'srt' | 'vtt' | 'json' | 'docx') => {
    const value = await call('transcripts.export', { recordingId: id, format })
    raw.push(value.text)
    return value
  }
  const readers: Record<string, Said> = {}

  readers.txt = stamped((await exported('txt')).text.split('\n\n').map((p) => p.trim()))
  readers.vtt = parseVtt((await exported('vtt')).text).map((c) => ({
    speaker: c.speaker,
    text: c.text,
  }))
  const json = JSON.parse((await exported('json')).text) as {
    segments: Array<{ speaker: string | null; text: string }>
  }
  readers.json = json.segments.map((s) => ({ speaker: s.speaker, text: s.text }))
  const docx = path.join(dir, `${tag}.docx`)
  writeFileSync(docx, Buffer.from((await exported('docx')).text, 'base64'))
  const paragraphs = docxParagraphs(docx)
  raw.push(paragraphs.join('\n'))
  readers.docx = stamped(paragraphs)
  // SubRip has no place for a speaker (decision 0031): read for the labels alone.
  await exported('srt')
  readers.get = (await call('transcripts.get', { recordingId: id })).segments.map((s) => ({
    speaker: s.speaker,
    text: s.text,
  }))

  for (const format of ['vtt', 'ass'] as const) {
    const value = await call('subtitles.export', { recordingId: id, language: 'en', format })
    raw.push(value.text)
    const cues = format === 'vtt' ? parseVtt(value.text) : parseAss(value.text).cues
    readers[`subtitles.${format}`] = cues.map((c) => ({ speaker: c.speaker, text: c.text }))
  }
  readers['subtitles.get'] = (await call('subtitles.get', { recordingId: id })).cues.map((c) => ({
    speaker: c.speaker,
    text: c.texts.en?.text ?? '',
  }))

  readers.episode = (await call('episodes.transcript', { id: episodeId })).clips.flatMap((clip) =>
    clip.segments.map((s) => ({ speaker: s.speaker, text: s.words.map((w) => w.text).join(' ') })),
  )
  const output = path.join(dir, `${tag}.mp3`)
  const job = await voces.jobs.waitFor(
    (await call('export.podcast', { source: episodeId, output, channels: 1 })).jobId,
  )
  expect(job.error).toBeNull()
  const base = output.replace(/\.mp3$/, '')
  const sidecar = (ext: string) => {
    const text = readFileSync(`${base}.transcript.${ext}`, 'utf8')
    raw.push(text)
    return text
  }
  const podcastJson = JSON.parse(sidecar('json')) as {
    segments: Array<{ speaker?: string; body: string }>
  }
  readers['podcast.json'] = podcastJson.segments.map((s) => ({
    speaker: s.speaker ?? null,
    text: s.body,
  }))
  readers['podcast.vtt'] = parseVtt(sidecar('vtt')).map((c) => ({
    speaker: c.speaker,
    text: c.text,
  }))
  sidecar('srt')

  const found = await call('search.query', { query: 'Texas OR Jersey', limit: 50 })
  readers.search = found.hits.map((hit) => ({ speaker: hit.speaker, text: hit.text }))
  readers.archive = ((await readTracks(voces.storage, id))[0]?.segments ?? []).map((s) => ({
    speaker: s.speaker,
    text: s.text,
  }))
  return { readers, raw }
}

/** Renames through the editor's own API call, as the Speakers panel does. */
async function rename(label: string, name: string, affiliation = '') {
  const loaded = await call('editor.load', { recordingId: id })
  const speaker = loaded?.speakers.find((s) => s.label === label)
  if (!speaker) throw new Error(`no speaker ${label}`)
  await call('editor.renameSpeaker', { speakerId: speaker.id, name, affiliation })
}

/**
 * Every reader shows exactly the two names expected, and gives the same lines to the same person;
 * what is wrong is listed reader by reader, so a failure names every reader that disagrees.
 */
function expectEveryReader(
  readers: Record<string, Said>,
  raw: readonly string[],
  shown: { diane: string; sheila: string },
  hidden: readonly string[],
) {
  expect(Object.keys(readers)).toHaveLength(13)
  const wrong: string[] = []
  for (const [reader, said] of Object.entries(readers)) {
    const names = [...new Set(said.map((s) => s.speaker).filter((s) => s !== null))].sort()
    if (JSON.stringify(names) !== JSON.stringify([shown.diane, shown.sheila].sort()))
      wrong.push(`${reader} shows ${JSON.stringify(names)}`)
    // The readers agree on who says the same words.
    const line = (words: string) =>
      said.find((s) => s.text.replace(/\s+/g, ' ').includes(words))?.speaker
    if (line('Sheila in Texas') !== shown.sheila)
      wrong.push(`${reader} gives Texas to ${line('Sheila in Texas')}`)
    if (line('This is Diane') !== shown.diane)
      wrong.push(`${reader} gives "This is Diane" to ${line('This is Diane')}`)
  }
  for (const text of raw)
    for (const word of hidden)
      if (text.includes(word)) wrong.push(`${word} in ${text.slice(0, 60)}`)
  expect(wrong).toEqual([])
}

beforeAll(async () => {
  ;({ dir, cleanup } = tempDir())
  voces = new Voces({ libraryDir: path.join(dir, 'library') })
  id = recordingIdOf(await ingestOne(voces, wav))
  await voces.storage.recordings.update(id, { consentStatus: 'given' })
  const segments = turns.map((t) => ({
    start: t.start,
    end: t.end,
    speaker: t.speaker,
    language: 'en',
    text: t.words.join(' '),
  }))
  expect(segments.some((s) => s.text === texasLine)).toBe(true)
  await call('transcripts.import', {
    recordingId: id,
    track: 'en',
    fileName: 'call.json',
    text: JSON.stringify({ segments }),
  })
  // Subtitles and an episode made before anyone is named must follow the names given later.
  await call('subtitles.make', { recordingId: id, language: 'en' })
  episodeId = (
    await call('episodes.create', {
      title: 'Chicago',
      clips: [{ recordingId: id, start: 0, end: 30 }],
    })
  ).id
})
afterAll(async () => {
  await voces?.close()
  cleanup()
})

describe('speaker names in what is published', () => {
  it('show the labels before anyone is named', async () => {
    const { readers, raw } = await everyExport('before')
    expectEveryReader(readers, raw, { diane: 'SPEAKER_00', sheila: 'SPEAKER_01' }, [])
  }, 120_000)

  it('show the names the editor gave, in every export, and agree', async () => {
    await rename('SPEAKER_00', 'Diane Núñez', 'SEIU Local 32BJ')
    await rename('SPEAKER_01', 'Sheila Ortiz')
    const { readers, raw } = await everyExport('named')
    expectEveryReader(readers, raw, { diane: 'Diane Núñez', sheila: 'Sheila Ortiz' }, [
      'SPEAKER_0',
      // The union is the archive's record of the person, not part of the shown name.
      'SEIU',
    ])
  }, 120_000)

  it('follow a second rename and a name cleared back to the label', async () => {
    // Cues edited while the names were shown keep following the speaker, not the old name.
    const cues = (await call('subtitles.get', { recordingId: id })).cues
    const texas = cues.find((c) => c.texts.en?.text.includes('Texas'))
    // Two cues of Sheila's in a row, merged: the merged cue is written back whole.
    const pair = cues.findIndex(
      (c, k) => c.speaker === 'Sheila Ortiz' && cues[k + 1]?.speaker === 'Sheila Ortiz',
    )
    expect([texas?.speaker, pair >= 0]).toEqual(['Sheila Ortiz', true])
    await call('subtitles.updateCue', {
      cueId: texas?.id ?? -1,
      language: 'en',
      review: 'verified',
      reviewedBy: 'Rosa',
    })
    await call('subtitles.mergeCue', { cueId: cues[pair]?.id ?? -1 })
    await rename('SPEAKER_00', 'Diane N.')
    await rename('SPEAKER_01', '')
    const { readers, raw } = await everyExport('renamed')
    expectEveryReader(readers, raw, { diane: 'Diane N.', sheila: 'SPEAKER_01' }, [
      'Núñez',
      'Ortiz',
      'SPEAKER_00',
    ])
  }, 120_000)

  it('are left out of the podcast transcripts when that speaker is disguised by label', async () => {
    await rename('SPEAKER_00', 'Diane N.')
    await rename('SPEAKER_01', 'Sheila Ortiz')
    // Asked for by the label alone, the name the transcript now carries must not be published.
    // Six seconds of the call (both speakers): the pitch shifter is slow on a busy machine.
    const short = await call('episodes.create', {
      title: 'Texas',
      clips: [{ recordingId: id, start: 12, end: 18 }],
    })
    const output = path.join(dir, 'disguised.mp3')
    const started = await call('export.podcast', {
      source: short.id,
      output,
      channels: 1,
      disguise: [{ speaker: 'speaker_01' }],
    })
    expect((await voces.jobs.waitFor(started.jobId)).error).toBeNull()
    const base = output.replace(/\.mp3$/, '')
    const json = JSON.parse(readFileSync(`${base}.transcript.json`, 'utf8')) as {
      segments: Array<{ speaker?: string; body: string }>
    }
    const said = json.segments.map((s) => [s.speaker ?? null, s.body])
    expect(said).toContainEqual(['Diane N.', 'This is Diane in New Jersey.'])
    expect(said).toContainEqual([null, texasLine])
    expect(new Set(said.map(([speaker]) => speaker))).toEqual(new Set(['Diane N.', null]))
    for (const ext of ['srt', 'vtt', 'json']) {
      const text = readFileSync(`${base}.transcript.${ext}`, 'utf8')
      expect(text).not.toContain('Sheila Ortiz')
      expect(text).not.toContain('SPEAKER_01')
    }
  }, 180_000)

  it('lose a redacted name, in every export', async () => {
    // Published with every transcript now, a speaker's name must go where a redaction goes.
    // A name that is the redacted name alone is cleared: the label is shown again.
    await rename('SPEAKER_00', 'Ortiz', 'Ortiz Cleaning Co.')
    await call('redaction.apply', { recordingId: id, target: { word: 'ortiz' }, confirm: true })
    const { readers, raw } = await everyExport('redacted')
    expectEveryReader(readers, raw, { diane: 'SPEAKER_00', sheila: 'Sheila [redacted]' }, ['Ortiz'])
    const loaded = await call('editor.load', { recordingId: id })
    expect(loaded?.speakers.map((s) => [s.label, s.name, s.affiliation])).toEqual([
      ['SPEAKER_00', '', '[redacted] Cleaning Co.'],
      ['SPEAKER_01', 'Sheila [redacted]', ''],
    ])
  }, 120_000)

  it('keep their speakers when an exported transcript, names and all, is written back', async () => {
    await rename('SPEAKER_01', 'Sheila Ortiz')
    const repository = voces.storage.transcripts
    const speakers = () =>
      databaseOf(voces).prepare('SELECT id, label, name FROM speakers ORDER BY id').all() as Array<{
        id: number
        label: string
        name: string
      }>
    const before = speakers()
    const track = await repository.requireTrack(id, 'en')
    expect(track.segments.find((s) => s.text === texasLine)?.speaker).toBe('Sheila Ortiz')
    await repository.replaceTrack({ ...track, language: 'en', engineSettings: {}, model: null })
    // Found by the name they are shown under: no speaker labelled "Sheila Ortiz" appears.
    expect(speakers()).toEqual(before)
    const ids = databaseOf(voces)
      .prepare(
        `SELECT DISTINCT sp.label FROM segments s JOIN speakers sp ON sp.id = s.speaker_id ORDER BY 1`,
      )
      .pluck()
      .all()
    expect(ids).toEqual(['SPEAKER_00', 'SPEAKER_01'])
    expect((await repository.requireTrack(id, 'en')).segments.map((s) => s.speaker)).toEqual(
      track.segments.map((s) => s.speaker),
    )
  })
})
