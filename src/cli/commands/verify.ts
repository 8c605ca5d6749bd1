/** `perfgate verify BUNDLE.zip|DIR`: check a bundle (in place) or a directory against its manifest. */
import { stat } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { EmitError } from '../../core/emit/errors.ts';
import { progressLine } from '../../core/emit/progress.ts';
import { verifyBundle, verifyDirectory, type VerifyReport } from '../../core/emit/verify.ts';
import { DEFAULT_LIMITS, type Problem } from '../../core/emit/zip-checks.ts';
import { decideExit, UserError } from '../exit.ts';
import type { CommandResult, Runner } from '../command.ts';
import { plural } from '../../core/format/plural.ts';

interface VerifyOptions {
  json?: boolean;
  maxEntryBytes: string;
  maxRatio: string;
}

function positive(flag: string, raw: string): number {
  const v = /^\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!Number.isFinite(v) || v <= 0)
    throw new UserError(
      `Unexpected ${flag} ${JSON.stringify(raw)}, expected a positive number`,
      `Write e.g. ${flag} ${flag === '--max-ratio' ? '1000' : '17179869184'}.`,
    );
  return v;
}

/** What to do about each kind of problem (one hint per kind found, in the JSON and the human output). */
const HINTS: Record<Problem['kind'], string> = {
  'unsafe-name':
    'Do not extract this bundle with a tool that trusts entry names; ask for one written by `perfgate report`.',
  duplicate: 'An extraction would keep only one of the entries: treat the bundle as tampered with.',
  symlink: 'A bundle holds only regular files: treat the entry as tampered with and do not extract it.',
  'size-mismatch':
    'The bundle is damaged or was altered: download it again or regenerate it with `perfgate report`.',
  corrupt: 'The bundle is damaged or was altered: download it again or regenerate it with `perfgate report`.',
  oversized: 'Refused before decompressing; if the entry is genuine, raise --max-entry-bytes.',
  bomb: 'Refused before decompressing; if the entry is genuine, raise --max-ratio.',
  unsupported:
    'perfgate writes only stored or deflated, unencrypted entries: this bundle was not written by it.',
  unreadable: 'Check that the file is a complete zip or readable directory (download or copy it again).',
  missing: 'The evidence no longer matches its manifest: find out who changed it before trusting the cycle.',
  extra: 'The evidence no longer matches its manifest: find out who changed it before trusting the cycle.',
  altered: 'The evidence no longer matches its manifest: find out who changed it before trusting the cycle.',
  'malformed-digest':
    'The manifest or SHA256SUMS is malformed: it was not written by `perfgate report` as it stands.',
  manifest: 'The manifest or SHA256SUMS is malformed: it was not written by `perfgate report` as it stands.',
};

/** One hint per kind of problem found, in order of first appearance, without repeats. */
function hintsFor(r: VerifyReport): string[] {
  return [...new Set(r.problems.map((p) => HINTS[p.kind]))];
}

function human(r: VerifyReport): string {
  const what = `${r.kind === 'bundle' ? 'bundle' : 'directory'} ${r.target}`;
  const cycle = r.cycle_id
    ? ` (cycle ${r.cycle_id}${r.generated_at ? `, generated ${r.generated_at}` : ''})`
    : '';
  const notes = r.notes.map((n) => `note: ${n}`);
  if (r.problems.length === 0)
    return [...notes, `✔ ${what} matches its manifest: ${plural(r.matched, 'file')}${cycle}`].join('\n');
  const counts = new Map<string, number>();
  for (const p of r.problems) counts.set(p.kind, (counts.get(p.kind) ?? 0) + 1);
  const lines = r.problems.map((p) => `${p.kind.padEnd(16)} ${p.path}: ${p.message}`);
  const tally = [...counts].map(([k, n]) => `${n} ${k}`).join(', ');
  return [
    ...lines,
    '',
    ...hintsFor(r).map((h) => `hint: ${h}`),
    ...notes,
    `✖ ${what} does not match its manifest${cycle}: ${plural(r.problems.length, 'problem')} (${tally})`,
  ].join('\n');
}

async function runVerify(target: string, opts: VerifyOptions): Promise<CommandResult> {
  const limits = {
    ...DEFAULT_LIMITS,
    maxEntryBytes: positive('--max-entry-bytes', opts.maxEntryBytes),
    maxRatio: positive('--max-ratio', opts.maxRatio),
  };
  let isDir: boolean;
  try {
    isDir = (await stat(target)).isDirectory();
  } catch {
    throw new UserError(
      `Not found: ${target}`,
      'Pass the bundle zip (performance-evidence-bundle.zip) or a cycle directory written by `perfgate report`.',
    );
  }
  const progress = progressLine(
    (s) => process.stderr.write(s),
    process.stderr.isTTY === true && opts.json !== true,
  );
  let done = 0;
  const onBytes = (n: number) => progress.update('verifying', (done += n), 0);
  let report: VerifyReport;
  try {
    report = isDir ? await verifyDirectory(target, onBytes) : await verifyBundle(target, limits, onBytes);
  } catch (e) {
    if (e instanceof EmitError) throw new UserError(e.message, e.hint);
    throw e;
  } finally {
    progress.end();
  }
  const exitCode = decideExit({ diagnostics: [], failed: report.problems.length > 0 });
  return {
    exitCode,
    json: { command: 'verify', ...report, hints: hintsFor(report), exit_code: exitCode },
    human: human(report),
  };
}

export function registerVerify(program: Command, run: Runner): void {
  program
    .command('verify')
    .description(
      'check a bundle (read in place, never extracted) or a directory against its evidence manifest',
    )
    .argument('<target>', 'performance-evidence-bundle.zip or a cycle directory')
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
    .addOption(new Option('--json', 'machine-readable output on stdout'))
    .action((target: string, opts: VerifyOptions) => run(() => runVerify(target, opts), opts.json === true));
}
