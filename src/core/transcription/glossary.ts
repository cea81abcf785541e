import type { Database } from 'better-sqlite3'

/**
 * A library's glossary (names of unions, places, labor words: "SEIU 2015", "huelga", "USMCA"),
 * kept in the settings table under its own key and given to Whisper as the initial prompt of each
 * window, so those words come out spelled right. Whisper reads at most half its 448-token text
 * context as a prompt (whisper.cpp `--prompt`); 600 characters stays well inside that.
 */
const key = 'transcription.glossary'
const maxPromptChars = 600

export function getGlossary(db: Database): string[] {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as
    { value: string } | undefined
  if (!row) return []
  const value: unknown = JSON.parse(row.value)
  return Array.isArray(value)
    ? value.filter((term): term is string => typeof term === 'string')
    : []
}

export function setGlossary(db: Database, terms: readonly string[]): string[] {
  const clean = [...new Set(terms.map((term) => term.trim()).filter((term) => term !== ''))]
  db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(key, JSON.stringify(clean))
  return clean
}

/** The prompt: the terms as a comma-separated list, cut at a whole term before the limit. */
export function glossaryPrompt(terms: readonly string[]): string | undefined {
  let prompt = ''
  for (const term of terms) {
    const next = prompt === '' ? term : `${prompt}, ${term}`
    if (next.length > maxPromptChars) break
    prompt = next
  }
  return prompt === '' ? undefined : prompt
}
