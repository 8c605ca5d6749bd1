/** Independent arithmetic for the import tests: nearest rank on a sorted copy (no Map, no streaming). */

/** The smallest sample v with at least p % of the samples <= v (ARTIFACTS.md section 7). */
export function nearestRank(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

/** Splits a plain CSV (no quoted commas in the columns read) into header-keyed rows. */
export function plainCsv(text: string): Record<string, string>[] {
  const [head, ...lines] = text.replace(/\r/g, '').trim().split('\n');
  const cols = head!.split(',');
  return lines.map((l) => {
    const cells = l.split(',');
    return Object.fromEntries(cols.map((c, i) => [c, cells[i] ?? '']));
  });
}
