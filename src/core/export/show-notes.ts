import type { Language } from '../../shared/language.ts'
import { formatClockTime } from '../../shared/time.ts'
import type { Chapter, Episode, ShowNotes } from '../../shared/contract/index.ts'

/**
 * Show notes in English and Spanish, side by side in the editor and one after the other in
 * the exported Markdown and HTML (a feed's description is one document, so both languages go in).
 */
const clock = (seconds: number) => formatClockTime(seconds)

const headings = {
  en: {
    summary: 'Summary',
    chapters: 'Chapters',
    guests: 'Guests',
    credits: 'Credits',
    links: 'Links',
  },
  es: {
    summary: 'Resumen',
    chapters: 'Capítulos',
    guests: 'Invitados',
    credits: 'Créditos',
    links: 'Enlaces',
  },
} as const

interface Section {
  language: Language
  summary: string
  body: string
  chapters: Array<{ time: string; title: string }>
}

function sections(notes: ShowNotes, chapters: readonly Chapter[]): Section[] {
  return (['en', 'es'] as const).map((language) => ({
    language,
    summary: language === 'en' ? notes.summaryEn : notes.summaryEs,
    body: language === 'en' ? notes.bodyEn : notes.bodyEs,
    chapters: chapters.map((c) => ({
      time: clock(c.start),
      title: (language === 'en' ? c.titleEn : c.titleEs) || c.titleEn || c.titleEs,
    })),
  }))
}

/** Only http(s) and mailto links survive: a show note is pasted into other people's pages. */
const safeUrl = (url: string) => (/^(https?:|mailto:)/i.test(url.trim()) ? url.trim() : null)

/**
 * Text for Markdown that any renderer shows as text: a show note is pasted into other people's
 * pages, and many renderers pass HTML through. `&`, `<` and `>` become entities (no tag, no
 * script), and `[`, `]` and `\\` are escaped (no link but those of the links list, which are
 * checked); emphasis a person typed with `*` or `_` still works.
 */
const markdownText = (text: string) =>
  text
    .replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] ?? c)
    .replace(/[[\]\\]/g, '\\$&')

/** A checked link address for Markdown: spaces, brackets and parentheses percent-encoded. */
const markdownUrl = (url: string) =>
  url.replace(
    /[\s()<>[\]]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  )

export function showNotesMarkdown(episode: Episode, notes: ShowNotes): string {
  const t = markdownText
  const out = [`# ${t(episode.title)}`, '']
  for (const section of sections(notes, episode.chapters)) {
    const h = headings[section.language]
    out.push(`## ${section.language === 'en' ? 'English' : 'Español'}`, '')
    if (section.summary) out.push(`**${h.summary}:** ${t(section.summary)}`, '')
    if (section.body) out.push(t(section.body), '')
    if (section.chapters.length > 0)
      out.push(
        `### ${h.chapters}`,
        '',
        ...section.chapters.map((c) => `- ${c.time} ${t(c.title)}`),
        '',
      )
    if (notes.guests) out.push(`### ${h.guests}`, '', t(notes.guests), '')
    if (notes.credits) out.push(`### ${h.credits}`, '', t(notes.credits), '')
    const links = notes.links.flatMap((l) => {
      const url = safeUrl(l.url)
      return url ? [`- [${t(l.title)}](${markdownUrl(url)})`] : []
    })
    if (links.length > 0) out.push(`### ${h.links}`, '', ...links, '')
  }
  return out.join('\n')
}

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  )
}

const paragraphs = (text: string) =>
  text
    .split(/\n{2,}/)
    .filter((p) => p.trim())
    .map((p) => `<p>${escapeHtml(p.trim()).replaceAll('\n', '<br>')}</p>`)
    .join('\n')

export function showNotesHtml(episode: Episode, notes: ShowNotes): string {
  const out = [`<article>`, `<h1>${escapeHtml(episode.title)}</h1>`]
  for (const section of sections(notes, episode.chapters)) {
    const h = headings[section.language]
    out.push(
      `<section lang="${section.language}">`,
      `<h2>${section.language === 'en' ? 'English' : 'Español'}</h2>`,
    )
    if (section.summary)
      out.push(`<p><strong>${h.summary}:</strong> ${escapeHtml(section.summary)}</p>`)
    if (section.body) out.push(paragraphs(section.body))
    if (section.chapters.length > 0) {
      out.push(
        `<h3>${h.chapters}</h3>`,
        '<ul>',
        ...section.chapters.map((c) => `<li>${c.time} ${escapeHtml(c.title)}</li>`),
        '</ul>',
      )
    }
    if (notes.guests) out.push(`<h3>${h.guests}</h3>`, paragraphs(notes.guests))
    if (notes.credits) out.push(`<h3>${h.credits}</h3>`, paragraphs(notes.credits))
    const links = notes.links.flatMap((l) => {
      const url = safeUrl(l.url)
      return url ? [`<li><a href="${escapeHtml(url)}">${escapeHtml(l.title)}</a></li>`] : []
    })
    if (links.length > 0) out.push(`<h3>${h.links}</h3>`, '<ul>', ...links, '</ul>')
    out.push('</section>')
  }
  out.push('</article>')
  return out.join('\n') + '\n'
}

/** The Podcasting 2.0 chapters format (podcastindex.org namespace, JSON chapters 1.2.0). */
export function podcastChaptersJson(episode: Pick<Episode, 'chapters'>, offset = 0): string {
  return (
    JSON.stringify(
      {
        version: '1.2.0',
        chapters: episode.chapters.map((c) => ({
          startTime: Math.round((c.start + offset) * 1000) / 1000,
          title:
            c.titleEn && c.titleEs && c.titleEn !== c.titleEs
              ? `${c.titleEn} / ${c.titleEs}`
              : c.titleEn || c.titleEs,
        })),
      },
      null,
      2,
    ) + '\n'
  )
}
