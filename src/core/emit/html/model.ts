/**
 * What report.html is rendered from: the core's records of the cycle (the evaluation, the display
 * records the site computes from the artifacts, the profiles drawn by perfgate) and the names of
 * the files in the bundle it travels in, so that it links only to files that are there.
 */
import type { Diagnostic } from '../../diagnostics.ts';
import type { CycleEvaluation } from '../../evaluate/types.ts';
import type { CycleDetails, Verdict } from '../../history/site-data.ts';
import type { SloBudgets } from '../../slo/index.ts';
import { encodePath } from '../../history/site-data.ts';
import { h, type Child, type Html } from './h.ts';
import { STATUS, type Status } from './words.ts';

export interface OfflineEvidence {
  path: string;
  sha256: string;
  bytes: number;
  /** input, attachment, generated (upstream files are listed apart). */
  role: string;
  gates: number[];
  /** A file kept in object storage: the object's URL (the bundle holds its pointer or its bytes). */
  object?: string;
  /** For a stored file, the bundle entry that stands for it (its pointer, or its own path). */
  pointer?: string;
}

export interface OfflineDocument {
  file: string;
  /** rehype-sanitize's output (render-markdown.ts), or null when the file is linked, not rendered. */
  html: string | null;
  /** Why it is not rendered, when it is not. */
  note?: string;
}

export interface OfflineModel {
  cycleId: string | null;
  title: string;
  period: { start: string; end: string } | null;
  verdict: Verdict;
  exitCode: 0 | 1 | 2;
  evaluation: CycleEvaluation;
  diagnostics: readonly Diagnostic[];
  details: CycleDetails;
  /** Every file the manifest lists but this one: evidence, then the other generated files. */
  files: readonly OfflineEvidence[];
  upstream: readonly { path: string; protocol: number; sha256: string; bytes: number }[];
  /** Names of the bundle's entries (evidence-manifest.json and SHA256SUMS included): what may be linked. */
  bundled: ReadonlySet<string>;
  /** The SLO error budgets of the cycle's OpenSLO documents; null without documents. */
  sloBudgets: SloBudgets | null;
  /** The flame-graph files the profiling report links (evidence: linked, never inlined). */
  flameGraphs: readonly string[];
  documents: readonly OfflineDocument[];
  previousManifestSha256: string | null;
  /** The decision is signed (`report --sign-key`): the verify steps name the key check. */
  signed: boolean;
  tool: string;
}

/** The relative URL of a bundle file (report.html sits at the bundle's root). */
export function fileUrl(path: string): string {
  return encodePath(path);
}

/** Evidence a browser would run if it opened it (an SVG or HTML flame graph can carry script). */
const ACTIVE = /\.(html?|xhtml|svgz?|xml|xsl)$/i;

/**
 * A link to a file of the bundle, or the name as code when the bundle does not hold it (an
 * upstream file, a file in object storage without its bytes): never a link that leads nowhere.
 * Evidence that could run script is offered as a download, never opened beside this page (as on the
 * site, where this page may be served too); this page itself is perfgate's and opens.
 */
export function fileLink(m: OfflineModel, path: string, label: Child = h('code', null, path)): Html {
  if (!m.bundled.has(path)) return h('span', null, label);
  const download = ACTIVE.test(path) && path !== 'report.html';
  return h('a', { href: fileUrl(path), download }, label);
}

/** A status word with its icon and tone (never colour alone). */
export function badge(status: Status, label?: string, tone?: string): Html {
  return h(
    'span',
    { class: 'badge', 'data-tone': tone ?? status },
    h('span', { 'aria-hidden': 'true' }, STATUS[status].icon),
    ' ',
    label ?? STATUS[status].label,
  );
}

/** A number as people read it, with the exact value the core computed in `value`. */
export function value(v: number | boolean | null | undefined, text: string, cls?: string): Html {
  return v === null || v === undefined
    ? h('span', { class: cls }, text)
    : h('data', { class: cls, value: String(v) }, text);
}

/** A table in its own labelled, focusable box (it scrolls sideways on a narrow screen). */
export function tableBox(
  id: string,
  caption: Child,
  head: readonly Child[],
  rows: Child,
  cls?: string,
): Html {
  return h(
    'div',
    { class: 'table-wrap', role: 'region', 'aria-labelledby': id, tabindex: 0 },
    h(
      'table',
      { class: cls },
      h('caption', { id }, caption),
      h('thead', null, h('tr', null, head)),
      h('tbody', null, rows),
    ),
  );
}

/** A header cell of a column; `num` right-aligns it. */
export function col(label: Child, num = false): Html {
  return h('th', { scope: 'col', class: num ? 'num' : undefined }, label);
}

/** A muted sentence saying there is nothing to show. */
export function none(text: string): Html {
  return h('p', { class: 'muted' }, text);
}
