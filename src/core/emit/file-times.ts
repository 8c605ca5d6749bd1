/**
 * The `generated_at` of each input in the evidence manifest: a time the artifact itself records
 * (never a file's mtime, which a copy or checkout changes), else the evaluation time.
 */
import type { EvaluationInput } from '../evaluate/types.ts';
import { parseRfc3339 } from '../time.ts';

/** The latest valid RFC 3339 time among `values`, normalised to UTC with second precision. */
function latest(values: readonly (string | undefined)[]): string | undefined {
  let best: number | undefined;
  for (const v of values) {
    const t = v === undefined ? undefined : parseRfc3339(v);
    if (t !== undefined && (best === undefined || t > best)) best = t;
  }
  return best === undefined ? undefined : new Date(best).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Path -> time for the artifacts that record when they were produced. */
export function artifactTimes(artifacts: EvaluationInput['artifacts']): Map<string, string> {
  const a = artifacts;
  const times: [string, string | undefined][] = [
    ['performance-intake-report.json', latest([a['performance-intake-report']?.generated_at])],
    ['baseline-metrics.csv', latest(a['baseline-metrics']?.rows.map((r) => r.collected_at) ?? [])],
    ['load-test-results.json', latest(a['load-test-results']?.runs.map((r) => r.started_at) ?? [])],
    ['optimization-validation-report.json', latest([a['optimization-validation-report']?.validated_at])],
    [
      'slo-update-record.json',
      latest(a['slo-update-record']?.approval.approvals.map((s) => s.signed_at) ?? []),
    ],
    ['reviewer-signoff.json', latest(a['reviewer-signoff']?.reviews.map((r) => r.signed_at) ?? [])],
    [
      'governance/distribution-log.json',
      latest(a['distribution-log']?.deliveries.map((d) => d.delivered_at) ?? []),
    ],
    ['gate-waivers.json', latest(a['gate-waivers']?.waivers.map((w) => w.approved_at) ?? [])],
  ];
  return new Map(times.filter((t): t is [string, string] => t[1] !== undefined));
}
