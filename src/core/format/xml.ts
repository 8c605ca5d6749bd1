/**
 * Text for markup (HTML and XML 1.0: report.html, the flame-graph SVGs, the feed, the badge): the one
 * escaping of them.
 *
 * Kept are the characters both allow: tab, LF, CR, and every code point from U+0020 but DEL, lone
 * surrogates, U+FFFE and U+FFFF. Anything else makes an XML document ill-formed, or is a control
 * character HTML reads as an error: it becomes U+FFFD, so that a reader sees something was there.
 */
const NOT_MARKUP = /[^\t\n\r\x20-\x7E\x80-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Escapes `s` for text and attribute values (either quote), replacing characters markup forbids. */
export function xmlText(s: string): string {
  return s
    .replace(NOT_MARKUP, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
