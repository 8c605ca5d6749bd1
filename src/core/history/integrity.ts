/**
 * Checks the archived cycles of the history before they are published: every file against the
 * cycle's manifest (altered, missing, unlisted) and the archive chain, with the same module as
 * `perfgate verify` (chain/archive-chain.ts): the one chain order (period end as an instant, then
 * id), the tombstones that prune keeps of removed cycles, and the cleanup log against them.
 */
import path from 'node:path';
import { checkArchiveChain } from '../chain/archive-chain.ts';
import { periodEndInstant } from '../chain/order.ts';
import { readCleanupLog, readPrunedFolder } from '../chain/read.ts';
import { PROTOCOL_ARCHIVE_MONTHS } from '../chain/tombstone.ts';
import type { LoadedConfig } from '../load/config.ts';
import { resolveConfig } from '../validate/index.ts';
import type { ChainLink, CycleRecord } from './site-data.ts';

/** What the chain needs besides the records. */
export interface ArchiveContext {
  /** The archive folder, where the tombstones and the cleanup log are (default: the archived records' folder). */
  archiveDir?: string;
  /** The build's gate config: a tombstone must respect its retention.archive_months (default 24). */
  config?: LoadedConfig;
  /** The moment of the check in milliseconds (default: the clock): no prune can be dated later. */
  now?: number;
}

function archiveMonths(config: LoadedConfig | undefined): number {
  return config ? resolveConfig(config, []).retention.archive_months : PROTOCOL_ARCHIVE_MONTHS;
}

/**
 * The chain of the archived cycles and of the tombstones of pruned ones, oldest first, each with
 * the problems charged to it (cycles without a period are outside it).
 */
export function archiveChain(cycles: readonly CycleRecord[], context: ArchiveContext = {}): ChainLink[] {
  const live = cycles.flatMap((c) => {
    const end = c.source === 'archived' && c.period ? periodEndInstant(c.period.end) : undefined;
    if (end === undefined) return [];
    const ev = c.evidence;
    return [
      {
        name: c.slug,
        cycleId: c.cycle_id,
        end,
        manifest: ev.manifest?.sha256 ?? null,
        previous: ev.previous_manifest_sha256,
        bundle: ev.bundle?.sha256 ?? null,
      },
    ];
  });
  const someArchived = cycles.find((c) => c.source === 'archived');
  const dir = context.archiveDir ?? (someArchived ? path.dirname(someArchived.dir) : undefined);
  const chain = checkArchiveChain(
    live,
    dir ? readPrunedFolder(dir) : { tombstones: [], strays: [] },
    dir ? readCleanupLog(dir) : { absent: true },
    { archiveMonths: archiveMonths(context.config), now: context.now ?? Date.now() },
  );
  const links: ChainLink[] = chain.entries.map(({ node, live: l, tombstone: t }) => ({
    cycle_id: node.cycleId,
    slug: l ? l.name : null,
    manifest_sha256: node.manifest,
    bundle_sha256: l?.bundle ?? null,
    previous_manifest_sha256: node.previous,
    pruned: t !== undefined,
    pruned_at: t?.prunedAt ?? null,
    problems: chain.problems.filter((p) => p.name === node.name).map((p) => `${p.path}: ${p.message}`),
  }));
  // Problems of the archive as a whole (a stray entry in .pruned/, an unreadable log) go to its head.
  const unnamed = chain.problems.filter((p) => !links.some((_, i) => chain.entries[i]!.node.name === p.name));
  links.at(-1)?.problems.push(...unnamed.map((p) => `${p.name ? `${p.name}/` : ''}${p.path}: ${p.message}`));
  return links;
}

/**
 * Problems of pruned cycles, which have no pages: each is shown on the archived cycle after it in
 * the chain (whose link passes through it), or before it when none is after it.
 */
function forwarded(chain: readonly ChainLink[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  chain.forEach((l, i) => {
    if (l.slug !== null || l.problems.length === 0) return;
    const to =
      chain.slice(i + 1).find((x) => x.slug !== null) ?? chain.slice(0, i).findLast((x) => x.slug !== null);
    if (!to?.slug) return;
    const list = out.get(to.slug) ?? [];
    for (const p of l.problems)
      list.push(
        `the chain passes through the pruned cycle ${l.cycle_id} (.pruned/${l.cycle_id}), which does not verify: ${p}`,
      );
    out.set(to.slug, list);
  });
  return out;
}

/** Sets each record's `integrity` from its evidence checks and the problems `chain` charges to it. */
export function checkIntegrity(cycles: CycleRecord[], chain: readonly ChainLink[]): void {
  const linkOf = new Map(chain.flatMap((l) => (l.slug === null ? [] : [[l.slug, l] as const])));
  const fromPruned = forwarded(chain);
  for (const c of cycles) {
    if (c.source === 'current') {
      c.integrity = { state: 'current', problems: [] };
      continue;
    }
    const ev = c.evidence;
    if (ev.source !== 'manifest') {
      c.integrity = {
        state: ev.problem ? 'altered' : 'unverified',
        problems: ev.problem ? [ev.problem] : [],
      };
      continue;
    }
    const problems = [
      ...ev.files
        .filter((f) => f.check === 'altered')
        .map((f) => `${f.path}: altered (differs from its manifest entry)`),
      ...ev.files
        .filter((f) => f.check === 'missing')
        .map((f) => `${f.path}: missing (listed in the manifest)`),
      ...ev.extra.map((f) => `${f}: not listed in the manifest`),
      ...(ev.signature?.problem ? [ev.signature.problem] : []),
      ...(linkOf.get(c.slug)?.problems ?? []),
      ...(fromPruned.get(c.slug) ?? []),
    ];
    c.integrity = { state: problems.length > 0 ? 'altered' : 'verified', problems };
  }
}
