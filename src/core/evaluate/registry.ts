/** Every criterion module, in the order of ARTIFACTS.md section 3 (the order of the gate's receipts). */
import type { GateNumber } from '../artifacts.ts';
import type { CriterionModule } from './criterion.ts';
import { approvalCompletion } from './criteria/approval-completion.ts';
import { baselineCompleteness } from './criteria/baseline-completeness.ts';
import { baselineFreshness } from './criteria/baseline-freshness.ts';
import { diagnosticCoverage } from './criteria/diagnostic-coverage.ts';
import { distributionGroups } from './criteria/distribution-groups.ts';
import { documentationCompleteness } from './criteria/documentation-completeness.ts';
import { hypotheses } from './criteria/hypotheses.ts';
import { kpiImprovement } from './criteria/kpi-improvement.ts';
import { peakLoadErrorRate } from './criteria/peak-load-error-rate.ts';
import { profiledCriticalServices } from './criteria/profiled-critical-services.ts';
import { regressionCount } from './criteria/regression-count.ts';
import { significance } from './criteria/significance.ts';
import { sloUpdatesSigned } from './criteria/slo-updates-signed.ts';
import { telemetryCoverage } from './criteria/telemetry-coverage.ts';
import { telemetrySources } from './criteria/telemetry-sources.ts';

/** The registry: every criterion, in receipt order. */
export const CRITERIA: readonly CriterionModule[] = [
  baselineCompleteness,
  telemetryCoverage,
  telemetrySources,
  baselineFreshness,
  hypotheses,
  diagnosticCoverage,
  profiledCriticalServices,
  peakLoadErrorRate,
  kpiImprovement,
  regressionCount,
  significance,
  documentationCompleteness,
  sloUpdatesSigned,
  distributionGroups,
  approvalCompletion,
];

const BY_ID = new Map(CRITERIA.map((c) => [c.id, c]));

/** The module of a criterion id. */
export function criterionModule(id: string): CriterionModule | undefined {
  return BY_ID.get(id);
}

/** A gate's criteria in receipt order. */
export function criteriaOfGate(gate: GateNumber): CriterionModule[] {
  return CRITERIA.filter((c) => c.gate === gate);
}
