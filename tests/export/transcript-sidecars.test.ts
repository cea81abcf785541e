import { speakerKey } from '../../src/core/redaction/disguise.ts'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { rssItem } from '../../src/core/export/rss.ts'
import { mainLanguage, writeTranscriptSidecars } from '../../src/core/export/transcript-sidecars.ts'
import { parseSrt } from '../../src/core/subtitles/srt.ts'
import { parseVtt } from '../../src/core/subtitles/vtt.ts'
import type { Segment } from '../../src/shared/contract/index.ts'
import { tempDir } from '../helpers.ts'

const segment = (
  start: number,
  end: number,
  text: string,
  speaker: string | null,
  language: 'en' | 'es' = 'en',
): Segment => ({ start, end, text, speaker, language, words: [] })

describe('transcript sidecars', () => {
  const segments = [
    segment(1, 3.5, 'We stopped the line.', 'Ana'),
    segment(4, 7, 'Paramos la línea & salimos <juntos>.', 'Rosa', 'es'),
    segment(7.5, 9.9, 'And they listened.', 'Ana'),
    segment(10, 10.5, '   ', null),
  ]

  it('writes SubRip, WebVTT and Podcasting 2.0 JSON that read back, with speakers and times', async () => {
    const { dir, cleanup } = tempDir()
    try {
      const base = path.join(dir, 'episode 3')
      const written = await writeTranscriptSidecars(
        base,
        segments,
        9.95,
        // Rosa's voice is disguised: asked for as 'ROSA', her name is not published either.
        new Set([speakerKey('ROSA')]),
      )
      expect(written.map((w) => [path.basename(w.file), w.type, w.language, w.captions])).toEqual([
        ['episode 3.transcript.srt', 'application/x-subrip', 'en', true],
        ['episode 3.transcript.vtt', 'text/vtt', 'en', true],
        ['episode 3.transcript.json', 'application/json', 'en', false],
      ])
      const json = JSON.parse(readFileSync(`${base}.transcript.json`, 'utf8')) as unknown
      // Rosa's voice is disguised in this export: her name is not published either.
      expect(json).toEqual({
        version: '1.0.0',
        segments: [
          { speaker: 'Ana', startTime: 1, endTime: 3.5, body: 'We stopped the line.' },
          { startTime: 4, endTime: 7, body: 'Paramos la línea & salimos <juntos>.' },
          { speaker: 'Ana', startTime: 7.5, endTime: 9.9, body: 'And they listened.' },
        ],
      })
      const vtt = parseVtt(readFileSync(`${base}.transcript.vtt`, 'utf8'))
      expect(vtt.map((c) => c.speaker)).toEqual(['Ana', null, 'Ana'])
      expect(vtt[1]?.text).toBe('Paramos la línea & salimos <juntos>.')
      const srt = parseSrt(readFileSync(`${base}.transcript.srt`, 'utf8'))
      expect(srt.map((c) => c.text.replace(/\n/g, ' '))).toEqual([
        'We stopped the line.',
        'Paramos la línea & salimos <juntos>.',
        'And they listened.',
      ])
      // A cue may stay up after speech for reading, but never past the end of the audio.
      expect(srt.at(-1)?.end).toBeLessThanOrEqual(9.95)
      expect(srt[0]?.start).toBe(1)
    } finally {
      cleanup()
    }
  })

  it('writes nothing without a transcript, and names the language spoken longest', async () => {
    const { dir, cleanup } = tempDir()
    try {
      expect(await writeTranscriptSidecars(path.join(dir, 'x'), [], 10)).toEqual([])
      expect(mainLanguage([segment(0, 2, 'a', null), segment(2, 5, 'b', null, 'es')])).toBe('es')
    } finally {
      cleanup()
    }
  })

  it('lists each transcript in the RSS item beside the chapters', () => {
    const item = rssItem({
      title: 'Episode <3>',
      description: '',
      enclosureUrl: 'e.mp3',
      bytes: 10,
      mimeType: 'audio/mpeg',
      duration: 60,
      guid: 'g',
      chaptersUrl: 'e.chapters.json',
      transcripts: [
        { url: 'e.transcript.json', type: 'application/json', language: 'es' },
        { url: 'e "1".transcript.vtt', type: 'text/vtt', language: 'es', captions: true },
      ],
    })
    expect(item).toContain(
      '<podcast:chapters url="e.chapters.json" type="application/json+chapters"/>',
    )
    expect(item).toContain(
      '<podcast:transcript url="e.transcript.json" type="application/json" language="es"/>',
    )
    expect(item).toContain(
      '<podcast:transcript url="e &quot;1&quot;.transcript.vtt" type="text/vtt" language="es" rel="captions"/>',
    )
  })
})
