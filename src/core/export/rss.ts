import { escapeHtml } from './show-notes.ts'

export interface RssItemInput {
  title: string
  description: string
  /** Where the file will be published; the file name alone when not known yet. */
  enclosureUrl: string
  bytes: number
  mimeType: string
  duration: number
  guid: string
  chaptersUrl: string | null
  /**
   * Podcasting 2.0 transcripts (podcastindex.org namespace, `podcast:transcript`): the URL, the
   * file's MIME type, its language, and `captions` for timed captions (WebVTT, SubRip), which
   * the tag marks with `rel="captions"`.
   */
  transcripts: Array<{ url: string; type: string; language: string; captions?: boolean }>
}

/**
 * One RSS 2.0 `<item>` ready to paste into a feed that declares the iTunes and Podcasting 2.0
 * namespaces (`xmlns:itunes`, `xmlns:podcast="https://podcastindex.org/namespace/1.0"`).
 */
export function rssItem(item: RssItemInput): string {
  const x = escapeHtml
  const lines = [
    '<item>',
    `  <title>${x(item.title)}</title>`,
    `  <description>${x(item.description)}</description>`,
    `  <guid isPermaLink="false">${x(item.guid)}</guid>`,
    `  <enclosure url="${x(item.enclosureUrl)}" length="${item.bytes}" type="${x(item.mimeType)}"/>`,
    `  <itunes:duration>${Math.round(item.duration)}</itunes:duration>`,
  ]
  if (item.chaptersUrl)
    lines.push(
      `  <podcast:chapters url="${x(item.chaptersUrl)}" type="application/json+chapters"/>`,
    )
  for (const t of item.transcripts)
    lines.push(
      `  <podcast:transcript url="${x(t.url)}" type="${x(t.type)}" language="${x(t.language)}"${t.captions ? ' rel="captions"' : ''}/>`,
    )
  lines.push('</item>')
  return lines.join('\n') + '\n'
}
