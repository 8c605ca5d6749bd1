/**
 * Markdown read from a cycle: parsed with remark (GFM), and the warnings about what the site will
 * not run (raw HTML, script links). The structure artifacts share is in markdown-structure.ts, the
 * contract's artifacts in markdown-artifacts.ts.
 */
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import { visit } from 'unist-util-visit';
import type { Root } from 'mdast';
import { diag, type Diagnostic } from '../diagnostics.ts';
import { PLAIN_COMMENT } from './markdown-limits.ts';
import { lineOfNode } from './markdown-structure.ts';

const processor = unified().use(remarkParse).use(remarkGfm);

export function parseMarkdownTree(text: string): Root {
  return processor.parse(text);
}

/** Schemes that run script or carry a document; browsers ignore blanks and controls inside a scheme. */
const SCRIPT_SCHEME = /^(?:javascript|vbscript|data):/i;
/** At most this many warnings of each kind per file (then one that counts the rest). */
const MAX_WARNINGS = 20;

/**
 * Raw HTML and script-capable links in a Markdown artifact. The site never runs them (raw HTML is
 * shown as code, such links as plain text); the warnings tell the author why.
 */
export function markdownWarnings(root: Root, file: string): Diagnostic[] {
  const found: Record<'html' | 'link', { line: number; what: string }[]> = { html: [], link: [] };
  visit(root, (node) => {
    if (node.type === 'html' && !PLAIN_COMMENT.test(node.value))
      found.html.push({ line: lineOfNode(node), what: node.value });
    else if (node.type === 'link' || node.type === 'image' || node.type === 'definition') {
      const url = node.url.replace(/[\u0000-\u0020\u007f]+/g, '');
      const scheme = SCRIPT_SCHEME.exec(url);
      if (scheme) found.link.push({ line: lineOfNode(node), what: scheme[0].toLowerCase() });
    }
  });
  const out: Diagnostic[] = [];
  const preview = (s: string) => JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);
  for (const [i, h] of found.html.slice(0, MAX_WARNINGS).entries())
    out.push(
      diag(
        'markdown.raw-html',
        'warning',
        file,
        `Unexpected raw HTML ${preview(h.what)}${i === MAX_WARNINGS - 1 && found.html.length > MAX_WARNINGS ? ` (and ${found.html.length - MAX_WARNINGS} more)` : ''}: the site shows it as code, never as markup`,
        'Write Markdown instead (links, images, tables); HTML in an artifact is displayed as text and never runs.',
        { line: h.line },
      ),
    );
  for (const [i, l] of found.link.slice(0, MAX_WARNINGS).entries())
    out.push(
      diag(
        'markdown.unsafe-link',
        'warning',
        file,
        `Unexpected \`${l.what}\` link${i === MAX_WARNINGS - 1 && found.link.length > MAX_WARNINGS ? ` (and ${found.link.length - MAX_WARNINGS} more)` : ''}: it can run script, so the site shows its text without the link`,
        'Link to a file of the cycle or to an http(s) page.',
        { line: l.line },
      ),
    );
  return out;
}
