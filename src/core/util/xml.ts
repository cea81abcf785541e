/**
 * Text for XML 1.0 content and attribute values. Characters XML 1.0 cannot carry at all (C0
 * controls other than tab, line feed and carriage return; lone surrogates; U+FFFE, U+FFFF) are
 * dropped — a NUL or an ESC typed or pasted into a title would otherwise make the whole file
 * unreadable to any XML parser — and the five markup characters are escaped.
 */
export function escapeXml(text: string): string {
  return text
    .replace(
      // eslint-disable-next-line no-control-regex
      /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
      '',
    )
    .replace(
      /[&<>"']/g,
      (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
    )
}
