import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chapterMetadata } from '../../src/core/export/podcast.ts'
import { tempDir } from '../helpers.ts'

let dir: string
let cleanup: () => void
beforeAll(() => ({ dir, cleanup } = tempDir()))
afterAll(() => cleanup())

/** The chapters as FFmpeg itself reads our ffmetadata file (what the MP3 and M4A then carry). */
function readByFfprobe(metadata: string): Array<{ start: number; title: string }> {
  const file = path.join(dir, 'chapters.txt')
  writeFileSync(file, metadata)
  const out = execFileSync(
    'ffprobe',
    ['-v', 'error', '-f', 'ffmetadata', '-i', file, '-show_chapters', '-of', 'json'],
    { encoding: 'utf8' },
  )
  const chapters = (
    JSON.parse(out) as { chapters: Array<{ start_time: string; tags?: { title?: string } }> }
  ).chapters
  return chapters.map((c) => ({ start: Number(c.start_time), title: c.tags?.title ?? '' }))
}

describe('chapter titles in the file', () => {
  it('keep every word: a carriage return, a line break or a tab becomes a space', () => {
    const chapters = [
      { start: 0, titleEn: 'First\r\npart', titleEs: 'Primera\rparte' },
      { start: 30, titleEn: 'Wages; = #1 \\ back\tpay', titleEs: '' },
    ]
    expect(readByFfprobe(chapterMetadata(chapters as never, 60))).toEqual([
      { start: 0, title: 'First part / Primera parte' },
      { start: 30, title: 'Wages; = #1 \\ back pay' },
    ])
  })
})
