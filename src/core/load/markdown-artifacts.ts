/**
 * The Markdown artifacts, parsed into the structures of the contract: hypotheses, profiled-service
 * sections with their attachments, capacity sections, Action items.
 */
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import type { Root, Heading, ListItem } from 'mdast';
import { diag, pointerOf, type Diagnostic } from '../diagnostics.ts';
import type { Parsed } from './json.ts';
import {
  definitionsOf,
  KEY_VALUE,
  keyValues,
  level2Sections,
  lineOfNode,
  linkTargets,
} from './markdown-structure.ts';

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
