/**
 * Cue text as Voces keeps it: NFC, each line trimmed, no empty lines, lines joined with '\n'.
 * Empty lines cannot survive a round trip through SRT or WebVTT (a blank line ends a cue there).
 */
export function normalizeCueText(text: string): string {
  return text
    .normalize('NFC')
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join('\n')
}

/** The cue's lines; none for an empty cue. */
export function cueLines(text: string): string[] {
  return text === '' ? [] : text.split('\n')
}

/**
 * Characters as a viewer reads them: code points of the NFC text, spaces and punctuation
 * included, line breaks not (the Netflix guides count characters this way for both the 42 a
 * line and the characters a second).
 */
export function characterCount(text: string): number {
  let count = 0
  for (const char of text.normalize('NFC')) if (char !== '\n') count++
  return count
}

/**
 * Formatting that SRT files carry in practice: HTML-like tags (<i>, <b>, <u>, <font color=…>)
 * and ASS override blocks ({\an8}) that many players honour in SRT too. Voces keeps plain text.
 */
export function stripSrtFormatting(line: string): string {
  return line.replace(/<\/?(?:i|b|u|s|font)(?:\s[^>]*)?>/gi, '').replace(/\{\\[^}]*\}/g, '')
}

/** Words of a cue or segment text, split on any whitespace. */
export function wordsOf(text: string): string[] {
  return text.split(/\s+/).filter((word) => word !== '')
}
