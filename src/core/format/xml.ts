/**
 * Text for XML 1.0 documents (the flame-graph SVGs, the feed, the badge): the one escaping of them.
 *
 * XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]. Anything else
 * (C0 controls, lone surrogates, U+FFFE/U+FFFF) makes the document ill-formed: it becomes U+FFFD, so
 * that a reader sees something was there.
 */
const NOT_XML = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Escapes `s` for XML text and attribute values (either quote), replacing characters XML 1.0 forbids. */
export function xmlText(s: string): string {
  return s
    .replace(NOT_XML, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
