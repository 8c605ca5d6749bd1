/**
 * The structure the contract's Markdown artifacts share: level-2 sections, `Key: value` bullets,
 * the links a reader can see, and the line of a node.
 */
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import type { Definition, Root, RootContent, Heading } from 'mdast';

export interface Section {
  heading: Heading;
  title: string;
  nodes: RootContent[];
}

/** Splits a document into its level-2 sections. */
export function level2Sections(root: Root): Section[] {
  const sections: Section[] = [];
  let current: Section | undefined;
  for (const node of root.children) {
    if (node.type === 'heading' && node.depth <= 2) {
      current = node.depth === 2 ? { heading: node, title: toString(node).trim(), nodes: [] } : undefined;
      if (current) sections.push(current);
    } else if (current) current.nodes.push(node);
  }
  return sections;
}

export interface KeyValue {
  key: string;
  value: string;
  line: number;
}

export const KEY_VALUE = /^\s*([A-Za-z][A-Za-z0-9 _/()-]{0,40}?)\s*:\s*(.*)$/s;

/** `Key: value` bullets (the key may be bold) of the top-level lists among `nodes`. */
export function keyValues(nodes: RootContent[]): KeyValue[] {
  const out: KeyValue[] = [];
  for (const node of nodes) {
    if (node.type !== 'list') continue;
    for (const item of node.children) {
      const first = item.children[0];
      if (!first || first.type !== 'paragraph') continue;
      const m = KEY_VALUE.exec(toString(first));
      if (m)
        out.push({
          key: (m[1] ?? '').trim().toLowerCase(),
          value: (m[2] ?? '').trim(),
          line: item.position?.start.line ?? 0,
        });
    }
  }
  return out;
}

export const lineOfNode = (n: { position?: { start: { line: number } } | undefined }): number =>
  n.position?.start.line ?? 1;

/** HTML comments: what they hold is hidden from a reader. */
const HTML_COMMENT = /<!--[\s\S]*?(?:-->|$)/g;

/** Reference definitions of a document by identifier (the first wins, as in CommonMark). */
export function definitionsOf(root: Root): Map<string, string> {
  const defs = new Map<string, string>();
  visit(root, 'definition', (d: Definition) => {
    if (!defs.has(d.identifier)) defs.set(d.identifier, d.url);
  });
  return defs;
}

/**
 * The targets a reader can see in a list of nodes, in document order: links and images, references
 * resolved through their definitions, and src/href of raw HTML outside comments. A definition no
 * reference uses, a link in an HTML comment and anything in a code block are not shown, so they
 * are not links of the section (ARTIFACTS.md section 3).
 */
export function linkTargets(
  nodes: RootContent[],
  defs: ReadonlyMap<string, string>,
): { url: string; line: number }[] {
  const out: { url: string; line: number }[] = [];
  const root: Root = { type: 'root', children: nodes };
  visit(root, (node) => {
    if (node.type === 'link' || node.type === 'image') out.push({ url: node.url, line: lineOfNode(node) });
    if (node.type === 'linkReference' || node.type === 'imageReference') {
      const url = defs.get(node.identifier);
      if (url !== undefined) out.push({ url, line: lineOfNode(node) });
    }
    if (node.type === 'html') {
      const visible = node.value.replace(HTML_COMMENT, '');
      for (const m of visible.matchAll(/\b(?:src|href)\s*=\s*["']([^"']+)["']/gi))
        out.push({ url: m[1] ?? '', line: lineOfNode(node) });
    }
  });
  return out;
}
