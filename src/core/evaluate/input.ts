/**
 * Builds the pure evaluation's input from a loaded, validated cycle (the edge that may touch
 * paths), and applies the protocol scripts' threshold flags to the config.
 */
import { ARTIFACTS, GENERATED_FILES, type GateNumber } from '../artifacts.ts';
import type { EvaluationInput, GatesConfig } from './types.ts';
import type { LoadedCycle } from '../load/cycle.ts';
import type { ValidationResult } from '../validate/index.ts';
import { FLAME_GRAPH_EXTENSIONS, resolveCycleLink } from '../validate/rules/index.ts';
import { PerfgateError } from '../errors.ts';
import { DECIMAL } from '../format/number.ts';

/** The command-line threshold flags (`--threshold`, `--coverage`, `--improvement-threshold`). */
export interface GateOverrides {
  threshold?: number | string | undefined;
  coverage?: number | string | undefined;
  improvementThreshold?: number | string | undefined;
  /** The gate asked with --gate; decides what a bare --threshold means. */
  gate?: GateNumber | undefined;
}

interface Target {
  flag: string;
  section: 'baseline' | 'diagnostics' | 'optimization' | 'governance';
  key: string;
  max: number;
}

const COMPLETENESS: Target = {
  flag: '--threshold',
  section: 'baseline',
  key: 'completeness_threshold',
  max: 1,
};
const COVERAGE: Target = { flag: '--coverage', section: 'diagnostics', key: 'coverage_threshold', max: 1 };
const IMPROVEMENT: Target = {
  flag: '--improvement-threshold',
  section: 'optimization',
  key: 'improvement_threshold',
  max: 10,
};
const DOCUMENTATION: Target = {
  flag: '--threshold',
  section: 'governance',
  key: 'documentation_threshold',
  max: 1,
};

/** What a bare --threshold sets, by the gate asked (as each protocol script's --threshold does). */
const THRESHOLD_BY_GATE: Record<GateNumber, Target> = {
  1: COMPLETENESS,
  2: { ...COVERAGE, flag: '--threshold' },
  3: { ...IMPROVEMENT, flag: '--threshold' },
  4: DOCUMENTATION,
};

function parse(flag: string, raw: number | string, max: number): number {
  const v = typeof raw === 'number' ? raw : DECIMAL.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!Number.isFinite(v)) {
    throw new PerfgateError(
      `Unexpected ${flag} ${JSON.stringify(String(raw))}, expected a number`,
      `Write a fraction, e.g. ${flag} 0.95 for 95 %.`,
    );
  }
  if (v < 0 || v > max) {
    const hint =
      max === 1 && v > 1 && v <= 100
        ? `Thresholds are fractions: write ${flag} ${v / 100} for ${v} %.`
        : `Use a value from 0 to ${max}${max === 1 ? ' (a fraction: 0.95 is 95 %)' : ' (a fraction: 0.15 is 15 %)'}.`;
    throw new PerfgateError(`Unexpected ${flag} ${v}, expected a value from 0 to ${max}`, hint);
  }
  return v;
}

/**
 * Returns a copy of the config with the flags applied; throws PerfgateError on a bad value. The
 * ranges are the schema's, so the copy is as valid as the config it came from.
 */
export function applyOverrides(config: GatesConfig, o: GateOverrides): GatesConfig {
  const out = structuredClone(config);
  const sets: [Target, number | string][] = [];
  if (o.threshold !== undefined) sets.push([THRESHOLD_BY_GATE[o.gate ?? 1], o.threshold]);
  if (o.coverage !== undefined) sets.push([COVERAGE, o.coverage]);
  if (o.improvementThreshold !== undefined) sets.push([IMPROVEMENT, o.improvementThreshold]);
  const seen = new Map<string, string>();
  for (const [t, raw] of sets) {
    const where = `${t.section}.${t.key}`;
    const other = seen.get(where);
    if (other !== undefined)
      throw new PerfgateError(
        `Conflicting ${other} and ${t.flag}: both set ${where}`,
        `Give only one of ${other} and ${t.flag}.`,
      );
    seen.set(where, t.flag);
    (out[t.section] as unknown as Record<string, number>)[t.key] = parse(t.flag, raw, t.max);
  }
  return out;
}

/** The cycle files a profiling section links that exist and have a flame-graph extension. */
function flameGraphsOf(cycle: LoadedCycle, validation: ValidationResult): string[][] {
  const prof = validation.valid['profiling-report'];
  if (!prof) return [];
  const files = new Set(cycle.files.map((f) => f.path));
  return prof.data.sections.map((s) => {
    const found = s.links.flatMap((url) => {
      const t = resolveCycleLink(url, prof.file);
      return t.kind === 'file' &&
        files.has(t.path) &&
        FLAME_GRAPH_EXTENSIONS.some((ext) => t.path.toLowerCase().endsWith(ext))
        ? [t.path]
        : [];
    });
    return [...new Set(found)];
  });
}

/** Assembles the evaluation input: valid artifacts, presence, cleanliness, flame graphs, config. */
export function buildEvaluationInput(
  cycle: LoadedCycle,
  validation: ValidationResult,
  evaluatedAt: string,
  overrides?: GateOverrides,
): EvaluationInput {
  // A copy per input, as before: the validation result may be decided at several times.
  const artifacts = { ...validation.artifacts };
  const intake = artifacts['performance-intake-report'];
  const files = new Set(cycle.files.map((f) => f.path));
  return {
    cycleId: intake ? intake.cycle_id : null,
    evaluatedAt,
    config: overrides ? applyOverrides(validation.config, overrides) : validation.config,
    configSource: validation.configSource,
    artifacts,
    present: ARTIFACTS.filter((s) => cycle.artifacts[s.name] !== undefined).map((s) => s.name),
    clean: ARTIFACTS.filter((s) => validation.clean.has(s.name)).map((s) => s.name),
    flameGraphs: flameGraphsOf(cycle, validation),
    upstream: cycle.upstream.map((u) => u.path),
    generated: GENERATED_FILES.filter((g) => files.has(g)),
  };
}
