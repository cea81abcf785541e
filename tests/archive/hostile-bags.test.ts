// Bags made or changed by someone else, through the real CLI on real files: an import brings all
// a bag says or nothing, and never loosens consent (decision 0087); links, FIFOs and devices are
// refused without being followed or read (0088); tag manifests, SHA-512-only manifests and folded
// bag-info lines are read as RFC 8493 and bagit-python have them (0089).
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  appendFileSync,
  constants,
  cpSync,
  lstatSync,
  openSync,
  closeSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/main.ts'
import { Voces } from '../../src/core/voces.ts'
import { captureIo, mediaDir, tempDir } from '../helpers.ts'
import { ingestOne, recordingIdOf } from '../media/media-fixtures.ts'

let dir: string
let cleanup: () => void
/** A bag exported by Voces from a recording with consent given and an English transcript. */
let base: string
let count = 0
const fifos: string[] = []

async function cli(args: string[]) {
  const c = captureIo()
  const code = await runCli([...args, '--json'], c.io)
  return { code, json: JSON.parse(c.out() || 'null') as Record<string, unknown> | null }
}
const errorOf = (result: { json: Record<string, unknown> | null }) =>
  result.json?.error as { code: string; message: string; params?: Record<string, string> }

/** A fresh copy of the exported bag, and a fresh empty library to import it into. */
function copyBag() {
  const name = `case-${++count}`
  const bag = path.join(dir, name, 'bag')
  cpSync(base, bag, { recursive: true })
  return { bag, library: path.join(dir, name, 'library') }
}

const sha = (alg: string, bytes: Buffer | string) => createHash(alg).update(bytes).digest('hex')

/** A file's bytes as a naive bagger reads them: links followed, anything not a file read as empty. */
function bytesOf(file: string): Buffer {
  return statSync(file).isFile() ? readFileSync(file) : Buffer.alloc(0)
}

function listData(bag: string, rel = 'data'): string[] {
  return readdirSync(path.join(bag, rel))
    .sort()
    .flatMap((name) => {
      const child = `${rel}/${name}`
      const stat = lstatSync(path.join(bag, child))
      return stat.isDirectory() ? listData(bag, child) : [child]
    })
}

/**
 * Writes the manifests again for what data/ holds now, as bagit-python's `make_bag`/`save` does:
 * `manifest-ALG.txt` ("DIGEST  PATH"), Payload-Oxum in bag-info.txt, then `tagmanifest-ALG.txt`
 * ("DIGEST PATH", one space) over bagit.txt, bag-info.txt and the manifests.
 */
function rebag(bag: string, algorithms = ['sha256'], info?: string, keepOxum = false) {
  for (const name of readdirSync(bag))
    if (/^(tag)?manifest-/.test(name)) rmSync(path.join(bag, name))
  const files = listData(bag)
  const bytes = files.reduce((sum, f) => sum + bytesOf(path.join(bag, f)).length, 0)
  const oxum = `Payload-Oxum: ${bytes}.${files.length}`
  const bagInfo = info ?? readFileSync(path.join(bag, 'bag-info.txt'), 'utf8')
  writeFileSync(
    path.join(bag, 'bag-info.txt'),
    keepOxum ? bagInfo : bagInfo.replace(/^Payload-Oxum: .*$/m, oxum),
  )
  for (const alg of algorithms)
    writeFileSync(
      path.join(bag, `manifest-${alg}.txt`),
      files.map((f) => `${sha(alg, bytesOf(path.join(bag, f)))}  ${f}\n`).join(''),
    )
  retag(bag, algorithms)
}

/** The tag manifests again, over bagit.txt, bag-info.txt and the manifests as they are now. */
function retag(bag: string, algorithms: string[]) {
  const tags = ['bag-info.txt', 'bagit.txt', ...algorithms.map((alg) => `manifest-${alg}.txt`)]
  for (const alg of algorithms)
    writeFileSync(
      path.join(bag, `tagmanifest-${alg}.txt`),
      tags.map((f) => `${sha(alg, bytesOf(path.join(bag, f)))} ${f}\n`).join(''),
    )
}

/** What the library holds after a refused import: no recording, no files, no rows. */
async function expectEmpty(library: string) {
  expect((await cli(['--library', library, 'list'])).json).toEqual([])
  expect(readdirSync(path.join(library, 'media'))).toEqual([])
  const db = new Database(path.join(library, 'voces.sqlite'), { readonly: true })
  try {
    for (const table of ['recordings', 'tracks', 'segments', 'speakers', 'jobs'])
      expect(db.prepare(`SELECT count(*) FROM ${table}`).pluck().get(), table).toBe(0)
  } finally {
    db.close()
  }
}

beforeAll(async () => {
  ;({ dir, cleanup } = tempDir())
  const source = path.join(dir, 'source library')
  const voces = new Voces({ libraryDir: source })
  let id: string
  try {
    id = recordingIdOf(await ingestOne(voces, path.join(mediaDir, 'en', 'jfk.wav')))
    await voces.storage.recordings.update(id, {
      title: 'Inaugural',
      interviewees: ['John F. Kennedy'],
      consentStatus: 'given',
      consentNote: 'Signed release on file',
    })
  } finally {
    await voces.close()
  }
  const transcript = path.join(dir, 'en.json')
  writeFileSync(
    transcript,
    JSON.stringify({
      language: 'en',
      segments: [{ start: 0.3, end: 4.2, speaker: 'S1', text: 'And so my fellow Americans' }],
    }),
  )
  expect((await cli(['--library', source, 'transcript', 'import', id, transcript])).code).toBe(0)
  base = path.join(dir, 'exported bag')
  expect((await cli(['--library', source, 'export', 'bag', id, '-o', base])).code).toBe(0)
})
afterEach(() => {
  // A regression that reads a FIFO blocks on it; a writer opening it lets that read end.
  for (const fifo of fifos.splice(0))
    try {
      closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK))
    } catch {
      // No reader was waiting.
    }
})
afterAll(() => cleanup())

describe('a bag import brings everything it says, or nothing', () => {
  it('refuses a withdrawn bag with a field over its limit, naming the field, and keeps nothing', async () => {
    const { bag, library } = copyBag()
    const file = path.join(bag, 'data', 'metadata.json')
    const metadata = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
    writeFileSync(
      file,
      JSON.stringify({ ...metadata, consentStatus: 'withdrawn', consentNote: 'x'.repeat(5001) }),
    )
    rebag(bag)
    expect((await cli(['bag', 'validate', bag])).code).toBe(0)
    const result = await cli(['--library', library, 'bag', 'import', bag])
    expect(result.code).toBe(1)
    expect(errorOf(result)).toMatchObject({
      code: 'BAG_METADATA_INVALID',
      params: { file: 'data/metadata.json', field: 'consentNote' },
    })
    expect(errorOf(result).message).toMatch(/"consentNote".*Nothing was imported/)
    await expectEmpty(library)
  })

  it('refuses metadata that is not JSON and leaves no recording behind', async () => {
    const { bag, library } = copyBag()
    writeFileSync(path.join(bag, 'data', 'metadata.json'), '{"title": "Inaugural",')
    rebag(bag)
    const result = await cli(['--library', library, 'bag', 'import', bag])
    expect(result.code).toBe(1)
    expect(errorOf(result)).toMatchObject({
      code: 'BAG_INVALID',
      params: { file: 'data/metadata.json' },
    })
    expect(errorOf(result).message).toMatch(/not valid JSON/)
    await expectEmpty(library)
  })

  it('refuses a transcript it cannot import instead of dropping it', async () => {
    const { bag, library } = copyBag()
    writeFileSync(path.join(bag, 'data', 'transcripts', 'en.json'), '{"segments": [')
    rebag(bag)
    const result = await cli(['--library', library, 'bag', 'import', bag])
    expect(result.code).toBe(1)
    expect(errorOf(result)).toMatchObject({
      code: 'TRANSCRIPT_MALFORMED',
      params: { file: 'data/transcripts/en.json' },
    })
    await expectEmpty(library)
  })

  it('takes consent withdrawn in bag-info.txt (folded, re-bagged) over metadata.json, and export refuses it', async () => {
    const { bag, library } = copyBag()
    const info = readFileSync(path.join(bag, 'bag-info.txt'), 'utf8')
      .replace('Voces-Consent-Status: given', 'Voces-Consent-Status:\n  withdrawn')
      .replace(
        'Voces-Consent-Note: Signed release on file',
        'Voces-Consent-Note: Withdrawn by phone\n  on 2026-11-30',
      )
    rebag(bag, ['sha256'], info)
    const validated = await cli(['bag', 'validate', bag])
    expect(validated.code).toBe(0)
    expect(validated.json?.info).toMatchObject({
      'Voces-Consent-Status': 'withdrawn',
      'Voces-Consent-Note': 'Withdrawn by phone  on 2026-11-30',
    })
    const imported = await cli(['--library', library, 'bag', 'import', bag])
    expect(imported.code).toBe(0)
    const id = imported.json?.recordingId as string
    expect((await cli(['--library', library, 'show', id])).json).toMatchObject({
      title: 'Inaugural',
      consentStatus: 'withdrawn',
      consentNote: 'Withdrawn by phone  on 2026-11-30',
    })
    const out = path.join(dir, 'withdrawn export')
    const exported = await cli([
      '--library',
      library,
      'export',
      'bag',
      id,
      '-o',
      out,
      '--reason',
      'Audit',
    ])
    expect(exported.code).toBe(1)
    expect(JSON.stringify(exported.json)).toContain('CONSENT_WITHDRAWN')
  })

  it('a consent status in bag-info.txt that Voces does not know fails the import, naming it', async () => {
    const { bag, library } = copyBag()
    const info = readFileSync(path.join(bag, 'bag-info.txt'), 'utf8').replace(
      'Voces-Consent-Status: given',
      'Voces-Consent-Status: revoked',
    )
    rebag(bag, ['sha256'], info)
    const result = await cli(['--library', library, 'bag', 'import', bag])
    expect(errorOf(result)).toMatchObject({
      code: 'BAG_METADATA_INVALID',
      params: { file: 'bag-info.txt', field: 'Voces-Consent-Status' },
    })
    await expectEmpty(library)
  })

  it('leaves out a track exported empty, and brings the rest', async () => {
    const { bag, library } = copyBag()
    writeFileSync(
      path.join(bag, 'data', 'transcripts', 'es.json'),
      JSON.stringify({ track: 'es', language: 'es', kind: 'translation', segments: [] }),
    )
    writeFileSync(path.join(bag, 'data', 'transcripts', 'es.txt'), '\n')
    rebag(bag)
    const imported = await cli(['--library', library, 'bag', 'import', bag])
    expect(imported).toMatchObject({ code: 0, json: { tracks: 1 } })
    const db = new Database(path.join(library, 'voces.sqlite'), { readonly: true })
    try {
      expect(db.prepare('SELECT language, kind FROM tracks').all()).toEqual([
        { language: 'en', kind: 'transcript' },
      ])
    } finally {
      db.close()
    }
  })

  it('removes the recording, its files and its rows when writing fails after the ingest', async () => {
    const { bag, library } = copyBag()
    // A real SQLite failure once the media is in: this library refuses every transcript track.
    await new Voces({ libraryDir: library, startJobs: false }).close()
    const db = new Database(path.join(library, 'voces.sqlite'))
    db.exec(
      "CREATE TRIGGER no_tracks BEFORE INSERT ON tracks BEGIN SELECT RAISE(ABORT, 'no room'); END",
    )
    db.close()
    const result = await cli(['--library', library, 'bag', 'import', bag])
    expect(result.code).toBe(1)
    expect(errorOf(result).code).toBe('BAG_IMPORT_FAILED')
    await expectEmpty(library)
  })
})

describe('a bag that reaches outside itself', () => {
  it('refuses payload files and tag files that are symbolic links, even with the right checksum', async () => {
    const outside = path.join(dir, 'outside.wav')
    cpSync(path.join(mediaDir, 'en', 'jfk.wav'), outside)
    const cases: Array<[string, (bag: string) => void]> = [
      [
        'data/media/jfk.wav',
        (bag) => {
          rmSync(path.join(bag, 'data', 'media', 'jfk.wav'))
          symlinkSync(outside, path.join(bag, 'data', 'media', 'jfk.wav'))
        },
      ],
      [
        'data/passwd.txt',
        (bag) => symlinkSync('/etc/passwd', path.join(bag, 'data', 'passwd.txt')),
      ],
      [
        'data/transcripts',
        (bag) => {
          const away = path.join(dir, `transcripts-${count}`)
          cpSync(path.join(bag, 'data', 'transcripts'), away, { recursive: true })
          rmSync(path.join(bag, 'data', 'transcripts'), { recursive: true })
          symlinkSync(away, path.join(bag, 'data', 'transcripts'))
        },
      ],
    ]
    for (const [file, make] of cases) {
      const { bag, library } = copyBag()
      make(bag)
      rebag(bag)
      const validated = await cli(['bag', 'validate', bag])
      expect(validated.code, file).toBe(1)
      expect(validated.json?.problems).toContainEqual({
        file,
        problem: expect.stringMatching(/^is a symbolic link/) as unknown,
      })
      const imported = await cli(['--library', library, 'bag', 'import', bag])
      expect(errorOf(imported), file).toMatchObject({ code: 'BAG_UNSAFE_FILE', params: { file } })
      await expectEmpty(library)
    }
    // bag-info.txt itself a link to a file elsewhere, listed in the tag manifest with its checksum.
    const { bag } = copyBag()
    const info = path.join(dir, 'bag-info elsewhere.txt')
    cpSync(path.join(bag, 'bag-info.txt'), info)
    rmSync(path.join(bag, 'bag-info.txt'))
    symlinkSync(info, path.join(bag, 'bag-info.txt'))
    rebag(bag)
    const validated = await cli(['bag', 'validate', bag])
    expect(validated.json?.problems).toContainEqual({
      file: 'bag-info.txt',
      problem: expect.stringMatching(/^is a symbolic link/) as unknown,
    })
  })

  it('refuses a FIFO in data/ without waiting on it', { timeout: 20_000 }, async () => {
    const { bag, library } = copyBag()
    const fifo = path.join(bag, 'data', 'media', 'more.wav')
    execFileSync('mkfifo', [fifo])
    fifos.push(fifo)
    rebag(bag)
    const validated = await cli(['bag', 'validate', bag])
    expect(validated.code).toBe(1)
    expect(validated.json?.problems).toContainEqual({
      file: 'data/media/more.wav',
      problem: expect.stringMatching(/^is a named pipe \(FIFO\)/) as unknown,
    })
    const imported = await cli(['--library', library, 'bag', 'import', bag])
    expect(errorOf(imported)).toMatchObject({
      code: 'BAG_UNSAFE_FILE',
      params: { file: 'data/media/more.wav' },
    })
    await expectEmpty(library)
  })

  it('refuses a link to /dev/zero without reading it', { timeout: 20_000 }, async () => {
    const { bag, library } = copyBag()
    symlinkSync('/dev/zero', path.join(bag, 'data', 'zero.bin'))
    rebag(bag)
    const validated = await cli(['bag', 'validate', bag])
    expect(validated.code).toBe(1)
    expect(validated.json?.problems).toContainEqual({
      file: 'data/zero.bin',
      problem: expect.stringMatching(/^is a symbolic link/) as unknown,
    })
    expect(errorOf(await cli(['--library', library, 'bag', 'import', bag])).code).toBe(
      'BAG_UNSAFE_FILE',
    )
  })

  it('reads no more of the payload than Payload-Oxum says it holds', async () => {
    const { bag } = copyBag()
    // The media grows by a mebibyte and its checksums are made again, but not Payload-Oxum.
    appendFileSync(path.join(bag, 'data', 'media', 'jfk.wav'), Buffer.alloc(1 << 20))
    rebag(bag, ['sha256'], undefined, true)
    const validated = await cli(['bag', 'validate', bag])
    expect(validated.code).toBe(1)
    expect(validated.json?.problems).toEqual(
      expect.arrayContaining([
        {
          file: 'data/media/jfk.wav',
          problem: 'not read: it would pass the size Payload-Oxum gives',
        },
        expect.objectContaining({ file: 'bag-info.txt' }),
      ]),
    )
  })
})

describe('tag manifests, SHA-512 and folded lines, as bagit-python makes them', () => {
  it('catches a bag-info.txt edited after bagging, through the tag manifest', async () => {
    const { bag, library } = copyBag()
    const file = path.join(bag, 'bag-info.txt')
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(
        'External-Description: Inaugural',
        'External-Description: Edited',
      ),
    )
    const validated = await cli(['bag', 'validate', bag])
    expect(validated.code).toBe(1)
    expect(validated.json?.problems).toEqual([
      { file: 'bag-info.txt', problem: 'checksum does not match: the file changed' },
    ])
    const imported = await cli(['--library', library, 'bag', 'import', bag])
    expect(errorOf(imported)).toMatchObject({
      code: 'BAG_INVALID',
      params: { file: 'bag-info.txt' },
    })
    await expectEmpty(library)
    // A tag manifest that names a tag file which is not there.
    appendFileSync(path.join(bag, 'tagmanifest-sha256.txt'), `${'0'.repeat(64)} profile.json\n`)
    expect((await cli(['bag', 'validate', bag])).json?.problems).toContainEqual({
      file: 'profile.json',
      problem: 'listed in tagmanifest-sha256.txt but missing',
    })
  })

  it('validates and imports a bag whose only manifests are SHA-512, with folded bag-info lines', async () => {
    const { bag, library } = copyBag()
    const fields = readFileSync(path.join(bag, 'bag-info.txt'), 'utf8')
      .trim()
      .split('\n')
      .filter((line) => !line.startsWith('Bag-Software-Agent'))
    fields.push(
      'Bag-Software-Agent: bagit.py v1.8.1 <https://github.com/LibraryOfCongress/bagit-python>',
    )
    fields.push('Internal-Sender-Description: An inaugural address, kept with its\n   transcript')
    rebag(bag, ['sha512'], fields.sort().join('\n') + '\n')
    expect(readdirSync(bag).sort()).toEqual([
      'bag-info.txt',
      'bagit.txt',
      'data',
      'manifest-sha512.txt',
      'tagmanifest-sha512.txt',
    ])
    const validated = await cli(['bag', 'validate', bag])
    expect(validated).toMatchObject({ code: 0, json: { valid: true, problems: [] } })
    expect(validated.json?.info).toMatchObject({
      'Internal-Sender-Description': 'An inaugural address, kept with its   transcript',
    })
    const imported = await cli(['--library', library, 'bag', 'import', bag])
    expect(imported).toMatchObject({ code: 0, json: { tracks: 1 } })
    expect(
      (await cli(['--library', library, 'show', imported.json?.recordingId as string])).json,
    ).toMatchObject({ title: 'Inaugural', consentStatus: 'given' })
    // The SHA-512 digests are checked: one changed byte is found.
    const text = path.join(bag, 'data', 'transcripts', 'en.txt')
    writeFileSync(text, readFileSync(text, 'utf8').replace('And', 'and'))
    expect((await cli(['bag', 'validate', bag])).json?.problems).toEqual([
      { file: 'data/transcripts/en.txt', problem: 'checksum does not match: the file changed' },
    ])
  })

  it('checks every manifest of a bag with SHA-256 and SHA-512, as bagit-python writes by default', async () => {
    const { bag } = copyBag()
    rebag(bag, ['sha256', 'sha512'])
    expect((await cli(['bag', 'validate', bag])).code).toBe(0)
    // The file changes and only its SHA-256 line is made again (the tag manifests too).
    const file = path.join(bag, 'data', 'index.ohms.xml')
    writeFileSync(file, readFileSync(file, 'utf8').replace('Inaugural', 'INAUGURAL'))
    const manifest = path.join(bag, 'manifest-sha256.txt')
    writeFileSync(
      manifest,
      readFileSync(manifest, 'utf8').replace(
        /^[0-9a-f]{64} {2}data\/index\.ohms\.xml$/m,
        `${sha('sha256', readFileSync(file))}  data/index.ohms.xml`,
      ),
    )
    retag(bag, ['sha256', 'sha512'])
    expect((await cli(['bag', 'validate', bag])).json?.problems).toEqual([
      { file: 'data/index.ohms.xml', problem: 'checksum does not match: the file changed' },
    ])
  })

  it('matches a name written in another Unicode form, as bagit-python does', async () => {
    const { bag } = copyBag()
    // On disk decomposed (as macOS stores it), in the manifest precomposed.
    writeFileSync(path.join(bag, 'data', 'Mari\u0301a.txt'), 'Entrevista\n')
    rebag(bag)
    const manifest = path.join(bag, 'manifest-sha256.txt')
    writeFileSync(manifest, readFileSync(manifest, 'utf8').normalize('NFC'))
    retag(bag, ['sha256'])
    expect(readFileSync(manifest, 'utf8')).toContain('data/Mar\u00eda.txt')
    expect(await cli(['bag', 'validate', bag])).toMatchObject({ code: 0, json: { valid: true } })
    writeFileSync(path.join(bag, 'data', 'Mari\u0301a.txt'), 'Entrevistb\n')
    expect((await cli(['bag', 'validate', bag])).json?.problems).toEqual([
      { file: 'data/Mari\u0301a.txt', problem: 'checksum does not match: the file changed' },
    ])
  })
})
