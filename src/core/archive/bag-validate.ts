import { promises as fs } from 'node:fs'
import { decodeUtf8, hashPlain, readPlainBytes, safeRelative, walkPayload } from './bag-files.ts'

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

function parseManifest(text: string, name: string, alg: string, payload: boolean) {
  const entries = new Map<string, string>()
  const problems: BagProblem[] = []
  for (const line of lines(text)) {
    if (line.trim() === '') continue
    const match = /^([0-9a-f]+)[ \t]+(.+)$/i.exec(line)
    if (!match?.[1] || !match[2] || match[1].length !== algorithms[alg]?.hex) {
      problems.push({ file: name, problem: `unreadable line "${line.slice(0, 100)}"` })
      continue
    }
    const file = decodeManifestPath(match[2])
    if (!safeRelative(file) || payload !== file.startsWith('data/'))
      problems.push({ file, problem: payload ? 'outside data/' : `in ${name} but not a tag file` })
    else if (entries.has(nfc(file))) problems.push({ file, problem: `listed twice in ${name}` })
    else entries.set(nfc(file), match[1].toLowerCase())
  }
  return { entries, problems }
}

export async function checkBag(root: string): Promise<CheckedBag> {
  const problems: BagProblem[] = []
  let unsafe: BagProblem | null = null
  const manifests = new Map<string, Map<string, string>>()
  /** A tag file's text, or null with its problem noted (or, where `optional`, when missing). */
  const readTag = async (file: string, limit: number, optional = false) => {
    const bytes = await readPlainBytes(root, file, limit)
    if (!bytes.ok) {
      if (!(optional && bytes.problem === 'missing'))
        problems.push({ file, problem: bytes.problem })
      if (bytes.unsafe) unsafe ??= { file, problem: bytes.problem }
      return null
    }
    const text = decodeUtf8(bytes.value)
    if (!text.ok) problems.push({ file, problem: text.problem })
    return text.ok ? { text: text.value, bom: bytes.value[0] === 0xef } : null
  }

  const declaration = await readTag('bagit.txt', declarationLimit)
  if (declaration) {
    const declared = new Map(parseTagFile(declaration.text, 'bagit.txt').fields)
    const encoding = declared.get('Tag-File-Character-Encoding')
    if (!/^\d+\.\d+$/.test(declared.get('BagIt-Version') ?? '') || !encoding)
      problems.push({ file: 'bagit.txt', problem: 'without a BagIt-Version and an encoding' })
    else if (!/^utf-?8$/i.test(encoding))
      problems.push({ file: 'bagit.txt', problem: `declares ${encoding}; Voces reads UTF-8 bags` })
    if (declaration.bom)
      problems.push({
        file: 'bagit.txt',
        problem: 'starts with a byte-order mark (RFC 8493 §2.1.1)',
      })
  }

  const bagInfo = await readTag('bag-info.txt', bagInfoLimit, true)
  const parsedInfo = bagInfo ? parseTagFile(bagInfo.text, 'bag-info.txt') : null
  problems.push(...(parsedInfo?.problems ?? []))
  const fields = parsedInfo?.fields ?? []
  const info: Record<string, string> = {}
  for (const [label, value] of fields) info[label] ??= value

  const names = (await fs.readdir(root).catch(() => [] as string[])).sort()
  const ofKind = (prefix: string) =>
    names.flatMap((name) => {
      const alg = new RegExp(`^${prefix}-([A-Za-z0-9]+)\\.txt$`).exec(name)?.[1]
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
    const { entries, problems: bad } = parseManifest(text.text, name, alg, true)
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
          file: 'bag-info.txt',
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
    const { entries, problems: bad } = parseManifest(text.text, name, alg, false)
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
