/** `perfgate prune`: the retention policy; a dry run unless --apply, every deletion logged. */
import { createHash } from 'node:crypto';
import { readFile, lstat } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { loadCycle } from '../../core/load/cycle.ts';
import { loadConfig } from '../../core/load/config.ts';
import { listArchive } from '../../core/history/read.ts';
import { decideRetention, type RetentionCandidate, type RetentionDecision } from '../../core/retention.ts';
import { applyDeletions, finishKilledRuns, type LogEntry } from '../../core/retention-apply.ts';
import { archivedCopyProblem } from '../../core/verify/archived-copy.ts';
import { verifyArchive } from '../../core/verify/archive.ts';
import { keptFiles, writeTombstone } from '../../core/chain/tombstone-write.ts';
import { tombstoneName } from '../../core/chain/tombstone.ts';
import { TOOL } from '../../core/evidence/tool.ts';
import { conforms, resolveConfig } from '../../core/validate/index.ts';
import type { Diagnostic } from '../../core/diagnostics.ts';
import { DEFAULT_ARCHIVE, DEFAULT_ARTIFACTS, DEFAULT_CONFIG, resolveEvaluationTime } from '../defaults.ts';
import { decideExit } from '../exit.ts';
import { PerfgateError } from '../../core/errors.ts';
import type { Runner } from '../command.ts';
import { formatDiagnostics } from '../output.ts';
import { plural } from '../../core/format/plural.ts';
import { EVIDENCE_MANIFEST } from '../../core/artifacts.ts';

interface PruneOptions {
  artifacts: string;
  archive: string;
  config: string;
  asOf?: string;
  apply?: boolean;
  json?: boolean;
}

async function candidate(dir: string, kind: 'active' | 'archived'): Promise<RetentionCandidate> {
  const cycle = await loadCycle(dir, { upstream: false });
  const intake = cycle.artifacts['performance-intake-report']?.data;
  const i = intake !== undefined && conforms('performance-intake-report', intake) ? intake : undefined;
  return {
    cycle_id: i?.cycle_id ?? path.basename(dir),
    dir: dir.split(path.sep).join('/'),
    kind,
    period_end: i?.period.end ?? null,
  };
}

async function readLog(file: string): Promise<{ entries: LogEntry[] }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return { entries: [] };
  }
  try {
    const log = JSON.parse(text) as { entries?: unknown };
    if (Array.isArray(log.entries)) return log as { entries: LogEntry[] };
  } catch {
    // fall through: a broken log is never silently replaced
  }
  throw new PerfgateError(
    `Refusing to prune: ${file} is not a valid cleanup log ({"entries": [...]})`,
    'Repair or move the file; perfgate never overwrites an audit log it cannot read.',
    2,
  );
}

export function registerPrune(program: Command, run: Runner): void {
  program
    .command('prune')
    .description('apply the retention policy (active 120 days, archives 24 months); dry run unless --apply')
    .option('--artifacts <dir>', 'current cycle directory', DEFAULT_ARTIFACTS)
    .option('--archive <dir>', 'archived cycles', DEFAULT_ARCHIVE)
    .option('--config <file>', 'gate config (retention: active_days, archive_months)', DEFAULT_CONFIG)
    .option('--as-of <time>', 'evaluation time (RFC 3339); default SOURCE_DATE_EPOCH, else now')
    .option('--apply', 'delete what falls outside retention (default: only list it)')
    .option('--json', 'machine-readable output on stdout')
    .action((opts: PruneOptions) =>
      run(async () => {
        const asOf = resolveEvaluationTime(opts.asOf);
        const diagnostics: Diagnostic[] = [];
        const loadedConfig = await loadConfig(opts.config);
        diagnostics.push(...loadedConfig.diagnostics);
        const config = resolveConfig(loadedConfig, diagnostics);
        if (diagnostics.length > 0) {
          return {
            exitCode: decideExit({ diagnostics }),
            json: { command: 'prune', diagnostics },
            human: formatDiagnostics(diagnostics, opts.artifacts, opts.config),
          };
        }
        if (opts.apply && Date.parse(asOf) > Date.now())
          throw new PerfgateError(
            `Refusing to prune as of ${asOf}: that is later than now, and a cycle leaves the archive only once its retention has really ended`,
            'Run prune --apply without --as-of (or with a time that has passed); a dry run may look ahead.',
            2,
          );
        const candidates: RetentionCandidate[] = [];
        for (const dir of await listArchive(opts.archive)) candidates.push(await candidate(dir, 'archived'));
        await checkTombstones(candidates, opts.archive, config.retention.archive_months);
        const archivedById = new Map(candidates.map((c) => [c.cycle_id, c.dir]));
        const isDir = await lstat(opts.artifacts).then(
          (s) => s.isDirectory(),
          () => false,
        );
        if (isDir) {
          const active = await candidate(opts.artifacts, 'active');
          const copy = archivedById.get(active.cycle_id);
          // The active cycle may go only when its archived copy verifies and holds the same manifest.
          const problem = copy === undefined ? undefined : await archivedCopyProblem(opts.artifacts, copy);
          candidates.push({
            ...active,
            archived_copy: copy !== undefined,
            ...(problem !== undefined ? { archived_copy_problem: problem } : {}),
          });
        }
        const decisions = decideRetention(candidates, asOf, config.retention);
        let deleted: LogEntry[] = [];
        if (opts.apply) {
          const logFile = path.join(opts.archive, 'cleanup-log.json');
          const log = await readLog(logFile);
          await finishKilledRuns([opts.archive, path.dirname(path.resolve(opts.artifacts))]);
          deleted = await applyDeletions(
            decisions,
            logFile,
            log,
            (d) => describe(d, asOf),
            async (d) => {
              if (d.kind === 'archived')
                await writeTombstone(opts.archive, d.dir, {
                  cycle_id: d.cycle_id,
                  pruned_at: asOf,
                  reason: d.reason,
                  archive_months: config.retention.archive_months,
                  tool: TOOL,
                });
            },
          );
        }
        return {
          exitCode: 0,
          json: {
            command: 'prune',
            as_of: asOf,
            applied: opts.apply === true,
            retention: config.retention,
            decisions,
            deleted,
          },
          human: humanPrune(decisions, opts.apply === true, asOf),
        };
      }, opts.json === true),
    );
}

/**
 * An archived cycle leaves only what its tombstone keeps: it must verify in the archive (its files,
 * its link) and hold a manifest that lists its intake. Otherwise its candidate says why not.
 */
async function checkTombstones(
  candidates: RetentionCandidate[],
  archive: string,
  archiveMonths: number,
): Promise<void> {
  const archived = candidates.filter((c) => c.kind === 'archived' && c.period_end !== null);
  if (archived.length === 0) return;
  const report = await verifyArchive(archive, { prune: { archiveMonths, now: Date.now() } });
  for (const c of archived) {
    const name = path.basename(c.dir);
    const mine = report.problems.filter((p) => p.cycle === name);
    if (mine.length > 0) {
      c.tombstone_problem = `it does not verify (${mine
        .slice(0, 3)
        .map((p) => `${p.path}: ${p.kind}`)
        .join(
          ', ',
        )}${mine.length > 3 ? ', …' : ''}), and an altered cycle is kept for the investigation; run \`perfgate verify ${archive}\``;
      continue;
    }
    const kept = await keptFiles(c.dir, c.cycle_id);
    if (typeof kept === 'string') c.tombstone_problem = kept;
  }
}

async function describe(d: RetentionDecision, asOf: string): Promise<LogEntry> {
  const cycle = await loadCycle(d.dir, { upstream: false });
  let manifest: string | null = null;
  try {
    manifest = createHash('sha256')
      .update(await readFile(path.join(d.dir, EVIDENCE_MANIFEST)))
      .digest('hex');
  } catch {
    // no manifest in this cycle
  }
  return {
    cycle_id: d.cycle_id,
    dir: d.dir,
    kind: d.kind,
    period_end: d.period_end,
    deleted_at: asOf,
    reason: d.reason,
    files: cycle.files.length,
    bytes: cycle.files.reduce((n, f) => n + f.bytes, 0),
    evidence_manifest_sha256: manifest,
    ...(d.kind === 'archived' ? { tombstone: tombstoneName(d.cycle_id) } : {}),
  };
}

function humanPrune(decisions: RetentionDecision[], applied: boolean, asOf: string): string {
  const verb = applied ? 'deleted' : 'would delete';
  const lines = decisions.map(
    (d) =>
      `${d.action === 'delete' ? (applied ? '✖ deleted ' : '✖ expired ') : d.action === 'blocked' ? '! blocked ' : '✔ keep    '} ${d.cycle_id} (${d.kind}): ${d.reason}`,
  );
  const n = decisions.filter((d) => d.action === 'delete').length;
  lines.push(
    '',
    `As of ${asOf}: ${verb} ${n} of ${plural(decisions.length, 'cycle')}.${!applied && n > 0 ? ' Run with --apply to delete them (logged in cleanup-log.json).' : ''}`,
  );
  return lines.join('\n');
}
