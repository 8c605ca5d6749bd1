/**
 * The signed statement in `perfgate verify` (ARTIFACTS.md section 5: a statement, once written for
 * a cycle, cannot be dropped unnoticed). Without a key: a statement whose subjects name other
 * digests than the files is stale (a finding); a manifest that records a signing key with no
 * statement beside it is a finding. With `--key`: the statement must verify; in an archive signing
 * continues: a cycle after one whose manifest records a key must carry a statement too.
 */
import { type KeyObject } from 'node:crypto';
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import type { Finding } from '../evidence/findings.ts';
import type { SignedBy } from '../evidence/manifest.ts';
import { checkStatement, readStatement, statementBytes, subjectFindings } from '../sign/check.ts';
import { keyId } from '../sign/dsse.ts';
import { SIGNED_STATEMENT } from '../sign/statement.ts';
import type { ChainLink, VerifyReport } from './types.ts';
import { EVIDENCE_MANIFEST } from '../artifacts.ts';

const exists = (file: string) =>
  lstat(file).then(
    () => true,
    () => false,
  );

/** The digests verify found for the statement's subjects. */
export function subjectDigests(r: {
  bundle_sha256: string | null;
  manifest_sha256: string | null;
  validation_report_sha256?: string | null;
}): Map<string, string | null> {
  return new Map([
    ['performance-evidence-bundle.zip', r.bundle_sha256],
    [EVIDENCE_MANIFEST, r.manifest_sha256],
    ['validation-report.json', r.validation_report_sha256 ?? null],
  ]);
}

const missing = (signedBy: SignedBy): Finding => ({
  kind: 'signature',
  path: SIGNED_STATEMENT,
  message: `missing: evidence-manifest.json records that this cycle was signed by the ${signedBy.key_type} key ${signedBy.keyid}, and a statement, once written, is never dropped`,
});

/**
 * Without a key: the statement in `dir` (when there is one) must name the digests found; absent,
 * the manifest must record no signing key (for a lone bundle, `noteOnly` makes that a note).
 */
export async function unkeyedStatementFindings(
  dir: string,
  digests: ReadonlyMap<string, string | null>,
  signedBy: SignedBy | null,
  notes: string[],
  noteOnly = false,
): Promise<Finding[]> {
  const file = path.join(dir, SIGNED_STATEMENT);
  if (!(await exists(file))) {
    if (!signedBy) return [];
    if (!noteOnly) return [missing(signedBy)];
    notes.push(
      `the manifest records that this cycle was signed by the ${signedBy.key_type} key ${signedBy.keyid}: put ${SIGNED_STATEMENT} beside the bundle and add --key PUB.pem to check it`,
    );
    return [];
  }
  const bytes = await statementBytes(file);
  if (!Buffer.isBuffer(bytes)) return [bytes];
  const read = readStatement(bytes);
  if (typeof read === 'string') return [{ kind: 'signature', path: SIGNED_STATEMENT, message: read }];
  return subjectFindings(read.subjects, digests);
}

/** A manifest that records another signing key (by its key id) than the one given with --key. */
function keyMismatch(recorded: string | null | undefined, key: KeyObject): Finding[] {
  const given = keyId(key);
  if (!recorded || recorded === given) return [];
  return [
    {
      kind: 'signature',
      path: EVIDENCE_MANIFEST,
      message: `records the signing key ${recorded}, but --key is ${given}: check it with the key that signed it`,
    },
  ];
}

/** With `--key`: the statement of a bundle (beside it) or of a directory must verify with the key. */
export async function keyedStatementFindings(
  target: string,
  r: VerifyReport,
  key: KeyObject,
): Promise<Finding[]> {
  const dir = r.kind === 'bundle' ? path.dirname(target) : target;
  return [
    ...(await checkStatement(path.join(dir, SIGNED_STATEMENT), key, subjectDigests(r))),
    ...keyMismatch(r.signed_by?.keyid, key),
  ];
}

/**
 * With `--key` on an archive: every cycle that carries a statement must verify; signing continues
 * in chain order once a cycle's manifest records a key (a tombstone's too), so a later cycle with
 * no statement is a finding, not a note.
 */
export async function archiveStatementFindings(
  archive: string,
  cycles: readonly ChainLink[],
  key: KeyObject,
  notes: string[],
): Promise<Finding[]> {
  const out: Finding[] = [];
  let signedBefore: string | null = null;
  let carried = 0;
  for (const c of cycles) {
    if (!c.pruned) {
      const file = path.join(archive, c.dir, SIGNED_STATEMENT);
      if (await exists(file)) {
        carried++;
        const found = await checkStatement(file, key, subjectDigests(c));
        out.push(...found.map((f) => ({ ...f, cycle: c.dir })));
      } else if (!c.signed_by && signedBefore)
        out.push({
          kind: 'signature',
          cycle: c.dir,
          path: SIGNED_STATEMENT,
          message: `not signed, although ${signedBefore} before it was (its evidence-manifest.json records a signing key): signing, once begun, continues`,
        });
      else if (!c.signed_by) notes.push(`${c.dir}: no signed statement`);
      out.push(...keyMismatch(c.signed_by, key).map((f) => ({ ...f, cycle: c.dir })));
    }
    if (c.signed_by) signedBefore = c.cycle_id;
  }
  if (cycles.length > 0 && carried === 0 && !cycles.some((c) => c.signed_by))
    out.push({
      kind: 'signature',
      path: SIGNED_STATEMENT,
      message: 'no cycle of the archive carries a signed statement to check with --key',
    });
  return out;
}
