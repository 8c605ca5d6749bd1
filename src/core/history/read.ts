/**
 * Reads the cycle history for the site: the current cycle plus the archived ones under
 * content/cycles, each with its evaluation, display records, rendered Markdown and evidence.
 */
import { readdir, lstat } from 'node:fs/promises';
import path from 'node:path';
import { cmp, isError, sortDiagnostics } from '../diagnostics.ts';
import { dropArchivedCurrent } from './archived-current.ts';
import { archiveChain, checkIntegrity } from './integrity.ts';
import { assemble, type Loaded } from './assemble.ts';
import { recordCache, type CacheHit, type RecordStore } from './cache.ts';
import { cycleDiff } from './diff.ts';
import { compareCycles } from './compare/compare.ts';
import { compareSide } from './compare/side.ts';
import { changePoints } from './change-points/index.ts';
import { quarters } from './quarters.ts';
import { gateHistory, gateHistoryBuckets, timeline, trends, verdictCounts } from './trends.ts';
import type { CopyRequest } from './evidence.ts';
import { eachLimit } from '../each-limit.ts';
import { inThread, renderPool, spareCores, type MarkdownRenderer } from './render-pool.ts';
import { loadCycle, type LoadedCycle } from '../load/cycle.ts';
import { loadConfig } from '../load/config.ts';
import { prerequisiteDiagnostics, validateCycle, type ValidationResult } from '../validate/index.ts';
import { reservedCycleIds } from '../validate/rules/reserved-ids.ts';
import type { CycleRecord, CycleSummary, SiteData } from './site-data.ts';
import { SLUG, urlSegment } from '../slug.ts';

/** Cycles to assemble from which Markdown is rendered in worker threads (fewer: not worth starting them). */
const PARALLEL_FROM = 16;

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
    // Dot-folders are perfgate's own staging (an archive entry being written) or tool state.
    if (n.startsWith('.')) continue;
    const st = await lstat(path.join(archiveDir, n));
    if (st.isDirectory()) dirs.push(path.join(archiveDir, n));
  }
  return dirs;
}

/** The summary the site lists for a loaded and validated cycle. */
export function summarise(
  cycle: LoadedCycle,
  validation: ValidationResult,
  source: 'current' | 'archived',
): CycleSummary {
  const prereq = prerequisiteDiagnostics(cycle, 'all');
  const diagnostics = sortDiagnostics([...prereq, ...validation.diagnostics]);
  const intake = validation.valid['performance-intake-report']?.data;
  const errors = validation.diagnostics.filter(isError).length;
  return {
    cycle_id: intake?.cycle_id ?? path.basename(cycle.dir),
    title: intake?.title ?? '(no valid intake report)',
    period: intake ? { start: intake.period.start, end: intake.period.end } : null,
    source,
    dir: cycle.dir.split(path.sep).join('/'),
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

export interface HistoryOptions {
  artifactsDir: string;
  archiveDir: string;
  configFile: string;
  /** Evaluation time of the current cycle (RFC 3339). */
  evaluatedAt: string;
  /** Base path the site is served under: internal links in rendered Markdown start with it. */
  base: string;
  site?: string | undefined;
  /**
   * Worker threads rendering Markdown: 0 renders in this thread; by default the spare cores when at
   * least PARALLEL_FROM cycles are to be assembled.
   */
  renderWorkers?: number | undefined;
  /** A Markdown renderer to use instead of one of its own (left open: its owner closes it). */
  renderer?: MarkdownRenderer | undefined;
  /** The sealed record cache of archived cycles (history/cache.ts); none: no cache. */
  records?: RecordStore | undefined;
  /** Told the record entries the cache keeps (used or staged by this read). */
  recordsKept?: ((names: string[]) => void) | undefined;
  /**
   * Fingerprint of the code that makes the records (the build passes the one of perfgate's sources):
   * a record made by other code is not reused, even under the same perfgate version.
   */
  codeFingerprint?: string | undefined;
}

/** A period end as an instant for ordering (RFC 3339 with any offset); none sorts last. */
const instant = (end: string | undefined): number => (end === undefined ? -Infinity : Date.parse(end));

/** A cycle found for the history: loaded, or served from the cache (loaded only if its slug changed). */
type Found =
  (Loaded & { hit?: undefined }) | { dir: string; source: 'archived'; summary: CycleSummary; hit: CacheHit };

/** A unique URL segment per cycle: its id when that is a slug, else a cleaned directory name. */
function slugFor(summary: CycleSummary, taken: Set<string>): string {
  const raw = SLUG.test(summary.cycle_id)
    ? summary.cycle_id
    : urlSegment(path.basename(summary.dir), 'cycle');
  let slug = raw;
  for (let i = 2; taken.has(slug); i++) slug = `${raw}-${i}`;
  taken.add(slug);
  return slug;
}

/** The whole history as the site renders it, newest period first (cycles without a period last). */
export async function readHistory(opts: HistoryOptions): Promise<SiteData> {
  const config = await loadConfig(opts.configFile);
  const found: { dir: string; source: 'current' | 'archived' }[] = (await listArchive(opts.archiveDir)).map(
    (dir) => ({ dir, source: 'archived' }),
  );
  try {
    if ((await lstat(opts.artifactsDir)).isDirectory())
      found.push({ dir: opts.artifactsDir, source: 'current' });
  } catch {
    // no current cycle: the archive alone is still a site
  }
  const cache = opts.records
    ? recordCache(opts.records, {
        configBytes: JSON.stringify(config.data ?? null),
        base: opts.base,
        site: opts.site ?? null,
        code: opts.codeFingerprint ?? '',
      })
    : undefined;
  const load = async (dir: string, source: 'current' | 'archived'): Promise<Loaded> => {
    const cycle = await loadCycle(dir, { upstream: source === 'current' });
    const validation = validateCycle(cycle, config);
    return { dir, source, cycle, validation, summary: summarise(cycle, validation, source) };
  };
  // A long history renders its Markdown on the other cores while this thread loads, validates and
  // evaluates; a few cycles are under way at once so that the workers always have the next documents.
  const workers = opts.renderWorkers ?? (found.length >= PARALLEL_FROM ? spareCores() : 0);
  const renderer = opts.renderer ?? (workers > 0 ? renderPool(workers) : inThread);
  const reserved = new Set<string>(reservedCycleIds());
  type Made = { slug: string; record: CycleRecord; copies: CopyRequest[] };
  const make = async (l: Loaded, slug: string): Promise<Made> => {
    const copies: CopyRequest[] = [];
    return { slug, record: await assemble(l, slug, { ...opts, renderer }, copies), copies };
  };
  const assembled: Made[] = [];
  try {
    // Each cycle is assembled as soon as it is loaded, under the URL segment it will have unless
    // another cycle takes it first (the segments are known once every cycle is loaded); the rare
    // cycle whose segment turns out otherwise is assembled again below.
    const loaded: (Found & { made?: Made })[] = [];
    await eachLimit(found, workers > 0 ? workers * 2 + 1 : 1, async ({ dir, source }, i) => {
      const hit = source === 'archived' ? await cache?.get(dir) : undefined;
      if (hit) {
        loaded[i] = { dir, source: 'archived', summary: hit.record, hit };
        return;
      }
      const l = await load(dir, source);
      const likely = slugFor(l.summary, new Set(reserved));
      loaded[i] = { ...l, made: await make(l, likely) };
    });
    const kept = await dropArchivedCurrent(loaded);
    kept.sort(
      (a, b) =>
        instant(b.summary.period?.end) - instant(a.summary.period?.end) ||
        cmp(a.summary.cycle_id, b.summary.cycle_id),
    );
    // URL segments under /cycles/ that the site uses itself (the archive's pages: /cycles/page/2/).
    const taken = new Set<string>(reserved);
    const slugs = kept.map((f) => slugFor(f.summary, taken));
    await eachLimit(kept, workers > 0 ? workers * 2 + 1 : 1, async (f, i) => {
      const slug = slugs[i]!;
      // A cached record is reused only under the slug it was made for: its links and copies carry it.
      if (f.hit && f.hit.slug === slug) {
        assembled[i] = { slug, record: f.hit.record, copies: f.hit.copies };
        return;
      }
      const made = f.made?.slug === slug ? f.made : await make(f.hit ? await load(f.dir, f.source) : f, slug);
      // The cache only saves time: a record that could not be stored is made again next time.
      if (f.source === 'archived') await cache?.put(f.dir, made).catch(() => undefined);
      assembled[i] = made;
    });
  } finally {
    if (renderer !== opts.renderer) await renderer.close();
  }
  if (cache) opts.recordsKept?.(cache.keep());
  const cycles = assembled.map((a) => a.record);
  const copies = assembled.flatMap((a) => a.copies);
  cycles.forEach((c, i) => {
    const prev = cycles[i + 1];
    const next = cycles[i - 1];
    c.previous = prev ? { slug: prev.slug, cycle_id: prev.cycle_id } : null;
    c.next = next ? { slug: next.slug, cycle_id: next.cycle_id } : null;
    c.since_previous = prev ? cycleDiff(prev, c) : null;
    c.compare_previous = prev ? compareCycles(compareSide(prev), compareSide(c)) : null;
  });
  // Across the archive: the settled record of decided cycles, not the cycle still in progress.
  const shifts = changePoints(cycles.filter((c) => c.source === 'archived'));
  for (const c of cycles)
    c.shifts_began = shifts.series.flatMap((s) => s.shifts).filter((s) => s.slug === c.slug);
  const unique = new Map(copies.map((c) => [c.to, c]));
  const tl = timeline(cycles);
  const chain = archiveChain(cycles, { archiveDir: opts.archiveDir, config });
  checkIntegrity(cycles, chain);
  return {
    generated_at: opts.evaluatedAt,
    site: opts.site ?? null,
    cycles,
    verdicts: verdictCounts(cycles),
    timeline: tl,
    trends: trends(cycles, tl),
    gate_history: gateHistory(cycles),
    gate_history_buckets: gateHistoryBuckets(cycles, tl),
    change_points: shifts,
    quarters: quarters(cycles),
    chain,
    chain_head: chain.at(-1)?.manifest_sha256 ?? null,
    copies: [...unique.values()],
  };
}
