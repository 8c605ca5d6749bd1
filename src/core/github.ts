/** GitHub Actions output: the gate table for $GITHUB_STEP_SUMMARY and `::error` annotations. Pure. */
import { isError, type Diagnostic } from './diagnostics.ts';
import { unitOf } from './evaluate/messages.ts';
import { formatAgainst, formatThreshold } from './format/index.ts';

/** The part of `perfgate gates --json` (ARTIFACTS.md section 4) that CI needs. */
export interface GatesReport {
  cycle_id: string | null;
  evaluated_at: string;
  exit_code: number;
  gates: {
    gate: number;
    name: string;
    status: string;
    criteria: {
      id: string;
      status: string;
      actual: unknown;
      threshold: unknown;
      operator: string;
      at_risk?: boolean;
    }[];
  }[];
  diagnostics: Diagnostic[];
}

const ICON: Record<string, string> = {
  pass: '✅ pass',
  waived: '🟡 waived',
  fail: '❌ fail',
  pending: '⏳ pending',
  not_evaluable: '❌ not evaluable',
};

/** Escapes text for a Markdown table cell. */
type Criterion = GatesReport['gates'][number]['criteria'][number];
const numeric = (v: unknown) => (typeof v === 'number' || typeof v === 'boolean' ? v : null);

/** A criterion's value in its unit, as the terminal and the report show it (`14.96 %`, `>= 15 %`). */
function shown(c: Criterion, v: unknown, threshold = false): unknown {
  const x = numeric(v);
  if (x === null) return v;
  const unit = unitOf(c);
  return threshold ? formatThreshold(unit, x) : formatAgainst(unit, x, numeric(c.threshold));
}

function cell(v: unknown): string {
  const s =
    v === null || v === undefined
      ? '—'
      : typeof v === 'number'
        ? String(Math.round(v * 10_000) / 10_000)
        : String(v);
  return s.replace(/[|\\`*_[\]]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

/** The step summary: verdict line, one row per gate, one row per failing or at-risk criterion. */
export function stepSummary(r: GatesReport): string {
  const verdict =
    r.exit_code === 0
      ? '✅ all gates pass'
      : r.exit_code === 2
        ? '⛔ prerequisites missing'
        : '❌ gates failed';
  const lines = [
    `## perfgate: ${cell(r.cycle_id ?? 'cycle')} — ${verdict}`,
    '',
    `Evaluated at ${cell(r.evaluated_at)}.`,
    '',
    '| Gate | Status | Criteria |',
    '|---|---|---|',
  ];
  for (const g of r.gates) {
    const passed = g.criteria.filter((c) => c.status === 'pass' || c.status === 'waived').length;
    lines.push(
      `| ${g.gate} ${cell(g.name)} | ${ICON[g.status] ?? cell(g.status)} | ${passed}/${g.criteria.length} |`,
    );
  }
  const notable = r.gates.flatMap((g) =>
    g.criteria.filter((c) => c.status !== 'pass' || c.at_risk).map((c) => ({ g, c })),
  );
  if (notable.length > 0) {
    lines.push('', '| Criterion | Status | Actual | Threshold |', '|---|---|---|---|');
    for (const { g, c } of notable) {
      lines.push(
        `| ${g.gate}: ${cell(c.id)} | ${ICON[c.status] ?? cell(c.status)}${c.at_risk ? ' (at risk)' : ''} | ${cell(shown(c, c.actual))} | ${cell(c.operator)} ${cell(shown(c, c.threshold, true))} |`,
      );
    }
  }
  const errors = r.diagnostics.filter(isError).length;
  if (errors > 0) lines.push('', `${errors} validation problem(s); see the annotations.`);
  return lines.join('\n') + '\n';
}

const escapeData = (s: string) => s.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
const escapeProperty = (s: string) => escapeData(s).replaceAll(':', '%3A').replaceAll(',', '%2C');

/** `::error file=…,line=…::message` lines; `repoPath` maps a diagnostic to its path in the repository. */
export function annotations(
  diagnostics: readonly Diagnostic[],
  repoPath: (d: Diagnostic) => string,
): string[] {
  return diagnostics
    .filter((d) => d.severity !== 'info')
    .map((d) => {
      const level = d.severity === 'warning' ? 'warning' : 'error';
      const props = [
        `file=${escapeProperty(repoPath(d))}`,
        ...(d.line !== undefined ? [`line=${d.line}`] : []),
        `title=${escapeProperty(`perfgate ${d.code}`)}`,
      ];
      return `::${level} ${props.join(',')}::${escapeData(`${d.message}. Hint: ${d.hint}`)}`;
    });
}
