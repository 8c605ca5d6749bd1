/**
 * Locust `--csv PREFIX` stats (`PREFIX_stats.csv`), a summary. Mapping: the `Aggregated` row (or the
 * row whose `Name` is `--endpoint`): `50%`/`90%`/`95%`/`99%` (ms, rounded by Locust to 2-3
 * significant digits) -> latency, `Max Response Time` -> max, `Request Count` -> requests,
 * `Failure Count` / `Request Count` -> error rate, `Requests/s` -> throughput, count / rate ->
 * duration. `N/A` (a row without requests) stays absent. No start time, user count or error types.
 */
import { round } from './samples.ts';
import { columnIndex, forEachCsvRow, type CsvRow } from './csv-stream.ts';
import {
  ImportError,
  type ImportOptions,
  type ImportResult,
  type InputFile,
  type LoadTestImporter,
} from './types.ts';

const REQUIRED = [
  'Type',
  'Name',
  'Request Count',
  'Failure Count',
  'Requests/s',
  'Max Response Time',
] as const;
const PCT: [string, string][] = [
  ['p50', '50%'],
  ['p90', '90%'],
  ['p95', '95%'],
  ['p99', '99%'],
  ['max', 'Max Response Time'],
];

async function read(files: readonly InputFile[], options: ImportOptions): Promise<ImportResult> {
  if (files.length > 1) {
    throw new ImportError(
      files[1]!.name,
      undefined,
      'Unexpected second Locust stats file: a summary is one run',
      'Import each *_stats.csv as its own run (its own --id).',
    );
  }
  const f = files[0]!;
  const want = options.endpoint ?? 'Aggregated';
  let idx = new Map<string, number>();
  let found: CsvRow | undefined;
  const names: string[] = [];
  await forEachCsvRow(
    f,
    (h) => (idx = columnIndex(h, REQUIRED, f.name, 'Locust stats CSV')),
    (row) => {
      const name = row.cells[idx.get('Name')!] ?? '';
      names.push(name);
      if (name === want) found = row;
    },
  );
  if (!found) {
    throw new ImportError(
      f.name,
      undefined,
      `No row named ${JSON.stringify(want)}`,
      `Rows: ${names.map((n) => JSON.stringify(n)).join(', ')}; pass one of them with --endpoint.`,
    );
  }
  const row = found;
  const cell = (col: string): number | undefined => {
    const s = (row.cells[idx.get(col)!] ?? '').trim();
    if (s === 'N/A' || s === '') return undefined;
    const n = Number(s);
    if (!Number.isFinite(n)) {
      throw new ImportError(
        f.name,
        row.line,
        `Unexpected \`${col}\` ${JSON.stringify(s)}, expected a number or N/A`,
        'The row is damaged; use the file exactly as Locust wrote it.',
      );
    }
    return n;
  };
  const requests = cell('Request Count') ?? 0;
  const failures = cell('Failure Count') ?? 0;
  const rps = cell('Requests/s');
  const latency: Record<string, number> = {};
  for (const [out, col] of PCT) {
    const v = idx.has(col) ? cell(col) : undefined;
    if (v !== undefined) latency[out] = v;
  }
  const notes: string[] = [];
  // Locust rounds percentiles (monotonically) but not the max: a rounded p99 can exceed the exact
  // max. Its own rounded 100% column then keeps the order, and the note says so.
  const top = Math.max(...['p50', 'p90', 'p95', 'p99'].map((k) => latency[k] ?? -Infinity));
  const hundred = idx.has('100%') ? cell('100%') : undefined;
  if (latency.max !== undefined && top > latency.max && hundred !== undefined && hundred >= top) {
    notes.push(
      `Locust's exact max ${latency.max} ms is below its rounded percentiles; max taken from its 100% column (${hundred} ms)`,
    );
    latency.max = hundred;
  }
  const values: ImportResult['values'] = {
    requests,
    latency_ms: latency,
    error_rate_pct: requests === 0 ? 0 : round((failures / requests) * 100, 6),
  };
  if (rps !== undefined) values.throughput_rps = rps;
  if (rps !== undefined && rps > 0 && requests > 0) values.duration_s = round(requests / rps, 6);
  return { values, notes };
}

export const locust: LoadTestImporter = {
  id: 'locust-stats',
  tool: 'locust',
  title: 'Locust --csv *_stats.csv',
  ext: 'csv',
  kind: 'summary',
  notReported: ['started_at', 'peak_concurrency', 'errors'],
  detect: (head) => /^\uFEFF?"?Type"?,"?Name"?,"?(# r|R)equest/.test(head),
  read,
};
