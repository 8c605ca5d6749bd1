/** The sides of a target or monitored KPI as evaluation uses them: read, checked, or refused. */
import type { KpiItem } from '../model.ts';
import type { ValidArtifacts } from '../types.ts';
import { resolveSide } from '../../contract/kpi-evidence/references.ts';
import type { Evidence } from '../../contract/kpi-evidence/typed-check.ts';
import type { ResolvedSide, Side } from '../../contract/kpi-evidence/types.ts';

/** The evidence a cycle's references and typed numbers are read against (schema-valid artifacts only). */
export function evidenceOf(a: ValidArtifacts): Evidence {
  return {
    runs: a['load-test-results']?.runs,
    baseline: a['baseline-metrics']?.rows,
    environment: a['optimization-validation-report']?.environment,
    runsEnvironment: a['load-test-results']?.environment,
  };
}

/** Both sides of a KPI item, read from the evidence. */
export function resolveItem(item: KpiItem, ev: Evidence): Record<Side, ResolvedSide> {
  const key = { service: item.service, kpi: item.kpi, endpoint: item.endpoint };
  return {
    before: resolveSide(item.before, key, 'before', ev),
    after: resolveSide(item.after, key, 'after', ev),
  };
}

/**
 * Why a side cannot be decided on (a reference that names no usable evidence); null when it can. A
 * typed number its evidence contradicts is shown as such, and kept from the gates by validation
 * (`kpi.disagrees-with-evidence` makes the report unclean, so gate 3 is not evaluable).
 */
export function refusal(side: Side, r: ResolvedSide): string | null {
  if (r.problems.length === 0) return null;
  return `${side}: ${r.problems[0]!.message.replace(/^Unexpected /, '')}`;
}

/** The run values behind a side, when it references runs. */
export function runValues(r: ResolvedSide): number[] {
  return r.source.kind === 'runs' ? r.source.runs.map((x) => x.value) : [];
}
