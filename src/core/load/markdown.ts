/**
 * The Markdown artifacts, parsed with remark into the structures of the contract: hypotheses,
 * profiled-service sections with their attachments, capacity sections, Action items.
 */
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import type { Definition, Root, RootContent, Heading, ListItem } from 'mdast';
import { diag, pointerOf, type Diagnostic } from '../diagnostics.ts';
import type { Parsed } from './json.ts';
import { PLAIN_COMMENT } from './markdown-limits.ts';

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

interface Section {
  heading: Heading;
  title: string;
  nodes: RootContent[];
}

/** Splits a document into its level-2 sections. */
function level2Sections(root: Root): Section[] {
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

interface KeyValue {
  key: string;
  value: string;
  line: number;
}

const KEY_VALUE = /^\s*([A-Za-z][A-Za-z0-9 _/()-]{0,40}?)\s*:\s*(.*)$/s;

/** `Key: value` bullets (the key may be bold) of the top-level lists among `nodes`. */
function keyValues(nodes: RootContent[]): KeyValue[] {
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

const lineOfNode = (n: { position?: { start: { line: number } } | undefined }): number =>
  n.position?.start.line ?? 1;

export interface Hypothesis {
  id: string;
  statement: string;
  owner?: string;
  risk?: string;
  validation?: string;
  service?: string;
  status: string;
  line: number;
}

const HYPOTHESIS_HEADING = /^(H-\d+)\s*[:.\u2013\u2014-]\s*(.+)$/;

/** hypothesis-log.md: `## H-1: statement` followed by `Key: value` bullets. */
export function parseHypothesisLog(root: Root, file: string): Parsed<{ hypotheses: Hypothesis[] }> {
  const lines = new Map<string, number>([['', 1]]);
  const diagnostics: Diagnostic[] = [];
  const hypotheses: Hypothesis[] = [];
  for (const section of level2Sections(root)) {
    const line = lineOfNode(section.heading);
    const m = HYPOTHESIS_HEADING.exec(section.title);
    if (!m) {
      diagnostics.push(
        diag(
          'hypothesis.heading',
          'warning',
          file,
          `Unexpected level-2 heading "${section.title}": it is not a hypothesis and is ignored`,
          'Write hypotheses as `## H-<n>: <statement>`; use level-3 headings for other sections.',
          { line },
        ),
      );
      continue;
    }
    const i = hypotheses.length;
    const base = pointerOf('hypotheses', i);
    lines.set(base, line);
    lines.set(`${base}/id`, line);
    lines.set(`${base}/statement`, line);
    const h: Hypothesis = { id: m[1] ?? '', statement: (m[2] ?? '').trim(), status: 'open', line };
    for (const kv of keyValues(section.nodes)) {
      const fields = {
        owner: 'owner',
        risk: 'risk',
        validation: 'validation',
        service: 'service',
        status: 'status',
      } as const;
      const field = fields[kv.key as keyof typeof fields] as keyof typeof fields | undefined;
      if (!field) continue;
      h[field] = field === 'risk' || field === 'status' ? kv.value.toLowerCase() : kv.value;
      lines.set(`${base}/${field}`, kv.line);
    }
    hypotheses.push(h);
  }
  return { data: { hypotheses }, lines, diagnostics };
}

export interface ProfilingSection {
  service: string;
  links: string[];
  profiler?: string;
  window?: string;
  hot_path?: string;
  code_blocks: number;
}

/** HTML comments: what they hold is hidden from a reader. */
const HTML_COMMENT = /<!--[\s\S]*?(?:-->|$)/g;

/** Reference definitions of a document by identifier (the first wins, as in CommonMark). */
function definitionsOf(root: Root): Map<string, string> {
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
function linkTargets(
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

/** profiling-report.md: one `## <service>` section per profiled service. */
export function parseProfilingReport(root: Root): Parsed<{ sections: ProfilingSection[] }> {
  const lines = new Map<string, number>([['', 1]]);
  const sections: ProfilingSection[] = [];
  const defs = definitionsOf(root);
  for (const section of level2Sections(root)) {
    const base = pointerOf('sections', sections.length);
    lines.set(base, lineOfNode(section.heading));
    lines.set(`${base}/service`, lineOfNode(section.heading));
    const links = linkTargets(section.nodes, defs);
    links.forEach((l, j) => lines.set(`${base}/links/${j}`, l.line));
    const s: ProfilingSection = {
      service: section.title,
      links: links.map((l) => l.url),
      code_blocks: section.nodes.filter((n) => n.type === 'code').length,
    };
    for (const kv of keyValues(section.nodes)) {
      if (kv.key === 'profiler') s.profiler = kv.value;
      else if (kv.key === 'window') s.window = kv.value;
      else if (kv.key === 'hot path') s.hot_path = kv.value;
    }
    sections.push(s);
  }
  return { data: { sections }, lines, diagnostics: [] };
}

/** capacity-analysis.md: one `## <service>` section per analysed service, `Key: value` bullets. */
export function parseCapacityAnalysis(
  root: Root,
): Parsed<{ sections: { service: string; entries: { key: string; value: string }[] }[] }> {
  const lines = new Map<string, number>([['', 1]]);
  const sections = level2Sections(root).map((section, i) => {
    const base = pointerOf('sections', i);
    lines.set(base, lineOfNode(section.heading));
    lines.set(`${base}/service`, lineOfNode(section.heading));
    const entries: { key: string; value: string }[] = [];
    for (const node of section.nodes) {
      if (node.type !== 'list') continue;
      for (const item of node.children) {
        const m = KEY_VALUE.exec(toString(item.children[0] ?? { type: 'text', value: '' }));
        if (!m) continue;
        lines.set(`${base}/entries/${entries.length}`, lineOfNode(item));
        entries.push({ key: (m[1] ?? '').trim(), value: (m[2] ?? '').trim() });
      }
    }
    return { service: section.title, entries };
  });
  return { data: { sections }, lines, diagnostics: [] };
}

export interface ActionItem {
  action: string;
  consumer?: string;
}

/** continuous-improvement-notes.md: each bullet starting `Action:` is a backlog item. */
export function parseImprovementNotes(root: Root): Parsed<{ actions: ActionItem[] }> {
  const lines = new Map<string, number>([['', 1]]);
  const actions: ActionItem[] = [];
  const items: ListItem[] = [];
  visit(root, 'listItem', (item: ListItem) => {
    items.push(item);
  });
  items.forEach((item, i) => {
    const body = toString(item.children[0] ?? { type: 'text', value: '' }).trim();
    const m = /^action\s*:\s*(.*)$/is.exec(body);
    if (m) {
      const [action, consumer] = (m[1] ?? '').split(/\s*\bconsumer\s*:\s*/i);
      const a: ActionItem = { action: (action ?? '').trim() };
      if (consumer) a.consumer = consumer.trim();
      lines.set(pointerOf('actions', actions.length), lineOfNode(item));
      actions.push(a);
      return;
    }
    const c = /^consumer\s*:\s*(.*)$/is.exec(body);
    const prev = actions.at(-1);
    if (
      c &&
      prev &&
      prev.consumer === undefined &&
      items[i - 1] &&
      /^action\s*:/i.test(toString(items[i - 1]!.children[0] ?? { type: 'text', value: '' }).trim())
    ) {
      prev.consumer = (c[1] ?? '').trim();
    }
  });
  return { data: { actions }, lines, diagnostics: [] };
}

/** Free Markdown (instrumentation log): title and length only. */
export function parseFreeMarkdown(root: Root, text: string): Parsed<{ title?: string; length: number }> {
  const heading = root.children.find((n): n is Heading => n.type === 'heading');
  const data: { title?: string; length: number } = { length: text.trim().length };
  if (heading) data.title = toString(heading).trim();
  return { data, lines: new Map([['', 1]]), diagnostics: [] };
}
