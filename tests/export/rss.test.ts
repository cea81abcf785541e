import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ohmsIndexXml } from '../../src/core/archive/tracks.ts'
import { rssItem } from '../../src/core/export/rss.ts'
import type { Recording } from '../../src/shared/contract/index.ts'
import { tempDir } from '../helpers.ts'
import { xmllint } from './xmllint.ts'

let dir: string
let cleanup: () => void
beforeEach(() => ({ dir, cleanup } = tempDir()))
afterEach(() => cleanup())

/** Every C0 control character XML 1.0 cannot carry, and a lone surrogate. */
const hostile = `Huelga\u0000 del\u0001\u0007\u000B\u000C\u001B\u001F calor \uD800<&>"'`

function lint(name: string, xml: string): string {
  const file = path.join(dir, name)
  writeFileSync(file, xml)
  return xmllint(file)
}

describe('XML that independent parsers read', () => {
  it('an RSS item declares its namespaces and survives control characters in its text', () => {
    const item = rssItem({
      title: hostile,
      description: hostile,
      enclosureUrl: 'https://center.example.org/e.mp3',
      bytes: 10,
      mimeType: 'audio/mpeg',
      duration: 60,
      guid: hostile,
      chaptersUrl: 'https://center.example.org/e.chapters.json',
      transcripts: [
        {
          url: 'https://center.example.org/e.vtt',
          type: 'text/vtt',
          language: 'es',
          captions: true,
        },
      ],
    })
    expect(lint('item.xml', item)).toBe('')
    expect(item).toContain('<title>Huelga del calor &lt;&amp;&gt;&quot;&apos;</title>')
  })

  it('an OHMS index survives control characters in titles, names and transcript text', () => {
    const recording = {
      title: hostile,
      interviewDate: '2024-05-01',
      duration: 30,
      interviewees: [hostile],
      interviewer: hostile,
      languages: 'es',
      consentStatus: 'given',
      consentNote: hostile,
    } as unknown as Recording
    const xml = ohmsIndexXml(recording, [
      {
        kind: 'transcript',
        language: 'es',
        segments: [{ start: 0, end: 2, text: hostile }],
      },
    ] as never)
    expect(lint('ohms.xml', xml)).toBe('')
    expect(xml).toContain('Huelga del calor')
  })
})
