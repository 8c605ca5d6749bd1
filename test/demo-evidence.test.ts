/**
 * The demo's current cycle ties its gate-3 numbers to its evidence (issue 23, item 5): every before
 * and after references imported runs or the baseline row, except the one value no run can report
 * (catalog-search cache_hit_ratio after), which is marked "typed, no evidence"; OPT-1 rests on three
 * real runs per side of scripts/demo-service.mjs, with R's interval.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.ts';

const DEMO = path.resolve(import.meta.dirname, '../.artifacts/protocol-18');

describe('the demo cycle’s KPIs and their evidence', () => {
  it('links every value to runs or the baseline, and shows the interval of the replicated target', async () => {
    const r = await runCli(['gates', '--artifacts', DEMO, '--gate', 'optimization', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = r.json();
    expect(out.diagnostics.filter((d: { severity: string }) => d.severity !== 'info')).toEqual([]);
    type Sources = { before: { kind: string }; after: { kind: string } };
    const kinds = out.deltas.kpis.map((d: { kpi: string; sources: Sources }) => [
      d.kpi,
      d.sources.before.kind,
      d.sources.after.kind,
    ]);
    expect(kinds).toEqual([
      ['latency_p95_ms', 'runs', 'runs'],
      ['latency_p99_ms', 'runs', 'runs'],
      ['cache_hit_ratio', 'baseline', 'typed'],
      ['error_rate_pct', 'runs', 'runs'],
      ['throughput_rps', 'runs', 'runs'],
      ['latency_p95_ms', 'runs', 'runs'],
      ['error_rate_pct', 'runs', 'runs'],
    ]);
    expect(out.deltas.kpis[2].sources.after.text).toBe('typed, no evidence');
    const opt1 = out.deltas.kpis[0];
    // The runs' p95 (loadtests/checkout-order-*.csv, nearest rank): before 1277.1, 1412.9, 707.8 ms,
    // after 566.7, 504.6, 506.2 ms. Rscript -e 'options(digits=10); b <- c(1277.1, 1412.9, 707.8);
    //   a <- c(566.7, 504.6, 506.2); r <- t.test(log(a), log(b)); print(r$p.value);
    //   print(1 - exp(rev(r$conf.int))); print(1 - median(a) / median(b));
    //   print(1 - exp(-(qt(0.975, r$parameter) + qt(0.8, r$parameter)) * r$stderr))'
    //   -> 0.0738018; -0.1791820249 0.8013891559; 0.6036332315; 0.6735435045
    expect(opt1).toMatchObject({ before: 1277.1, after: 506.2 });
    expect(opt1.improvement).toBeCloseTo(0.6036332315, 9);
    expect(opt1.stats.p).toBeCloseTo(0.0738018, 6);
    expect(opt1.stats.ci95[0]).toBeCloseTo(-0.1791820249, 9);
    expect(opt1.stats.ci95[1]).toBeCloseTo(0.8013891559, 9);
    expect(opt1.stats.mde).toBeCloseTo(0.6735435045, 9);
    // Three noisy runs per side cannot tell a 15 % change from noise: the page says how many would.
    expect(opt1.stats.detect.detectable).toBe(false);
    expect(opt1.stats.detect.runs_per_side).toBeGreaterThan(3);
    expect(opt1.sources.before.files).toEqual([
      'load-test-results.json',
      'loadtests/checkout-order-baseline-1.csv',
      'loadtests/checkout-order-baseline-2.csv',
      'loadtests/checkout-order-baseline-3.csv',
    ]);
  });
});
