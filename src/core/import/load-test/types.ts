/** The shape every load-test importer shares (ARTIFACTS.md section 7). */
import type { LatencyPercentiles } from '../../types/artifacts.generated.ts';
import { PerfgateError } from '../../errors.ts';

/** What raw samples tell beyond the run's figures: events counted by latency (`SampleStats`). */
export interface SampleCounts {
  /** Requests, and failed requests. */
  count: number;
  failed: number;
  /** Requests whose latency (ms) satisfies `good`. */
  countWhere(good: (latencyMs: number) => boolean): number;
}

/** Fields of a `load-test-results.json` run that come from a tool's file. */
export interface ImportedValues {
  started_at?: string;
  duration_s?: number;
  peak_concurrency?: number;
  requests?: number;
  throughput_rps?: number;
  latency_ms: LatencyPercentiles | Record<string, never>;
  error_rate_pct?: number;
  errors?: Record<string, number>;
}

/** What one importer read from one or more files of its format. */
export interface ImportResult {
  values: ImportedValues;
  tool_version?: string;
  /** The tool's own pass/fail notes worth printing (e.g. k6 thresholds), never stored. */
  notes: string[];
  /** Raw formats: the per-request samples read (SLO error budgets count events in them). */
  samples?: SampleCounts;
}

export interface ImportOptions {
  /** `--endpoint`: one row of a per-endpoint summary (Locust) instead of the aggregate. */
  endpoint?: string;
}

/** One input file: the name shown in messages and the path read. */
export interface InputFile {
  /** As the user gave it (shown in every message). */
  name: string;
  path: string;
}

/** A registered importer: one tool output format. */
export interface LoadTestImporter {
  /** `--format` value, e.g. `k6-summary-export`. */
  id: string;
  /** The tool, as written into `tool`: k6, autocannon, locust, jmeter, hey. */
  tool: string;
  /** What a person calls the format, e.g. "k6 --summary-export JSON". */
  title: string;
  /** File extension used for the copy under `loadtests/`. */
  ext: string;
  /** Raw per-request samples (several files merge into one run) or a summary (one file). */
  kind: 'raw' | 'summary';
  /** Run fields this format never gives (the import prints them; peak concurrency comes from a flag). */
  notReported: readonly string[];
  /** Whether the first bytes of a file (decoded as UTF-8) are this format. */
  detect(head: string): boolean;
  /** Reads the file(s); throws ImportError on bad input. */
  read(files: readonly InputFile[], options: ImportOptions): Promise<ImportResult>;
}

/** A user-caused problem with an input file: names the file and, when known, the line. */
export class ImportError extends PerfgateError {
  readonly file: string;
  readonly line: number | undefined;
  /** Exit 1: the input is wrong; 2: a prerequisite is missing (no such file, no intake). */
  constructor(file: string, line: number | undefined, message: string, hint: string, exitCode: 1 | 2 = 1) {
    super(message, hint, exitCode, line === undefined ? file : `${file}:${line}`);
    this.file = file;
    this.line = line;
  }
}
