/**
 * Checks the archived cycles of the history before they are published: every file against the
 * cycle's manifest (altered, missing, unlisted) and the manifest chain (each cycle's
 * `previous_manifest_sha256` is the SHA-256 of the manifest of the archived cycle before it, by
 * period end then id; the first names none). One small function over the records the history has
 * already hashed, so that it can be pointed at the verify core later.
 */
import { cmp } from '../diagnostics.ts';
import type { ChainLink, CycleRecord } from './site-data.ts';

/** The chain of the archived cycles, oldest first (cycles without a period are outside it). */
export function archiveChain(cycles: readonly CycleRecord[]): ChainLink[] {
  return cycles
    .filter((c) => c.source === 'archived' && c.period !== null)
    .sort((a, b) => cmp(a.period!.end, b.period!.end) || cmp(a.cycle_id, b.cycle_id))
    .map((c) => ({
      cycle_id: c.cycle_id,
      slug: c.slug,
      manifest_sha256: c.evidence.manifest?.sha256 ?? null,
      bundle_sha256: c.evidence.bundle?.sha256 ?? null,
      previous_manifest_sha256: c.evidence.previous_manifest_sha256,
    }));
}

/** Sets each record's `integrity` from its evidence checks and its link in `chain`. */
export function checkIntegrity(cycles: CycleRecord[], chain: readonly ChainLink[]): void {
  const linkOf = new Map(chain.map((l, i) => [l.slug, { link: l, before: chain[i - 1] }]));
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
    ];
    const entry = linkOf.get(c.slug);
    if (entry) {
      const expected = entry.before?.manifest_sha256 ?? null;
      if (entry.link.previous_manifest_sha256 !== expected)
        problems.push(
          `evidence-manifest.json: broken chain, previous_manifest_sha256 is ${entry.link.previous_manifest_sha256 ?? 'null'} but ${
            entry.before
              ? `the manifest of the cycle before it (${entry.before.cycle_id}) has SHA-256 ${expected ?? '(none: it has no manifest)'}`
              : 'it is the oldest archived cycle (expected null)'
          }`,
        );
    }
    c.integrity = { state: problems.length > 0 ? 'altered' : 'verified', problems };
  }
}
