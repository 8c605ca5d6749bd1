/** What each criterion cannot be decided without (the contract's reading of ARTIFACTS.md section 3): the tests' oracle. */
import type { ArtifactName } from '../../src/core/artifacts.ts';

export const NEEDS: Record<string, ArtifactName[]> = {
  baseline_completeness: ['performance-intake-report', 'baseline-metrics'],
  telemetry_coverage: ['performance-intake-report'],
  telemetry_sources: ['performance-intake-report'],
  baseline_freshness_hours: ['performance-intake-report', 'baseline-metrics'],
  hypotheses: ['hypothesis-log'],
  diagnostic_coverage: [
    'performance-intake-report',
    'profiling-report',
    'load-test-results',
    'capacity-analysis',
  ],
  profiled_critical_services: ['performance-intake-report', 'profiling-report'],
  peak_load_error_rate_pct: ['load-test-results'],
  kpi_improvement: ['optimization-plan', 'optimization-validation-report'],
  regression_count: ['optimization-validation-report'],
  significance: ['optimization-validation-report'],
  slo_updates_signed: ['slo-update-record'],
  distribution_groups: ['distribution-log'],
  approval_completion: ['reviewer-signoff'],
};
