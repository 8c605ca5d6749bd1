/** A cycle's record reduced to what comparing it with another needs (plain JSON, published per cycle). */
import { kpiDirection } from '../../contract/direction.ts';
import { recordedKpis } from '../config-kpis.ts';
import type { CycleRecord } from '../site-data.ts';
import type { CompareSide } from './types.ts';

type Source = Pick<
  CycleRecord,
  'slug' | 'cycle_id' | 'title' | 'period' | 'verdict' | 'decision' | 'evaluation' | 'details'
>;

/** The compare record of a cycle. */
export function compareSide(c: Source): CompareSide {
  const kpisConfig = recordedKpis(c.evaluation.config);
  const load = c.details.load_tests;
  return {
    slug: c.slug,
    cycle_id: c.cycle_id,
    title: c.title,
    period: c.period,
    verdict: c.verdict,
    decided_at: c.decision.at,
    gates: c.evaluation.gates.map((g) => ({ gate: g.gate, name: g.name, status: g.status })),
    kpis: c.evaluation.deltas.kpis.map((d) => ({
      service: d.service,
      kpi: d.kpi,
      endpoint: d.endpoint ?? null,
      role: d.role,
      direction: d.direction,
      before: d.before,
      after: d.after,
      improvement: d.improvement,
    })),
    slos: (c.details.slo?.changes ?? []).map((s) => ({
      service: s.service,
      sli: s.sli,
      objective_after: s.objective_after,
      direction: kpiDirection(s.sli, kpisConfig),
    })),
    load: load
      ? {
          tool: load.tool_name,
          tool_version: load.tool_version,
          environment: load.environment,
          runs: load.runs.map((r) => ({
            id: r.id,
            service: r.service,
            scenario: r.scenario,
            phase: r.phase,
            kind: r.kind,
            peak_concurrency: r.peak_concurrency,
            duration_s: r.duration_s,
          })),
        }
      : null,
    validation_environment: c.details.validation?.environment ?? null,
  };
}
