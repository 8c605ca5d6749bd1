/** The Markdown of the job summary and the pull-request comment (the same content). Pure. */
import type { Anchors, PreviousCycle } from './anchors.ts';
import { markdownCell as cell, markdownText as text } from './escape.ts';
import type { GatesReport, KpiDeltaRow } from './types.ts';
import { unitOf } from '../evaluate/messages.ts';
import { formatAgainst, formatImprovement, formatP, formatThreshold } from '../format/index.ts';
import { decisionWords, statusLabel, tally } from '../format/words.ts';

/** GitHub renders emoji where the site draws its own icons; the words are the site's (format/words.ts). */
const EMOJI: Record<string, string> = {
  pass: '✅',
  waived: '🟡',
  fail: '❌',
  pending: '⏳',
  not_evaluable: '❌',
};
const status = (s: string) => `${EMOJI[s] ?? ''} ${cell(statusLabel(s))}`.trim();

export interface SummaryContext {
  previous?: PreviousCycle | null;
  anchors?: Anchors | null;
  /** Absolute URL of the cycle's page on the published site, when known. */
  cycleUrl?: string | null;
}

/** How many KPI deltas the summary lists (the largest changes first). */
export const TOP_KPIS = 5;

const kpiName = (k: KpiDeltaRow) => `${k.service} ${k.endpoint ? `${k.endpoint} ` : ''}${k.kpi}`;
const pct = (x: number | null) => formatImprovement(x);

const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);

/** The 95 % interval of the improvement from the runs, or why there is none (never a per-request test). */
function interval(k: KpiDeltaRow): string {
  const ci = Array.isArray(k.stats?.ci95) ? k.stats.ci95.map(num) : [];
  const p = num(k.stats?.p);
  const [lo, hi] = [ci[0] ?? null, ci[1] ?? null];
  if (ci.length !== 2 || lo === null || hi === null || p === null)
    return 'no interval (fewer than two referenced runs per side)';
  return `${pct(lo)} to ${pct(hi)} (p = ${formatP(p)})`;
}

/** `before: median of runs a, b, c; after: typed, no evidence`, linked to the cycle page's row when known. */
function from(k: KpiDeltaRow, i: number, cycleUrl: string | null | undefined): string {
  const side = (s: { text?: unknown } | undefined) => (typeof s?.text === 'string' ? s.text : 'unknown');
  const words = `before: ${side(k.sources?.before)}; after: ${side(k.sources?.after)}`;
  return cycleUrl ? `[${text(words)}](<${cycleUrl}#kpi-${i}>)` : text(words);
}

/** `🟡 Passed with waivers: 3 of 4 gates pass, 1 waived`, in the site's words. */
function verdict(r: GatesReport): string {
  const w = decisionWords(r.exit_code, r.gates, r.diagnostics);
  return `${w.icon === '⛔' ? '⛔' : EMOJI[w.tone]} ${w.label}: ${w.tally}`;
}

function gateTable(r: GatesReport): string[] {
  const lines = ['| Gate | Status | Criteria |', '|---|---|---|'];
  for (const g of r.gates) {
    lines.push(
      `| ${cell(g.gate)} ${cell(g.name)} | ${status(g.status)} | ${tally(g.criteria, 'criterion')} |`,
    );
  }
  const notable = r.gates.flatMap((g) =>
    g.criteria.filter((c) => c.status !== 'pass' || c.at_risk).map((c) => ({ g, c })),
  );
  if (notable.length > 0) {
    lines.push('', '| Criterion | Status | Actual | Threshold |', '|---|---|---|---|');
    const numeric = (v: unknown) => (typeof v === 'number' || typeof v === 'boolean' ? v : null);
    /** A criterion's value in its unit, as the terminal and the report show it (`14.96 %`, `>= 15 %`). */
    const shown = (c: (typeof notable)[number]['c'], v: unknown, threshold = false): unknown => {
      const x = numeric(v);
      if (x === null) return v;
      return threshold ? formatThreshold(unitOf(c), x) : formatAgainst(unitOf(c), x, numeric(c.threshold));
    };
    for (const { g, c } of notable)
      lines.push(
        `| ${cell(g.gate)}: ${cell(c.id)} | ${status(c.status)}${c.at_risk ? ' (at risk)' : ''} | ${cell(shown(c, c.actual))} | ${cell(c.operator)} ${cell(shown(c, c.threshold, true))} |`,
      );
  }
  return lines;
}

function kpiTable(r: GatesReport, cycleUrl: string | null | undefined): string[] {
  const all = r.deltas?.kpis ?? [];
  const kpis = all.filter((k) => typeof k.before === 'number' && typeof k.after === 'number');
  if (kpis.length === 0) return [];
  const top = [...kpis]
    .sort(
      (a, b) =>
        Math.abs(b.improvement ?? 0) - Math.abs(a.improvement ?? 0) || (kpiName(a) < kpiName(b) ? -1 : 1),
    )
    .slice(0, TOP_KPIS);
  const lines = [
    '',
    `### KPI changes (${top.length} largest of ${kpis.length}, positive is better)`,
    '',
    '| KPI | Role | Before | After | Change | 95 % interval (runs) | From |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const k of top)
    lines.push(
      `| ${cell(kpiName(k))} | ${cell(k.role)} | ${cell(k.before)} | ${cell(k.after)} | ${pct(k.improvement)}${k.regression ? ` ⚠️ regression${k.confirmed ? ' (confirmed)' : ' (not confirmed: more runs would decide)'}` : ''} | ${interval(k)} | ${from(k, all.indexOf(k), cycleUrl)} |`,
    );
  return lines;
}

function sinceTable(r: GatesReport, prev: PreviousCycle): string[] {
  const lines = [
    '',
    `### Since ${cell(prev.cycleId)} (the newest archived cycle other than this one)`,
    '',
    '| Gate | Then | Now |',
    '|---|---|---|',
  ];
  for (const g of r.gates) {
    const then = prev.report.gates.find((p) => p.gate === g.gate);
    lines.push(
      `| ${cell(g.gate)} ${cell(g.name)} | ${then ? status(then.status) : '—'} | ${status(g.status)} |`,
    );
  }
  const before = new Map((prev.report.deltas?.kpis ?? []).map((k) => [kpiName(k), k]));
  const shared = (r.deltas?.kpis ?? []).filter((k) => before.has(kpiName(k))).slice(0, TOP_KPIS);
  if (shared.length > 0) {
    lines.push('', '| KPI | Then (after) | Now (after) |', '|---|---|---|');
    for (const k of shared)
      lines.push(`| ${cell(kpiName(k))} | ${cell(before.get(kpiName(k))?.after)} | ${cell(k.after)} |`);
  }
  return lines;
}

function anchorLines(a: Anchors): string[] {
  const lines = ['', '### Record', ''];
  lines.push(
    a.chainHead
      ? `- Chain head (SHA-256 of the newest archived cycle's evidence-manifest.json): \`${a.chainHead.sha256}\``
      : '- Chain head: no archived cycle yet.',
  );
  lines.push(
    a.bundle
      ? `- This cycle's performance-evidence-bundle.zip: SHA-256 \`${a.bundle.sha256}\``
      : "- This cycle's evidence bundle: not written yet (`perfgate report` writes it).",
  );
  if (a.headBundle)
    lines.push(
      `- The newest archived cycle's performance-evidence-bundle.zip: SHA-256 \`${a.headBundle.sha256}\``,
    );
  return lines;
}

/** Verdict, gate table, top KPI deltas, changes since the previous archived cycle, anchors, link. */
export function summaryMarkdown(r: GatesReport, ctx: SummaryContext = {}): string {
  const lines = [
    `## perfgate: ${text(r.cycle_id ?? 'current cycle')} — ${verdict(r)}`,
    '',
    `Evaluated at ${cell(r.evaluated_at)}.`,
    '',
    ...gateTable(r),
    ...kpiTable(r, ctx.cycleUrl),
    ...(ctx.previous ? sinceTable(r, ctx.previous) : []),
    ...(ctx.anchors ? anchorLines(ctx.anchors) : []),
  ];
  if (ctx.cycleUrl) lines.push('', `[The cycle's page on the site](<${ctx.cycleUrl}>)`);
  const problems = r.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'critical').length;
  if (problems > 0)
    lines.push('', `${problems} validation ${problems === 1 ? 'problem' : 'problems'}; see the annotations.`);
  return lines.join('\n') + '\n';
}

/** A URL safe inside `[...](<url>)`: http(s), no angle brackets, spaces or control characters. */
export function safeLinkUrl(u: unknown): string | null {
  if (typeof u !== 'string' || !/^https?:\/\/[^\s<>"'`\\\u0000-\u001f\u007f]+$/.test(u)) return null;
  try {
    return new URL(u).href === u ? u : null;
  } catch {
    return null;
  }
}
