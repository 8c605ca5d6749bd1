/** Whether an archived cycle can stand in for the active one (prune deletes the active one only then). */
import path from 'node:path';
import { EmitError } from '../emit/errors.ts';
import { EVIDENCE_MANIFEST } from '../emit/evidence-manifest.ts';
import { sha256Hex } from '../emit/hash.ts';
import { readFileNoFollow } from '../load/walk.ts';
import { verifyDirectory } from './directory.ts';

/**
 * Undefined when the archived copy verifies and holds the same evidence-manifest.json bytes as
 * the active cycle; otherwise why not, naming the files.
 */
export async function archivedCopyProblem(
  activeDir: string,
  archivedDir: string,
): Promise<string | undefined> {
  let active: Buffer;
  try {
    active = await readFileNoFollow(path.join(activeDir, EVIDENCE_MANIFEST), 256 * 1024 * 1024);
  } catch {
    return `the active cycle has no readable ${EVIDENCE_MANIFEST} to compare (run \`perfgate report\`)`;
  }
  let report;
  try {
    report = await verifyDirectory(archivedDir);
  } catch (e) {
    if (e instanceof EmitError) return `${archivedDir} is not a verifiable archived cycle (${e.message})`;
    throw e;
  }
  if (report.problems.length > 0)
    return `${archivedDir} does not verify (${report.problems
      .slice(0, 5)
      .map((p) => `${p.path}: ${p.kind}`)
      .join(', ')}${report.problems.length > 5 ? ', …' : ''}); run \`perfgate verify ${archivedDir}\``;
  const sha = sha256Hex(active);
  if (report.manifest_sha256 !== sha)
    return `${archivedDir} holds a different ${EVIDENCE_MANIFEST} (sha256 ${report.manifest_sha256}, the active cycle's ${sha}): the active cycle changed after it was archived`;
  return undefined;
}
