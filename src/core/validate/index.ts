/** Validation: schemas plus cross-file rules, producing diagnostics; never throws on bad input. */
import { ARTIFACTS, type ArtifactName, type GateNumber } from '../artifacts.ts';
import { diag, isError, pointerOf, sortDiagnostics, type Diagnostic } from '../diagnostics.ts';
import { directionConfigLine, resolveDirection } from '../contract/direction.ts';
import type { LoadedArtifact, LoadedCycle } from '../load/cycle.ts';
import type { LoadedConfig } from '../load/config.ts';
import type { ResolvedGatesConfig } from '../types/artifacts.generated.ts';
import { lineOf } from '../load/json.ts';
import { blockingErrors, EVALUATED, evaluationArtifacts } from './accept.ts';
import { capDiagnostics } from './cap.ts';
import { placeholderDiagnostics } from './placeholders.ts';
import { humanizeAjvErrors } from './humanize.ts';
import { crossFileRules } from './rules/index.ts';
import { reservedIdRule } from './rules/reserved-ids.ts';
import { validatorFor } from './schemas.ts';
import type {
  ArtifactRecord,
  EvaluatedName,
  GatesConfig,
  ValidArtifact,
  ValidArtifacts,
  ValidLoaded,
} from './validated.ts';

export type * from './validated.ts';
export { conforms } from './accept.ts';

export interface ValidationResult {
  /** All diagnostics of loading and validation, sorted. */
  diagnostics: Diagnostic[];
  /** Artifacts that parsed and passed their schema (the cross-file rules may still flag them), typed. */
  valid: ValidLoaded;
  /**
   * The data the gates read: the valid artifacts that are plain JSON data, typed and branded (only
   * validation makes it, so evaluation never checks a schema again).
   */
  artifacts: ValidArtifacts;
  /** Artifacts with no error diagnostic at all. */
  clean: Set<ArtifactName>;
  /** The config actually used: the file over the defaults. */
  config: GatesConfig;
  /** Where it came from: the file's path relative to the working directory, or `defaults` when the (default) file is absent. */
  configSource: string;
}

/** Validates a loaded cycle and config. */
export function validateCycle(cycle: LoadedCycle, loadedConfig: LoadedConfig): ValidationResult {
  const diagnostics: Diagnostic[] = [...cycle.diagnostics, ...loadedConfig.diagnostics];
  const passed: Partial<Record<ArtifactName, LoadedArtifact>> = {};
  for (const spec of ARTIFACTS) {
    const a = cycle.artifacts[spec.name];
    if (!a || a.data === undefined) continue;
    // A gate-3 waiver's enum error does not block: the waiver rule gives the protocol's own message.
    const errors = blockingErrors(spec.name, a.data);
    if (errors.length === 0) passed[spec.name] = a;
    diagnostics.push(
      ...humanizeAjvErrors(errors, { file: a.file, data: a.data, lines: a.lines, code: 'schema' }),
    );
  }
  // Their schemas passed: from here on each artifact's data has its generated type.
  const valid = passed as ValidLoaded;
  diagnostics.push(...crossFileRules(cycle, valid));
  diagnostics.push(...reservedIdRule(valid['performance-intake-report']));
  diagnostics.push(...placeholderDiagnostics(cycle));

  const config = resolveConfig(loadedConfig, diagnostics);
  diagnostics.push(...directionRule(valid['optimization-validation-report'], config));
  const sorted = capDiagnostics(sortDiagnostics(diagnostics));
  // An unknown KPI direction is an error (exit 1) but not broken data: the evaluation counts that
  // target as not improved and kpi_improvement fails naming it, rather than being not evaluable.
  const broken = new Set(
    sorted.filter((d) => isError(d) && d.code !== 'kpi.direction-unknown').map((d) => d.file),
  );
  const clean = new Set(
    ARTIFACTS.filter((s) => cycle.artifacts[s.name] && !broken.has(s.path)).map((s) => s.name),
  );
  const data: ArtifactRecord = {};
  for (const name of EVALUATED) copyData(data, valid, name);
  return {
    diagnostics: sorted,
    valid,
    artifacts: evaluationArtifacts(data),
    clean,
    config,
    configSource: configSourceOf(loadedConfig),
  };
}

function copyData<K extends EvaluatedName>(to: ArtifactRecord, from: ValidLoaded, name: K): void {
  const a: ValidArtifact<K> | undefined = from[name];
  if (a) to[name] = a.data;
}

/**
 * Every target and monitored KPI needs a direction (ARTIFACTS.md conventions): unknown is an error
 * for a target (it cannot count as improved) and a warning for a monitored KPI (it then counts as a
 * regression when it moves beyond its tolerance either way). The hint shows the config line.
 */
function directionRule(
  a: ValidArtifact<'optimization-validation-report'> | undefined,
  config: GatesConfig,
): Diagnostic[] {
  if (!a) return [];
  const report = a.data;
  const out: Diagnostic[] = [];
  const check = (list: { kpi: string }[] | undefined, key: 'targets' | 'monitored') =>
    (list ?? []).forEach((t, i) => {
      if (resolveDirection(t.kpi, config.kpis).direction !== null) return;
      const pointer = pointerOf(key, i, 'kpi');
      const target = key === 'targets';
      out.push(
        diag(
          'kpi.direction-unknown',
          target ? 'error' : 'warning',
          a.file,
          `Unexpected KPI \`${t.kpi}\` of unknown direction: neither its unit nor its words say whether lower or higher is better${target ? ', so the target cannot count as improved' : '; it counts as a regression when it moves beyond its tolerance either way'}`,
          `Add to the config: \`${directionConfigLine(t.kpi)}\`, or rename the KPI to end in its unit (_ms, _rps...).`,
          { pointer, line: lineOf(a.lines, pointer) },
        ),
      );
    });
  check(report.targets, 'targets');
  check(report.monitored, 'monitored');
  return out;
}

/** `defaults` when no config file was found, else its path relative to the working directory (`configPath`). */
export function configSourceOf(loaded: LoadedConfig): string {
  return loaded.found ? loaded.file : 'defaults';
}

/** Applies the config schema's defaults; on an invalid file, reports it and uses the defaults. */
export function resolveConfig(loaded: LoadedConfig, diagnostics: Diagnostic[]): GatesConfig {
  const validate = validatorFor('gates-config');
  const data = loaded.data === undefined ? {} : structuredClone(loaded.data);
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    diagnostics.push(
      diag(
        'config.type',
        'error',
        loaded.file,
        'Unexpected config: the YAML document must be a mapping of keys',
        'Start the file with keys such as `baseline:` or `optimization:` (see the documented defaults).',
        { line: 1 },
      ),
    );
    return defaultConfig();
  }
  if (validate(data)) {
    const resolved = data as ResolvedGatesConfig;
    const rule = configRules(resolved, loaded);
    // The schema and the weights rule passed: the brand says so.
    if (rule.length === 0) return resolved as GatesConfig;
    diagnostics.push(...rule);
    return defaultConfig();
  }
  diagnostics.push(
    ...humanizeAjvErrors(validate.errors ?? [], {
      file: loaded.file,
      data,
      lines: loaded.lines,
      code: 'config',
    }),
  );
  return defaultConfig();
}

/**
 * What the config schema cannot say: `diagnostics.weights` must add up to 1 (within 1e-9), or a
 * cycle missing a whole part of the diagnostics could still reach the coverage threshold.
 */
function configRules(config: ResolvedGatesConfig, loaded: LoadedConfig): Diagnostic[] {
  const w = config.diagnostics.weights;
  const sum = w.profiling + w.load + w.capacity;
  if (Math.abs(sum - 1) <= 1e-9) return [];
  const pointer = '/diagnostics/weights';
  return [
    diag(
      'config.weights-sum',
      'error',
      loaded.file,
      `Unexpected diagnostics.weights adding up to ${Number(sum.toPrecision(12))} (profiling ${w.profiling} + load ${w.load} + capacity ${w.capacity}); they must add up to 1`,
      'Scale the three weights so that they add up to 1, e.g. `weights: { profiling: 0.4, load: 0.4, capacity: 0.2 }` (the default).',
      { pointer, line: lineOf(loaded.lines, pointer) ?? 1 },
    ),
  ];
}

/** The defaults of ARTIFACTS.md section 3, from the config schema. */
export function defaultConfig(): GatesConfig {
  const data = {};
  validatorFor('gates-config')(data);
  return data as GatesConfig;
}

/**
 * Prerequisite diagnostics (exit code 2): required artifacts of the asked gates and the upstream
 * artifacts of protocols 15-17. A cycle in progress lacks later phases; only the asked gates count.
 */
export function prerequisiteDiagnostics(
  cycle: LoadedCycle,
  gates: readonly GateNumber[] | 'all',
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const spec of cycle.missing) {
    if (gates !== 'all' && !spec.gates.some((g) => gates.includes(g))) continue;
    if (cycle.empty.includes(spec.path)) {
      out.push(
        diag(
          'prereq.empty-artifact',
          'critical',
          spec.path,
          `Required artifact ${spec.path} (phase ${spec.phase}) has no text: an empty Markdown artifact counts as missing`,
          'Write its content (headings and prose as the contract describes), or run `perfgate init` in an empty folder to see a scaffold.',
        ),
      );
      continue;
    }
    out.push(
      diag(
        'prereq.missing-artifact',
        'critical',
        spec.path,
        `Required artifact ${spec.path} (phase ${spec.phase}) not found in the cycle directory`,
        `Create it (\`perfgate init\` scaffolds every required file), or check --artifacts.`,
      ),
    );
  }
  for (const spec of cycle.missingUpstream) {
    if (!spec.required) continue;
    out.push(
      diag(
        'prereq.missing-upstream',
        'critical',
        `../protocol-${spec.protocol}/${spec.files[0]}`,
        `Upstream prerequisite missing: ${spec.description} (${spec.files.join(' or ')})`,
        `Place it in the protocol-${spec.protocol} folder beside the cycle directory before running protocol 18.`,
      ),
    );
  }
  return out;
}
