import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { showNotesMarkdown } from '../../src/core/export/show-notes.ts'
import type { Episode, ShowNotes } from '../../src/shared/contract/index.ts'

/**
 * The Markdown as a permissive renderer shows it: cmark, the CommonMark reference implementation,
 * with raw HTML passed through (`--unsafe`), as many sites that take a pasted description do.
 */
function rendered(markdown: string): string {
  const run = spawnSync('cmark', ['--unsafe'], { input: markdown, encoding: 'utf8' })
  if (run.error) throw run.error
  return run.stdout
}

const episode = {
  title: 'Huelga <b>2026</b>',
  chapters: [{ start: 0, titleEn: '<img src=x onerror=alert(1)>', titleEs: 'Inicio' }],
} as unknown as Episode

describe('Markdown show notes', () => {
  it('carry no HTML and no link but the checked ones, whatever was typed', () => {
    const notes: ShowNotes = {
      summaryEn: '<script>alert(1)</script> AT&T',
      summaryEs: 'Resumen',
      bodyEn: 'Click [here](javascript:alert(1)) or <a href="javascript:alert(2)">here</a>.',
      bodyEs: '<iframe src="https://evil.example"></iframe>',
      guests: '<img src=x onerror=alert(3)>',
      credits: '**Produced** by the center',
      links: [
        { title: 'Bad', url: 'javascript:alert(4)' },
        { title: 'Huelga [wiki]', url: 'https://es.wikipedia.org/wiki/Huelga_(desambiguación)' },
      ],
      drafts: [],
    }
    const html = rendered(showNotesMarkdown(episode, notes))
    expect(html).not.toMatch(/<(script|img|iframe|a href="javascript)/i)
    expect(html).not.toContain('javascript:alert(4)')
    // What was typed still reads as typed, and the real link and emphasis still work.
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; AT&amp;T')
    expect(html).toContain('Click [here](javascript:alert(1))')
    expect(html).toContain('<strong>Produced</strong>')
    expect(html).toContain(
      '<a href="https://es.wikipedia.org/wiki/Huelga_%28desambiguaci%C3%B3n%29">Huelga [wiki]</a>',
    )
  })
})
