import type { SearchHit } from '../../shared/contract/index.ts'

/** The words around a match, the matched ones in <mark>. Text only: React escapes it. */
export function Snippet({ hit }: { hit: Pick<SearchHit, 'snippet' | 'highlights'> }) {
  const parts: Array<{ text: string; match: boolean }> = []
  let at = 0
  for (const [from, to] of hit.highlights) {
    if (from > at) parts.push({ text: hit.snippet.slice(at, from), match: false })
    parts.push({ text: hit.snippet.slice(from, to), match: true })
    at = to
  }
  if (at < hit.snippet.length) parts.push({ text: hit.snippet.slice(at), match: false })
  return (
    <span className="search-snippet">
      {parts.map((part, i) =>
        part.match ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>,
      )}
    </span>
  )
}
