/**
 * What validation hands on, as types: each artifact's data as the type generated from its schema,
 * and the config with its defaults filled in. The brand is the proof that the schema passed: only
 * src/core/validate makes these values (the one place that may assert it), so a caller cannot hand
 * evaluation data that validation never saw. Types only: importing this pulls in no ajv.
 */
import type { ArtifactName } from '../artifacts.ts';
import type { LoadedArtifact } from '../load/cycle.ts';
import type {
  BaselineMetrics,
  CapacityAnalysis,
  ContinuousImprovementNotes,
  DistributionLog,
  GateWaiver,
  GateWaivers,
  HypothesisLog,
  InstrumentationUpdateLog,
  LoadTestResults,
  OptimizationPlan,
  OptimizationValidationReport,
  PerformanceIntakeReport,
  ProfilingReport,
  ResolvedGatesConfig,
  ReviewerSignoff,
  SloUpdateRecord,
} from '../types/artifacts.generated.ts';

declare const VALIDATED: unique symbol;

/** A value validation accepted: `T` with a brand no code outside src/core/validate can write. */
export type Validated<T> = T & { readonly [VALIDATED]: true };

/**
 * A waiver as validation lets it through: its schema allows gates 1, 2 and 4, but a waiver naming
 * gate 3 is kept (`toleratedError`), so that the evaluation can refuse it in the protocol's words.
 */
export type ValidGateWaiver = Omit<GateWaiver, 'gate'> & { gate: GateWaiver['gate'] | 3 };

/** Each artifact's data once its schema passed, by artifact name. */
export interface ArtifactData {
  'performance-intake-report': PerformanceIntakeReport;
  'baseline-metrics': BaselineMetrics;
  'hypothesis-log': HypothesisLog;
  'profiling-report': ProfilingReport;
  'load-test-results': LoadTestResults;
  'capacity-analysis': CapacityAnalysis;
  'optimization-plan': OptimizationPlan;
  'optimization-validation-report': OptimizationValidationReport;
  'instrumentation-update-log': InstrumentationUpdateLog;
  'slo-update-record': SloUpdateRecord;
  'reviewer-signoff': ReviewerSignoff;
  'continuous-improvement-notes': ContinuousImprovementNotes;
  'distribution-log': DistributionLog;
  'gate-waivers': Omit<GateWaivers, 'waivers'> & { waivers: ValidGateWaiver[] };
}

/** A loaded artifact whose data passed its schema, typed as that schema's generated type. */
export type ValidArtifact<K extends ArtifactName> = LoadedArtifact & { data: ArtifactData[K] };

/** The loaded artifacts that passed their schema (the cross-file rules and the displays read them). */
export type ValidLoaded = { [K in ArtifactName]?: ValidArtifact<K> };

/** The artifacts the gates read: every one but the instrumentation log, which no gate decides on. */
export type EvaluatedName = Exclude<ArtifactName, 'instrumentation-update-log'>;

/** Artifact data as written, nothing proven (what a caller hands `validateEvaluationInput`). */
export type ArtifactRecord = { [K in EvaluatedName]?: ArtifactData[K] };

/**
 * The artifact data evaluation reads: each passed its schema and is plain JSON data (no holes, no
 * undefined, finite numbers). An absent or invalid artifact is absent.
 */
export type ValidArtifacts = Validated<ArtifactRecord>;

/** The config validation hands on: schema-valid, every default filled in, the weights adding up to 1. */
export type GatesConfig = Validated<ResolvedGatesConfig>;

/**
 * Everything evaluation needs, already loaded and validated; no paths to open, no clock. Its
 * artifacts and config carry validation's brand: `buildEvaluationInput` (from `validateCycle`) and
 * `validateEvaluationInput` (from anything in memory) make one, nothing else can.
 */
export interface EvaluationInput {
  cycleId: string | null;
  /** RFC 3339 UTC, from --as-of / SOURCE_DATE_EPOCH / the clock, resolved by the caller. */
  evaluatedAt: string;
  config: GatesConfig;
  /** The config file read, or `defaults` when there was none (every output says which). */
  configSource?: string;
  /** Artifacts that parsed and passed their schema. A missing or schema-invalid artifact is absent. */
  artifacts: ValidArtifacts;
  /** Artifacts that exist in the cycle directory (valid or not): decides `pending` gates. */
  present: ArtifactName[];
  /** Artifacts present with no error diagnostic: the numerator of documentation_completeness. */
  clean: ArtifactName[];
  /**
   * Per profiling-report section (by index): the cycle files it links that exist and have a flame
   * graph extension (computed by the caller, which may touch paths).
   */
  flameGraphs: string[][];
  /** Upstream artifacts present beside the cycle, e.g. `../protocol-15/DEPLOYMENT-REPORT.md` (traceability). */
  upstream?: string[];
  /** Files perfgate writes (validation-report.json, ...) already present in the cycle (traceability). */
  generated?: string[];
}

/**
 * The same shape with nothing proven (artifacts and config as written by hand, e.g. in tests):
 * what `validateEvaluationInput` is meant for. `evaluateCycle` does not take it.
 */
export type UnvalidatedInput = Omit<EvaluationInput, 'artifacts' | 'config'> & {
  artifacts: ArtifactRecord;
  config: ResolvedGatesConfig;
};
