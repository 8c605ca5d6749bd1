/** Verifying an archive (a folder of cycle directories): every cycle, and the chain that links them. */
import path from 'node:path';
import { cmp } from '../diagnostics.ts';
import { EmitError } from '../emit/errors.ts';
import { readIntake, type ArchivedCycle } from '../emit/previous.ts';
import { listArchive } from '../history/read.ts';
import { uniqueSorted } from './compare.ts';
import { verifyDirectory, type DirectoryOptions } from './directory.ts';
import { prunedManifests } from './pruned.ts';
import type { ChainLink, Finding, VerifyReport } from './types.ts';

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
        path: 'evidence-manifest.json',
        message: `names cycle ${report.cycle_id}, not ${name}`,
      });
  } catch (e) {
    if (!(e instanceof EmitError)) throw e;
    findings.push({ kind: 'missing', cycle: name, path: 'evidence-manifest.json', message: e.message });
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

/**
 * Verifies every archived cycle and the chain: ordered by period end then id, each cycle's
 * previous_manifest_sha256 must equal the SHA-256 of the manifest before it (the first: null, or
 * a manifest that cleanup-log.json records as pruned). A rewritten cycle breaks the next link.
 */
export async function verifyArchive(
  archiveDir: string,
  options: DirectoryOptions = {},
): Promise<VerifyReport> {
  // Cycles are independent until the chain is checked: verified side by side (the order of findings is sorted).
  const checked = await Promise.all((await listArchive(archiveDir)).map((dir) => checkCycle(dir, options)));
  const findings = checked.flatMap((c) => c.findings);
  const notes: string[] = [];
  const pruned = await prunedManifests(archiveDir, findings);
  const chain = checked
    .filter((c) => c.placed)
    .sort((a, b) => a.placed!.end - b.placed!.end || cmp(a.placed!.cycleId, b.placed!.cycleId));
  const links: ChainLink[] = [];
  chain.forEach((c, i) => {
    const before = chain[i - 1];
    const expected = before ? (before.report?.manifest_sha256 ?? null) : null;
    const got = c.report?.previous_manifest_sha256 ?? null;
    if (c.report) {
      if (!before && got !== null && pruned.has(got))
        notes.push(`${c.name}: its previous cycle was pruned (cleanup-log.json records manifest ${got})`);
      else if (before && expected === null)
        findings.push({
          kind: 'chain',
          cycle: c.name,
          path: 'evidence-manifest.json',
          message: `its link cannot be checked: the cycle before it, ${before.name}, has no readable manifest`,
        });
      else if (got !== expected)
        findings.push({
          kind: 'chain',
          cycle: c.name,
          path: 'evidence-manifest.json',
          message: before
            ? `previous_manifest_sha256 is ${got}, but ${before.name}'s evidence-manifest.json has sha256 ${expected}: ${before.name} was rewritten after ${c.name} pinned it (or this link was)`
            : `previous_manifest_sha256 is ${got}, but it is the first cycle of the archive (expected null, or a manifest cleanup-log.json records as pruned)`,
        });
    }
    links.push({
      cycle_id: c.placed!.cycleId,
      dir: c.name,
      period_end: new Date(c.placed!.end).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      manifest_sha256: c.report?.manifest_sha256 ?? null,
      bundle_sha256: c.report?.bundle_sha256 ?? null,
      previous_manifest_sha256: got,
      ok: false,
    });
  });
  for (const link of links) link.ok = !findings.some((f) => f.cycle === link.dir);
  const matched = checked.reduce((n, c) => n + (c.report?.matched ?? 0), 0);
  return {
    kind: 'archive',
    target: archiveDir,
    cycle_id: null,
    generated_at: null,
    matched,
    bundle_sha256: null,
    manifest_sha256: null,
    chain_head: links.at(-1)?.manifest_sha256 ?? null,
    cycles: links,
    problems: uniqueSorted(findings),
    unfetched: checked.flatMap((c) => (c.report?.unfetched ?? []).map((u) => ({ ...u, cycle: c.name }))),
    notes,
  };
}
