import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/main.ts'
import { dispatch } from '../../src/core/api/index.ts'
import { zip } from '../../src/core/util/zip.ts'
import { Voces } from '../../src/core/voces.ts'
import { mediaDir, tempDir } from '../helpers.ts'
import { ingestOne, recordingIdOf } from '../media/media-fixtures.ts'

/**
 * The ZIP writer and the DOCX transcript, read back by programs that are not Voces: Info-ZIP's
 * `unzip` (test and extract) and Python's XML parser for well-formedness.
 */
let dir: string
let cleanup: () => void
beforeAll(() => ({ dir, cleanup } = tempDir()))
afterAll(() => cleanup())

/** unzip reads names as wildcard patterns: brackets are escaped to mean themselves. */
const unzip = (...args: string[]) =>
  execFileSync(
    'unzip',
    args.map((a) => a.replace(/[[\]]/g, '\\$&')),
    {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  )

/** Every w:t text of a WordprocessingML part, paragraph by paragraph, by Python's parser. */
function paragraphs(xml: string): Array<{ text: string; bold: string }> {
  const script = `
import json, sys, xml.etree.ElementTree as ET
W = '{http://schemas.openxmlformats.org/wordprocessingml/2006/main}'
root = ET.fromstring(sys.stdin.buffer.read())
out = []
for p in root.iter(W + 'p'):
    text, bold = '', ''
    for r in p.iter(W + 'r'):
        t = ''.join(x.text or '' for x in r.iter(W + 't'))
        text += t
        if r.find(W + 'rPr/' + W + 'b') is not None: bold += t
    out.append({'text': text, 'bold': bold})
print(json.dumps(out))
`
  return JSON.parse(
    execFileSync('python3', ['-c', script], { input: xml, encoding: 'utf8' }),
  ) as Array<{
    text: string
    bold: string
  }>
}

const wellFormed = (xml: string) =>
  execFileSync(
    'python3',
    ['-c', 'import sys, xml.etree.ElementTree as ET; ET.fromstring(sys.stdin.buffer.read())'],
    { input: xml },
  )

describe('zip writer', () => {
  it('writes an archive unzip tests and extracts byte for byte, stored and deflated', () => {
    const noise = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + (i >> 3) * 104729) % 251)
    const text = 'Sí, se puede. '.repeat(500)
    const file = path.join(dir, 'test.zip')
    writeFileSync(
      file,
      zip([
        { name: 'a.txt', data: text },
        { name: 'carpeta/año.bin', data: noise },
        { name: 'empty', data: '' },
      ]),
    )
    expect(unzip('-t', file)).toMatch(/No errors detected/)
    // -v lists the method: deflated where it saves space, stored where it does not.
    const listing = unzip('-v', file)
    expect(listing).toMatch(/Defl:\S*\s.*a\.txt/)
    expect(listing).toMatch(/Stored.*empty/)
    expect(unzip('-p', file, 'a.txt')).toBe(text)
    const extracted = execFileSync('unzip', ['-p', file, 'carpeta/año.bin'])
    expect(Buffer.compare(extracted, Buffer.from(noise))).toBe(0)
    // A second, independent reader: Python's zipfile checks every CRC and reads the UTF-8 names.
    const names = execFileSync(
      'python3',
      [
        '-c',
        'import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nprint("\\n".join(z.namelist()))',
        file,
      ],
      { encoding: 'utf8' },
    )
    expect(names.trim().split('\n')).toEqual(['a.txt', 'carpeta/año.bin', 'empty'])
    expect(() =>
      zip([
        { name: 'a', data: '' },
        { name: 'a', data: '' },
      ]),
    ).toThrow(/twice/)
  })
})

describe('DOCX transcript', () => {
  let voces: Voces
  let id: string
  const ctx = () => ({ voces, transport: 'cli' as const })

  beforeAll(async () => {
    voces = new Voces({ libraryDir: path.join(dir, 'library') })
    id = recordingIdOf(await ingestOne(voces, path.join(mediaDir, 'en', 'jfk.wav')))
    await voces.storage.recordings.update(id, {
      title: 'Ask not — “country” & <duty>',
      interviewDate: '1961-01-20',
      interviewees: ['John Kennedy'],
      consentStatus: 'given',
    })
    const segments = [
      { start: 0.3, end: 4.2, speaker: 'JFK', text: 'And so, my fellow Americans: ask not' },
      { start: 4.2, end: 7.5, speaker: 'JFK', text: 'what your country can do for you <b>&</b>' },
      { start: 7.5, end: 10.6, speaker: null, text: 'ask what you can do\nfor your country.' },
    ].map((s) => ({ ...s, language: 'en' }))
    const imported = await dispatch(
      'transcripts.import',
      { recordingId: id, track: 'en', fileName: 'jfk.json', text: JSON.stringify({ segments }) },
      ctx(),
    )
    if (!imported.ok) throw new Error(imported.error.message)
  })
  afterAll(async () => voces.close())

  async function exportDocx(): Promise<string> {
    const result = await dispatch('transcripts.export', { recordingId: id, format: 'docx' }, ctx())
    if (!result.ok) throw new Error(result.error.message)
    const value = result.value as {
      fileName: string
      mimeType: string
      text: string
      encoding?: string
    }
    expect(value.encoding).toBe('base64')
    expect(value.fileName).toBe(`${id}.en.docx`)
    expect(value.mimeType).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    )
    const file = path.join(dir, `export-${Date.now()}.docx`)
    writeFileSync(file, Buffer.from(value.text, 'base64'))
    return file
  }

  it('is an Office Open XML package: content types, relationships, document, core properties', async () => {
    const file = await exportDocx()
    expect(unzip('-t', file)).toMatch(/No errors detected/)
    const names = unzip('-Z1', file).trim().split('\n')
    expect(names[0]).toBe('[Content_Types].xml')
    expect(names.sort()).toEqual(
      [
        '[Content_Types].xml',
        '_rels/.rels',
        'docProps/core.xml',
        'word/_rels/document.xml.rels',
        'word/document.xml',
        'word/styles.xml',
      ].sort(),
    )
    for (const name of names) wellFormed(unzip('-p', file, name))
    expect(unzip('-p', file, '[Content_Types].xml')).toContain(
      'PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"',
    )
    expect(unzip('-p', file, '_rels/.rels')).toContain('Target="word/document.xml"')
    const core = unzip('-p', file, 'docProps/core.xml')
    expect(core).toContain('<dc:title>Ask not — “country” &amp; &lt;duty&gt;</dc:title>')
    expect(core).toMatch(/<dcterms:created xsi:type="dcterms:W3CDTF">\d{4}-\d\d-\d\dT[\d:]+Z</)
  })

  it('holds the title, the facts, and each segment with its time and speaker in bold', async () => {
    const file = await exportDocx()
    const xml = unzip('-p', file, 'word/document.xml')
    const found = paragraphs(xml)
    expect(found[0]?.text).toBe('Ask not — “country” & <duty>')
    const texts = found.map((p) => p.text)
    expect(texts).toContain('Date of the interview: 1961-01-20')
    expect(texts).toContain('Length: 0:00:11')
    expect(texts).toContain('Consent: given')
    // The people's names are left out of the facts: a transcript is the file most often passed on.
    expect(xml).not.toContain('Kennedy')
    const segments = found.filter((p) => p.text.startsWith('['))
    expect(segments.map((p) => [p.bold, p.text])).toEqual([
      ['[0:00:00] JFK: ', '[0:00:00] JFK: And so, my fellow Americans: ask not'],
      ['[0:00:04] JFK: ', '[0:00:04] JFK: what your country can do for you <b>&</b>'],
      ['[0:00:07] ', '[0:00:07] ask what you can dofor your country.'],
    ])
    // The line break inside the last segment is a Word line break, not lost text.
    expect(xml).toContain(
      'ask what you can do</w:t><w:br/><w:t xml:space="preserve">for your country.',
    )
  })

  it('is written by the CLI with --format docx -o, atomically, and refused on a terminal', async () => {
    const sink = () => {
      let text = ''
      const stream = Object.assign(
        new Writable({ write: (chunk, _e, done) => ((text += String(chunk)), done()) }),
        { isTTY: true },
      )
      return { stream, text: () => text }
    }
    await voces.close()
    const library = path.join(dir, 'library')
    const output = path.join(dir, 'cli.docx')
    const err = sink()
    const code = await runCli(
      ['--library', library, 'transcript', id, '--format', 'docx', '-o', output],
      { stdout: sink().stream, stderr: err.stream },
    )
    expect(code).toBe(0)
    expect(unzip('-t', output)).toMatch(/No errors detected/)
    expect(readdirSync(dir).filter((f) => f.includes('.partial'))).toEqual([])
    const tty = sink()
    const refused = await runCli(['--library', library, 'transcript', id, '--format', 'docx'], {
      stdout: tty.stream,
      stderr: err.stream,
    })
    expect(refused).toBe(2)
    expect(tty.text()).toBe('')
    expect(readFileSync(output).subarray(0, 2).toString()).toBe('PK')
    voces = new Voces({ libraryDir: library })
  })
})
