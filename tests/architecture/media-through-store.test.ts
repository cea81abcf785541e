import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../helpers.ts'

// Decision 0124: no module reads or writes the library's own files except through
// `storage.media`. A path joined under the library's root or its media folder is the way such
// a read would start, so the sources are scanned for the layout's root and media folder.

/** How a path into the library's files is spelled. */
const libraryPath = /\blayout\s*\.\s*(?:root|media)\b|\brecordingDir\s*\(/

/** The places that hold the library root on purpose, and why. */
const allowed: Record<string, string> = {
  // The composition root makes the library's folders and builds the media store on its root.
  'src/core/voces.ts': 'builds LocalMediaStore',
  // app.info names the library folder to the person; nothing is joined to it.
  'src/core/api/app.ts': 'shows the library folder',
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => path.relative(repoRoot, path.join(entry.parentPath, entry.name)))
    .map((file) => file.split(path.sep).join('/'))
}

/** Each `file:line` of `files` whose code (comments left out) spells a library path. */
export function libraryPathsIn(files: Record<string, string>): string[] {
  const found: string[] = []
  for (const [file, text] of Object.entries(files)) {
    if (file.startsWith('src/core/storage/') || file in allowed) continue
    text.split('\n').forEach((line, i) => {
      const code = line.replace(/\/\/.*$/, '').replace(/^\s*\*.*$/, '')
      if (libraryPath.test(code)) found.push(`${file}:${i + 1}: ${line.trim()}`)
    })
  }
  return found
}

describe('library files go through storage.media (decision 0124)', () => {
  it('no module outside the storage backend joins a path under the library or its media', () => {
    const files = Object.fromEntries(
      sources(path.join(repoRoot, 'src')).map((file) => [
        file,
        readFileSync(path.join(repoRoot, file), 'utf8'),
      ]),
    )
    expect(Object.keys(files).length).toBeGreaterThan(100)
    expect(libraryPathsIn(files)).toEqual([])
  })

  it('finds each spelling, and leaves the storage backend and the allowed places alone', () => {
    const joins = {
      'src/core/media/a.ts': 'const f = path.join(voces.layout.root, files.peaks)',
      'src/core/media/b.ts': 'await rm(voces.layout.recordingDir(id), { recursive: true })',
      'src/server/c.ts': 'readdirSync(core.layout.media)',
      'src/core/d.ts': '// voces.layout.root in a comment is not code',
      'src/core/storage/local/e.ts': 'path.join(this.layout.root, key)',
      'src/core/voces.ts': 'new LocalMediaStore(this.layout.root)',
      'src/core/f.ts': 'path.join(voces.layout.temp, `ingest-${id}`)',
    }
    expect(libraryPathsIn(joins)).toEqual([
      'src/core/media/a.ts:1: const f = path.join(voces.layout.root, files.peaks)',
      'src/core/media/b.ts:1: await rm(voces.layout.recordingDir(id), { recursive: true })',
      'src/server/c.ts:1: readdirSync(core.layout.media)',
    ])
  })
})
