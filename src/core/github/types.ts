/** The part of `perfgate gates --json` (the shape of validation-report.json, ARTIFACTS.md section 4) that CI reads. */
import type { Diagnostic } from '../diagnostics.ts';

export interface GateCriterion {
  id: string;
  status: string;
  actual: unknown;
  threshold: unknown;
  operator: string;
  at_risk?: boolean;
}

export interface GateRow {
  gate: number;
  name: string;
  status: string;
  criteria: GateCriterion[];
}

export interface KpiDeltaRow {
  service: string;
  kpi: string;
  endpoint?: string;
  role: string;
  direction: string;
  before: number;
  after: number;
  improvement: number | null;
  regression: boolean;
  /** For a regression: confirmed by the runs' 95 % interval. */
  confirmed?: boolean;
  /** Where before and after came from, in words (ARTIFACTS.md section 2). */
  sources?: { before?: { text?: unknown }; after?: { text?: unknown } };
  /** Run-level statistics (two or more referenced runs per side). */
  stats?: { p?: unknown; ci95?: unknown };
}

export interface GatesReport {
  cycle_id: string | null;
  evaluated_at: string;
  exit_code: number;
  gates: GateRow[];
  deltas?: { kpis?: KpiDeltaRow[] };
  diagnostics: Diagnostic[];
}

/** True when `v` has the fields the summary reads (the JSON comes from perfgate, but is checked anyway). */
export function isGatesReport(v: unknown): v is GatesReport {
  const r = v as GatesReport | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    Array.isArray(r.gates) &&
    r.gates.every((g) => typeof g === 'object' && g !== null && Array.isArray(g.criteria)) &&
    (r.diagnostics === undefined || Array.isArray(r.diagnostics))
  );
}
