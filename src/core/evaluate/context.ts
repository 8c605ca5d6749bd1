/** What every criterion reads: the input, its sanitized model, the evaluation time, measured KPIs. */
import { ARTIFACTS, type ArtifactName } from '../artifacts.ts';
import { improvement, resolveDirection, type Direction } from '../contract/direction.ts';
import { buildModel, type KpiItem, type Model } from './model.ts';
import { round, time } from './safe.ts';
import type { EvaluationInput, GatesConfig, ValidArtifacts } from './types.ts';
import { evidenceOf, refusal, resolveItem, runValues } from './evidence/measure-side.ts';
import { runStats, type RunStats } from './evidence/run-stats.ts';
import type { ResolvedSide, Side } from '../contract/kpi-evidence/types.ts';

export interface MeasuredKpi {
  item: KpiItem;
  /** Null when neither the config, the unit nor the words decide it (never guessed). */
  direction: Direction | null;
  /** The values read: typed, or from the referenced runs (their median) or baseline row; null when a reference is broken. */
  before: number | null;
  after: number | null;
  /** Where each value comes from, with the evidence it was read from or checked against. */
  sides: Record<Side, ResolvedSide>;
  /** Why the criteria may not decide on this KPI: a reference that names no usable evidence. */
  refused: string | null;
  improvement: number | null;
  /** Null only when neither the item nor the config gives a usable tolerance. */
  tolerancePct: number | null;
  /** Worse than tolerance: -improvement x 100 > tolerance_pct. */
  regression: boolean;
  /** A regression whose whole 95 % interval lies beyond the tolerance; null when not a regression. */
  confirmed: boolean | null;
  /** Run-level statistics, with two or more referenced runs per side. */
  stats: RunStats | null;
  /** Why there are no run statistics. */
  noStats: string | null;
  /** The signed exception, when it is in force at the evaluation time (approved_at not later). */
  exceptionInForce: boolean;
}

export interface EvalContext {
  input: EvaluationInput;
  /** The artifacts that passed their schema (validation's typed result): the only artifact data a criterion reads. */
  artifacts: ValidArtifacts;
  /** The config validation resolved (schema-valid, defaults filled in). */
  config: GatesConfig;
  model: Model;
  /** Evaluation time in ms; null when the input's evaluatedAt is unreadable. */
  evaluatedAt: number | null;
  kpis: MeasuredKpi[];
  present: Set<string>;
  clean: Set<string>;
}

const PATHS = new Map<string, string>(ARTIFACTS.map((a) => [a.name, a.path]));

/** The cycle path of an artifact. */
export function fileOf(name: ArtifactName): string {
  return PATHS.get(name) ?? name;
}

/** Direction, values read from the evidence, improvement, regression and run statistics of every KPI. */
export function measureKpis(
  model: Model,
  artifacts: ValidArtifacts,
  config: GatesConfig,
  evaluatedAt: number | null,
): MeasuredKpi[] {
  const configTol = config.optimization.regression_tolerance_pct;
  const evidence = evidenceOf(artifacts);
  return (model.validation ?? []).map((item) => {
    const { direction } = resolveDirection(item.kpi, config.kpis);
    const sides = resolveItem(item, evidence);
    const refused = refusal('before', sides.before) ?? refusal('after', sides.after);
    const before = sides.before.value;
    const after = sides.after.value;
    // An unknown direction has no improvement: a target of it is not improved.
    const imp = direction === null ? null : improvement(before, after, direction);
    const own = item.tolerancePct !== null && item.tolerancePct >= 0 ? item.tolerancePct : null;
    const tolerancePct = own ?? (configTol >= 0 ? configTol : null);
    const approvedAt = item.exception ? time(item.exception.approved_at) : null;
    const s =
      refused !== null || direction === null
        ? { reason: refused ?? 'direction unknown' }
        : runStats(runValues(sides.before), runValues(sides.after), direction);
    const stats = 'reason' in s ? null : s;
    const regression = isRegression(imp, before, after, direction, tolerancePct);
    return {
      item,
      direction,
      before,
      after,
      sides,
      refused,
      improvement: imp === null ? null : round(imp),
      tolerancePct,
      regression,
      confirmed: regression ? confirmedRegression(stats, tolerancePct) : null,
      stats,
      noStats: 'reason' in s ? s.reason : null,
      exceptionInForce: approvedAt !== null && evaluatedAt !== null && approvedAt <= evaluatedAt,
    };
  });
}

/** A regression is confirmed when even the better end of its 95 % interval is beyond the tolerance. */
function confirmedRegression(stats: RunStats | null, tolerancePct: number | null): boolean {
  if (!stats || tolerancePct === null) return false;
  return round(-stats.ci95[1] * 100) > tolerancePct;
}

/**
 * Worse than tolerance: -improvement x 100 > tolerance_pct. From a zero baseline the relative change
 * is unbounded, so any move in the worse direction (0 -> 0.5 % errors) is a regression. Of a KPI of
 * unknown direction either way is the worse one: a move beyond tolerance is a regression.
 */
function isRegression(
  imp: number | null,
  before: number | null,
  after: number | null,
  direction: Direction | null,
  tolerancePct: number | null,
): boolean {
  if (tolerancePct === null) return false;
  if (direction === null) {
    if (before === null || after === null) return false;
    if (before === 0) return after !== 0;
    return round((Math.abs(after - before) / Math.abs(before)) * 100) > tolerancePct;
  }
  if (imp !== null) return round(-imp * 100) > tolerancePct;
  if (before !== 0 || after === null) return false;
  return direction === 'lower' ? after > 0 : after < 0;
}

/** Builds the context once per evaluation. */
export function buildContext(input: EvaluationInput): EvalContext {
  const { artifacts, config } = input;
  const model = buildModel(artifacts, input.flameGraphs);
  const evaluatedAt = time(input.evaluatedAt);
  return {
    input,
    artifacts,
    config,
    model,
    evaluatedAt,
    kpis: measureKpis(model, artifacts, config, evaluatedAt),
    present: new Set(input.present),
    clean: new Set(input.clean),
  };
}

/** `service latency_p95_ms` or `service GET /cart latency_p95_ms`. */
export function kpiLabel(item: KpiItem): string {
  return [item.service, item.endpoint, item.kpi].filter(Boolean).join(' ');
}
