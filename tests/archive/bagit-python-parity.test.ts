// Bags that the Library of Congress validator, bagit-python, calls valid or invalid, written here
// byte for byte (the project cannot carry or install it): each case is one where `voces bag
// validate` gave the other verdict when both were run on the same folders (decision 0115).
import { createHash } from 'node:crypto'
import {
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/main.ts'
import { validateBag } from '../../src/core/archive/bagit.ts'
import { Voces } from '../../src/core/voces.ts'
import { captureIo, mediaDir, tempDir } from '../helpers.ts'
import { ingestOne, recordingIdOf } from '../media/media-fixtures.ts'

let dir: string
let cleanup: () => void
let count = 0
beforeAll(() => ({ dir, cleanup } = tempDir()))
afterAll(() => cleanup())

const sha = (alg: string, bytes: Buffer | string) => createHash(alg).update(bytes).digest('hex')

interface BagOptions {
  /** Payload files under data/, by path below data/. */
  payload?: Record<string, string | Buffer>
  /** The manifest algorithm, as bags name it, and Node's name for it. */
  alg?: [string, string]
  /** One manifest line from a digest and the path as it is on disk. */
  line?: (digest: string, file: string) => string
  bagit?: string
  info?: string
  /** The bag-info file's name and how its text is written. */
  infoFile?: string
  encoding?: BufferEncoding
  extra?: Record<string, string>
}

/** A bag as bagit-python's make_bag writes it, but with each part open to change. */
function makeBag(options: BagOptions = {}): string {
  const bag = path.join(dir, `bag-${++count}`)
  const payload = options.payload ?? { 'recording.txt': 'Las arenas son blanquecinas\n' }
  const [alg, node] = options.alg ?? ['sha256', 'sha256']
  const line = options.line ?? ((digest: string, file: string) => `${digest}  ${file}\n`)
  let manifest = ''
  let bytes = 0
  for (const [name, content] of Object.entries(payload)) {
    const file = path.join(bag, 'data', ...name.split('/'))
    mkdirSync(path.dirname(file), { recursive: true })
    writeFileSync(file, content)
    bytes += Buffer.byteLength(content)
    manifest += line(sha(node, content), `data/${name}`)
  }
  const encoding = options.encoding ?? 'utf8'
  writeFileSync(
    path.join(bag, 'bagit.txt'),
    options.bagit ?? 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n',
  )
  const info =
    options.info ??
    `Bag-Software-Agent: bagit.py v1.9.0\nBagging-Date: 2026-12-07\nPayload-Oxum: ${bytes}.${Object.keys(payload).length}\n`
  writeFileSync(path.join(bag, options.infoFile ?? 'bag-info.txt'), Buffer.from(info, encoding))
  writeFileSync(path.join(bag, `manifest-${alg}.txt`), Buffer.from(manifest, encoding))
  for (const [name, text] of Object.entries(options.extra ?? {}))
    writeFileSync(path.join(bag, name), text)
  const tags = readdirSync(bag).filter((n) => n !== 'data' && !n.startsWith('tagmanifest-'))
  writeFileSync(
    path.join(bag, `tagmanifest-${alg}.txt`),
    tags.map((n) => `${sha(node, readFileSync(path.join(bag, n)))} ${n}\n`).join(''),
  )
  return bag
}

/** Flips one byte of a payload file, as a disk error or an edit would. */
function damage(bag: string, file: string) {
  const at = path.join(bag, ...file.split('/'))
  const bytes = readFileSync(at)
  bytes[0] = (bytes[0] ?? 0) ^ 1
  writeFileSync(at, bytes)
}

const problemsOf = async (bag: string) => (await validateBag(bag)).problems

describe('manifests as other tools write them', () => {
  it('reads "*" before a name (sha256sum -b), "#" comments, spaces around a line, "./data/" and "data//", and still catches a changed byte', async () => {
    const forms = [
      (d: string, f: string) => `${d} *${f}\n`,
      (d: string, f: string) => `# made with sha256sum\n${d}  ${f}\n`,
      (d: string, f: string) => `  ${d}  ${f} \t\n`,
      (d: string, f: string) => `${d}  ./${f}\n`,
      (d: string, f: string) => `${d}  ${f.replace('data/', 'data//')}\n`,
    ]
    for (const line of forms) {
      const bag = makeBag({ line, payload: { 'media/a.txt': 'uno\n', 'b.txt': 'dos\n' } })
      expect(await problemsOf(bag), line('D', 'data/x')).toEqual([])
      damage(bag, 'data/media/a.txt')
      expect(await problemsOf(bag), line('D', 'data/x')).toEqual([
        { file: 'data/media/a.txt', problem: 'checksum does not match: the file changed' },
      ])
    }
  })

  it('finds a manifest whose algorithm has an underscore in its name (manifest-sha3_256.txt)', async () => {
    const bag = makeBag({ alg: ['sha3_256', 'sha3-256'] })
    expect(await problemsOf(bag)).toEqual([])
    damage(bag, 'data/recording.txt')
    expect(await problemsOf(bag)).toEqual([
      { file: 'data/recording.txt', problem: 'checksum does not match: the file changed' },
    ])
  })

  it('finds a name holding "%25" as bagit-python writes it (undecoded), and "%" written as RFC 8493 says', async () => {
    const literal = makeBag({ payload: { '100%25 raise.txt': 'x' } })
    expect(await problemsOf(literal)).toEqual([])
    const rfc = makeBag({
      payload: { '100% raise.txt': 'x' },
      line: (d, f) => `${d}  ${f.replace(/%/g, '%25')}\n`,
    })
    expect(await problemsOf(rfc)).toEqual([])
  })

  it('names a file still missing by the path bagit-python reads, not the "*" or the spaces', async () => {
    const bag = makeBag({ line: (d, f) => `${d} *${f}  \n` })
    renameSync(path.join(bag, 'data', 'recording.txt'), path.join(bag, 'data', 'moved.txt'))
    const problems = await problemsOf(bag)
    expect(problems).toContainEqual({
      file: 'data/recording.txt',
      problem: 'listed in the manifest but missing',
    })
    expect(problems).toContainEqual({
      file: 'data/moved.txt',
      problem: 'in data/ but not in the manifest',
    })
  })
})

describe('bagit.txt and the other tag files', () => {
  it('reads BagIt-Version 1 and 0.95 (whose bag-info file is package-info.txt), and refuses 2.0', async () => {
    const one = makeBag({ bagit: 'BagIt-Version: 1\nTag-File-Character-Encoding: UTF-8\n' })
    expect(await problemsOf(one)).toEqual([])
    const old = makeBag({
      bagit: 'BagIt-Version: 0.95\nTag-File-Character-Encoding: UTF-8\n',
      infoFile: 'package-info.txt',
      info: 'Payload-Oxum: 1.1\n',
    })
    // package-info.txt is read: its Payload-Oxum is compared.
    expect(await problemsOf(old)).toContainEqual({
      file: 'package-info.txt',
      problem: 'Payload-Oxum 1.1 does not match 28.1',
    })
    const next = makeBag({ bagit: 'BagIt-Version: 2.0\nTag-File-Character-Encoding: UTF-8\n' })
    expect(await problemsOf(next)).toEqual([
      {
        file: 'bagit.txt',
        problem: 'declares BagIt-Version 2.0; Voces reads versions 0.93 to 1.x',
      },
    ])
  })

  it('reads tag files in the encoding bagit.txt declares (ISO-8859-1), and refuses one it does not know', async () => {
    const latin = makeBag({
      bagit: 'BagIt-Version: 1.0\nTag-File-Character-Encoding: ISO-8859-1\n',
      info: 'Contact-Name: María Peña\nPayload-Oxum: 1.1\n',
      payload: { 'x.txt': 'x' },
      encoding: 'latin1',
    })
    expect(await validateBag(latin)).toMatchObject({
      valid: true,
      info: { 'Contact-Name': 'María Peña' },
    })
    const unknown = makeBag({
      bagit: 'BagIt-Version: 1.0\nTag-File-Character-Encoding: no-such-codec\n',
    })
    expect(await problemsOf(unknown)).toEqual([
      { file: 'bagit.txt', problem: 'declares no-such-codec, an encoding Voces cannot read' },
    ])
  })

  it('checks fetch.txt as bagit-python does: a URL with a host, a path inside the bag', async () => {
    const good = makeBag({
      extra: { 'fetch.txt': 'https://example.org/r.txt 28 data/recording.txt\n' },
    })
    expect(await problemsOf(good)).toEqual([])
    const noUrl = makeBag({ extra: { 'fetch.txt': 'notaurl 28 data/recording.txt\n' } })
    expect(await problemsOf(noUrl)).toEqual([
      { file: 'fetch.txt', problem: 'line 1: "notaurl" is not a URL' },
    ])
    const out = makeBag({ extra: { 'fetch.txt': 'https://example.org/x 5 ../outside.txt\n' } })
    expect(await problemsOf(out)).toEqual([
      { file: 'fetch.txt', problem: 'line 1 names a path outside the bag' },
    ])
  })
})

describe('bags Voces makes and takes', () => {
  it('names the media of "50% raise.wav" in its bag as it is on disk, so bagit-python finds it', async () => {
    const odd = path.join(dir, 'odd')
    mkdirSync(odd)
    copyFileSync(path.join(mediaDir, 'en', 'jfk.wav'), path.join(odd, '50% raise %41.wav'))
    const library = path.join(dir, 'library')
    const voces = new Voces({ libraryDir: library })
    let id: string
    try {
      id = recordingIdOf(await ingestOne(voces, path.join(odd, '50% raise %41.wav')))
      await voces.storage.recordings.update(id, { consentStatus: 'given' })
    } finally {
      await voces.close()
    }
    const out = path.join(dir, 'exported')
    const io = captureIo()
    expect(await runCli(['--library', library, 'export', 'bag', id, '-o', out], io.io)).toBe(0)
    const onDisk = readdirSync(path.join(out, 'data', 'media'))
    const listed = readFileSync(path.join(out, 'manifest-sha256.txt'), 'utf8')
      .split('\n')
      .filter((l) => l.includes('data/media/'))
      .map((l) => l.split('  ')[1])
    // bagit-python takes a manifest path as written (it decodes only %0D and %0A).
    expect(listed).toEqual(onDisk.map((name) => `data/media/${name}`))
    expect(onDisk).toEqual(['50_ raise _41.wav'])
    expect(await problemsOf(out)).toEqual([])
    const metadata = JSON.parse(readFileSync(path.join(out, 'data', 'metadata.json'), 'utf8'))
    expect(path.basename(metadata.path as string)).toBe('50% raise %41.wav')
  })

  it('says a valid bag from another tool is intact but not a Voces bag, instead of "altered"', async () => {
    const bag = makeBag({
      payload: { 'leopard_es.wav': readFileSync(path.join(mediaDir, 'es', 'leopard_es.wav')) },
    })
    expect(await problemsOf(bag)).toEqual([])
    const io = captureIo()
    const library = path.join(dir, 'other library')
    expect(await runCli(['--library', library, 'bag', 'import', bag, '--json'], io.io)).toBe(1)
    expect(JSON.parse(io.out())).toMatchObject({ error: { code: 'BAG_NOT_VOCES' } })
  })
})
