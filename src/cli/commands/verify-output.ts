/** The human output and hints of `perfgate verify`. */
import type { FindingKind } from '../../core/evidence/findings.ts';
import { plural } from '../../core/format/plural.ts';
import type { VerifyReport } from '../../core/verify/types.ts';

const TAMPERED =
  'The evidence no longer matches its manifest: find out who changed it before trusting the cycle.';
const MALFORMED =
  'The manifest or SHA256SUMS is malformed: it was not written by `perfgate report` as it stands.';
const DAMAGED =
  'The bundle is damaged or was altered: download it again or regenerate it with `perfgate report`.';

/** What to do about each kind of finding (one hint per kind found, in the JSON and the human output). */
const HINTS: Record<FindingKind, string> = {
  'unsafe-name':
    'Do not extract this bundle with a tool that trusts entry names; ask for one written by `perfgate report`.',
  duplicate: 'An extraction would keep only one of the entries: treat the bundle as tampered with.',
  symlink: 'A bundle holds only regular files: treat the entry as tampered with and do not extract it.',
  'size-mismatch': DAMAGED,
  corrupt: DAMAGED,
  oversized: 'Refused before decompressing; if the entry is genuine, raise --max-entry-bytes.',
  bomb: 'Refused before decompressing; if the entry is genuine, raise --max-ratio.',
  unsupported:
    'perfgate writes only stored or deflated, unencrypted entries: this bundle was not written by it.',
  unreadable: 'Check that the file is a complete zip or readable directory (download or copy it again).',
  missing: TAMPERED,
  extra: TAMPERED,
  altered: TAMPERED,
  'malformed-digest': MALFORMED,
  manifest: MALFORMED,
  'not-tiled':
    'The zip holds bytes outside its listed entries (another extractor may see different files): treat it as tampered with.',
  hidden:
    'Hidden files are not evidence and would escape the manifest: move them out of the cycle directory.',
  'differs-from-bundle':
    'The directory and its own bundle disagree: one of them was rewritten after `perfgate report`; compare the bundle with its published SHA-256.',
  chain:
    'An archived cycle was rewritten after the next one pinned its manifest, or removed other than by `perfgate prune`: restore it from a trusted copy, and compare the chain head with the published chain.json.',
  pruned:
    'A cycle may leave the archive only by `perfgate prune` under the retention policy, which keeps its tombstone in .pruned/ and logs it; if your config sets retention.archive_months, pass it with --config.',
  'expected-sha256':
    'This is not the published copy: download it again from the published location, or ask who changed it.',
  signature:
    'The signed statement does not vouch for these files: check that you have the right public key and the files as published.',
};

/** One hint per kind of finding, in order of first appearance, without repeats. */
export function hintsFor(r: VerifyReport): string[] {
  return [...new Set(r.problems.map((p) => HINTS[p.kind]))];
}

function anchors(r: VerifyReport): string[] {
  const out: string[] = [];
  if (r.bundle_sha256) out.push(`bundle sha256   ${r.bundle_sha256}`);
  if (r.manifest_sha256) out.push(`manifest sha256 ${r.manifest_sha256}`);
  if (r.kind === 'archive') {
    for (const c of r.cycles ?? [])
      out.push(
        !c.pruned
          ? `${c.ok ? '✔' : '✖'} ${c.dir}  manifest ${c.manifest_sha256 ?? '(none)'}  bundle ${c.bundle_sha256 ?? '(none)'}`
          : `${c.ok ? '✔' : '✖'} ${c.dir}  manifest ${c.manifest_sha256 ?? '(none)'}  pruned ${c.pruned_at ?? '(no valid time)'} (tombstone)`,
      );
    out.push(`chain head      ${r.chain_head ?? '(none)'}`);
  }
  if (r.signature)
    out.push(
      `signature       ${r.signature.verified ? 'verified' : 'NOT verified'} (${r.signature.key_type}, ${r.signature.file})`,
    );
  return out;
}

/** The human report: findings, hints, notes, the digests to compare with a published copy, a verdict. */
export function humanVerify(r: VerifyReport): string {
  const what = `${r.kind} ${r.target}`;
  const cycle = r.cycle_id
    ? ` (cycle ${r.cycle_id}${r.generated_at ? `, generated ${r.generated_at}` : ''})`
    : '';
  const notes = r.notes.map((n) => `note: ${n}`);
  const count =
    r.kind === 'archive'
      ? `${plural(r.cycles?.length ?? 0, 'cycle')}, ${plural(r.matched, 'file')}`
      : plural(r.matched, 'file');
  const verb =
    r.kind === 'archive'
      ? ['verifies', 'does not verify']
      : ['matches its manifest', 'does not match its manifest'];
  if (r.problems.length === 0)
    return [...notes, ...anchors(r), `✔ ${what} ${verb[0]}: ${count}${cycle}`].join('\n');
  const counts = new Map<string, number>();
  for (const p of r.problems) counts.set(p.kind, (counts.get(p.kind) ?? 0) + 1);
  const lines = r.problems.map(
    (p) => `${p.kind.padEnd(16)} ${p.cycle ? `${p.cycle}/` : ''}${p.path}: ${p.message}`,
  );
  const tally = [...counts].map(([k, n]) => `${n} ${k}`).join(', ');
  const cycles = [...new Set(r.problems.map((p) => p.cycle).filter(Boolean))];
  return [
    ...lines,
    '',
    ...hintsFor(r).map((h) => `hint: ${h}`),
    ...notes,
    ...anchors(r),
    `✖ ${what} ${verb[1]}${cycle}: ${plural(r.problems.length, 'problem')} (${tally})${cycles.length ? `; cycles: ${cycles.join(', ')}` : ''}`,
  ].join('\n');
}
