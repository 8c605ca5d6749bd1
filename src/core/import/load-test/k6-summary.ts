/**
 * k6 end-of-test summaries: `--summary-export` JSON (legacy shape: trend stats directly on the
 * metric, a threshold's boolean is TRUE WHEN IT FAILED) and the `handleSummary` data JSON (stats under
 * `values`, thresholds `{ok}`). Trends are in ms. Mapping: `http_req_duration` med/p(90)/p(95)/
 * p(99)/max -> latency (p99 only when summaryTrendStats lists it); `http_reqs` count/rate ->
 * requests/throughput; `http_req_failed` rate -> error rate; `vus_max` max -> peak concurrency;
 * `state.testRunDurationMs` (handleSummary) or count / rate (summary-export) -> duration. Neither
 * has the start time or error types.
 */
import { round } from './samples.ts';
import { need, num, obj, readJsonFile } from './json-file.ts';
import { ImportError, type ImportResult, type InputFile, type LoadTestImporter } from './types.ts';

const PCT: [string, string[]][] = [
  ['p50', ['med', 'p(50)']],
  ['p90', ['p(90)']],
  ['p95', ['p(95)']],
  ['p99', ['p(99)']],
  ['max', ['max']],
];

function readShape(flavour: 'export' | 'handle') {
  return async (files: readonly InputFile[]): Promise<ImportResult> => {
    const f = single(files);
    const doc = await readJsonFile(f);
    const metrics = obj(obj(doc.data)?.metrics) ?? {};
    const stat = (metric: string, key: string): number | undefined => {
      const m = obj(metrics[metric]);
      return num(flavour === 'export' ? m?.[key] : obj(m?.values)?.[key]);
    };
    const ptr = (metric: string, key: string) =>
      `/metrics/${metric}${flavour === 'export' ? '' : '/values'}/${key}`;
    need(obj(metrics.http_req_duration), doc, f, '/metrics/http_req_duration', 'the http_req_duration trend');
    const latency: Record<string, number> = {};
    for (const [out, keys] of PCT) {
      const v = keys.map((k) => stat('http_req_duration', k)).find((x) => x !== undefined);
      if (v !== undefined) latency[out] = v;
    }
    const requests = need(
      stat('http_reqs', 'count'),
      doc,
      f,
      ptr('http_reqs', 'count'),
      'the http_reqs count',
    );
    const rate = need(stat('http_reqs', 'rate'), doc, f, ptr('http_reqs', 'rate'), 'the http_reqs rate');
    const failed = need(
      stat('http_req_failed', flavour === 'export' ? 'value' : 'rate'),
      doc,
      f,
      ptr('http_req_failed', flavour === 'export' ? 'value' : 'rate'),
      'the http_req_failed rate (k6 >= 0.31)',
    );
    const durationMs = num(obj(obj(doc.data)?.state)?.testRunDurationMs);
    const duration =
      durationMs !== undefined ? durationMs / 1000 : rate > 0 ? round(requests / rate, 6) : undefined;
    const peak = stat('vus_max', 'max') ?? stat('vus_max', 'value') ?? stat('vus', 'max');
    const values: ImportResult['values'] = {
      requests,
      throughput_rps: rate,
      latency_ms: latency,
      error_rate_pct: round(failed * 100, 6),
    };
    if (duration !== undefined && duration > 0) values.duration_s = duration;
    if (peak !== undefined && peak >= 1) values.peak_concurrency = peak;
    return { values, notes: thresholdNotes(metrics, flavour) };
  };
}

/** The k6 thresholds, as k6 decided them (the summary-export boolean is true when the threshold FAILED). */
function thresholdNotes(metrics: Record<string, unknown>, flavour: 'export' | 'handle'): string[] {
  const out: string[] = [];
  for (const [name, m] of Object.entries(metrics).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    for (const [expr, v] of Object.entries(obj(obj(m)?.thresholds) ?? {})) {
      const failed = flavour === 'export' ? v === true : obj(v)?.ok === false;
      out.push(`k6 threshold ${name} '${expr}': ${failed ? 'FAILED' : 'passed'}`);
    }
  }
  return out;
}

function single(files: readonly InputFile[]): InputFile {
  if (files.length > 1) {
    throw new ImportError(
      files[1]!.name,
      undefined,
      'Unexpected second summary file: a summary is one run',
      'Import each summary as its own run (its own --id).',
    );
  }
  return files[0]!;
}

const NOT_REPORTED = ['started_at', 'errors'] as const;

export const k6SummaryExport: LoadTestImporter = {
  id: 'k6-summary-export',
  tool: 'k6',
  title: 'k6 --summary-export JSON',
  ext: 'json',
  kind: 'summary',
  notReported: NOT_REPORTED,
  // Legacy shape: metrics with stats at the top level, no `state` and no `values` objects.
  detect: (head) =>
    /"metrics"\s*:/.test(head) &&
    /"root_group"\s*:/.test(head) &&
    !/"values"\s*:/.test(head) &&
    !/"state"\s*:/.test(head),
  read: readShape('export'),
};

export const k6HandleSummary: LoadTestImporter = {
  id: 'k6-handle-summary',
  tool: 'k6',
  title: 'k6 handleSummary data JSON',
  ext: 'json',
  kind: 'summary',
  notReported: NOT_REPORTED,
  detect: (head) =>
    /"metrics"\s*:/.test(head) &&
    /"values"\s*:/.test(head) &&
    (/"state"\s*:/.test(head) || /"root_group"\s*:/.test(head)),
  read: readShape('handle'),
};
