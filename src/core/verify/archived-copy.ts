/**
 * Whether an archived cycle can stand in for the active one (prune deletes the active one only
 * then): the active cycle's files match its own manifest (none added, changed or missing), the
 * archived copy verifies, and the two folders hold the same files, byte for byte. Comparing only
 * the manifests would delete evidence added or edited after archiving, which exists nowhere else.
 */
import { EmitError } from '../evidence/errors.ts';
import type { Finding } from '../evidence/findings.ts';
import { hashFile } from '../evidence/hash.ts';
import { walkCycle } from '../load/walk.ts';
import { verifyDirectory } from './directory.ts';

const LISTED = 5;

/** `a, b, c, …` of at most LISTED names. */
function names(list: readonly string[]): string {
  return `${list.slice(0, LISTED).join(', ')}${list.length > LISTED ? `, … (${list.length} in all)` : ''}`;
}

const problemsOf = (ps: readonly Finding[]) => names(ps.map((p) => `${p.path}: ${p.kind}`));

/** SHA-256 of every regular file of a cycle folder, by path; undefined with the reason when it cannot be listed. */
async function contents(dir: string): Promise<Map<string, string> | string> {
  const walked = await walkCycle(dir).catch((e: unknown) => (e instanceof Error ? e.message : String(e)));
  if (typeof walked === 'string') return walked;
  if (walked.diagnostics.length > 0) return names(walked.diagnostics.map((d) => `${d.file}: ${d.message}`));
  const out = new Map<string, string>();
  for (const f of walked.files) out.set(f.path, (await hashFile(f.abs, f.path)).sha256);
  return out;
}

async function verified(dir: string): Promise<Finding[] | string> {
  try {
    return (await verifyDirectory(dir)).problems;
  } catch (e) {
    if (e instanceof EmitError) return e.message;
    throw e;
  }
}

/** Undefined when the archived copy can replace the active cycle; otherwise why not, naming the files. */
export async function archivedCopyProblem(
  activeDir: string,
  archivedDir: string,
): Promise<string | undefined> {
  const own = await verified(activeDir);
  if (typeof own === 'string')
    return `the active cycle cannot be checked against its own manifest (${own}; run \`perfgate report\`)`;
  if (own.length > 0)
    return `the active cycle's files differ from its own evidence-manifest.json (${problemsOf(own)}): they changed after \`perfgate report\`, and would exist nowhere else; run \`perfgate report\` and \`perfgate archive\` again`;
  const copy = await verified(archivedDir);
  if (typeof copy === 'string') return `${archivedDir} is not a verifiable archived cycle (${copy})`;
  if (copy.length > 0)
    return `${archivedDir} does not verify (${problemsOf(copy)}); run \`perfgate verify ${archivedDir}\``;
  const [active, archived] = [await contents(activeDir), await contents(archivedDir)];
  if (typeof active === 'string') return `the active cycle cannot be listed (${active})`;
  if (typeof archived === 'string') return `${archivedDir} cannot be listed (${archived})`;
  const onlyActive = [...active.keys()].filter((p) => !archived.has(p));
  const onlyArchived = [...archived.keys()].filter((p) => !active.has(p));
  const differ = [...active].filter(([p, sha]) => archived.has(p) && archived.get(p) !== sha).map(([p]) => p);
  const why = [
    ...(onlyActive.length ? [`only in the active cycle: ${names(onlyActive)}`] : []),
    ...(onlyArchived.length ? [`only in the archived copy: ${names(onlyArchived)}`] : []),
    ...(differ.length ? [`different bytes: ${names(differ)}`] : []),
  ];
  if (why.length > 0)
    return `${archivedDir} does not hold the active cycle's files byte for byte (${why.join('; ')}): the active cycle changed after it was archived`;
  return undefined;
}
