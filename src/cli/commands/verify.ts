/** `perfgate verify PATH`: a bundle (in place), a cycle directory or an archive, against manifests and chain. */
import { lstat, stat } from 'node:fs/promises';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { progressLine } from '../../core/emit/progress.ts';
import { DEFAULT_LIMITS } from '../../core/evidence/zip-checks.ts';
import { loadPublicKey } from '../../core/sign/keys.ts';
import { PROTOCOL_ARCHIVE_MONTHS } from '../../core/chain/tombstone.ts';
import { loadConfig } from '../../core/load/config.ts';
import { resolveConfig } from '../../core/validate/index.ts';
import { verifyPath, type VerifyReport } from '../../core/verify/index.ts';
import { recomputePath, type RecomputeReport } from '../../core/verify/recompute/index.ts';
import { decideExit } from '../exit.ts';
import { PerfgateError } from '../../core/errors.ts';
import { checkNamedConfig, type CommandResult, type Io, type Runner } from '../command.ts';
import { DEFAULT_CONFIG } from '../defaults.ts';
import { readStoreConfig } from '../store-config.ts';
import { storeClient } from '../../core/store/client.ts';
import { objectReader } from '../../core/store/reader.ts';
import type { ObjectReader } from '../../core/verify/stored.ts';
import type { Unfetched } from '../../core/verify/types.ts';
import { hintsFor, humanVerify } from './verify-output.ts';
import { humanRecompute, recomputeHints, recomputeOk } from './verify-recompute.ts';
import { EVIDENCE_MANIFEST } from '../../core/artifacts.ts';

interface VerifyOptions {
  json?: boolean;
  config: string;
  allowUnfetched?: boolean;
  offline?: boolean;
  maxEntryBytes: string;
  maxRatio: string;
  expectSha256?: string;
  key?: string;
  recompute?: boolean;
}

function positive(flag: string, raw: string): number {
  const v = /^\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!Number.isFinite(v) || v <= 0)
    throw new PerfgateError(
      `Unexpected ${flag} ${JSON.stringify(raw)}, expected a positive number`,
      `Write e.g. ${flag} ${flag === '--max-ratio' ? '1000' : '17179869184'}.`,
    );
  return v;
}

/**
 * The retention an archive's tombstones must have respected: the config's retention.archive_months,
 * read only for an archive; without a config file at the default path, the protocol's 24 months. A
 * config that does not load is an error (exit 2).
 */
async function archiveMonths(target: string, file: string): Promise<number> {
  const isArchive =
    (await stat(target).catch(() => undefined))?.isDirectory() === true &&
    !(await lstat(path.join(target, EVIDENCE_MANIFEST)).catch(() => undefined));
  if (!isArchive) return PROTOCOL_ARCHIVE_MONTHS;
  const loaded = await loadConfig(file);
  if (!loaded.found && path.resolve(file) === path.resolve(DEFAULT_CONFIG)) return PROTOCOL_ARCHIVE_MONTHS;
  const diagnostics = [...loaded.diagnostics];
  const config = resolveConfig(loaded, diagnostics);
  if (!loaded.found || diagnostics.length > 0)
    throw new PerfgateError(
      `Cannot read the retention of --config ${file}: ${loaded.found ? (diagnostics[0]?.message ?? 'invalid') : 'not found'}`,
      "Pass the gate config the archive was pruned with (its retention.archive_months), or leave --config out for the protocol's 24 months.",
    );
  return config.retention.archive_months;
}

async function runVerify(target: string, opts: VerifyOptions, io: Io): Promise<CommandResult> {
  const limits = {
    ...DEFAULT_LIMITS,
    maxEntryBytes: positive('--max-entry-bytes', opts.maxEntryBytes),
    maxRatio: positive('--max-ratio', opts.maxRatio),
  };
  if (opts.expectSha256 !== undefined && !/^[0-9a-fA-F]{64}$/.test(opts.expectSha256.trim()))
    throw new PerfgateError(
      `Unexpected --expect-sha256 ${JSON.stringify(opts.expectSha256)}, expected 64 hex digits`,
      'Copy the SHA-256 published beside the bundle (the evidence page, chain.json or the job summary).',
    );
  const progress = progressLine(io.stderr, io.tty === true && opts.json !== true);
  let done = 0;
  let report: VerifyReport;
  try {
    const key = opts.key !== undefined ? await loadPublicKey(opts.key) : undefined;
    const reader = opts.offline === true ? undefined : storeReader(opts.config);
    report = await verifyPath(target, {
      ...(reader ? { reader } : {}),
      prune: { archiveMonths: await archiveMonths(target, opts.config), now: Date.now() },
      limits,
      onBytes: (n) => progress.update('verifying', (done += n), 0),
      ...(opts.expectSha256 !== undefined ? { expectSha256: opts.expectSha256 } : {}),
      ...(key ? { key } : {}),
    });
  } finally {
    progress.end();
  }
  const unfetched = report.unfetched ?? [];
  const recomputed = opts.recompute ? await recompute(target, limits) : undefined;
  const exitCode = decideExit({
    diagnostics: [],
    failed:
      report.problems.length > 0 ||
      (unfetched.length > 0 && opts.allowUnfetched !== true) ||
      (recomputed !== undefined && !recomputeOk(recomputed)),
  });
  return {
    exitCode,
    json: {
      command: 'verify',
      ...report,
      unfetched,
      ...(recomputed ? { recompute: recomputed } : {}),
      hints: [...hintsFor(report), ...(recomputed ? recomputeHints(recomputed) : [])],
      exit_code: exitCode,
    },
    human: [
      [humanVerify(report), humanUnfetched(unfetched, opts.allowUnfetched === true)]
        .filter(Boolean)
        .join('\n'),
      ...(recomputed ? [humanRecompute(recomputed)] : []),
    ].join('\n\n'),
  };
}

/** Stored files verify could not check: named, and why; they fail the run unless --allow-unfetched. */
function humanUnfetched(list: readonly Unfetched[], allowed: boolean): string {
  if (list.length === 0) return '';
  const head = allowed
    ? `⚠ ${list.length} stored file(s) not checked (--allow-unfetched):`
    : `✖ ${list.length} stored file(s) could not be fetched and checked:`;
  return [
    head,
    ...list.map((u) => `  ${u.cycle ? `${u.cycle}/` : ''}${u.path}  ${u.object}: ${u.reason}`),
    allowed
      ? '  Everything else verified; these files are checked only by their pointers against the manifest.'
      : '  hint: give perfgate access to the store (evidence.* in the config, AWS credentials in the environment), or pass --allow-unfetched to accept the rest.',
  ].join('\n');
}

/**
 * The store's reader, made on first use: a verification without stored files never reads the config.
 * No `evidence` section, or a broken config, leaves every stored file unfetched with the reason.
 */
function storeReader(configFile: string): ObjectReader {
  let made: Promise<ObjectReader | string> | undefined;
  const make = async (): Promise<ObjectReader | string> => {
    try {
      const store = await readStoreConfig(configFile);
      return store ? objectReader(storeClient(store)) : `no evidence.store in ${configFile}`;
    } catch (e) {
      return e instanceof PerfgateError ? e.message : String(e);
    }
  };
  return {
    async check(object, bytes) {
      const reader = await (made ??= make());
      return typeof reader === 'string' ? { unfetched: reader } : reader.check(object, bytes);
    },
  };
}

/** --recompute: every cycle re-decided from its own files (after the files were checked). */
async function recompute(target: string, limits: typeof DEFAULT_LIMITS): Promise<RecomputeReport> {
  return recomputePath(target, { decideExit, limits });
}

export function registerVerify(program: Command, run: Runner): void {
  program
    .command('verify')
    .description(
      'check a bundle (read in place, never extracted), a cycle directory or an archive (the chain too) against the manifests',
    )
    .argument(
      '<path>',
      'performance-evidence-bundle.zip, a cycle directory, or an archive such as content/cycles',
    )
    .option('--expect-sha256 <hex>', 'the published SHA-256 of the bundle (of an archive: its chain head)')
    .option(
      '--config <file>',
      "gate config, read only when needed: pruned cycles of an archive must have been older than its retention.archive_months (without the file: the protocol's 24 months), and its evidence section says where stored objects are (never credentials)",
      DEFAULT_CONFIG,
    )
    .option(
      '--key <pub.pem>',
      'public key (PEM, Ed25519 or ECDSA P-256): the signed statement must verify with it',
    )
    .option(
      '--max-entry-bytes <n>',
      'reject bundle entries declaring more bytes than this',
      String(DEFAULT_LIMITS.maxEntryBytes),
    )
    .option(
      '--max-ratio <n>',
      'reject entries of 1 MiB or more that expand more than this ratio',
      String(DEFAULT_LIMITS.maxRatio),
    )
    .option(
      '--recompute',
      're-decide each cycle from its own files and frozen config at its frozen evaluation time; print every criterion that differs',
    )
    .option('--offline', 'do not fetch stored objects (each is listed as unfetched)')
    .option('--allow-unfetched', 'exit 0 even when stored objects could not be fetched and checked')
    .addOption(new Option('--json', 'machine-readable output on stdout'))
    .hook('preAction', (_p, action) => checkNamedConfig(action))
    .action((target: string, opts: VerifyOptions) =>
      run((io) => runVerify(target, opts, io), opts.json === true),
    );
}
