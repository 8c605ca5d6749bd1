/**
 * Limits that keep Markdown parsing bounded. micromark's time grows with the square of the number
 * of separate lists and block quotes in a document and steeply with their nesting, and very deep
 * nesting overflows its stack: a small hostile file could stall a CI job for hours. These cheap
 * line scans refuse such a document before it is parsed (the loader reports it, the site shows it
 * as plain text); real artifacts stay far below them.
 */

/** Largest Markdown artifact perfgate parses (prose; raw data belongs in attachments). */
export const MAX_MARKDOWN_BYTES = 1024 * 1024;
/** Longest run of container markers and indentation (`> `, `- `, `1. `, spaces) before a line's text. */
export const MAX_CONTAINER_PREFIX = 256;
/** Most list or block-quote starts (a container line after a blank or a non-container line). */
export const MAX_CONTAINER_STARTS = 2000;

export interface MarkdownComplexity {
  line: number;
  message: string;
}

const CONTAINER_START = /^ {0,3}(?:>|[-+*](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))/;
const PREFIX = /^(?:[ \t>]|[-+*](?=[ \t])|\d{1,9}[.)](?=[ \t]))+/;

/** Why `text` is too complex to parse safely, or undefined when it is within the limits. */
export function markdownComplexity(text: string): MarkdownComplexity | undefined {
  if (text.length > MAX_MARKDOWN_BYTES)
    return {
      line: 1,
      message: `Unexpected size: Markdown longer than ${MAX_MARKDOWN_BYTES} characters is not parsed`,
    };
  let starts = 0;
  let previous: 'blank' | 'container' | 'text' = 'blank';
  let line = 0;
  for (const l of text.split(/\r\n|\r|\n/)) {
    line++;
    if (l.trim() === '') {
      previous = 'blank';
      continue;
    }
    const prefix = PREFIX.exec(l)?.[0].length ?? 0;
    if (prefix > MAX_CONTAINER_PREFIX)
      return {
        line,
        message: `Unexpected nesting: ${prefix} characters of list, quote or indentation markers before the text (at most ${MAX_CONTAINER_PREFIX})`,
      };
    const container = CONTAINER_START.test(l);
    if (container && previous !== 'container' && ++starts > MAX_CONTAINER_STARTS)
      return {
        line,
        message: `Unexpected structure: more than ${MAX_CONTAINER_STARTS} separate lists or block quotes`,
      };
    previous = container ? 'container' : 'text';
  }
  return undefined;
}

/**
 * An HTML comment and nothing else, in the strict sense: no `<` or `>` inside, and not one that
 * HTML closes early (`<!-->`, `<!--->`, `--!>`), whose "rest" a browser would parse as markup.
 * The site drops such a comment; any other raw HTML is shown as code and warned about.
 */
export const PLAIN_COMMENT = /^\s*<!--(?!-?>)(?:(?!--!?>)[^<>])*-->\s*$/;
