/**
 * `perfgate gates` and the protocol scripts' equivalents: `gate-baseline`, `gate-diagnostics`,
 * `gate-optimization`, `gate-governance` (validate_gate_18_*.py) and `prerequisites`
 * (validate_prerequisites_18.py). Load, validate, evaluate, print; exit codes via decideExit.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { ARTIFACT_BY_PATH, ARTIFACTS, UPSTREAM, type GateNumber } from '../../core/artifacts.ts';
import { GATES } from '../../core/evaluate/gates.ts';
import { sortDiagnostics, type Diagnostic } from '../../core/diagnostics.ts';
import { decisionWords } from '../../core/format/words.ts';
import { buildEvaluationInput, type GateOverrides } from '../../core/evaluate/input.ts';
import { evaluateCycle } from '../../core/evaluate/index.ts';
import { formatGate } from '../../core/evaluate/messages.ts';
import { validationReport } from '../../core/emit/validation-report.ts';
import { prerequisiteDiagnostics } from '../../core/validate/index.ts';
import { loadCycleContext, type CycleOptions } from '../context.ts';
import { resolveEvaluationTime } from '../defaults.ts';
import { decideExit, type ExitCode } from '../exit.ts';
import { PerfgateError } from '../../core/errors.ts';
import { cycleOptions, type CommandResult, type Runner } from '../command.ts';
import { configNotice, countSeverities, formatDiagnostics } from '../output.ts';

interface GatesOptions extends CycleOptions {
  json?: boolean;
  gate?: string;
  threshold?: string;
  coverage?: string;
  improvementThreshold?: string;
  intake?: string;
  report?: string;
}

const ALL: GateNumber[] = [1, 2, 3, 4];

/** `baseline` or `1` -> 1 (the gate names of ARTIFACTS.md section 4). */
export function parseGate(raw: string): GateNumber {
  const s = raw.trim().toLowerCase();
  const spec = GATES.find((g) => g.name === s || String(g.gate) === s);
  if (!spec)
    throw new PerfgateError(
      `Unexpected --gate ${JSON.stringify(raw)}, expected baseline, diagnostics, optimization or governance (or 1-4)`,
      'Write e.g. --gate optimization, or leave it out to evaluate all four gates.',
    );
  return spec.gate;
}

/** --artifacts, else the folder of --intake/--report (the protocol scripts' file flags), else the default. */
function artifactsDir(opts: GatesOptions, cmd: Command): string | undefined {
  if (cmd.getOptionValueSource('artifacts') !== 'default') return opts.artifacts;
  const dirs = [
    ...new Set(
      [opts.intake, opts.report].filter((f): f is string => f !== undefined).map((f) => path.dirname(f)),
    ),
  ];
  if (dirs.length > 1)
    throw new PerfgateError(
      `Conflicting --intake and --report: ${dirs.join(' and ')} are different cycle directories`,
      'Point both at files of the same cycle, or pass --artifacts DIR.',
    );
  return dirs[0] ?? opts.artifacts;
}

/** Validation problems that concern the asked gates: a broken file of another gate's phase does not. */
function relevant(list: readonly Diagnostic[], asked: readonly GateNumber[]): Diagnostic[] {
  // Gate 4 counts every required artifact (documentation_completeness), so it keeps them all.
  if (asked.includes(4)) return [...list];
  return list.filter((d) => {
    const spec = ARTIFACT_BY_PATH.get(d.file);
    return !spec || spec.gates.length === 0 || spec.gates.some((g) => asked.includes(g));
  });
}

async function runGates(opts: GatesOptions, cmd: Command, fixed?: GateNumber): Promise<CommandResult> {
  const chosen = fixed ?? (opts.gate !== undefined ? parseGate(opts.gate) : undefined);
  const asked = chosen ? [chosen] : ALL;
  const evaluatedAt = resolveEvaluationTime(opts.asOf);
  const ctx = await loadCycleContext({ ...opts, artifacts: artifactsDir(opts, cmd) });
  const overrides: GateOverrides = {
    threshold: opts.threshold,
    coverage: opts.coverage,
    improvementThreshold: opts.improvementThreshold,
    gate: chosen,
  };
  const input = buildEvaluationInput(ctx.cycle, ctx.validation, evaluatedAt, overrides);
  const evaluation = evaluateCycle(input);
  const gates = evaluation.gates.filter((g) => asked.includes(g.gate));
  const diagnostics = sortDiagnostics([
    ...prerequisiteDiagnostics(ctx.cycle, chosen ? asked : 'all'),
    ...relevant(ctx.validation.diagnostics, asked),
  ]);
  const exitCode = decideExit({ diagnostics, gateStatuses: gates.map((g) => g.status) });
  const json = validationReport(evaluation, diagnostics, exitCode, gates);
  const who = evaluation.cycle_id ?? ctx.artifactsDir;
  // The site's, the report's and the job summary's words (format/words.ts), then the exit code.
  const words = decisionWords(exitCode, gates, diagnostics);
  const counted = diagnostics.length ? `; ${countSeverities(diagnostics)}` : '';
  const summary = `${exitCode === 0 ? '✔' : '✖'} ${who}: ${words.label} (${words.tally}${counted}); exit ${exitCode}`;
  const human = [
    gates.map((g) => formatGate(g, evaluation.evaluated_at)).join('\n\n'),
    formatDiagnostics(diagnostics, ctx.artifactsDir, ctx.configFile),
    configNotice(evaluation.config_source, ctx.configFile),
    summary,
  ];
  return { exitCode, json, human: human.filter(Boolean).join('\n\n') };
}

function gateOptions(cmd: Command): Command {
  return cycleOptions(cmd)
    .option(
      '--threshold <x>',
      "gate 1 baseline completeness (with --gate: that gate's main threshold, e.g. governance documentation)",
    )
    .option('--coverage <x>', 'gate 2 diagnostic coverage threshold')
    .option('--improvement-threshold <x>', 'gate 3 minimum improvement, a fraction (0.15 = 15 %)')
    .option('--intake <file>', "protocol-script alias: the cycle directory is this file's folder")
    .option('--report <file>', "protocol-script alias: the cycle directory is this file's folder");
}

function prerequisites(opts: GatesOptions, cmd: Command): Promise<CommandResult> {
  return (async () => {
    const asked = opts.gate !== undefined ? [parseGate(opts.gate)] : ALL;
    const ctx = await loadCycleContext({ ...opts, artifacts: artifactsDir(opts, cmd) });
    const diagnostics = sortDiagnostics([
      ...ctx.cycle.diagnostics.filter((d) => d.code.startsWith('prereq.')),
      ...prerequisiteDiagnostics(ctx.cycle, opts.gate !== undefined ? asked : 'all'),
    ]);
    const exitCode: ExitCode = decideExit({ diagnostics });
    const artifacts = ARTIFACTS.map((a) => ({
      path: a.path,
      phase: a.phase,
      required: a.required,
      present: ctx.cycle.artifacts[a.name] !== undefined,
    }));
    const upstream = UPSTREAM.map((u) => ({
      protocol: u.protocol,
      files: u.files,
      required: u.required,
      found: ctx.cycle.upstream.find((f) => f.protocol === u.protocol)?.path ?? null,
    }));
    const lines = [
      ...artifacts.map(
        (a) =>
          `${a.present ? '✔' : a.required ? '✖' : '○'} ${a.path}${a.present ? '' : a.required ? ` missing (phase ${a.phase})` : ' (optional) absent'}`,
      ),
      ...upstream.map((u) =>
        u.found
          ? `✔ ${u.found}`
          : `${u.required ? '✖' : '○'} ../protocol-${u.protocol}/${u.files.join(' or ')}${u.required ? ' missing' : ' (optional) absent'}`,
      ),
    ];
    const summary =
      exitCode === 0
        ? `✔ prerequisites met for ${ctx.artifactsDir}`
        : `✖ prerequisites missing for ${ctx.artifactsDir} (${countSeverities(diagnostics)}); exit ${exitCode}`;
    return {
      exitCode,
      json: { command: 'prerequisites', exit_code: exitCode, artifacts, upstream, diagnostics },
      human: [lines.join('\n'), formatDiagnostics(diagnostics, ctx.artifactsDir, ctx.configFile), summary]
        .filter(Boolean)
        .join('\n\n'),
    };
  })();
}

/** Registers `gates`, the four `gate-*` script equivalents and `prerequisites`. */
export function registerGates(program: Command, run: Runner): void {
  gateOptions(program.command('gates').description('evaluate the quality gates and print their receipts'))
    .option('--gate <name>', 'only this gate: baseline, diagnostics, optimization, governance (or 1-4)')
    .action((opts: GatesOptions, cmd: Command) => run(() => runGates(opts, cmd), opts.json === true));
  for (const spec of GATES) {
    gateOptions(
      program
        .command(`gate-${spec.name}`)
        .description(`evaluate gate ${spec.gate} (${spec.title}); as validate_gate_18_${spec.name}.py`),
    ).action((opts: GatesOptions, cmd: Command) =>
      run(() => runGates(opts, cmd, spec.gate), opts.json === true),
    );
  }
  cycleOptions(
    program
      .command('prerequisites')
      .description('check required artifacts and upstream prerequisites; as validate_prerequisites_18.py'),
  )
    .option('--gate <name>', 'only the artifacts of this gate')
    .option('--intake <file>', "protocol-script alias: the cycle directory is this file's folder")
    .option('--report <file>', "protocol-script alias: the cycle directory is this file's folder")
    .action((opts: GatesOptions, cmd: Command) => run(() => prerequisites(opts, cmd), opts.json === true));
}
