/**
 * k6 `--out json` (NDJSON, one metric point per line), raw samples. Mapping: each
 * `http_req_duration` point is one request: `value` (ms) -> latency, `time` (when k6 recorded it,
 * the request's end) -> end, start = end - value; tag `expected_response` "false" (or, without it,
 * `status` 0 or >= 400) -> error keyed by status; the largest `vus` point -> peak concurrency.
 */
import { forEachLine } from './lines.ts';
import { SampleStats, errorKey, inDateRange, isoFromMs } from './samples.ts';
import {
  ImportError,
  type ImportOptions,
  type ImportResult,
  type InputFile,
  type LoadTestImporter,
} from './types.ts';

/** The last whole second parsed (a pure cache: the same key always gives the same epoch ms). */
let lastKey = '';
let lastBase = NaN;

/**
 * RFC 3339 with up to nanoseconds -> [whole epoch ms, sub-ms fraction in ms]. Kept apart because a
 * double holding epoch ms cannot carry nanoseconds (its step there is about 0.2 microseconds).
 */
export function parseK6Time(s: unknown): [number, number] | undefined {
  if (typeof s !== 'string') return undefined;
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)$/.exec(s);
  if (!m) return undefined;
  const key = `${m[1]}${m[3]}`;
  // Consecutive points share their second: parse each distinct one once.
  if (key !== lastKey) {
    lastKey = key;
    lastBase = Date.parse(key);
  }
  const base = lastBase;
  if (Number.isNaN(base)) return undefined;
  const frac = m[2] ? Number(`0${m[2]}`) * 1000 : 0;
  return [base + Math.floor(frac), frac - Math.floor(frac)];
}

interface Line {
  type?: unknown;
  metric?: unknown;
  data?: { time?: unknown; value?: unknown; tags?: Record<string, unknown> | null };
}

/** Times are kept relative to the first point's whole millisecond (`clock.origin`) for precision. */
async function readOne(
  f: InputFile,
  stats: SampleStats,
  options: ImportOptions,
  clock: { origin?: number },
): Promise<void> {
  try {
    await forEachLine(f.path, (text, n) => {
      if (text.trim() === '') return;
      let obj: Line;
      try {
        obj = JSON.parse(n === 1 ? text.replace(/^\uFEFF/, '') : text) as Line;
      } catch {
        throw new ImportError(
          f.name,
          n,
          'Unexpected line: not a JSON object (the file may be truncated)',
          'Use the NDJSON file exactly as `k6 run --out json=FILE` wrote it, after the run ended.',
        );
      }
      if (obj === null || typeof obj !== 'object' || obj.type !== 'Point') return;
      const d = obj.data;
      if (obj.metric === 'vus') {
        if (typeof d?.value === 'number' && d.value > stats.peak) stats.peak = d.value;
        return;
      }
      if (obj.metric !== 'http_req_duration') return;
      const t = parseK6Time(d?.time);
      const value = d?.value;
      if (t === undefined || typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
        throw new ImportError(
          f.name,
          n,
          'Unexpected http_req_duration point: expected `data.time` (RFC 3339) and a number `data.value`',
          'The line is damaged; use the file exactly as k6 wrote it.',
        );
      }
      const tags = d?.tags ?? {};
      if (options.endpoint !== undefined && tags.name !== options.endpoint && tags.url !== options.endpoint)
        return;
      const status = typeof tags.status === 'string' ? tags.status : '';
      const failed =
        tags.expected_response !== undefined
          ? tags.expected_response === 'false'
          : status === '0' || Number(status) >= 400;
      clock.origin ??= t[0];
      const end = t[0] - clock.origin + t[1];
      if (!inDateRange(clock.origin + end - value)) {
        throw new ImportError(
          f.name,
          n,
          `Unexpected http_req_duration value ${value} ms: the request would have started before the year 0001`,
          'The line is damaged; use the file exactly as k6 wrote it.',
        );
      }
      stats.add(value, end - value, end, failed ? errorKey(status) : undefined);
    });
  } catch (e) {
    if (e instanceof ImportError) throw e;
    throw new ImportError(
      f.name,
      undefined,
      `Could not read the file (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
      'Check that the file exists and is readable.',
    );
  }
}

async function read(files: readonly InputFile[], options: ImportOptions): Promise<ImportResult> {
  const stats = new SampleStats();
  const clock: { origin?: number } = {};
  for (const f of files) await readOne(f, stats, options, clock);
  if (stats.count === 0) {
    throw new ImportError(
      files[0]!.name,
      undefined,
      'Unexpected k6 output without http_req_duration points',
      options.endpoint === undefined
        ? 'Import the output of a run that made HTTP requests.'
        : 'Check --endpoint against the `name` or `url` tag.',
    );
  }
  return { values: stats.values((ms) => isoFromMs(clock.origin! + ms)), notes: [], samples: stats };
}

export const k6Ndjson: LoadTestImporter = {
  id: 'k6-ndjson',
  tool: 'k6',
  title: 'k6 --out json (NDJSON points)',
  ext: 'ndjson',
  kind: 'raw',
  notReported: [],
  detect: (head) =>
    /^\uFEFF?\{"(type|metric)":"[^"]+"/.test(head) &&
    /"type":"(Metric|Point)"/.test(head.split('\n', 1)[0] ?? ''),
  read,
};
