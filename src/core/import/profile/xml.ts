/** Text that is safe inside XML 1.0 (and so SVG and HTML): escaped, with forbidden characters dropped. */

// Characters XML 1.0 forbids: C0 controls other than tab/LF/CR, lone surrogates, U+FFFE and U+FFFF.
const FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Escapes `& < > " '` and drops the characters XML 1.0 does not allow. */
export function xmlText(s: string): string {
  return s
    .replace(FORBIDDEN, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Drops the characters XML 1.0 does not allow (for text that another layer escapes). */
export function xmlSafe(s: string): string {
  return s.replace(FORBIDDEN, '');
}
