/** The one place where exit codes are decided (protocol: 0 pass, 1 gate/validation failed, 2 prerequisites/critical). */
import type { Diagnostic } from '../core/diagnostics.ts';

export type ExitCode = 0 | 1 | 2;

export interface Outcome {
  diagnostics: readonly Diagnostic[];
  /** Statuses of the evaluated gates, when gates were evaluated. */
  gateStatuses?: readonly string[];
  /** A check that failed without a diagnostic of its own (e.g. verify mismatches). */
  failed?: boolean;
}

/** 2 on any critical diagnostic; 1 on any error, failed/pending gate or failed check; else 0. */
export function decideExit(o: Outcome): ExitCode {
  if (o.diagnostics.some((d) => d.severity === 'critical')) return 2;
  if (o.failed) return 1;
  if (o.diagnostics.some((d) => d.severity === 'error')) return 1;
  if (o.gateStatuses?.some((s) => s !== 'pass' && s !== 'waived')) return 1;
  return 0;
}
