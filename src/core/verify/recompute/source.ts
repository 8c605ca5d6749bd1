/**
 * A frozen cycle's files for re-deciding: a cycle directory through the loader, or a bundle read
 * in place (never extracted: its entries are listed and the artifacts' bytes kept in memory, at
 * most MAX_PARSED_BYTES each, as the loader would read them from a directory).
 */
import { ARTIFACTS } from '../../artifacts.ts';
import { cmp } from '../../diagnostics.ts';
import { errnoCode } from '../../evidence/errors.ts';
import { GATE_CONFIG } from '../../emit/gate-config.ts';
import { VALIDATION_REPORT } from '../../emit/validation-report.ts';
import { EVIDENCE_MANIFEST, SUMS } from '../../evidence/manifest.ts';
import type { ZipLimits } from '../../evidence/zip-checks.ts';
import { readZip } from '../../evidence/zip-read.ts';
import { loadCycle, loadListedCycle, type LoadedCycle } from '../../load/cycle.ts';
import { MAX_PARSED_BYTES } from '../../load/read.ts';
import { FileTooLargeError, readFileNoFollow } from '../../load/walk.ts';
import type { FrozenFiles } from './types.ts';
import { plural } from '../../format/plural.ts';

/** The frozen files re-deciding reads besides the evidence. */
export const FROZEN_FILES = [VALIDATION_REPORT, GATE_CONFIG, EVIDENCE_MANIFEST] as const;

export interface FrozenSource {
  cycle: LoadedCycle;
  files: FrozenFiles;
}

const fromMap = (m: ReadonlyMap<string, Buffer>): FrozenFiles => ({ get: (name) => m.get(name) });

/** A cycle directory (or an archived one): loaded as `perfgate report` loads it, without upstream. */
export async function fromDirectory(dir: string): Promise<FrozenSource | string> {
  const cycle = await loadCycle(dir, { upstream: false });
  const files = new Map<string, Buffer>();
  for (const name of FROZEN_FILES) {
    const entry = cycle.files.find((f) => f.path === name);
    if (!entry) continue;
    try {
      files.set(name, await readFileNoFollow(entry.abs, MAX_PARSED_BYTES));
    } catch (e) {
      return e instanceof FileTooLargeError
        ? `${name} is larger than ${MAX_PARSED_BYTES} bytes: not read`
        : `${name} could not be read (${errnoCode(e) ?? 'error'})`;
    }
  }
  return { cycle, files: fromMap(files) };
}

/**
 * A bundle, read in place. Only a bundle that reads cleanly is re-decided: an entry refused by
 * the zip checks would look like a missing artifact and change the decision for the wrong reason.
 */
export async function fromBundle(zipPath: string, limits: ZipLimits): Promise<FrozenSource | string> {
  const keep = new Set<string>([...ARTIFACTS.map((a) => a.path), ...FROZEN_FILES]);
  const read = await readZip(
    { kind: 'file', path: zipPath },
    { limits, keep, keepMaxBytes: MAX_PARSED_BYTES },
  );
  if (read.problems.length > 0) {
    const first = read.problems[0]!;
    return `the bundle does not read cleanly (${plural(read.problems.length, 'problem')}, first ${first.path}: ${first.message}); \`perfgate verify\` names them all`;
  }
  const entries = read.entries.filter((e) => e.name !== SUMS).sort((a, b) => cmp(a.name, b.name));
  const content = new Map(entries.flatMap((e) => (e.content ? [[e.name, e.content] as const] : [])));
  const tooLarge = entries.find((e) => (FROZEN_FILES as readonly string[]).includes(e.name) && !e.content);
  if (tooLarge) return `${tooLarge.name} is larger than ${MAX_PARSED_BYTES} bytes: not read`;
  const listing = {
    files: entries.map((e) => ({ path: e.name, abs: `${zipPath}!/${e.name}`, bytes: e.bytes })),
    diagnostics: [],
  };
  const cycle = await loadListedCycle(zipPath, listing, async (entry, maxBytes) => {
    const data = content.get(entry.path);
    // Not kept: larger than MAX_PARSED_BYTES, as a directory's file of that size would be refused.
    if (!data || data.length > maxBytes) throw new FileTooLargeError(String(entry.bytes));
    return data;
  });
  const files = new Map(FROZEN_FILES.flatMap((n) => (content.has(n) ? [[n, content.get(n)!] as const] : [])));
  return { cycle, files: fromMap(files) };
}
