/** A comparison in plain text lines, for the terminal (`perfgate compare`). */
import { formatImprovement } from '../../format/percent.ts';
import { formatKpiValue } from '../../format/kpi.ts';
import type { Verdict } from '../types.ts';
import type { Comparison } from './types.ts';

const VERDICT: Record<Verdict, string> = {
  pass: 'all gates passed',
  waived: 'passed with waivers',
  fail: 'a gate failed',
  in_progress: 'in progress',
};

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));

/** Every line `perfgate compare` prints for a comparison. */
export function comparisonText(c: Comparison): string {
  const d = c.diff;
  const out: string[] = [
    `A  ${c.a.cycle_id}  ${c.a.title} (${VERDICT[c.a.verdict]})`,
    `B  ${c.b.cycle_id}  ${c.b.title} (${VERDICT[c.b.verdict]})`,
    'Change is B against A in each KPI’s direction: positive is better.',
  ];
  if (c.warnings.length > 0) {
    out.push('', `Not directly comparable (${c.warnings.length}):`);
    for (const w of c.warnings) out.push(`  ⚠ ${w.message}`);
  }
  out.push('', 'Gates (A → B):');
  for (const g of c.gates)
    out.push(
      `  ${g.gate} ${pad(g.name, 13)} ${pad(g.a ?? '—', 8)} → ${g.b ?? '—'}${g.a !== g.b ? '  (changed)' : ''}`,
    );
  out.push('', `KPIs measured in both (after values, ${d.kpis.length}):`);
  const rows = d.kpis.map((k) => [
    `${k.service} ${k.kpi}${k.endpoint ? ` [${k.endpoint}]` : ''}`,
    formatKpiValue(k.kpi, k.previous_after),
    formatKpiValue(k.kpi, k.after),
    formatImprovement(k.change),
    k.trend.replace('_', ' '),
  ]);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length), 0));
  out.push(
    `  ${pad('service kpi', widths[0]!)}  ${pad('A', widths[1]!)}  ${pad('B', widths[2]!)}  ${pad('change', widths[3]!)}`,
  );
  for (const r of rows) out.push(`  ${r.map((x, i) => (i < 4 ? pad(x, widths[i]!) : x)).join('  ')}`);
  const keys = (ks: typeof d.kpis_added) =>
    ks.map((k) => `${k.service} ${k.kpi}${k.endpoint ? ` [${k.endpoint}]` : ''}`).join(', ');
  if (d.kpis_dropped.length > 0)
    out.push('', `Only in A (${d.kpis_dropped.length}): ${keys(d.kpis_dropped)}`);
  if (d.kpis_added.length > 0) out.push('', `Only in B (${d.kpis_added.length}): ${keys(d.kpis_added)}`);
  if (d.slos.length > 0) {
    out.push('', 'SLO objectives (after the update):');
    for (const s of d.slos)
      out.push(
        `  ${s.service} ${s.sli}  ${formatKpiValue(s.sli, s.previous_objective)} → ${formatKpiValue(s.sli, s.objective)}  ${s.trend}`,
      );
  }
  return out.join('\n');
}
