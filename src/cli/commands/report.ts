/** `perfgate report`: the generated files of ARTIFACTS.md section 4 (gate-config.json too), written atomically into the cycle. */
import type { Command } from 'commander';
import { GENERATED_FILES } from '../../core/artifacts.ts';
import type { Diagnostic } from '../../core/diagnostics.ts';
import { decideCycle } from '../../core/decide.ts';
import { emitCycle, type EmitInput, type Signer } from '../../core/emit/emit-cycle.ts';
import { FsWriter } from '../../core/emit/fs-writer.ts';
import { phaseLines, progressLine } from '../../core/emit/progress.ts';
import { formatBytes } from '../../core/format/index.ts';
import { loadSigningKey } from '../../core/sign/keys.ts';
import { keyId, keyType } from '../../core/sign/dsse.ts';
import { buildStatement, SIGNED_STATEMENT, signedStatementBytes } from '../../core/sign/statement.ts';
import type { KeyObject } from 'node:crypto';
import path from 'node:path';

export const SIGN_KEY_FLAG = '--sign-key <key.pem>';
export const SIGN_KEY_HELP =
  'sign the decision (Ed25519 or ECDSA P-256, PKCS#8 PEM) into performance-evidence.intoto.json';
import { loadCycleContext, type CycleContext, type CycleOptions } from '../context.ts';
import { DEFAULT_ARCHIVE, resolveEvaluationTime } from '../defaults.ts';
import { decideExit } from '../exit.ts';
import { cycleOptions, type CommandResult, type Io, type Runner } from '../command.ts';
import { countSeverities, formatDiagnostics } from '../output.ts';
import { plural } from '../../core/format/plural.ts';

export interface ReportOptions extends CycleOptions {
  archive: string;
  json?: boolean;
  /** PKCS#8 PEM private key: sign the decision into performance-evidence.intoto.json. */
  signKey?: string;
}

/** Loads the signing key before anything is written, so that a bad key writes nothing. */
export async function signingKey(opts: ReportOptions): Promise<KeyObject | undefined> {
  if (opts.signKey === undefined) return undefined;
  return loadSigningKey(opts.signKey);
}

/**
 * The signer of the outputs `emit` will write (when a key was given): the manifest records the
 * key, and the statement over the outputs is committed with them, so that none is left stale.
 */
export function signerFor(emit: EmitInput, key: KeyObject | undefined): Signer | undefined {
  if (!key) return undefined;
  const { evaluation, exitCode } = emit;
  const decision = {
    cycle_id: evaluation.cycle_id,
    evaluated_at: evaluation.evaluated_at,
    exit_code: exitCode,
    gates: evaluation.gates.map((g) => ({ gate: g.gate, name: g.name, status: g.status })),
  };
  return {
    signedBy: { keyid: keyId(key), key_type: keyType(key)! },
    statement: (digests) => signedStatementBytes(buildStatement(digests, decision), key),
  };
}

/** Everything `perfgate report` computes before writing: blocked (exit 2, nothing written) or ready to emit. */
export async function prepareReport(
  opts: ReportOptions,
): Promise<{ ctx: CycleContext; diagnostics: Diagnostic[]; emit?: EmitInput }> {
  const evaluatedAt = resolveEvaluationTime(opts.asOf);
  const ctx = await loadCycleContext(opts);
  const { diagnostics, decided } = decideCycle(ctx.cycle, ctx.validation, evaluatedAt);
  if (!decided) return { ctx, diagnostics };
  const { input, evaluation } = decided;
  const exitCode = decideExit({ diagnostics, gateStatuses: evaluation.gates.map((g) => g.status) });
  return {
    ctx,
    diagnostics,
    emit: { cycle: ctx.cycle, input, evaluation, diagnostics, exitCode, archiveDir: opts.archive },
  };
}

async function runReport(opts: ReportOptions, io: Io): Promise<CommandResult> {
  const key = await signingKey(opts);
  const { ctx, diagnostics, emit } = await prepareReport(opts);
  const details = formatDiagnostics(diagnostics, ctx.artifactsDir, ctx.configFile);
  if (!emit) {
    const exitCode = decideExit({ diagnostics });
    return {
      exitCode,
      json: { command: 'report', cycle_id: null, exit_code: exitCode, outputs: [], diagnostics },
      human: [
        details,
        `✖ ${ctx.artifactsDir}: prerequisites missing (${countSeverities(diagnostics)}); nothing written`,
      ].join('\n\n'),
    };
  }
  const { evaluation, exitCode } = emit;
  const tty = io.tty === true;
  const progress = progressLine(io.stderr, tty && opts.json !== true);
  // Off a terminal, one plain line per finished phase once the run has taken a second (a CI log).
  const phases = phaseLines(io.stderr, !tty);
  let result;
  try {
    result = await emitCycle(emit, new FsWriter(ctx.artifactsDir), {
      signer: signerFor(emit, key),
      onProgress: (phase, done, total) => {
        progress.update(phase, done, total);
        phases.update(phase, total);
      },
    });
    phases.finish();
  } finally {
    progress.end();
  }
  const signed = result.statement === 'signed' ? path.join(ctx.artifactsDir, SIGNED_STATEMENT) : undefined;
  const gates = evaluation.gates.map((g) => ({ gate: g.gate, name: g.name, status: g.status }));
  const statuses = gates.map((g) => `gate ${g.gate} ${g.status}`).join(', ');
  const lines = result.outputs.map((o) => `  ${o.path.padEnd(34)} ${o.sha256}  ${o.bytes} bytes`);
  const summary = `${exitCode === 0 ? '✔' : '✖'} ${evaluation.cycle_id ?? ctx.artifactsDir}: ${statuses}; exit ${exitCode}`;
  return {
    exitCode,
    json: {
      command: 'report',
      cycle_id: evaluation.cycle_id,
      evaluated_at: evaluation.evaluated_at,
      exit_code: exitCode,
      outputs: result.outputs,
      evidence: { files: result.evidenceFiles, bytes: result.evidenceBytes },
      previous_manifest_sha256: result.previousManifestSha256,
      signed_statement: signed ?? null,
      gates,
      diagnostics,
      notes: result.notes,
    },
    human: [
      details,
      `Wrote ${GENERATED_FILES.length} files into ${ctx.artifactsDir} (${plural(result.evidenceFiles, 'evidence file')}, ${formatBytes(result.evidenceBytes)}):\n${lines.join('\n')}`,
      result.notes.map((n) => `note: ${n}`).join('\n'),
      signed ? `Signed the decision into ${signed} (in-toto Statement v1, DSSE).` : '',
      summary,
    ]
      .filter(Boolean)
      .join('\n\n'),
  };
}

export function registerReport(program: Command, run: Runner): void {
  cycleOptions(
    program
      .command('report')
      .description('write the report, the manifests and the evidence bundle into the cycle directory'),
  )
    .option('--archive <dir>', 'archived cycles (the previous manifest links the chain)', DEFAULT_ARCHIVE)
    .option(SIGN_KEY_FLAG, SIGN_KEY_HELP)
    .action((opts: ReportOptions) => run((io) => runReport(opts, io), opts.json === true));
}
