/**
 * The decision pipeline after loading: prerequisites and validation diagnostics, then the pure
 * evaluation at a given time. `perfgate report` writes what it decides; `perfgate verify
 * --recompute` runs the same function on a frozen cycle, so that there is one way to decide.
 */
import { GENERATED_FILES } from './artifacts.ts';
import { sortDiagnostics, type Diagnostic } from './diagnostics.ts';
import { evaluateCycle } from './evaluate/index.ts';
import { buildEvaluationInput } from './evaluate/input.ts';
import type { CycleEvaluation, EvaluationInput } from './evaluate/types.ts';
import type { LoadedCycle } from './load/cycle.ts';
import { prerequisiteDiagnostics, type ValidationResult } from './validate/index.ts';

export interface Decision {
  /** Prerequisite and validation diagnostics, sorted. */
  diagnostics: Diagnostic[];
  /** Absent when a critical diagnostic stops the cycle before evaluation (exit 2, nothing written). */
  decided?: { input: EvaluationInput; evaluation: CycleEvaluation };
}

/** Decides a loaded, validated cycle at `evaluatedAt` as `perfgate report` does (all four gates). */
export function decideCycle(cycle: LoadedCycle, validation: ValidationResult, evaluatedAt: string): Decision {
  const diagnostics = sortDiagnostics([...prerequisiteDiagnostics(cycle, 'all'), ...validation.diagnostics]);
  if (diagnostics.some((d) => d.severity === 'critical')) return { diagnostics };
  // The report describes the cycle once its outputs exist, whether or not an earlier run left them.
  const input = {
    ...buildEvaluationInput(cycle, validation, evaluatedAt),
    generated: [...GENERATED_FILES],
  };
  return { diagnostics, decided: { input, evaluation: evaluateCycle(input) } };
}
