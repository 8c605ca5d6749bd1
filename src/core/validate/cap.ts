/**
 * Diagnostics whose size does not grow with the input (ARTIFACTS.md section 3): of one code in one
 * file the first MAX_PER_CODE are kept, the rest become one summary diagnostic that counts them.
 */
import { diag, type Diagnostic, type Severity } from '../diagnostics.ts';
import { plural } from '../format/plural.ts';

export const MAX_PER_CODE = 20;

const RANK: Record<Severity, number> = { critical: 0, error: 1, warning: 2, info: 3 };

/** Caps a sorted list; the summary keeps the worst severity of what it stands for (same exit code). */
export function capDiagnostics(sorted: readonly Diagnostic[], max = MAX_PER_CODE): Diagnostic[] {
  const groups = new Map<string, Diagnostic[]>();
  for (const d of sorted) {
    const key = JSON.stringify([d.file, d.code]);
    const list = groups.get(key);
    if (list) list.push(d);
    else groups.set(key, [d]);
  }
  const kept = new Set<Diagnostic>();
  const summaries = new Map<Diagnostic, Diagnostic>();
  for (const list of groups.values()) {
    list.slice(0, max).forEach((d) => kept.add(d));
    const rest = list.slice(max);
    const first = rest[0];
    if (!first) continue;
    const worst = rest.reduce((s, d) => (RANK[d.severity] < RANK[s] ? d.severity : s), first.severity);
    summaries.set(
      first,
      diag(
        first.code,
        worst,
        first.file,
        `${plural(rest.length, `more \`${first.code}\` diagnostic`)} in this file not shown (the first ${max} are listed)`,
        `Fix the ones shown (the rest are of the same kind) and run again. The first not shown: ${first.message.slice(0, 200)}`,
        { pointer: first.pointer, line: first.line },
      ),
    );
  }
  return sorted.flatMap((d) => (kept.has(d) ? [d] : summaries.has(d) ? [summaries.get(d)!] : []));
}
