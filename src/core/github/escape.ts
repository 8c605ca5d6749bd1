/**
 * Escaping for the three places CI output goes: workflow-command data and properties (the runner's
 * own rules, actions/runner ActionCommand.cs), and Markdown for the job summary and the PR comment.
 */

/** Workflow-command data: the runner unescapes `%25`, `%0D`, `%0A` after the `::`. */
export function escapeData(s: string): string {
  return s.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

/** Workflow-command property values: as data, plus `:` and `,` that end a value. */
export function escapeProperty(s: string): string {
  return escapeData(s).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
/** U+2060 WORD JOINER: invisible, but breaks what GitHub links after rendering (mentions, bare URLs). */
const JOIN = '\u2060';

/**
 * Untrusted text as literal Markdown inline text (a table cell or a line of the summary/comment):
 * HTML metacharacters become entities (no tag, no comment that hides the rest), Markdown
 * punctuation is backslash-escaped (no link, image, emphasis or code span), `|` cannot end a cell,
 * CR/LF (also U+2028/9) become spaces so the text stays on its line, and a word joiner follows every
 * `@` and the `:` of `://` and the `www` of `www.`: GitHub links mentions, e-mail addresses and bare
 * URLs in rendered text, where escapes no longer help, so no one is pinged and nothing links out.
 */
export function markdownText(s: string): string {
  return s
    .replace(/@|:(?=\/\/)|(?<=www)(?=\.)/gi, (c) => `${c}${JOIN}`)
    .replace(/[&<>]/g, (c) => ENTITY[c] as string)
    .replace(/[\\`*_[\]~|!#]/g, (c) => `\\${c}`)
    .replace(/\r\n|[\r\n\u2028\u2029]/g, ' ');
}

/** A value for a Markdown table cell: numbers rounded to 4 decimals, null/undefined as an em dash. */
export function markdownCell(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') return String(Math.round(v * 10_000) / 10_000);
  if (typeof v === 'string') return markdownText(v);
  return markdownText(JSON.stringify(v) ?? String(v));
}
