/**
 * Verifying an archive (a folder of cycle directories): every cycle, the tombstones of pruned
 * cycles, the cleanup log against them, and the chain that links them all (chain/links.ts).
 */
import path from 'node:path';
import { checkArchiveChain } from '../chain/archive-chain.ts';
import { readCleanupLog, readPrunedFolder } from '../chain/read.ts';
import { PROTOCOL_ARCHIVE_MONTHS, type PrunePolicy } from '../chain/tombstone.ts';
import { EmitError } from '../evidence/errors.ts';
import { readIntake, type ArchivedCycle } from '../emit/previous.ts';
import type { Finding } from '../evidence/findings.ts';
import { EVIDENCE_MANIFEST } from '../evidence/manifest.ts';
import { listArchive } from '../history/read.ts';
import { formatUtc } from '../time.ts';
import { uniqueSorted } from './compare.ts';
import { verifyDirectory, type DirectoryOptions } from './directory.ts';
import type { ChainLink, VerifyReport } from './types.ts';

export interface ArchiveOptions extends DirectoryOptions {
  /** The retention a tombstone must have respected (default: the protocol's 24 months, now). */
  prune?: PrunePolicy;
}

interface Checked {
  name: string;
  dir: string;
  placed?: ArchivedCycle;
  report?: VerifyReport;
  findings: Finding[];
}

async function checkCycle(dir: string, options: DirectoryOptions): Promise<Checked> {
  const name = path.basename(dir);
  const findings: Finding[] = [];
  let report: VerifyReport | undefined;
  try {
    report = await verifyDirectory(dir, options);
    findings.push(...report.problems.map((p) => ({ ...p, cycle: name })));
    if (report.cycle_id !== null && report.cycle_id !== name)
      findings.push({
        kind: 'manifest',
        cycle: name,
        path: EVIDENCE_MANIFEST,
        message: `names cycle ${report.cycle_id}, not ${name}`,
      });
  } catch (e) {
    if (!(e instanceof EmitError)) throw e;
    findings.push({ kind: 'missing', cycle: name, path: EVIDENCE_MANIFEST, message: e.message });
  }
  const intake = await readIntake(dir);
  if (typeof intake === 'string')
    findings.push({
      kind: 'chain',
      cycle: name,
      path: 'performance-intake-report.json',
      message: `cannot place the cycle in the chain: ${intake}`,
    });
  return {
    name,
    dir,
    findings,
    ...(report ? { report } : {}),
    ...(typeof intake === 'string' ? {} : { placed: intake }),
  };
}

const iso = (ms: number) => formatUtc(ms) ?? new Date(ms).toISOString();

/**
 * Verifies every archived cycle, every tombstone and the chain: in chain order (period end as an
 * instant, then id), each cycle's previous_manifest_sha256 must equal the SHA-256 of the manifest
 * before it, the oldest names none. A cycle is removed only by prune, which keeps a tombstone.
 */
export async function verifyArchive(archiveDir: string, options: ArchiveOptions = {}): Promise<VerifyReport> {
  // Cycles are independent until the chain is checked: verified side by side (the order of findings is sorted).
  const checked = await Promise.all((await listArchive(archiveDir)).map((dir) => checkCycle(dir, options)));
  const findings = checked.flatMap((c) => c.findings);
  const live = checked.flatMap((c) =>
    c.placed
      ? [
          {
            name: c.name,
            cycleId: c.placed.cycleId,
            end: c.placed.end,
            manifest: c.report?.manifest_sha256 ?? null,
            previous: c.report?.previous_manifest_sha256 ?? null,
            report: c.report,
          },
        ]
      : [],
  );
  const chain = checkArchiveChain(
    live,
    readPrunedFolder(archiveDir),
    readCleanupLog(archiveDir),
    options.prune ?? { archiveMonths: PROTOCOL_ARCHIVE_MONTHS, now: Date.now() },
  );
  for (const p of chain.problems)
    findings.push({ kind: p.kind, path: p.path, message: p.message, ...(p.name ? { cycle: p.name } : {}) });
  const cycles: ChainLink[] = chain.entries.map(({ node, live: l, tombstone: t }) => ({
    cycle_id: node.cycleId,
    dir: node.name,
    period_end: iso(node.end),
    manifest_sha256: node.manifest,
    bundle_sha256: l?.report?.bundle_sha256 ?? null,
    previous_manifest_sha256: node.previous,
    pruned: t !== undefined,
    pruned_at: t?.prunedAt ?? null,
    signed_by: (t ? t.signedBy : l?.report?.signed_by)?.keyid ?? null,
    validation_report_sha256: l?.report?.validation_report_sha256 ?? null,
    ok: !findings.some((f) => f.cycle === node.name),
  }));
  const matched = checked.reduce((n, c) => n + (c.report?.matched ?? 0), 0);
  return {
    kind: 'archive',
    target: archiveDir,
    cycle_id: null,
    generated_at: null,
    matched,
    bundle_sha256: null,
    manifest_sha256: null,
    chain_head: cycles.at(-1)?.manifest_sha256 ?? null,
    cycles,
    problems: uniqueSorted(findings),
    unfetched: checked.flatMap((c) => (c.report?.unfetched ?? []).map((u) => ({ ...u, cycle: c.name }))),
    notes: chain.notes.map((n) => `${n.name}: ${n.message}`),
  };
}
