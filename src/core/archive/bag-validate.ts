import { promises as fs } from 'node:fs'
import path from 'node:path'
import { decodeText, hashPlain, readPlainBytes, safeRelative, walkPayload } from './bag-files.ts'

/**
 * Validating a bag as RFC 8493 §3 says, the way the Library of Congress validator (bagit-python)
 * does (decision 0089): bagit.txt declares the version and UTF-8; every payload manifest
 * (manifest-ALG.txt, any algorithm below, SHA-512 alone included) lists every file in data/ with
 * a matching checksum; every tag manifest (tagmanifest-ALG.txt) entry matches, so an edited
 * bag-info.txt is caught; Payload-Oxum, when given, matches before anything is hashed; bag-info
 * values may be folded onto indented lines. Files are read as bag-files.ts allows (decision 0088).
 */
export interface BagProblem {
  file: string
  problem: string
}

/**
 * Manifest algorithms as bags name them (bagit-python takes Python's hashlib names), with Node's
 * name for each and the length of its hex digest.
 */
export const algorithms: Record<string, { node: string; hex: number }> = {
  md5: { node: 'md5', hex: 32 },
  sha1: { node: 'sha1', hex: 40 },
  sha224: { node: 'sha224', hex: 56 },
  sha256: { node: 'sha256', hex: 64 },
  sha384: { node: 'sha384', hex: 96 },
  sha512: { node: 'sha512', hex: 128 },
  sha3_224: { node: 'sha3-224', hex: 56 },
  sha3_256: { node: 'sha3-256', hex: 64 },
  sha3_384: { node: 'sha3-384', hex: 96 },
  sha3_512: { node: 'sha3-512', hex: 128 },
  blake2b: { node: 'blake2b512', hex: 128 },
  blake2s: { node: 'blake2s256', hex: 64 },
}

/** Tag files are read whole: bagit.txt is two lines, bag-info.txt a page, a manifest a line a file. */
const declarationLimit = 64 << 10
const bagInfoLimit = 1 << 20
const manifestLimit = 256 << 20

export interface CheckedBag {
  problems: BagProblem[]
  /** The first link, device, FIFO or socket found where a plain file or folder should be. */
  unsafe: BagProblem | null
  /** bag-info.txt: the first value of each label. */
  info: Record<string, string>
  /** bag-info.txt: every label and value in order (a label may repeat, RFC 8493 §2.2.2). */
  fields: Array<[string, string]>
  /** Payload manifests: algorithm → path (in NFC, see `nfc`) → hex digest. */
  manifests: Map<string, Map<string, string>>
  /** The plain files found in data/, with their sizes. */
  payload: Map<string, number>
}

/** RFC 8493 §2.1.3: a path in a manifest percent-encodes CR, LF and %. */
export const decodeManifestPath = (p: string) =>
  p.replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%25/g, '%')

/**
 * Names are compared in one Unicode form, as bagit-python does: a bag made where "María" is
 * written precomposed and copied to a disk that stores it decomposed (macOS) is the same bag.
 */
export const nfc = (name: string) => name.normalize('NFC')

/**
 * The versions bagit-python reads: 0.93 up to, not including, 2 ("1" alone too, as it parses
 * MAJOR[.MINOR]); before 0.96 the bag-info file was package-info.txt. A later major version may
 * change what a valid bag is. Returns the name of the bag-info file, or null.
 */
function infoFileOf(version: string): string | null {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(version)
  const [major, minor] = [Number(m?.[1]), m?.[2] === undefined ? 0 : Number(m[2])]
  if (major === 1) return 'bag-info.txt'
  if (major !== 0 || minor < 93) return null
  return minor < 96 ? 'package-info.txt' : 'bag-info.txt'
}

/**
 * fetch.txt (RFC 8493 §2.2.3), checked as bagit-python checks it: each line is "URL LENGTH PATH",
 * the URL has a scheme and a host (a file: URL needs no host), and the path stays in the bag.
 */
function checkFetch(text: string): BagProblem[] {
  const problems: BagProblem[] = []
  for (const [i, line] of lines(text).entries()) {
    if (line.trim() === '') continue
    const [, url = '', length, file] = /^(\S+)[ \t]+(\S+)[ \t]+(.+)$/.exec(line.trim()) ?? []
    const where = `line ${i + 1}`
    const parsed = URL.parse(url)
    if (length === undefined || file === undefined)
      problems.push({ file: 'fetch.txt', problem: `${where} is not "URL LENGTH PATH"` })
    else if (!parsed || (parsed.protocol !== 'file:' && parsed.host === ''))
      problems.push({ file: 'fetch.txt', problem: `${where}: "${url.slice(0, 100)}" is not a URL` })
    else if (manifestPaths(file).length === 0)
      problems.push({ file: 'fetch.txt', problem: `${where} names a path outside the bag` })
  }
  return problems
}

const lines = (text: string) => text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)

/**
 * A tag file's "Label: value" lines (RFC 8493 §2.2.2). A line that starts with a space or a tab
 * continues the value above it; unfolding removes the line break and keeps the indent, as RFC 5322
 * §2.2.3 (which bagit-python follows) does.
 */
export function parseTagFile(
  text: string,
  file: string,
): { fields: Array<[string, string]>; problems: BagProblem[] } {
  const fields: Array<[string, string]> = []
  const problems: BagProblem[] = []
  let current: [string, string] | null = null
  for (const [i, line] of lines(text).entries()) {
    if (line.trim() === '') continue
    if (/^[ \t]/.test(line)) {
      if (current) current[1] += line
      else problems.push({ file, problem: `line ${i + 1} continues no label` })
      continue
    }
    const at = line.indexOf(':')
    if (at <= 0) {
      problems.push({ file, problem: `line ${i + 1} is not "Label: value"` })
      current = null
      continue
    }
    current = [line.slice(0, at).trim(), line.slice(at + 1)]
    fields.push(current)
  }
  for (const field of fields) field[1] = field[1].trim()
  return { fields, problems }
}

/**
 * The paths a manifest line's PATH may name, most literal first (decision 0115): RFC 8493 as
 * written (%25, %0D, %0A decoded), then as bagit-python, the Library of Congress validator, reads
 * it: it strips the line (a trailing space or tab is not part of the name), drops the "*" that
 * `sha256sum -b` puts before a name, decodes only %0D and %0A, and normalises "./data/x" and
 * "data//x" to data/x. A path that climbs out of the bag is not among them.
 */
function manifestPaths(written: string): string[] {
  const bagitDecoded = (p: string) => p.replace(/%0D/gi, '\r').replace(/%0A/gi, '\n')
  const out: string[] = []
  for (const base of [written, written.trimEnd()])
    for (const unstarred of [base, base.replace(/^\*+/, '')])
      for (const decoded of [decodeManifestPath(unstarred), bagitDecoded(unstarred)]) {
        const normal = path.posix.normalize(decoded).replace(/^(\.\/)+/, '')
        for (const file of [decoded, normal])
          if (safeRelative(file) && !out.includes(file)) out.push(file)
      }
  return out
}

/**
 * A manifest's entries, path → digest. Lines are read as bagit-python reads them: blank lines and
 * lines starting with "#" are skipped, and spaces before the digest are not part of the line.
 * Where PATH may name more than one file (see `manifestPaths`), the first that `exists` is taken.
 */
async function parseManifest(
  text: string,
  name: string,
  alg: string,
  payload: boolean,
  exists: (file: string) => boolean | Promise<boolean>,
) {
  const entries = new Map<string, string>()
  const problems: BagProblem[] = []
  for (const raw of lines(text)) {
    const line = raw.trimStart()
    if (line.trim() === '' || line.startsWith('#')) continue
    const match = /^([0-9a-f]+)[ \t]+(.+)$/i.exec(line)
    if (!match?.[1] || !match[2] || match[1].length !== algorithms[alg]?.hex) {
      problems.push({ file: name, problem: `unreadable line "${line.slice(0, 100)}"` })
      continue
    }
    const here = (f: string) => payload === f.startsWith('data/')
    const candidates = manifestPaths(match[2]).filter(here)
    // Where none exists, the path is named as bagit-python reads it.
    let file = manifestPaths(match[2].trimEnd().replace(/^\*+/, '')).find(here) ?? candidates[0]
    if (candidates.length > 1)
      for (const candidate of candidates)
        if (await exists(candidate)) {
          file = candidate
          break
        }
    if (file === undefined) {
      const written = decodeManifestPath(match[2])
      problems.push({
        file: written,
        problem: payload ? 'outside data/' : `in ${name} but not a tag file`,
      })
    } else if (entries.has(nfc(file))) problems.push({ file, problem: `listed twice in ${name}` })
    else entries.set(nfc(file), match[1].toLowerCase())
  }
  return { entries, problems }
}

export async function checkBag(root: string): Promise<CheckedBag> {
  const problems: BagProblem[] = []
  let unsafe: BagProblem | null = null
  const manifests = new Map<string, Map<string, string>>()
  let tagEncoding = 'UTF-8'
  let infoFile = 'bag-info.txt'
  /** A tag file's text, or null with its problem noted (or, where `optional`, when missing). */
  const readTag = async (file: string, limit: number, optional = false) => {
    const bytes = await readPlainBytes(root, file, limit)
    if (!bytes.ok) {
      if (!(optional && bytes.problem === 'missing'))
        problems.push({ file, problem: bytes.problem })
      if (bytes.unsafe) unsafe ??= { file, problem: bytes.problem }
      return null
    }
    // bagit.txt is UTF-8; it names the encoding of the other tag files (RFC 8493 §2.1.1).
    const text = decodeText(bytes.value, file === 'bagit.txt' ? 'UTF-8' : tagEncoding)
    if (!text.ok) problems.push({ file, problem: text.problem })
    return text.ok ? { text: text.value, bom: bytes.value[0] === 0xef } : null
  }

  const declaration = await readTag('bagit.txt', declarationLimit)
  if (declaration) {
    const declared = new Map(parseTagFile(declaration.text, 'bagit.txt').fields)
    const encoding = declared.get('Tag-File-Character-Encoding')
    const version = declared.get('BagIt-Version')
    if (version === undefined || !encoding)
      problems.push({ file: 'bagit.txt', problem: 'without a BagIt-Version and an encoding' })
    else if (!infoFileOf(version))
      problems.push({
        file: 'bagit.txt',
        problem: `declares BagIt-Version ${version}; Voces reads versions 0.93 to 1.x`,
      })
    else if (!decodeText(new Uint8Array(), encoding).ok)
      problems.push({
        file: 'bagit.txt',
        problem: `declares ${encoding}, an encoding Voces cannot read`,
      })
    else {
      tagEncoding = encoding
      infoFile = infoFileOf(version) ?? infoFile
    }
    if (declaration.bom)
      problems.push({
        file: 'bagit.txt',
        problem: 'starts with a byte-order mark (RFC 8493 §2.1.1)',
      })
  }

  const bagInfo = await readTag(infoFile, bagInfoLimit, true)
  const parsedInfo = bagInfo ? parseTagFile(bagInfo.text, infoFile) : null
  problems.push(...(parsedInfo?.problems ?? []))
  const fields = parsedInfo?.fields ?? []
  const info: Record<string, string> = {}
  for (const [label, value] of fields) info[label] ??= value

  const fetch = await readTag('fetch.txt', manifestLimit, true)
  if (fetch) problems.push(...checkFetch(fetch.text))

  const names = (await fs.readdir(root).catch(() => [] as string[])).sort()
  const ofKind = (prefix: string) =>
    names.flatMap((name) => {
      const alg = new RegExp(`^${prefix}-([A-Za-z0-9_]+)\\.txt$`).exec(name)?.[1]
      if (!alg) return []
      if (!Object.hasOwn(algorithms, alg)) {
        problems.push({ file: name, problem: `uses "${alg}", a checksum Voces cannot compute` })
        return []
      }
      return [{ name, alg }]
    })
  const payloadManifests = ofKind('manifest')
  const tagManifests = ofKind('tagmanifest')
  if (payloadManifests.length === 0)
    problems.push({ file: 'manifest-sha512.txt', problem: 'missing: a bag has a payload manifest' })

  const walked = await walkPayload(root)
  for (const { file, problem, unsafe: odd } of walked.problems) {
    problems.push({ file, problem })
    if (odd) unsafe ??= { file, problem }
  }
  const unreadable = new Set(walked.problems.map((p) => nfc(p.file)))
  const onDisk = new Map<string, string>()
  for (const file of walked.files.keys()) {
    const twin = onDisk.get(nfc(file))
    if (twin) problems.push({ file, problem: `is named as ${twin} is, in another Unicode form` })
    onDisk.set(nfc(file), file)
  }
  for (const { name, alg } of payloadManifests) {
    const text = await readTag(name, manifestLimit)
    if (text === null) continue
    const { entries, problems: bad } = await parseManifest(text.text, name, alg, true, (f) =>
      onDisk.has(nfc(f)),
    )
    problems.push(...bad)
    manifests.set(alg, entries)
    const which = payloadManifests.length === 1 ? 'the manifest' : name
    for (const file of walked.files.keys())
      if (!entries.has(nfc(file))) problems.push({ file, problem: `in data/ but not in ${which}` })
    for (const file of entries.keys())
      if (!onDisk.has(file) && !unreadable.has(file))
        problems.push({ file, problem: `listed in ${which} but missing` })
  }

  // Payload-Oxum says how many bytes the payload is: no more than that is read (decision 0088).
  // Files are read smallest first, so a bag that grew names the small files that changed.
  const oxum = info['Payload-Oxum']
  const declared = oxum === undefined ? null : /^(\d+)\.\d+$/.exec(oxum)
  const bytes = [...walked.files.values()].reduce((sum, size) => sum + size, 0)
  const found = `${bytes}.${walked.files.size}`
  const oxumProblem =
    oxum === undefined || oxum === found
      ? null
      : {
          file: infoFile,
          problem: declared
            ? `Payload-Oxum ${oxum} does not match ${found}`
            : `Payload-Oxum "${oxum}" is not BYTES.FILES`,
        }
  let budget = oxumProblem ? Number(declared?.[1] ?? 0) : Number.MAX_SAFE_INTEGER
  const unread: BagProblem[] = []
  for (const [file, size] of [...walked.files].sort((a, b) => a[1] - b[1])) {
    const expected = [...manifests].flatMap(([alg, entries]) => {
      const digest = entries.get(nfc(file))
      return digest ? [[algorithms[alg]?.node ?? alg, digest] as const] : []
    })
    if (expected.length === 0) continue
    if (size > budget) {
      unread.push({ file, problem: 'not read: it would pass the size Payload-Oxum gives' })
      continue
    }
    budget -= size
    const hashed = await hashPlain(
      root,
      file,
      expected.map(([node]) => node),
    )
    if (!hashed.ok && hashed.unsafe) unsafe ??= { file, problem: hashed.problem }
    if (!hashed.ok) problems.push({ file, problem: hashed.problem })
    else if (expected.some(([node, digest]) => hashed.value.get(node) !== digest))
      problems.push({ file, problem: 'checksum does not match: the file changed' })
  }
  problems.push(...unread, ...(oxumProblem ? [oxumProblem] : []))

  for (const { name, alg } of tagManifests) {
    const text = await readTag(name, manifestLimit)
    if (text === null) continue
    const { entries, problems: bad } = await parseManifest(text.text, name, alg, false, (f) =>
      fs.lstat(path.join(root, ...f.split('/'))).then(
        () => true,
        () => false,
      ),
    )
    problems.push(...bad)
    for (const [file, digest] of entries) {
      const node = algorithms[alg]?.node ?? alg
      const hashed = await hashPlain(root, file, [node])
      if (!hashed.ok && hashed.unsafe) unsafe ??= { file, problem: hashed.problem }
      if (!hashed.ok)
        problems.push({
          file,
          problem: hashed.problem === 'missing' ? `listed in ${name} but missing` : hashed.problem,
        })
      else if (hashed.value.get(node) !== digest)
        problems.push({ file, problem: 'checksum does not match: the file changed' })
    }
  }

  const seen = new Set<string>()
  const unique: BagProblem[] = []
  for (const p of problems) {
    const key = `${p.file}\n${p.problem}`
    if (!seen.has(key)) unique.push(p)
    seen.add(key)
  }
  return { problems: unique, unsafe, info, fields, manifests, payload: walked.files }
}

/** Validates a bag (RFC 8493 §3); `info` is bag-info.txt, unfolded. */
export async function validateBag(
  dir: string,
): Promise<{ valid: boolean; problems: BagProblem[]; info: Record<string, string> }> {
  const { problems, info } = await checkBag(dir)
  return { valid: problems.length === 0, problems, info }
}
