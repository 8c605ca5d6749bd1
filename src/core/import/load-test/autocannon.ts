/**
 * autocannon `--json` summary. Mapping: `latency` p50/p90/p99/max (ms) -> latency (autocannon has no
 * p95, and its p97_5 is not a p95); `requests.total` (responses) + `errors` (requests without a
 * response) -> requests; `non2xx` + `errors` -> failed; `requests.average` (req/s) -> throughput;
 * `start`, `duration` (s), `connections` -> start, duration, peak concurrency; `statusCodeStats`
 * (counts may be numbers or strings, by version) -> errors for codes >= 400.
 */
import { formatUtc } from '../../time.ts';
import { errorKey, round } from './samples.ts';
import { need, num, obj, readJsonFile } from './json-file.ts';
import { ImportError, type ImportResult, type InputFile, type LoadTestImporter } from './types.ts';

/** A count that autocannon writes as a number or as a numeric string. */
function count(x: unknown): number | undefined {
  if (typeof x === 'string' && /^\d+$/.test(x)) return Number(x);
  const n = num(x);
  return n !== undefined && Number.isInteger(n) && n >= 0 ? n : undefined;
}

async function read(files: readonly InputFile[]): Promise<ImportResult> {
  if (files.length > 1) {
    throw new ImportError(
      files[1]!.name,
      undefined,
      'Unexpected second autocannon file: a summary is one run',
      'Import each summary as its own run (its own --id).',
    );
  }
  const f = files[0]!;
  const doc = await readJsonFile(f);
  const root = obj(doc.data) ?? {};
  const lat = need(obj(root.latency), doc, f, '/latency', 'the latency histogram');
  const req = need(obj(root.requests), doc, f, '/requests', 'the requests histogram');
  const total = need(count(req.total), doc, f, '/requests/total', 'requests.total');
  const errors = need(count(root.errors), doc, f, '/errors', 'the errors count');
  const non2xx = need(count(root.non2xx), doc, f, '/non2xx', 'the non2xx count');
  // A date outside the years 0001-9999 has no RFC 3339 form: refused here, with its pointer.
  const startedAt = typeof root.start === 'string' ? formatUtc(Date.parse(root.start)) : undefined;
  const start = need(startedAt, doc, f, '/start', 'the start time');
  const duration = need(num(root.duration), doc, f, '/duration', 'the duration');
  const latency: Record<string, number> = {};
  for (const k of ['p50', 'p90', 'p99', 'max'] as const) {
    const v = num(lat[k]);
    if (v !== undefined) latency[k] = v;
  }
  const requests = total + errors;
  const values: ImportResult['values'] = {
    started_at: start,
    duration_s: duration,
    requests,
    latency_ms: latency,
    error_rate_pct: requests === 0 ? 0 : round(((non2xx + errors) / requests) * 100, 6),
  };
  const avg = num(req.average);
  if (avg !== undefined) values.throughput_rps = avg;
  const conns = count(root.connections);
  if (conns !== undefined && conns >= 1) values.peak_concurrency = conns;
  const errs: Record<string, number> = {};
  for (const [code, s] of Object.entries(obj(root.statusCodeStats) ?? {})) {
    const c = count(obj(s)?.count);
    if (/^\d{3}$/.test(code) && Number(code) >= 400 && c) errs[errorKey(code)] = c;
  }
  if (errors > 0) errs.connection_error = errors;
  if (Object.keys(errs).length > 0)
    values.errors = Object.fromEntries(Object.entries(errs).sort(([a], [b]) => (a < b ? -1 : 1)));
  return { values, notes: [] };
}

export const autocannon: LoadTestImporter = {
  id: 'autocannon',
  tool: 'autocannon',
  title: 'autocannon --json',
  ext: 'json',
  kind: 'summary',
  notReported: ['latency_ms.p95'],
  detect: (head) =>
    /"latency"\s*:\s*\{/.test(head) && /"requests"\s*:\s*\{/.test(head) && /"(2xx|non2xx)"\s*:/.test(head),
  read,
};
