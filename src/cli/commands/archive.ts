/**
 * `perfgate archive`: freezes the current cycle into content/cycles/<cycle_id>/. The generated
 * files are written first, the copy is staged beside the archive, every hash is re-verified, and
 * only then is the staged folder renamed into place: never a half-written archive entry.
 */
import { constants, createWriteStream } from 'node:fs';
import { lstat, mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { hasErrors } from '../../core/diagnostics.ts';
import { emitCycle } from '../../core/emit/emit-cycle.ts';
import { isAlive } from '../../core/evidence/alive.ts';
import { FsWriter } from '../../core/emit/fs-writer.ts';
import { hashFile } from '../../core/evidence/hash.ts';
import { walkCycle } from '../../core/load/walk.ts';
import { DEFAULT_ARCHIVE, DEFAULT_ARTIFACTS, DEFAULT_CONFIG } from '../defaults.ts';
import { archivedSource, pushBeforeArchive } from '../archive-store.ts';
import { decideExit } from '../exit.ts';
import { PerfgateError } from '../../core/errors.ts';
import { cycleOptions, type CommandResult, type Runner } from '../command.ts';
import { formatDiagnostics } from '../output.ts';
import { plural } from '../../core/format/plural.ts';
import { listArchive } from '../../core/history/read.ts';
import { placedCycles, readIntake } from '../../core/emit/previous.ts';
import { compareChainOrder } from '../../core/chain/order.ts';
import { PRUNED_DIR } from '../../core/chain/tombstone.ts';
import { verifyArchive, verifyDirectory } from '../../core/verify/index.ts';
import { SIGNED_STATEMENT } from '../../core/sign/statement.ts';
import {
  prepareReport,
  SIGN_KEY_FLAG,
  SIGN_KEY_HELP,
  signerFor,
  signingKey,
  type ReportOptions,
} from './report.ts';
import { EVIDENCE_MANIFEST } from '../../core/artifacts.ts';

interface ArchiveOptions extends ReportOptions {
  allowFailed?: boolean;
  allowAltered?: boolean;
}

/** What archiving learns of the archive it adds to. */
interface CheckedArchive {
  notes: string[];
  /** The newest cycle of the chain (a tombstone's too) whose manifest records a signing key. */
  lastSigned: { cycle: string; keyid: string } | null;
}

/**
 * The archive must verify (every frozen cycle and the chain) before a new link is written onto
 * it: a link to a rewritten cycle would vouch for the rewrite. Returns notes for the output.
 */
async function checkArchive(
  archive: string,
  allowAltered: boolean,
  archiveMonths: number,
): Promise<CheckedArchive> {
  if ((await listArchive(archive)).length === 0 && !(await exists(path.join(archive, PRUNED_DIR))))
    return { notes: [], lastSigned: null };
  const report = await verifyArchive(archive, { prune: { archiveMonths, now: Date.now() } });
  const signed = (report.cycles ?? []).filter((c) => c.signed_by);
  const last = signed.at(-1);
  const lastSigned = last ? { cycle: last.cycle_id, keyid: last.signed_by! } : null;
  if (report.problems.length === 0)
    return {
      notes: [
        `archive verified: ${plural(report.cycles?.length ?? 0, 'cycle')}, chain head ${report.chain_head}`,
      ],
      lastSigned,
    };
  const byCycle = new Map<string, string[]>();
  for (const p of report.problems) {
    const k = p.cycle ?? '(archive)';
    byCycle.set(k, [...(byCycle.get(k) ?? []), `${p.path} (${p.kind})`]);
  }
  const list = [...byCycle].map(([c, files]) => `${c}: ${[...new Set(files)].join(', ')}`).join('; ');
  if (!allowAltered)
    throw new PerfgateError(
      `Refusing to archive: the archive ${archive} does not verify (${list})`,
      `Run \`perfgate verify ${archive}\` to see every finding and restore the altered cycles from a trusted copy; --allow-altered archives anyway (the new link then pins the archive as it is).`,
      1,
    );
  return { notes: [`archived despite an altered archive (--allow-altered): ${list}`], lastSigned };
}

/**
 * Signing, once begun, continues (`perfgate verify --key` refuses an unsigned cycle after one whose
 * manifest records a key): an unsigned cycle after a signed one is refused before anything is written.
 */
function refuseUnsignedAfterSigned(
  id: string,
  lastSigned: CheckedArchive['lastSigned'],
  signing: boolean,
): void {
  if (!lastSigned || signing) return;
  throw new PerfgateError(
    `Refusing to archive ${id} unsigned: the archived cycle ${lastSigned.cycle} before it was signed (its evidence-manifest.json records the key ${lastSigned.keyid}), and signing, once begun, continues: \`perfgate verify --key\` would refuse the archive`,
    'Run again with --sign-key KEY.pem, the private key that signed the cycles before (verify checks every cycle against the one public key it is given).',
    1,
  );
}

async function exists(p: string): Promise<boolean> {
  return lstat(p).then(
    () => true,
    () => false,
  );
}

/**
 * The chain is ordered by period end (an instant), then id: a cycle that comes before an archived
 * one (or a tombstone of a pruned one) would slip into the middle of the chain and break the link
 * of the cycle after it, so it is refused. A pruned cycle's id is taken for good.
 */
async function refuseOutOfOrder(archive: string, dir: string, id: string): Promise<void> {
  const own = await readIntake(dir);
  if (typeof own === 'string') return; // validation already reported the intake
  for (const c of (await placedCycles(archive)).cycles) {
    if (c.pruned && c.cycleId === id)
      throw new PerfgateError(
        `Refusing to archive ${id}: a cycle of that id was archived and pruned (its tombstone is ${c.dir}), and a pruned cycle is never replaced`,
        'Give the new cycle its own cycle_id in performance-intake-report.json.',
        1,
      );
    if (compareChainOrder(c, { cycleId: id, end: own.end }) > 0)
      throw new PerfgateError(
        `Refusing to archive ${id}: its period ends before that of the archived${c.pruned ? ' (and pruned)' : ''} cycle ${c.cycleId}, so it would be inserted into the middle of the chain and break the link of the cycle after it`,
        'Archive cycles in the order they ended; a cycle that was missed stays in the history outside the archive (its bundle and manifest still verify on their own).',
        1,
      );
  }
}

/** Staging folders of archive runs that were killed (their process is gone): never an archived cycle. */
async function removeStaleStaging(archive: string): Promise<void> {
  for (const name of await readdir(archive).catch(() => [] as string[])) {
    const m = /^\..+\.perfgate-tmp-(\d+)$/.exec(name);
    if (m && !isAlive(Number(m[1]))) await rm(path.join(archive, name), { recursive: true, force: true });
  }
}

/** Copies one regular file without following links, streaming. */
async function copyFile(from: string, to: string): Promise<void> {
  await mkdir(path.dirname(to), { recursive: true });
  const src = await open(from, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    await pipeline(src.createReadStream(), createWriteStream(to, { flags: 'wx', mode: 0o644 }));
  } finally {
    await src.close().catch(() => undefined);
  }
}

async function runArchive(opts: ArchiveOptions): Promise<CommandResult> {
  const stored = await pushBeforeArchive(opts.artifacts ?? DEFAULT_ARTIFACTS, opts.config ?? DEFAULT_CONFIG);
  const { ctx, diagnostics, emit } = await prepareReport(opts);
  const details = formatDiagnostics(diagnostics, ctx.artifactsDir, ctx.configFile);
  if (!emit) {
    return {
      exitCode: decideExit({ diagnostics }),
      json: { command: 'archive', archived: false, diagnostics },
      human: `${details}\n\n✖ Not archived: prerequisites missing.`,
    };
  }
  const id = emit.evaluation.cycle_id;
  if (!id)
    throw new PerfgateError(
      'Cannot archive a cycle without a valid performance-intake-report.json (its cycle_id names the archive entry)',
      'Fix the intake report (perfgate validate lists the problems).',
      1,
    );
  if (emit.exitCode !== 0 && !opts.allowFailed) {
    const failed = emit.evaluation.gates
      .filter((g) => g.status !== 'pass' && g.status !== 'waived')
      .map((g) => `gate ${g.gate} ${g.status}`);
    throw new PerfgateError(
      `Refusing to archive ${id}: ${[...failed, ...(hasErrors(diagnostics) ? ['validation errors'] : [])].join(', ')}`,
      'Failed cycles belong in the history too: run again with --allow-failed to freeze it as it is.',
      1,
    );
  }
  const key = await signingKey(opts);
  const target = path.join(opts.archive, id);
  if (await exists(target))
    throw new PerfgateError(
      `Refusing to archive ${id}: ${target} already exists, and a frozen cycle is never overwritten`,
      'Give the new cycle its own cycle_id in performance-intake-report.json.',
      1,
    );

  const { notes, lastSigned } = await checkArchive(
    opts.archive,
    opts.allowAltered === true,
    ctx.validation.config.retention.archive_months,
  );
  refuseUnsignedAfterSigned(id, lastSigned, key !== undefined);
  await refuseOutOfOrder(opts.archive, ctx.artifactsDir, id);
  const result = await emitCycle(emit, new FsWriter(ctx.artifactsDir), { signer: signerFor(emit, key) });
  const signed = result.statement === 'signed' ? SIGNED_STATEMENT : undefined;
  await removeStaleStaging(opts.archive);
  const staging = path.join(opts.archive, `.${id}.perfgate-tmp-${process.pid}`);
  try {
    const walked = await walkCycle(ctx.artifactsDir);
    for (const f of walked.files) {
      const src = archivedSource(f);
      await copyFile(src.from, path.join(staging, ...src.path.split('/')));
    }
    const check = await verifyDirectory(staging);
    if (check.problems.length > 0) {
      throw new PerfgateError(
        `The archived copy of ${id} does not match its manifest: ${check.problems.map((p) => `${p.path} (${p.kind})`).join(', ')}`,
        'A file changed while it was being archived; nothing was archived. Run perfgate archive again.',
        2,
      );
    }
    await rename(staging, target);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  const manifestSha = (await hashFile(path.join(target, EVIDENCE_MANIFEST), EVIDENCE_MANIFEST)).sha256;
  const gates = emit.evaluation.gates.map((g) => `gate ${g.gate} ${g.status}`).join(', ');
  return {
    exitCode: 0,
    json: {
      command: 'archive',
      archived: true,
      cycle_id: id,
      dir: target.split(path.sep).join('/'),
      evidence_manifest_sha256: manifestSha,
      previous_manifest_sha256: result.previousManifestSha256,
      signed_statement: signed ? path.join(target, path.basename(signed)).split(path.sep).join('/') : null,
      notes: [...stored, ...notes, ...result.notes],
      gates: emit.evaluation.gates.map((g) => ({ gate: g.gate, status: g.status })),
      diagnostics,
    },
    human: [
      details,
      ...[...stored, ...notes, ...result.notes].map((n) => `note: ${n}`),
      `✔ Archived ${id} into ${target} (${gates}).`,
      `  evidence-manifest.json sha256 ${manifestSha}`,
      `  previous manifest     sha256 ${result.previousManifestSha256 ?? '(none: first cycle of the chain)'}`,
    ]
      .filter(Boolean)
      .join('\n'),
  };
}

export function registerArchive(program: Command, run: Runner): void {
  cycleOptions(
    program
      .command('archive')
      .description('freeze the current cycle into the archive (generated files, copy, re-verify)'),
  )
    .option('--archive <dir>', 'archived cycles', DEFAULT_ARCHIVE)
    .option(SIGN_KEY_FLAG, SIGN_KEY_HELP)
    .option(
      '--allow-altered',
      'archive even when the frozen cycles or their chain do not verify (named in the output)',
    )
    .option(
      '--allow-failed',
      'archive a cycle that failed a gate or validation (failed cycles belong in the history too)',
    )
    .action((opts: ArchiveOptions) => run(() => runArchive(opts), opts.json === true));
}
