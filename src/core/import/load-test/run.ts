/** Builds the `load-test-results.json` run from what a file gave and what the flags give. */
import type { LoadTestRun } from '../../types/artifacts.generated.ts';
import { parseRfc3339 } from '../../time.ts';
import { ImportError, type ImportResult, type LoadTestImporter } from './types.ts';

export interface RunFlags {
  id: string;
  service: string;
  scenario: string;
  /** `--endpoint`: the endpoint the run measured, recorded as `runs[].endpoint`. */
  endpoint?: string;
  phase: 'baseline' | 'after';
  kind: 'load' | 'stress' | 'soak' | 'spike';
  /** `--concurrency`: only used when the file lacks the peak concurrency. */
  concurrency?: number;
  /** `--started-at`: only used when the file lacks the start time. */
  startedAt?: string;
}

/** The values of the contract a run may lack because the tool did not report them. */
export function missingValues(result: ImportResult): string[] {
  const v = result.values;
  const out: string[] = [];
  for (const k of ['p50', 'p90', 'p95', 'p99', 'max'] as const) {
    if ((v.latency_ms as Record<string, number | undefined>)[k] === undefined) out.push(`latency_ms.${k}`);
  }
  if (v.errors === undefined) out.push('errors');
  if (v.started_at === undefined) out.push('started_at');
  if (v.peak_concurrency === undefined) out.push('peak_concurrency');
  return out;
}

/** The run, in the contract's field order; throws when a required value has no source at all. */
export function buildRun(
  importer: LoadTestImporter,
  result: ImportResult,
  flags: RunFlags,
  sourceFile: string,
  file: string,
): LoadTestRun {
  const v = result.values;
  let startedAt = v.started_at;
  if (startedAt === undefined) {
    if (flags.startedAt === undefined) {
      throw new ImportError(
        file,
        undefined,
        `Missing start time: ${importer.title} does not record when the run started`,
        'Pass --started-at with the run start (RFC 3339, e.g. --started-at 2026-11-02T09:30:00Z), as your CI log shows it.',
      );
    }
    if (parseRfc3339(flags.startedAt) === undefined) {
      throw new ImportError(
        file,
        undefined,
        `Unexpected --started-at ${JSON.stringify(flags.startedAt)}, expected an RFC 3339 date-time with an offset`,
        'Write e.g. --started-at 2026-11-02T09:30:00Z.',
      );
    }
    startedAt = flags.startedAt;
  }
  const peak = v.peak_concurrency ?? flags.concurrency;
  if (peak === undefined) {
    throw new ImportError(
      file,
      undefined,
      `Missing peak concurrency: ${importer.title} does not record the number of virtual users or connections`,
      'Pass --concurrency N with the concurrency the tool ran with (e.g. hey -c, locust --users).',
    );
  }
  const missing = (what: string) =>
    new ImportError(
      file,
      undefined,
      `Missing ${what}: the file does not give it`,
      'Import the output of a complete run (at least two requests over a measurable time).',
    );
  if (v.duration_s === undefined) throw missing('duration');
  if (v.requests === undefined) throw missing('request count');
  if (v.throughput_rps === undefined) throw missing('throughput');
  if (v.error_rate_pct === undefined) throw missing('error rate');
  if (Object.keys(v.latency_ms).length === 0) throw missing('every latency percentile');
  const run: LoadTestRun = {
    id: flags.id,
    service: flags.service,
    scenario: flags.scenario,
    ...(flags.endpoint !== undefined ? { endpoint: flags.endpoint } : {}),
    phase: flags.phase,
    kind: flags.kind,
    started_at: startedAt,
    duration_s: v.duration_s,
    peak_concurrency: peak,
    requests: v.requests,
    throughput_rps: v.throughput_rps,
    latency_ms: v.latency_ms as LoadTestRun['latency_ms'],
    error_rate_pct: v.error_rate_pct,
  };
  if (v.errors !== undefined) run.errors = v.errors;
  run.source_file = sourceFile;
  run.tool = importer.tool;
  return run;
}
