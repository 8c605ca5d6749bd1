import { appendFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyOverrides, buildEvaluationInput } from '../../src/core/evaluate/input.ts';
import { PerfgateError } from '../../src/core/errors.ts';
import { evaluateCycle } from '../../src/core/evaluate/index.ts';
import { loadCycle } from '../../src/core/load/cycle.ts';
import { loadConfig } from '../../src/core/load/config.ts';
import { defaultConfig, validateCycle } from '../../src/core/validate/index.ts';
import { copyFixture, FIXTURES } from '../helpers/cli.ts';

describe('applyOverrides', () => {
  it("maps the protocol scripts' flags onto the config without touching the original", () => {
    const config = defaultConfig();
    const out = applyOverrides(config, { threshold: '0.9', coverage: 0.8, improvementThreshold: '0.2' });
    expect(out.baseline.completeness_threshold).toBe(0.9);
    expect(out.diagnostics.coverage_threshold).toBe(0.8);
    expect(out.optimization.improvement_threshold).toBe(0.2);
    expect(config.baseline.completeness_threshold).toBe(0.95);
  });

  it("reads --threshold as the asked gate's main threshold", () => {
    expect(
      applyOverrides(defaultConfig(), { threshold: 0.99, gate: 4 }).governance.documentation_threshold,
    ).toBe(0.99);
    expect(
      applyOverrides(defaultConfig(), { threshold: 0.99, gate: 4 }).baseline.completeness_threshold,
    ).toBe(0.95);
    expect(applyOverrides(defaultConfig(), { threshold: 0.7, gate: 2 }).diagnostics.coverage_threshold).toBe(
      0.7,
    );
    expect(
      applyOverrides(defaultConfig(), { threshold: 0.3, gate: 3 }).optimization.improvement_threshold,
    ).toBe(0.3);
  });

  it('refuses out-of-range, non-numeric and conflicting values with a hint', () => {
    const error = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e;
      }
      return undefined;
    };
    const pct = error(() => applyOverrides(defaultConfig(), { threshold: '95' }));
    expect(pct).toBeInstanceOf(PerfgateError);
    expect(pct).toMatchObject({
      message: 'Unexpected --threshold 95, expected a value from 0 to 1',
      hint: 'Thresholds are fractions: write --threshold 0.95 for 95 %.',
    });
    expect(error(() => applyOverrides(defaultConfig(), { coverage: '-0.1' }))).toMatchObject({
      message: 'Unexpected --coverage -0.1, expected a value from 0 to 1',
    });
    expect(error(() => applyOverrides(defaultConfig(), { improvementThreshold: 'abc' }))).toMatchObject({
      message: 'Unexpected --improvement-threshold "abc", expected a number',
    });
    expect(error(() => applyOverrides(defaultConfig(), { improvementThreshold: '11' }))).toBeInstanceOf(
      PerfgateError,
    );
    expect(
      error(() => applyOverrides(defaultConfig(), { threshold: 0.5, coverage: 0.6, gate: 2 })),
    ).toMatchObject({
      message: 'Conflicting --threshold and --coverage: both set diagnostics.coverage_threshold',
    });
  });
});

describe('buildEvaluationInput', () => {
  it('assembles a loaded fixture cycle: valid artifacts, presence, flame graphs, upstream', async () => {
    const dir = path.join(FIXTURES, 'gates/pass/protocol-18');
    const cycle = await loadCycle(dir);
    const validation = validateCycle(cycle, await loadConfig(path.join(dir, 'no-such-config.yaml')));
    const input = buildEvaluationInput(cycle, validation, '2026-11-20T00:00:00Z', {
      improvementThreshold: 0.2,
    });
    expect(input.cycleId).toBe('gates-pass-2026-11');
    expect(input.present).toHaveLength(13);
    expect(input.clean).toHaveLength(13);
    expect(input.flameGraphs).toEqual([['diagnostics/checkout-cpu.svg'], ['diagnostics/search-cpu.svg']]);
    expect(input.upstream).toEqual([
      '../protocol-15/DEPLOYMENT-REPORT.md',
      '../protocol-16/OBSERVABILITY-BASELINE.md',
    ]);
    expect(input.generated).toEqual([]);
    expect(input.config.optimization.improvement_threshold).toBe(0.2);
    expect(evaluateCycle(input).gates.map((g) => g.status)).toEqual(['pass', 'pass', 'pass', 'pass']);
  });

  it('keeps only linked files that exist in the cycle and have a flame-graph extension', async () => {
    const root = await copyFixture('gates/pass');
    const dir = path.join(root, 'protocol-18');
    await writeFile(path.join(dir, 'diagnostics/plot.png'), 'x');
    await writeFile(path.join(dir, 'diagnostics/mailer.CPUPROFILE'), '{}');
    await appendFile(
      path.join(dir, 'profiling-report.md'),
      '\n## mailer\n\n![p](diagnostics/plot.png) [g](diagnostics/missing.svg) [c](diagnostics/mailer.CPUPROFILE) [x](https://example.com/f.svg)\n',
    );
    const cycle = await loadCycle(dir);
    const validation = validateCycle(cycle, await loadConfig(path.join(dir, 'none.yaml')));
    expect(buildEvaluationInput(cycle, validation, '2026-11-20T00:00:00Z').flameGraphs[2]).toEqual([
      'diagnostics/mailer.CPUPROFILE',
    ]);
  });
});
