/**
 * Cycle over cycle: what changed between a cycle and the one before it. KPI after values and SLO
 * objectives are compared in the KPI's direction with the evaluation's own rules
 * (`contract/direction.ts`), so "better" here means what "improvement" means in a gate.
 */
import { recordedKpis } from './config-kpis.ts';
import { improvement, kpiDirection, type Direction } from '../contract/direction.ts';
import type { GateResult, KpiDelta } from '../evaluate/types.ts';
import type {
  ChangeTrend,
  CycleDiff,
  GateChange,
  KpiChange,
  KpiKey,
  SloChange,
  Verdict,
} from './site-data.ts';

/** What a comparison reads of a KPI delta. */
type DiffKpi = Pick<KpiDelta, 'service' | 'kpi' | 'role' | 'direction' | 'after'> & {
  endpoint?: string | null | undefined;
};

/**
 * What a comparison reads of a cycle: a `CycleRecord` is one, and so is the slim per-cycle record
 * the compare page loads (`compare/side.ts`).
 */
export interface DiffSide {
  slug: string;
  cycle_id: string;
  verdict: Verdict;
  evaluation: {
    gates: readonly Pick<GateResult, 'gate' | 'name' | 'status'>[];
    deltas: { kpis: readonly DiffKpi[] };
    /** The evaluation's config: its `kpis:` directions decide an SLI's direction. */
    config: unknown;
  };
  details: { slo: { changes: readonly { service: string; sli: string; objective_after: number }[] } | null };
}
type Side = DiffSide;

const keyOf = (k: { service: string; kpi: string; endpoint?: string | null | undefined }) =>
  JSON.stringify([k.service, k.kpi, k.endpoint ?? null]);

/** The KPIs with an after value, one per service, KPI and endpoint (a target wins over a monitored one). */
function afterValues(deltas: readonly DiffKpi[]): Map<string, DiffKpi> {
  const byKey = new Map<string, DiffKpi>();
  for (const d of deltas) {
    const k = keyOf(d);
    const seen = byKey.get(k);
    if (!seen || (seen.role === 'monitored' && d.role === 'target')) byKey.set(k, d);
  }
  return byKey;
}

function trendOf(previous: number, current: number, change: number | null): ChangeTrend {
  if (previous === current) return 'unchanged';
  if (change === null) return 'not_comparable';
  return change > 0 ? 'better' : change < 0 ? 'worse' : 'unchanged';
}

const plainKey = (d: DiffKpi): KpiKey => ({ service: d.service, kpi: d.kpi, endpoint: d.endpoint ?? null });

/**
 * Pairs this cycle's KPIs with the previous cycle's: same service, KPI and endpoint first; then a
 * service and KPI left alone on both sides (e.g. a service-level target against one monitored
 * endpoint), which is still the same KPI of the same service.
 */
function pairKpis(before: Map<string, DiffKpi>, now: Map<string, DiffKpi>): [DiffKpi, DiffKpi][] {
  const pairs: [DiffKpi, DiffKpi][] = [];
  const leftBefore = new Map(before);
  const leftNow: DiffKpi[] = [];
  for (const [k, d] of now) {
    const p = leftBefore.get(k);
    if (p) {
      pairs.push([p, d]);
      leftBefore.delete(k);
    } else leftNow.push(d);
  }
  const serviceKpi = (d: DiffKpi) => JSON.stringify([d.service, d.kpi]);
  const group = (ds: Iterable<DiffKpi>) => {
    const m = new Map<string, DiffKpi[]>();
    for (const d of ds) {
      const list = m.get(serviceKpi(d));
      if (list) list.push(d);
      else m.set(serviceKpi(d), [d]);
    }
    return m;
  };
  const prevLeft = group(leftBefore.values());
  for (const [k, ds] of group(leftNow)) {
    const ps = prevLeft.get(k);
    if (ds.length === 1 && ps?.length === 1) pairs.push([ps[0]!, ds[0]!]);
  }
  return pairs;
}

function kpiChanges(prev: Side, cur: Side): Pick<CycleDiff, 'kpis' | 'kpis_added' | 'kpis_dropped'> {
  const before = afterValues(prev.evaluation.deltas.kpis);
  const now = afterValues(cur.evaluation.deltas.kpis);
  const pairs = pairKpis(before, now);
  const paired = new Set(pairs.flat());
  const kpis: KpiChange[] = pairs.map(([p, d]) => {
    // The direction this cycle's evaluation used (its config's `kpis:` first, then the name rules).
    const change = improvement(p.after, d.after, d.direction);
    return {
      service: d.service,
      kpi: d.kpi,
      endpoint: d.endpoint ?? null,
      previous_endpoint: p.endpoint ?? null,
      role: d.role,
      previous_role: p.role,
      direction: d.direction,
      previous_after: p.after,
      after: d.after,
      change,
      trend: trendOf(p.after, d.after, change),
    };
  });
  return {
    kpis,
    kpis_added: [...now.values()].filter((d) => !paired.has(d)).map(plainKey),
    kpis_dropped: [...before.values()].filter((d) => !paired.has(d)).map(plainKey),
  };
}

function sloChanges(prev: Side, cur: Side): SloChange[] {
  const objectives = (s: Side) => {
    const m = new Map<string, { service: string; sli: string; objective: number }>();
    for (const c of s.details.slo?.changes ?? []) {
      const k = JSON.stringify([c.service, c.sli]);
      if (!m.has(k)) m.set(k, { service: c.service, sli: c.sli, objective: c.objective_after });
    }
    return m;
  };
  const before = objectives(prev);
  const out: SloChange[] = [];
  for (const [k, o] of objectives(cur)) {
    const p = before.get(k);
    if (!p) continue;
    const direction: Direction | null = kpiDirection(o.sli, recordedKpis(cur.evaluation.config));
    // An SLI of unknown direction has no "tightened" or "loosened".
    if (direction === null) continue;
    const change = improvement(p.objective, o.objective, direction);
    const t = trendOf(p.objective, o.objective, change);
    out.push({
      service: o.service,
      sli: o.sli,
      direction,
      previous_objective: p.objective,
      objective: o.objective,
      change,
      trend: t === 'better' ? 'tightened' : t === 'worse' ? 'loosened' : t,
    });
  }
  return out;
}

function gateChanges(prev: Side, cur: Side): GateChange[] {
  return cur.evaluation.gates.map((g) => {
    const p = prev.evaluation.gates.find((x) => x.gate === g.gate)?.status ?? null;
    return { gate: g.gate, name: g.name, previous: p, status: g.status, changed: p !== g.status };
  });
}

/** What changed from `prev` (the older cycle) to `cur`. */
export function cycleDiff(prev: Side, cur: Side): CycleDiff {
  const gates = gateChanges(prev, cur);
  const k = kpiChanges(prev, cur);
  const slos = sloChanges(prev, cur);
  const count = <T extends { trend: string }>(xs: T[], t: T['trend']) =>
    xs.filter((x) => x.trend === t).length;
  return {
    previous: { slug: prev.slug, cycle_id: prev.cycle_id },
    verdict: { previous: prev.verdict, current: cur.verdict },
    gates,
    ...k,
    slos,
    counts: {
      gates_changed: gates.filter((g) => g.changed).length,
      kpis_better: count(k.kpis, 'better'),
      kpis_worse: count(k.kpis, 'worse'),
      kpis_unchanged: count(k.kpis, 'unchanged'),
      kpis_not_comparable: count(k.kpis, 'not_comparable'),
      slos_tightened: count(slos, 'tightened'),
      slos_loosened: count(slos, 'loosened'),
      slos_unchanged: count(slos, 'unchanged'),
      slos_not_comparable: count(slos, 'not_comparable'),
    },
  };
}
