/** The evaluation's input and output records (plain data; the report, JSON and site render them). */
import type { GateNumber } from '../artifacts.ts';
import type { SideSource } from '../contract/kpi-evidence/types.ts';
import type { ResolvedGatesConfig } from '../types/artifacts.generated.ts';
import type {
  EvaluationInput,
  GatesConfig,
  UnvalidatedInput,
  ValidArtifacts,
} from '../validate/validated.ts';

// What evaluation takes is what validation makes: its types live with validation's brand.
export type { EvaluationInput, GatesConfig, UnvalidatedInput, ValidArtifacts };

/** A gate's name in the CLI (`--gate optimization`) and in URLs. */
export type GateName = 'baseline' | 'diagnostics' | 'optimization' | 'governance';

export type CriterionStatus = 'pass' | 'fail' | 'waived' | 'not_evaluable';
export type GateStatus = 'pass' | 'fail' | 'waived' | 'pending';
export type Operator = '>=' | '<=' | '=' | '==';

/** One counted item in a criterion's working (a service, row, run, hypothesis, target...). */
export interface CountedItem {
  /** What it is: `service`, `row`, `run`, `hypothesis`, `target`, `monitored`, `artifact`, `group`, `role`, `source`... */
  kind: string;
  /** Its id or name. */
  id: string;
  /** Whether it counts towards the numerator (or, for maxima, the value it contributes). */
  counted: boolean;
  value?: number | string | boolean | null;
  /** A short note for a person, e.g. `missing cpu_util_pct`. */
  note?: string;
  /** Where it comes from. */
  file?: string;
  pointer?: string;
  /** A target or monitored KPI: where its before and after values came from, and the files to link. */
  from?: { before: string; after: string; files: string[] };
}

export interface WaiverRef {
  id: string;
  criterion: string;
  approved_by: string;
  expires_at: string;
  justification: string;
  /** `applied` waived this criterion; `expired` was too old to; `unused` the criterion passed anyway. */
  state: 'applied' | 'expired' | 'unused';
  /** Why a waiver did not apply when the state alone does not say it (not permitted, not yet in force...). */
  note?: string;
}

export interface CriterionResult {
  id: string;
  gate: GateNumber;
  status: CriterionStatus;
  /** The measured value; null when not evaluable. */
  actual: number | boolean | null;
  threshold: number | boolean;
  operator: Operator;
  /** The rule in words with symbols, e.g. `present KPI cells / (prioritized services x required KPIs)`. */
  formula: string;
  numerator: number | null;
  denominator: number | null;
  /** actual - threshold, signed so that positive means on the passing side; null when not evaluable. */
  margin: number | null;
  /** A pass within warn_margin of its threshold. */
  at_risk: boolean;
  items: CountedItem[];
  /** Cycle files this criterion read. */
  evidence: string[];
  /** A sentence for people: why this status. */
  summary: string;
  waivers: WaiverRef[];
  /** Signed exceptions (gate 3, kpi_improvement) shown beside the result. */
  exceptions?: {
    service: string;
    kpi: string;
    approved_by: string;
    approved_at: string;
    mitigation: string;
    improvement: number;
  }[];
}

export interface GateResult {
  gate: GateNumber;
  name: GateName;
  title: string;
  status: GateStatus;
  /** For a pending gate: what the cycle is waiting for. */
  pending_reason?: string;
  criteria: CriterionResult[];
}

/** Where a before or after value comes from, with the same words and files on every surface. */
export type ValueSource = SideSource & {
  /** e.g. `median of runs a, b, c (3 runs, 11.9 to 13)`, `typed, no evidence`. */
  text: string;
  /** The cycle files it was read from or checked against, to link. */
  files: string[];
};

/** Run-level statistics of a KPI backed by two or more referenced runs per side (ARTIFACTS.md section 3). */
export interface KpiStats {
  /** `welch-log`: Welch's t-test and interval on the natural logarithms of the run values. */
  method: 'welch-log';
  n_before: number;
  n_after: number;
  t: number;
  df: number;
  /** Two-sided p-value (not corrected; the significance criterion applies Holm across targets). */
  p: number;
  /** 95 % confidence interval of the improvement (positive is better). */
  ci95: [number, number];
  /** The interval at `optimization.confidence`, when it is set (kpi_improvement reads its lower bound). */
  at_confidence?: { level: number; interval: [number, number] };
  /** The smallest improvement the runs could tell from noise (two-sided 5 %, power 80 %). */
  mde: number;
  /** Against the change that matters: the improvement threshold (target) or the tolerance (monitored). */
  detect: {
    change: number;
    /** mde <= change: the runs can tell a change of that size from noise. */
    detectable: boolean;
    /** The fewest runs per side (equal on both) that would detect it with the spread seen; null beyond 200 or for no change. */
    runs_per_side: number | null;
  };
}

export interface KpiDelta {
  service: string;
  kpi: string;
  endpoint?: string;
  task?: string;
  role: 'target' | 'monitored';
  direction: 'lower' | 'higher';
  before: number;
  after: number;
  /** Where before and after come from: referenced runs, the baseline row, or typed (checked or not). */
  sources: { before: ValueSource; after: ValueSource };
  /** Direction-aware: positive is better. (before-after)/before or (after-before)/before. */
  improvement: number | null;
  /** Worse than tolerance (monitored and targets). */
  regression: boolean;
  /** For a regression: its whole 95 % interval lies beyond the tolerance (false: "not confirmed: more runs would decide"). */
  confirmed?: boolean;
  tolerance_pct: number;
  /** With two or more referenced runs per side: test, interval and smallest detectable change. */
  stats?: KpiStats;
  exception?: { approved_by: string; approved_at: string; mitigation: string };
}

export interface LoadTestDelta {
  service: string;
  scenario: string;
  kind: string;
  baseline_run: string;
  after_run: string;
  metrics: {
    metric: string;
    direction: 'lower' | 'higher';
    before: number;
    after: number;
    improvement: number | null;
  }[];
}

export interface TraceRow {
  artifact: string;
  role: 'upstream' | 'input' | 'generated';
  present: boolean;
  /** An absent upstream file whose allowed alternative is present (ARTIFACTS.md: one of a protocol's files suffices). */
  alternative?: string;
  /** Column -> criteria ids or transformation steps connecting the row to that gate/consumer. */
  cells: Record<string, string[]>;
}

export interface Traceability {
  columns: string[];
  rows: TraceRow[];
}

export interface CycleEvaluation {
  cycle_id: string | null;
  evaluated_at: string;
  /** The config actually used (after defaults and command-line overrides). */
  config: ResolvedGatesConfig;
  /** The config file it came from, or `defaults` when no config file was found. */
  config_source: string;
  /** The phase the cycle has reached (highest phase with any artifact present). */
  phase: 0 | 1 | 2 | 3 | 4;
  gates: GateResult[];
  deltas: { kpis: KpiDelta[]; load_tests: LoadTestDelta[] };
  traceability: Traceability;
}
