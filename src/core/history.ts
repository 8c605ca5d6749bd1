/** Reads the cycle history: the current cycle plus the archived ones under content/cycles. */
import { readdir, lstat } from 'node:fs/promises';
import path from 'node:path';
import { cmp, sortDiagnostics } from './diagnostics.ts';
import { loadConfig, loadCycle } from './load/cycle.ts';
import { prerequisiteDiagnostics, validateCycle } from './validate/index.ts';
import type { CycleSummary } from './site-data.ts';
import type { PerformanceIntakeReport } from './types/artifacts.generated.ts';

/** Archived cycle directories (one per cycle id), sorted by name. */
export async function listArchive(archiveDir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(archiveDir);
  } catch {
    return [];
  }
  const dirs: string[] = [];
  for (const n of names.sort(cmp)) {
    const st = await lstat(path.join(archiveDir, n));
    if (st.isDirectory()) dirs.push(path.join(archiveDir, n));
  }
  return dirs;
}

/** Loads and validates one cycle into the summary the site lists. */
export async function summariseCycle(
  dir: string,
  configFile: string,
  source: 'current' | 'archived',
): Promise<CycleSummary> {
  const cycle = await loadCycle(dir, { upstream: source === 'current' });
  const validation = validateCycle(cycle, await loadConfig(configFile));
  const prereq = prerequisiteDiagnostics(cycle, 'all');
  const diagnostics = sortDiagnostics([...prereq, ...validation.diagnostics]);
  const intake = validation.valid['performance-intake-report']?.data as PerformanceIntakeReport | undefined;
  const errors = validation.diagnostics.filter(
    (d) => d.severity === 'error' || d.severity === 'critical',
  ).length;
  return {
    cycle_id: intake?.cycle_id ?? path.basename(dir),
    title: intake?.title ?? '(no valid intake report)',
    period: intake ? { start: intake.period.start, end: intake.period.end } : null,
    source,
    dir: dir.split(path.sep).join('/'),
    services: intake?.services.map((s) => s.name) ?? [],
    validation: errors > 0 ? 'invalid' : prereq.length > 0 ? 'incomplete' : 'valid',
    counts: {
      errors,
      warnings: validation.diagnostics.filter((d) => d.severity === 'warning').length,
      missing: prereq.length,
    },
    diagnostics,
  };
}

/** The whole history, newest period first (cycles without a period last). */
export async function readHistory(
  artifactsDir: string,
  archiveDir: string,
  configFile: string,
): Promise<CycleSummary[]> {
  const cycles: CycleSummary[] = [];
  for (const dir of await listArchive(archiveDir))
    cycles.push(await summariseCycle(dir, configFile, 'archived'));
  try {
    if ((await lstat(artifactsDir)).isDirectory())
      cycles.push(await summariseCycle(artifactsDir, configFile, 'current'));
  } catch {
    // no current cycle: the archive alone is still a site
  }
  return cycles.sort((a, b) => cmp(b.period?.end ?? '', a.period?.end ?? '') || cmp(a.cycle_id, b.cycle_id));
}
