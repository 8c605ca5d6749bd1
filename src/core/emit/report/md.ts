/**
 * Small mdast constructors for the report. Every string from an artifact goes into a `text` (or
 * `inlineCode`) node, which remark-stringify escapes: nothing from the evidence becomes markup.
 */
import type {
  Heading,
  InlineCode,
  Link,
  List,
  ListItem,
  Paragraph,
  PhrasingContent,
  RootContent,
  Strong,
  Table,
  TableCell,
  TableRow,
  Text,
} from 'mdast';

export type Inline = PhrasingContent | string;
export type Block = RootContent;

/** One line of text: newlines and runs of blanks collapse to one space (tables and headings hold one line). */
export function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Collapses whitespace inside one inline piece, keeping a single space at its ends (between pieces). */
function collapse(items: PhrasingContent[]): PhrasingContent[] {
  const out = items.map((c) => (c.type === 'text' ? text(c.value.replace(/\s+/g, ' ')) : c));
  const first = out[0];
  const last = out.at(-1);
  if (first?.type === 'text') first.value = first.value.trimStart();
  if (last?.type === 'text') last.value = last.value.trimEnd();
  return out;
}

export function text(value: string): Text {
  return { type: 'text', value };
}

function inline(items: readonly Inline[]): PhrasingContent[] {
  return items.map((i) => (typeof i === 'string' ? text(i) : i));
}

export function strong(...children: Inline[]): Strong {
  return { type: 'strong', children: inline(children) };
}

export function code(value: string): InlineCode {
  return { type: 'inlineCode', value: oneLine(value) };
}

/** A link to a file of the cycle (the report sits at the cycle's root, so the relative path is the URL). */
export function fileLink(path: string, label: string = path): Link {
  return { type: 'link', url: path, children: [text(label)] };
}

export function heading(depth: 1 | 2 | 3 | 4, ...children: Inline[]): Heading {
  return { type: 'heading', depth, children: collapse(inline(children)) };
}

export function para(...children: Inline[]): Paragraph {
  return { type: 'paragraph', children: inline(children) };
}

/** Paragraphs of a multi-paragraph string (blank-line separated), each as plain text. */
export function paragraphs(s: string): Paragraph[] {
  return s
    .split(/\n\s*\n/)
    .map((p) => oneLine(p))
    .filter((p) => p !== '')
    .map((p) => para(p));
}

export function list(items: readonly (Inline | Inline[])[]): List {
  return {
    type: 'list',
    ordered: false,
    spread: false,
    children: items.map((item): ListItem => ({
      type: 'listItem',
      spread: false,
      children: [para(...(Array.isArray(item) ? item : [item]))],
    })),
  };
}

export type Cell = Inline | Inline[] | number | null | undefined;

function cell(c: Cell): TableCell {
  if (c === null || c === undefined) return { type: 'tableCell', children: [text('—')] };
  if (typeof c === 'number') return { type: 'tableCell', children: [text(String(c))] };
  return { type: 'tableCell', children: collapse(inline(Array.isArray(c) ? c : [c])) };
}

/** A GFM table; `right` names the columns to right-align (numbers). */
export function table(
  headers: readonly string[],
  rows: readonly Cell[][],
  right: readonly number[] = [],
): Table {
  const row = (cells: readonly Cell[]): TableRow => ({ type: 'tableRow', children: cells.map(cell) });
  return {
    type: 'table',
    align: headers.map((_, i) => (right.includes(i) ? 'right' : 'left')),
    children: [row(headers), ...rows.map(row)],
  };
}

/** A table, or a sentence saying there is nothing to show. */
export function tableOr(
  empty: string,
  headers: readonly string[],
  rows: readonly Cell[][],
  right: readonly number[] = [],
): Block {
  return rows.length === 0 ? para(empty) : table(headers, rows, right);
}

/** Joins inline items with a separator. */
export function joined(items: readonly Inline[], sep = ', '): Inline[] {
  return items.flatMap((item, i) => (i === 0 ? [item] : [sep, item]));
}
