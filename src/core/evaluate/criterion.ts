/**
 * A criterion as a small registered module: what it needs, its operator and threshold, and a
 * `measure` that counts. `defineCriterion` adds the shared part (missing inputs, operator table,
 * margin, at-risk flag, fault containment), so no criterion can pass on missing data.
 */
import type { ArtifactName, GateNumber } from '../artifacts.ts';
import type { CriterionId, GateOf } from '../contract/criteria.ts';
import type { Unit } from '../format/index.ts';
import { fileOf, type EvalContext } from './context.ts';
import { OPERATORS, atRisk } from './operators.ts';
import { num, round } from './safe.ts';
import type { CountedItem, CriterionResult, GatesConfig, Operator } from './types.ts';

export type { Unit };

export type Exceptions = NonNullable<CriterionResult['exceptions']>;

export type Measured =
  | {
      actual: number | boolean;
      numerator?: number | null;
      denominator?: number | null;
      items: CountedItem[];
      /** Why this value, for people: e.g. `inventory-sync latency_p95_ms 18.0 % worse, beyond the 5 % tolerance`. */
      summary: string;
      evidence?: string[];
      exceptions?: Exceptions;
      /** kpi_improvement: every target under threshold carries a signed exception. */
      passByExceptions?: boolean;
      /** Items that make the criterion fail whatever the value (a target with no computable improvement). */
      blocked?: boolean;
    }
  | { notEvaluable: string; items?: CountedItem[]; numerator?: number | null; denominator?: number | null };

/** What a threshold can be: a number, a boolean (slo_updates_signed), null where the config may leave it unset. */
export type Threshold = number | boolean | null;

export interface CriterionDef<T extends Threshold = Threshold> {
  id: string;
  gate: GateNumber;
  /** Artifacts it cannot be decided without: absent (or schema-invalid) means not_evaluable. */
  needs: ArtifactName[];
  /** Artifacts it reads (its evidence and traceability cells); includes `needs`. */
  reads: ArtifactName[];
  /**
   * Artifacts it reads only to tie values to their evidence (gate 3: runs and baseline): absent, a
   * typed value is "typed, no evidence" and still counts, so they are not `needs`.
   */
  evidenceReads?: ArtifactName[];
  /** Artifacts needed by this cycle's data (the evidence its values reference): absent or unclean, not evaluable. */
  needsOf?(ctx: EvalContext): ArtifactName[];
  operator: Operator;
  unit: Unit;
  /** The unit of its counted items' values, where it differs (improvements behind a count). */
  itemUnit?: Unit;
  formula: string;
  /** The config key that sets the threshold (named in a failing gate's resolution). */
  configKey?: string;
  /** The threshold from the validated config, typed (e.g. `(c) => c.optimization.improvement_threshold`). */
  threshold(config: GatesConfig): T;
  /** The rule in the protocol's words, e.g. `Improvement >= 15 % on targeted KPI`. */
  label(threshold: number | boolean): string;
  /** Criteria that exist only when configured (significance). */
  applies?(config: GatesConfig): boolean;
  measure(ctx: EvalContext, threshold: number | boolean): Measured;
}

export interface CriterionModule<T extends Threshold = Threshold> extends CriterionDef<T> {
  evaluate(ctx: EvalContext): CriterionResult;
}

/** warn_margin from the config, 0.1 when unusable. */
export function warnMargin(config: GatesConfig): number {
  const w = num(config.warn_margin);
  return w !== null && w >= 0 && w <= 1 ? w : 0.1;
}

function result(
  def: CriterionDef,
  threshold: number | boolean,
  rest: Partial<CriterionResult> & Pick<CriterionResult, 'status' | 'summary'>,
): CriterionResult {
  return {
    id: def.id,
    gate: def.gate,
    status: rest.status,
    actual: rest.actual ?? null,
    threshold,
    operator: def.operator,
    formula: def.formula,
    numerator: rest.numerator ?? null,
    denominator: rest.denominator ?? null,
    margin: rest.margin ?? null,
    at_risk: rest.at_risk ?? false,
    items: rest.items ?? [],
    evidence: rest.evidence ?? [],
    summary: rest.summary,
    waivers: [],
    ...(rest.exceptions && rest.exceptions.length > 0 ? { exceptions: rest.exceptions } : {}),
  };
}

function run(def: CriterionDef, ctx: EvalContext): CriterionResult {
  const raw = def.threshold(ctx.config);
  // Null (a setting left unset) or a non-finite number cannot decide anything.
  const validThreshold = def.unit === 'bool' ? typeof raw === 'boolean' : num(raw) !== null;
  const threshold = raw !== null && validThreshold ? raw : def.unit === 'bool' ? true : 0;
  const artifacts: Partial<Record<ArtifactName, unknown>> = ctx.artifacts;
  const evidence = def.reads.filter((n) => artifacts[n] !== undefined).map(fileOf);
  if (!validThreshold)
    return result(def, threshold, {
      status: 'not_evaluable',
      evidence,
      summary: 'Not evaluable: the threshold in the config is not usable.',
    });
  const needs = [...new Set([...def.needs, ...(def.needsOf?.(ctx) ?? [])])];
  const missing = needs.filter((n) => artifacts[n] === undefined);
  if (missing.length > 0) {
    const why = missing
      .map((n) => `${fileOf(n)} ${ctx.present.has(n) ? 'failed validation' : 'is missing'}`)
      .join('; ');
    return result(def, threshold, { status: 'not_evaluable', evidence, summary: `Not evaluable: ${why}.` });
  }
  // An artifact with an error diagnostic (a duplicate key, an unknown service...) parsed into some
  // value, but not one a gate may decide on: no pass (and no fail) on invalid data.
  const unclean = needs.filter((n) => !ctx.clean.has(n));
  if (unclean.length > 0) {
    const why = unclean.map((n) => `${fileOf(n)} has validation errors`).join('; ');
    return result(def, threshold, {
      status: 'not_evaluable',
      evidence,
      summary: `Not evaluable: ${why} (fix them first).`,
    });
  }
  const m = def.measure(ctx, threshold);
  if ('notEvaluable' in m) {
    return result(def, threshold, {
      status: 'not_evaluable',
      items: m.items ?? [],
      numerator: m.numerator ?? null,
      denominator: m.denominator ?? null,
      evidence,
      summary: `Not evaluable: ${m.notEvaluable}.`,
    });
  }
  const actual = typeof m.actual === 'number' ? round(m.actual) : m.actual;
  if (typeof actual === 'number' && !Number.isFinite(actual)) {
    return result(def, threshold, {
      status: 'not_evaluable',
      items: m.items,
      evidence,
      summary: 'Not evaluable: the measured value is not a finite number.',
    });
  }
  const op = OPERATORS[def.operator];
  const holds = op.holds(actual, threshold);
  const margin = op.margin(actual, threshold);
  const pass = m.blocked !== true && (holds || m.passByExceptions === true);
  return result(def, threshold, {
    status: pass ? 'pass' : 'fail',
    actual,
    numerator: m.numerator ?? null,
    denominator: m.denominator ?? null,
    margin,
    // A pass that rests on signed exceptions is always worth a look; a share at 100 % cannot improve.
    at_risk:
      pass &&
      (!holds ||
        (!(def.unit === 'ratio' && actual === 1) &&
          atRisk(def.operator, margin, threshold, warnMargin(ctx.config)))),
    items: m.items,
    evidence: [...new Set([...evidence, ...(m.evidence ?? [])])],
    summary: m.summary,
    ...(m.exceptions ? { exceptions: m.exceptions } : {}),
  });
}

/**
 * Makes a registered criterion module from its definition. Its id is one of the contract's and its
 * gate the one the contract's table gives that id (contract/criteria.ts), or it does not compile;
 * its threshold keeps its config type.
 */
export function defineCriterion<T extends Threshold, Id extends CriterionId>(
  def: CriterionDef<T> & { id: Id; gate: GateOf<Id> },
): CriterionModule<T> {
  return {
    ...def,
    evaluate(ctx) {
      try {
        return run(def, ctx);
      } catch (e) {
        // A fault of the program on odd data must not crash the gate run, and is never a pass.
        const why = e instanceof Error ? e.message : 'unexpected value';
        return result(def, def.unit === 'bool' ? true : 0, {
          status: 'not_evaluable',
          summary: `Not evaluable: the evaluation failed on unexpected data (${why}).`,
        });
      }
    },
  };
}
