/** Time parsing shared by the CLI and the core (pure). */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2}))?$/i;

/** Milliseconds of an RFC 3339 date-time with offset (or a bare date = midnight UTC); undefined if invalid or impossible. */
export function parseRfc3339(s: string): number | undefined {
  const m = RFC3339.exec(s);
  if (!m) return undefined;
  const [y, mo, d, h = '0', mi = '0', se = '0'] = m.slice(1, 7).map((x) => x ?? '0');
  // setUTCFullYear: Date.UTC would read years 0-99 as 1900-1999.
  const date = new Date(Date.UTC(2000, 0, 1));
  date.setUTCFullYear(Number(y), Number(mo) - 1, Number(d));
  if (
    date.getUTCMonth() !== Number(mo) - 1 ||
    date.getUTCDate() !== Number(d) ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(se) > 59
  )
    return undefined;
  const t = Date.parse(m[4] === undefined ? `${s}T00:00:00Z` : s);
  return Number.isNaN(t) ? undefined : t;
}

/**
 * An instant as RFC 3339 UTC, keeping its milliseconds (`.900Z`; none when they are 0); undefined
 * for a year outside 0001-9999, which no 4-digit RFC 3339 year can write.
 */
export function formatUtc(ms: number): string | undefined {
  if (!Number.isFinite(ms)) return undefined;
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  // NaN past Date's own range (|ms| > 8.64e15): no comparison is true, so test for the range itself.
  if (!(year >= 1 && year <= 9999)) return undefined;
  return d.toISOString().replace(/\.000Z$/, 'Z');
}
