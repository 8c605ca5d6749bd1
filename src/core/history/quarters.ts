/**
 * The quarterly view (protocol 18, section 4.2.3, "quarterly metrics dashboard with trends"): per
 * calendar quarter (by period start, as the history's timeline files cycles), the cycles and their
 * verdicts, each gate's pass rate, the waivers used and the improvement the cycles' targets achieved.
 */
import type { GateStatus } from '../evaluate/types.ts';
import type { CycleRecord } from './site-data.ts';
import type { QuarterRow } from './quarter-types.ts';

export type * from './quarter-types.ts';

function quarterOf(c: Pick<CycleRecord, 'period'>): { key: string; label: string } {
  const t = c.period ? Date.parse(c.period.start) : NaN;
  if (!Number.isFinite(t)) return { key: 'undated', label: 'no period' };
  const d = new Date(t);
  const q = Math.floor(d.getUTCMonth() / 3) + 1;
  return { key: `${d.getUTCFullYear()}-Q${q}`, label: `${d.getUTCFullYear()} Q${q}` };
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

type Source = Pick<CycleRecord, 'slug' | 'cycle_id' | 'period' | 'verdict' | 'evaluation' | 'details'>;

/** The quarters of `cycles`, oldest first (undated last). */
export function quarters(cycles: readonly Source[]): QuarterRow[] {
  const rows = new Map<string, QuarterRow & { improvements: number[] }>();
  for (const c of cycles) {
    const { key, label } = quarterOf(c);
    let row = rows.get(key);
    if (!row)
      rows.set(
        key,
        (row = {
          key,
          label,
          cycles: [],
          verdicts: { pass: 0, waived: 0, fail: 0, in_progress: 0 },
          gates: [],
          waivers_applied: 0,
          waivers_expired: 0,
          targets: 0,
          median_improvement: null,
          best_improvement: null,
          improvements: [],
        }),
      );
    row.cycles.push({ slug: c.slug, cycle_id: c.cycle_id });
    row.verdicts[c.verdict]++;
    for (const g of c.evaluation.gates) {
      let gate = row.gates.find((x) => x.gate === g.gate);
      if (!gate) {
        gate = { gate: g.gate, name: g.name, pass: 0, waived: 0, fail: 0, pending: 0, pass_rate: null };
        row.gates.push(gate);
      }
      gate[g.status satisfies GateStatus]++;
    }
    for (const w of c.details.waivers ?? []) {
      if (w.state === 'applied') row.waivers_applied++;
      if (w.state === 'expired') row.waivers_expired++;
    }
    for (const d of c.evaluation.deltas.kpis)
      if (d.role === 'target' && d.improvement !== null) row.improvements.push(d.improvement);
  }
  return [...rows.values()]
    .sort((a, b) => (a.key === 'undated' ? 1 : b.key === 'undated' ? -1 : a.key < b.key ? -1 : 1))
    .map(({ improvements, ...row }) => ({
      ...row,
      cycles: [...row.cycles].reverse(),
      gates: row.gates
        .sort((a, b) => a.gate - b.gate)
        .map((g) => {
          const decided = g.pass + g.waived + g.fail;
          return { ...g, pass_rate: decided > 0 ? (g.pass + g.waived) / decided : null };
        }),
      targets: improvements.length,
      median_improvement: median(improvements),
      best_improvement: improvements.length ? Math.max(...improvements) : null,
    }));
}
