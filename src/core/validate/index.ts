/** Validation: schemas plus cross-file rules, producing diagnostics; never throws on bad input. */
import { ARTIFACTS, type ArtifactName, type GateNumber } from '../artifacts.ts';
import { diag, sortDiagnostics, type Diagnostic } from '../diagnostics.ts';
import type { LoadedArtifact, LoadedConfig, LoadedCycle } from '../load/cycle.ts';
import type { ResolvedGatesConfig as GatesConfig } from '../types/artifacts.generated.ts';
import { humanizeAjvErrors } from './humanize.ts';
import { crossFileRules } from './rules.ts';
import { reservedIdRule } from './rules/reserved-ids.ts';
import { validatorFor } from './schemas.ts';

export interface ValidationResult {
  /** All diagnostics of loading and validation, sorted. */
  diagnostics: Diagnostic[];
  /** Artifacts that parsed and passed their schema (the cross-file rules may still flag them). */
  valid: Partial<Record<ArtifactName, LoadedArtifact>>;
  /** Artifacts with no error diagnostic at all. */
  clean: Set<ArtifactName>;
  /** The config actually used: the file over the defaults. */
  config: GatesConfig;
}

/** Validates a loaded cycle and config. */
export function validateCycle(cycle: LoadedCycle, loadedConfig: LoadedConfig): ValidationResult {
  const diagnostics: Diagnostic[] = [...cycle.diagnostics, ...loadedConfig.diagnostics];
  const valid: ValidationResult['valid'] = {};
  for (const spec of ARTIFACTS) {
    const a = cycle.artifacts[spec.name];
    if (!a || a.data === undefined) continue;
    const validate = validatorFor(spec.name);
    if (validate(a.data)) {
      valid[spec.name] = a;
      continue;
    }
    let errors = validate.errors ?? [];
    if (spec.name === 'gate-waivers') {
      // A gate-3 waiver gets the protocol's own message from the waiver rule.
      errors = errors.filter(
        (e) =>
          !(
            e.keyword === 'enum' &&
            /^\/waivers\/\d+\/gate$/.test(e.instancePath) &&
            (a.data as { waivers: { gate: unknown }[] }).waivers[Number(e.instancePath.split('/')[2])]
              ?.gate === 3
          ),
      );
      if (errors.length === 0) valid[spec.name] = a;
    }
    diagnostics.push(
      ...humanizeAjvErrors(errors, { file: a.file, data: a.data, lines: a.lines, code: 'schema' }),
    );
  }
  diagnostics.push(...crossFileRules(cycle, valid));
  diagnostics.push(...reservedIdRule(valid['performance-intake-report']));

  const config = resolveConfig(loadedConfig, diagnostics);
  const sorted = sortDiagnostics(diagnostics);
  const broken = new Set(
    sorted.filter((d) => d.severity === 'error' || d.severity === 'critical').map((d) => d.file),
  );
  const clean = new Set(
    ARTIFACTS.filter((s) => cycle.artifacts[s.name] && !broken.has(s.path)).map((s) => s.name),
  );
  return { diagnostics: sorted, valid, clean, config };
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
  if (validate(data)) return data as GatesConfig;
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
