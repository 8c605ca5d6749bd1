/** `perfgate verify PATH`: a bundle, a cycle directory or an archive, with optional anchors and key. */
import type { KeyObject } from 'node:crypto';
import { lstat, stat } from 'node:fs/promises';
import path from 'node:path';
import { EmitError } from '../evidence/errors.ts';
import type { Finding } from '../evidence/findings.ts';
import { DIGEST } from '../evidence/hash.ts';
import { EVIDENCE_MANIFEST } from '../evidence/manifest.ts';
import { DEFAULT_LIMITS, type ZipLimits } from '../evidence/zip-checks.ts';
import { keyType } from '../sign/dsse.ts';
import { SIGNED_STATEMENT } from '../sign/statement.ts';
import {
  archiveStatementFindings,
  keyedStatementFindings,
  subjectDigests,
  unkeyedStatementFindings,
} from './statements.ts';
import type { PrunePolicy } from '../chain/tombstone.ts';
import { verifyArchive } from './archive.ts';
import { verifyBundle } from './bundle.ts';
import { uniqueSorted } from './compare.ts';
import { verifyDirectory } from './directory.ts';
import type { ObjectReader } from './stored.ts';
import type { VerifyReport } from './types.ts';

export type { Finding } from '../evidence/findings.ts';
export type { VerifyReport } from './types.ts';
export { verifyArchive, verifyBundle, verifyDirectory };

export interface VerifyOptions {
  limits?: ZipLimits;
  onBytes?: (n: number) => void;
  /** The bundle's SHA-256 as published (for an archive: the chain head). */
  expectSha256?: string;
  /** A public key: the signed statement must exist and verify with it. */
  key?: KeyObject;
  /** For an archive: the retention its tombstones must have respected (default 24 months, now). */
  prune?: PrunePolicy;
  /** Fetches stored objects (ARTIFACTS.md section 9); without one they are listed as unfetched. */
  reader?: ObjectReader;
}

async function kindOf(target: string): Promise<VerifyReport['kind']> {
  let st;
  try {
    st = await stat(target);
  } catch {
    throw new EmitError(
      `Not found: ${target}`,
      'Pass the bundle zip (performance-evidence-bundle.zip), a cycle directory written by `perfgate report`, or an archive folder such as content/cycles.',
    );
  }
  if (!st.isDirectory()) return 'bundle';
  const manifest = await lstat(path.join(target, EVIDENCE_MANIFEST)).then(
    () => true,
    () => false,
  );
  return manifest ? 'directory' : 'archive';
}

/** Verifies PATH as section 4 of ARTIFACTS.md says, naming every finding's file (and cycle). */
export async function verifyPath(target: string, options: VerifyOptions = {}): Promise<VerifyReport> {
  const kind = await kindOf(target);
  const dirOptions = {
    limits: options.limits ?? DEFAULT_LIMITS,
    ...(options.onBytes ? { onBytes: options.onBytes } : {}),
    reader: options.reader,
  };
  const extra: Finding[] = [];
  const report =
    kind === 'bundle'
      ? await verifyBundle(target, dirOptions.limits, options.onBytes, options.reader)
      : kind === 'directory'
        ? await verifyDirectory(target, dirOptions)
        : await verifyArchive(target, { ...dirOptions, ...(options.prune ? { prune: options.prune } : {}) });
  // A lone bundle's statement lies beside it (a directory's is checked with the directory).
  if (kind === 'bundle' && !options.key)
    extra.push(
      ...(await unkeyedStatementFindings(
        path.dirname(target),
        subjectDigests(report),
        report.signed_by ?? null,
        report.notes,
        true,
      )),
    );
  if (kind === 'archive' && (report.cycles ?? []).length === 0)
    throw new EmitError(
      `${target} holds no evidence-manifest.json and no archived cycle directories`,
      'Pass a bundle, a cycle directory written by `perfgate report`, or an archive folder such as content/cycles.',
    );
  if (options.expectSha256 !== undefined) extra.push(...expected(report, options.expectSha256));
  if (options.key) {
    report.signature = {
      file: SIGNED_STATEMENT,
      key_type: keyType(options.key) ?? 'unknown',
      verified: false,
    };
    extra.push(
      ...(report.kind === 'archive'
        ? await archiveStatementFindings(target, report.cycles ?? [], options.key, report.notes)
        : await keyedStatementFindings(target, report, options.key)),
    );
  }
  report.problems = uniqueSorted([...report.problems, ...extra]);
  if (report.signature) report.signature.verified = !report.problems.some((f) => f.kind === 'signature');
  return report;
}

function expected(r: VerifyReport, hex: string): Finding[] {
  const want = hex.trim().toLowerCase();
  const what = r.kind === 'archive' ? 'chain head' : 'bundle';
  const got = r.kind === 'archive' ? (r.chain_head ?? null) : r.bundle_sha256;
  const file = r.kind === 'archive' ? EVIDENCE_MANIFEST : 'performance-evidence-bundle.zip';
  if (!DIGEST.test(want))
    return [
      {
        kind: 'expected-sha256',
        path: file,
        message: `--expect-sha256 ${JSON.stringify(hex)} is not 64 hex digits`,
      },
    ];
  if (got === want) return [];
  return [
    {
      kind: 'expected-sha256',
      path: file,
      message: `the ${what}'s sha256 is ${got ?? '(none: no readable file)'}, the published value is ${want}: this is not the published copy`,
    },
  ];
}
