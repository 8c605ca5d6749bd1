/**
 * Cross-file rules: what no single schema can say (known services, existing attachments, unique
 * ids, H-/OPT- references, ordered percentiles, end >= start, permitted waivers), one rule per
 * file. Each runs only on artifacts that passed their schema, so it can trust their shape.
 */
import type { Diagnostic } from '../../diagnostics.ts';
import type { LoadedCycle } from '../../load/cycle.ts';
import { baselineRule } from './baseline.ts';
import { capacityRule } from './capacity.ts';
import { ruleContext, type Rule, type Valid } from './context.ts';
import { hypothesesRule } from './hypotheses.ts';
import { intakeRule } from './intake.ts';
import { kpiEvidenceRule } from './kpi-evidence.ts';
import { loadTestsRule } from './load-tests.ts';
import { planRule } from './plan.ts';
import { profilingRule } from './profiling.ts';
import { sloRule } from './slo.ts';
import { validationReportRule } from './validation-report.ts';
import { waiversRule } from './waivers.ts';

export { FLAME_GRAPH_EXTENSIONS, resolveCycleLink, type LinkTarget } from './links.ts';

/** Every rule, in the order of the artifacts' phases. */
export const RULES: readonly Rule[] = [
  intakeRule,
  baselineRule,
  hypothesesRule,
  profilingRule,
  loadTestsRule,
  capacityRule,
  planRule,
  validationReportRule,
  kpiEvidenceRule,
  sloRule,
  waiversRule,
];

/** Runs every cross-file rule over the schema-valid artifacts. */
export function crossFileRules(cycle: LoadedCycle, valid: Valid): Diagnostic[] {
  const ctx = ruleContext(cycle, valid);
  for (const rule of RULES) rule(ctx);
  return ctx.r.out;
}
