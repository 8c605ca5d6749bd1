/**
 * Issue 23: the demo showed "Welch t = -32, p = 9.93e-142" for n = 400 requests of ONE run. Requests
 * within a run are not independent samples of a change, so a typed `{value, n, stdev}` may never
 * produce a significance result again: no test, no interval, and the significance criterion is not
 * evaluable (never a pass), on every surface.
 */
import { describe, expect, it } from 'vitest';
import { summaryMarkdown } from '../../src/core/github/summary.ts';
import type { GatesReport } from '../../src/core/github/types.ts';
import { art, criterionOf, evaluate } from './base.ts';

/*
 * 360 -> 292 ms with n = 400 and stdev 30 on each side: the per-request Welch test perfgate used to
 * run gives t = -68 / sqrt(900/400 + 900/400) = -32.06 on 798 df,
 * Rscript -e 'print(2 * pt(-68 / sqrt(900/400 + 900/400), 798))'  ->  1.50558042022145e-145.
 */
const perRequest = { before: { value: 360, n: 400, stdev: 30 }, after: { value: 292, n: 400, stdev: 30 } };

describe('the per-request form', () => {
  const ev = evaluate((i) => {
    Object.assign(art(i, 'optimization-validation-report').targets![0]!, perRequest);
    i.config.optimization.significance_alpha = 0.05;
  });

  it('gives no test and no interval, only the values, with n and stdev shown as untested', () => {
    const d = ev.deltas.kpis[0]!;
    expect(d).toMatchObject({ before: 360, after: 292 });
    expect(d.stats).toBeUndefined();
    expect(JSON.stringify(d)).not.toMatch(/welch|"p":|"t":/i);
    expect(d.sources.before.text).toContain('(n 400, stdev 30: shown, never tested)');
  });

  it('makes significance not evaluable, naming the runs missing: never a pass', () => {
    const c = criterionOf(ev, 'significance');
    expect(c.status).toBe('not_evaluable');
    expect(c.actual).toBeNull();
    expect(c.summary).toContain('its n 400 counts requests, not runs');
    expect(c.items[0]).toMatchObject({ counted: false, value: null });
  });

  it('shows no p-value in the job summary', () => {
    const report = { ...ev, exit_code: 1, diagnostics: [] } as unknown as GatesReport;
    const md = summaryMarkdown(report);
    expect(md).not.toMatch(/Welch|p = /);
    expect(md).toContain('no interval (fewer than two referenced runs per side)');
  });
});
