/**
 * `perfgate verify --recompute PATH` (ARTIFACTS.md section 4, "Re-deciding"): each cycle of a
 * bundle, a cycle directory or an archive is decided again from its own files, with its frozen
 * config, at its frozen evaluation time, through the same load → validate → evaluate pipeline as
 * `perfgate report`, and compared with the decision frozen in its validation-report.json.
 */
import { lstat, stat } from 'node:fs/promises';
import path from 'node:path';
import { decideCycle } from '../../decide.ts';
import type { Diagnostic } from '../../diagnostics.ts';
import { EmitError, errnoCode } from '../../evidence/errors.ts';
import { EVIDENCE_MANIFEST } from '../../evidence/manifest.ts';
import { PERFGATE_VERSION } from '../../evidence/tool.ts';
import { validationReport } from '../../emit/validation-report.ts';
import { DEFAULT_LIMITS, type ZipLimits } from '../../evidence/zip-checks.ts';
import { listArchive } from '../../history/read.ts';
import { validateCycle } from '../../validate/index.ts';
import { compareDecisions, type Redecided } from './compare.ts';
import { frozenConfig } from './config.ts';
import { frozenVersion, readFrozenDecision, type Frozen } from './frozen.ts';
import { fromBundle, fromDirectory, type FrozenSource } from './source.ts';
import type { CycleRecompute, RecomputeReport } from './types.ts';

export type { CycleRecompute, Difference, RecomputeReport } from './types.ts';

/** The exit code of a decision (the CLI's one rule for it, handed in so that the core stays apart). */
export type DecideExit = (o: {
  diagnostics: readonly Diagnostic[];
  gateStatuses?: readonly string[];
}) => 0 | 1 | 2;

export interface RecomputeOptions {
  decideExit: DecideExit;
  limits?: ZipLimits;
}

/** Re-decides one frozen cycle from its files and compares the result with its frozen decision. */
export function recomputeCycle(name: string, source: FrozenSource, decideExit: DecideExit): CycleRecompute {
  const frozen = readFrozenDecision(source.files);
  const base = {
    cycle: name,
    ...frozenVersion(typeof frozen === 'string' ? undefined : frozen, source.files),
    differences: [],
  };
  if (typeof frozen === 'string')
    return {
      ...base,
      cycle_id: null,
      outcome: 'not-recomputable',
      evaluated_at: null,
      config: null,
      reason: frozen,
    };
  const common = { ...base, cycle_id: frozen.cycleId, evaluated_at: frozen.evaluatedAt };
  const config = frozenConfig(frozen, source.files);
  if (!config.ok) return { ...common, outcome: 'not-recomputable', config: null, reason: config.reason };
  const validation = validateCycle(source.cycle, config.loaded);
  const { diagnostics, decided } = decideCycle(source.cycle, validation, frozen.evaluatedAt);
  let redone: Redecided;
  if (decided) {
    const gateStatuses = decided.evaluation.gates.map((g) => g.status);
    const exitCode = decideExit({ diagnostics, gateStatuses });
    // Compared as it would have been written: through JSON, as the frozen one was.
    redone = JSON.parse(
      JSON.stringify(validationReport(decided.evaluation, diagnostics, exitCode)),
    ) as Redecided;
  } else {
    const written = JSON.parse(JSON.stringify(diagnostics)) as Frozen[];
    redone = { cycle_id: frozen.cycleId, exit_code: decideExit({ diagnostics }), diagnostics: written };
  }
  const differences = [...config.differences, ...compareDecisions(frozen, redone)];
  if (!decided) {
    const critical = diagnostics.find((d) => d.severity === 'critical')!;
    differences.push({
      gate: null,
      criterion: null,
      field: 'gates',
      frozen: 'decided',
      recomputed: `not evaluated: ${critical.file}: ${critical.message}`,
    });
  }
  return {
    ...common,
    outcome: differences.length === 0 ? 'same' : 'differs',
    config: config.info,
    differences,
  };
}

async function kindOf(target: string): Promise<RecomputeReport['kind']> {
  const st = await stat(target).catch(() => undefined);
  if (!st)
    throw new EmitError(
      `Not found: ${target}`,
      'Pass the bundle zip, a cycle directory written by `perfgate report`, or an archive folder such as content/cycles.',
    );
  if (!st.isDirectory()) return 'bundle';
  const manifest = await lstat(path.join(target, EVIDENCE_MANIFEST)).catch(() => undefined);
  return manifest ? 'directory' : 'archive';
}

const unreadable = (cycle: string, reason: string): CycleRecompute => ({
  cycle,
  cycle_id: null,
  outcome: 'not-recomputable',
  frozen_version: null,
  frozen_version_from: null,
  evaluated_at: null,
  config: null,
  differences: [],
  reason,
});

async function recomputeSource(
  name: string,
  source: Promise<FrozenSource | string>,
  decideExit: DecideExit,
): Promise<CycleRecompute> {
  let s: FrozenSource | string;
  try {
    s = await source;
  } catch (e) {
    // A folder that cannot be listed or read is the user's to fix; anything else is a fault of perfgate.
    const code = errnoCode(e);
    if (code === undefined) throw e;
    s = `its files could not be read (${code})`;
  }
  return typeof s === 'string' ? unreadable(name, s) : recomputeCycle(name, s, decideExit);
}

/** Re-decides every cycle of PATH (a bundle, a cycle directory or an archive), one after the other. */
export async function recomputePath(target: string, options: RecomputeOptions): Promise<RecomputeReport> {
  const kind = await kindOf(target);
  const cycles: CycleRecompute[] = [];
  if (kind === 'bundle')
    cycles.push(
      await recomputeSource(target, fromBundle(target, options.limits ?? DEFAULT_LIMITS), options.decideExit),
    );
  else if (kind === 'directory')
    cycles.push(await recomputeSource(target, fromDirectory(target), options.decideExit));
  else
    for (const dir of await listArchive(target))
      cycles.push(await recomputeSource(path.basename(dir), fromDirectory(dir), options.decideExit));
  return { target, kind, perfgate_version: PERFGATE_VERSION, cycles };
}
