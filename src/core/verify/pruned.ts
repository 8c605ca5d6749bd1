/** The manifests that `perfgate prune` deleted and logged: the chain may start at one of them. */
import path from 'node:path';
import { DIGEST } from '../emit/hash.ts';
import { parseStrictJson } from '../load/json.ts';
import { decodeUtf8 } from '../load/text.ts';
import { readFileNoFollow } from '../load/walk.ts';
import type { Finding } from './types.ts';

export const CLEANUP_LOG = 'cleanup-log.json';

/** Manifest digests of pruned cycles from cleanup-log.json (absent log: none; unreadable: a finding). */
export async function prunedManifests(archiveDir: string, findings: Finding[]): Promise<Set<string>> {
  const out = new Set<string>();
  let bytes: Buffer;
  try {
    bytes = await readFileNoFollow(path.join(archiveDir, CLEANUP_LOG), 64 * 1024 * 1024);
  } catch {
    return out;
  }
  const text = decodeUtf8(bytes);
  const parsed = text.ok ? parseStrictJson(text.text, CLEANUP_LOG) : undefined;
  const entries = (parsed?.data as { entries?: unknown } | undefined)?.entries;
  if (!parsed || parsed.diagnostics.length > 0 || !Array.isArray(entries)) {
    findings.push({
      kind: 'chain',
      path: CLEANUP_LOG,
      message: 'unreadable cleanup log: the chain cannot start at a pruned cycle',
    });
    return out;
  }
  for (const e of entries as { evidence_manifest_sha256?: unknown; kind?: unknown }[])
    if (
      e.kind === 'archived' &&
      typeof e.evidence_manifest_sha256 === 'string' &&
      DIGEST.test(e.evidence_manifest_sha256)
    )
      out.add(e.evidence_manifest_sha256);
  return out;
}
