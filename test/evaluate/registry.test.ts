import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CRITERIA_BY_GATE, gateOfCriterion } from '../../src/core/contract/criteria.ts';
import { CRITERIA } from '../../src/core/evaluate/registry.ts';

/** ARTIFACTS.md section 3, the criteria table: gate and criterion id, in the table's order. */
const CONTRACT: [number, string][] = [
  [1, 'baseline_completeness'],
  [1, 'telemetry_coverage'],
  [1, 'telemetry_sources'],
  [1, 'baseline_freshness_hours'],
  [1, 'hypotheses'],
  [2, 'diagnostic_coverage'],
  [2, 'profiled_critical_services'],
  [2, 'peak_load_error_rate_pct'],
  [3, 'kpi_improvement'],
  [3, 'regression_count'],
  [3, 'significance'],
  [4, 'documentation_completeness'],
  [4, 'slo_updates_signed'],
  [4, 'distribution_groups'],
  [4, 'approval_completion'],
];

describe('one source for the gate of a criterion', () => {
  it("puts every criterion in the contract's gate, in the contract's order", () => {
    expect(CRITERIA.map((c) => [c.gate, c.id])).toEqual(CONTRACT);
    for (const g of [1, 2, 3, 4] as const)
      expect(CRITERIA_BY_GATE[g]).toEqual(CONTRACT.filter(([x]) => x === g).map(([, id]) => id));
    expect(gateOfCriterion('distribution_groups')).toBe(4);
    expect(gateOfCriterion('no_such_criterion')).toBeUndefined();
  });

  it('lets a waiver name exactly the registered criteria (schemas/gate-waivers.schema.json)', () => {
    const schema = JSON.parse(
      readFileSync(path.join(import.meta.dirname, '../../schemas/gate-waivers.schema.json'), 'utf8'),
    );
    const text = JSON.stringify(schema);
    const m = /"criterion":\{[^}]*"enum":(\[[^\]]*\])/.exec(text);
    expect(m).not.toBeNull();
    expect(JSON.parse(m![1]!)).toEqual(CONTRACT.map(([, id]) => id));
  });
});
