import { escapeXml } from '../util/xml.ts'

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

export const itunesNamespace = 'http://www.itunes.com/dtds/podcast-1.0.dtd'
export const podcastNamespace = 'https://podcastindex.org/namespace/1.0'

/**
 * One RSS 2.0 `<item>` ready to paste into a feed. It declares the iTunes and Podcasting 2.0
 * namespaces it uses on itself, so the file is well-formed XML on its own and the same
 * declarations in the feed around it change nothing. URLs are absolute when `RssItemInput` gives
 * them so (the caller resolves them against where the files will be published).
 */
export function rssItem(item: RssItemInput): string {
  const x = escapeXml
  const lines = [
    `<item xmlns:itunes="${itunesNamespace}" xmlns:podcast="${podcastNamespace}">`,
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
