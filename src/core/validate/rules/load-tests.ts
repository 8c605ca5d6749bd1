/**
 * load-test-results.json: unique run ids, known services, non-decreasing percentiles, throughput
 * consistent with requests / duration, raw tool output present in the cycle.
 */
import { pointerOf } from '../../diagnostics.ts';
import { duplicates, type Rule } from './context.ts';
import { resolveCycleLink } from './links.ts';

export const loadTestsRule: Rule = ({ r, valid, known, files }) => {
  const loadA = valid['load-test-results'];
  if (!loadA) return;
  const runs = loadA.data.runs;
  for (const [i, id] of duplicates(runs, (run) => run.id)) {
    r.error(
      loadA,
      'load.duplicate-run',
      pointerOf('runs', i, 'id'),
      `Unexpected duplicate run id \`${id}\``,
      'Give every run a unique id.',
    );
  }
  runs.forEach((run, i) => {
    known(loadA, pointerOf('runs', i, 'service'), run.service, `run \`${run.id}\``);
    const order = ['p50', 'p90', 'p95', 'p99', 'max'] as const;
    const lat = run.latency_ms as unknown as Record<string, number | undefined>;
    for (let k = 1; k < order.length; k++) {
      const key = order[k] as string;
      const cur = lat[key];
      if (cur === undefined) continue;
      for (let j = k - 1; j >= 0; j--) {
        const lowerKey = order[j] as string;
        const lower = lat[lowerKey];
        if (lower !== undefined && cur < lower) {
          r.error(
            loadA,
            'load.percentile-order',
            pointerOf('runs', i, 'latency_ms', key),
            `Unexpected \`${key}\` ${cur} below \`${lowerKey}\` ${lower} in run \`${run.id}\`; percentiles must not decrease`,
            'Check the export: p50 <= p90 <= p95 <= p99 <= max.',
          );
          break;
        }
      }
    }
    const expected = run.requests / run.duration_s;
    if (run.requests > 0 && Math.abs(run.throughput_rps - expected) > Math.max(0.05 * expected, 0.5)) {
      r.error(
        loadA,
        'load.throughput-mismatch',
        pointerOf('runs', i, 'throughput_rps'),
        `Unexpected throughput_rps ${run.throughput_rps} in run \`${run.id}\`: ${run.requests} requests over ${run.duration_s} s is ${expected.toFixed(1)} rps`,
        'Check requests, duration_s and throughput_rps against the raw tool output.',
        'warning',
      );
    }
    if (run.source_file !== undefined) {
      const target = resolveCycleLink(run.source_file, '');
      const pointer = pointerOf('runs', i, 'source_file');
      if (target.kind !== 'file')
        r.error(
          loadA,
          'link.outside-cycle',
          pointer,
          `Unexpected source_file \`${run.source_file}\` outside the cycle directory in run \`${run.id}\``,
          'Copy the raw output into the cycle directory and give its relative path.',
        );
      else if (!files.has(target.path))
        r.error(
          loadA,
          'attachment.missing',
          pointer,
          `source_file \`${run.source_file}\` of run \`${run.id}\` not found in the cycle directory`,
          `Add the raw tool output at ${target.path} or fix the path.`,
        );
    }
  });
};
