/** validation-report.json: the object `perfgate gates --json` prints too (ARTIFACTS.md section 4). */
import type { Diagnostic } from '../diagnostics.ts';
import type { CycleEvaluation, GateResult } from '../evaluate/types.ts';
import { gateConfigSha256 } from './gate-config.ts';
import { PERFGATE_VERSION } from '../evidence/tool.ts';

export const VALIDATION_REPORT = 'validation-report.json' as const;

export interface ValidationReport {
  cycle_id: string | null;
  evaluated_at: string;
  exit_code: 0 | 1 | 2;
  config: CycleEvaluation['config'];
  /** The config file read, or `defaults` (ARTIFACTS.md section 3: every output says so). */
  config_source: string;
  /** SHA-256 of gate-config.json, the frozen form of `config` (ARTIFACTS.md section 4, "Re-deciding"). */
  config_sha256: string;
  /** The perfgate version that decided (`verify --recompute` prints it beside its own). */
  perfgate_version: string;
  gates: GateResult[];
  deltas: CycleEvaluation['deltas'];
  traceability: CycleEvaluation['traceability'];
  diagnostics: Diagnostic[];
}

/**
 * Builds the report object with its fixed key order. `gates` defaults to all four; `perfgate gates
 * --gate X` passes the asked one only. `diagnostics` should already be sorted (sortDiagnostics).
 */
export function validationReport(
  evaluation: CycleEvaluation,
  diagnostics: readonly Diagnostic[],
  exitCode: 0 | 1 | 2,
  gates: readonly GateResult[] = evaluation.gates,
): ValidationReport {
  return {
    cycle_id: evaluation.cycle_id,
    evaluated_at: evaluation.evaluated_at,
    exit_code: exitCode,
    config: evaluation.config,
    config_source: evaluation.config_source,
    config_sha256: gateConfigSha256(evaluation.config),
    perfgate_version: PERFGATE_VERSION,
    gates: [...gates],
    deltas: evaluation.deltas,
    traceability: evaluation.traceability,
    diagnostics: [...diagnostics],
  };
}
