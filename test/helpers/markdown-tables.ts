/** Reads Markdown as GitHub would (remark + GFM): its tables as plain text cells, and any node untrusted text must never become. */
import type { Root, RootContent, Table } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';

export interface TextTable {
  header: string[];
  rows: string[][];
}

/** Tables, and the HTML, link, image, emphasis and footnote nodes found (allowed: the one `<!-- perfgate:comment -->` and links the caller expects). */
export function markdownTables(
  md: string,
  allowedLinks: string[] = [],
): { tables: TextTable[]; forbidden: string[] } {
  const tree = unified().use(remarkParse).use(remarkGfm).parse(md) as Root;
  const tables: TextTable[] = [];
  const forbidden: string[] = [];
  visit(tree, (node: Root | RootContent) => {
    if (node.type === 'table') {
      const [head, ...body] = (node as Table).children.map((r) => r.children.map((c) => toString(c)));
      tables.push({ header: head ?? [], rows: body });
    }
    if (node.type === 'html' && node.value !== '<!-- perfgate:comment -->')
      forbidden.push(`html ${node.value}`);
    if (node.type === 'link' && !allowedLinks.includes(node.url)) forbidden.push(`link ${node.url}`);
    if (
      [
        'image',
        'emphasis',
        'strong',
        'delete',
        'footnoteReference',
        'imageReference',
        'linkReference',
      ].includes(node.type)
    )
      forbidden.push(node.type);
  });
  return { tables, forbidden };
}
