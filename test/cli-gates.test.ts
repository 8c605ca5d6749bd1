import { spawnSync } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture, FIXTURES, runCli, STACK_TRACE } from './helpers/cli.ts';

const PASS = path.join(FIXTURES, 'gates/pass/protocol-18');
const REGRESSION = path.join(FIXTURES, 'gates/regression/protocol-18');
// A config that sets nothing: the defaults, whatever the repository's own config says.
const DEFAULTS = path.join(FIXTURES, 'defaults.yaml');
const COMMON = ['--config', DEFAULTS, '--as-of', '2026-11-20T00:00:00Z'];
const gates = (dir: string, ...args: string[]) => runCli(['gates', '--artifacts', dir, ...COMMON, ...args]);
/** `gates` on the passing cycle with the defaults at another evaluation time. */
const gatesAsOf = (asOf: string, ...args: string[]) =>
  runCli(['gates', '--artifacts', PASS, '--config', DEFAULTS, '--as-of', asOf, ...args]);

describe('perfgate gates', () => {
  it('exits 0 with one line per passing gate and a summary', async () => {
    const r = await gates(PASS);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').filter(Boolean);
    expect(lines[0]).toBe(
      '✔ Gate 1 Baseline Validation: Pass (5 of 5 criteria pass; at risk: telemetry_sources 3 (>= 3), hypotheses 3 (>= 3))',
    );
    expect(lines[1]).toMatch(/^✔ Gate 2 Diagnostic Coverage: Pass \(3 of 3 criteria pass/);
    expect(lines[2]).toBe('✔ Gate 3 Optimization Validation: Pass (2 of 2 criteria pass)');
    expect(lines[3]).toMatch(/^✔ Gate 4 Governance & Communication: Pass \(4 of 4 criteria pass/);
    expect(lines.at(-1)).toBe(
      // The 4 notes: typed numbers that agree with their runs (kpi.typed-agrees, a hint to reference them).
      '✔ gates-pass-2026-11: All gates passed (4 of 4 gates pass; 4 notes); exit 0',
    );
    expect(r.stderr).toBe('');
  });

  it("exits 1 with the protocol's failure template for a regression", async () => {
    const r = await gates(REGRESSION);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      [
        '[GATE FAILED: Optimization Validation Gate] [CRITICAL]',
        'Criteria: Improvement >= 15 % on targeted KPI or signed exception with mitigation, Regression count = 0 across monitored endpoints',
        'Actual: regression_count 1 (checkout-api GET /cart latency_p95_ms 18.0 % worse, beyond the 5 % tolerance (not confirmed: more runs would decide))',
        'Context: 1 of 2 criteria pass (kpi_improvement 21.4 %); evidence: optimization-plan.json, optimization-validation-report.json, load-test-results.json, baseline-metrics.csv; evaluated at 2026-11-20T00:00:00Z',
      ].join('\n'),
    );
    expect(r.stdout).toMatch(
      /\nResolution: Refine the optimization and rerun validation tests.*\nImpact: Blocks handoff until resolved\n/,
    );
    expect(r.stdout.trim().split('\n').at(-1)).toBe(
      '✖ gates-regression-2026-11: A gate failed (3 of 4 gates pass, 1 failed; 4 notes); exit 1',
    );
    expect(r.stdout + r.stderr).not.toMatch(STACK_TRACE);
  });

  it('--json prints the section-4 shape with the same verdicts as the human output', async () => {
    const human = await gates(REGRESSION);
    const r = await gates(REGRESSION, '--json');
    expect(r.code).toBe(1);
    const j = r.json();
    expect(Object.keys(j)).toEqual([
      'cycle_id',
      'evaluated_at',
      'exit_code',
      'config',
      'config_source',
      'config_sha256',
      'perfgate_version',
      'gates',
      'deltas',
      'traceability',
      'diagnostics',
    ]);
    expect(j).toMatchObject({
      cycle_id: 'gates-regression-2026-11',
      evaluated_at: '2026-11-20T00:00:00Z',
      exit_code: 1,
    });
    // Only notes: typed numbers that agree with their runs, with a hint to reference them.
    expect(j.diagnostics.map((d: { code: string; severity: string }) => [d.code, d.severity])).toEqual(
      Array.from({ length: 4 }, () => ['kpi.typed-agrees', 'info']),
    );
    expect(
      j.gates.map((g: { gate: number; name: string; status: string }) => [g.gate, g.name, g.status]),
    ).toEqual([
      [1, 'baseline', 'pass'],
      [2, 'diagnostics', 'pass'],
      [3, 'optimization', 'fail'],
      [4, 'governance', 'pass'],
    ]);
    for (const g of j.gates)
      expect(human.stdout).toContain(
        g.status === 'fail' ? `[GATE FAILED: ${g.title}]` : `: ${g.status === 'pass' ? 'Pass' : g.status} (`,
      );
    const rc = j.gates[2].criteria.find((c: { id: string }) => c.id === 'regression_count');
    expect(rc).toMatchObject({ status: 'fail', actual: 1, threshold: 0, operator: '<=' });
    expect(j.deltas.kpis.find((d: { endpoint?: string }) => d.endpoint === 'GET /cart')).toMatchObject({
      regression: true,
      before: 200,
      after: 236,
    });
    // The typed n and stdev of the first target are shown, never tested (issue 23): no p-value.
    expect(j.deltas.kpis[0].stats).toBeUndefined();
    expect(j.deltas.kpis[0].sources.before.text).toContain('shown, never tested');
    expect(j.traceability.columns).toHaveLength(7);
  });

  it('--gate evaluates only that gate, by name or number, and the gate-* commands alike', async () => {
    const baseline = await gates(REGRESSION, '--gate', 'baseline', '--json');
    expect(baseline.code).toBe(0);
    expect(baseline.json().gates.map((g: { gate: number }) => g.gate)).toEqual([1]);
    expect((await gates(REGRESSION, '--gate', '3')).code).toBe(1);
    const opt = await runCli(['gate-optimization', '--artifacts', REGRESSION, ...COMMON]);
    expect(opt.code).toBe(1);
    expect(opt.stdout).toContain('[GATE FAILED: Optimization Validation Gate] [CRITICAL]');
    expect(opt.stdout).not.toContain('Gate 1');
    const bad = await gates(PASS, '--gate', 'speed');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('hint');
  });

  it('applies --improvement-threshold, --coverage and --threshold to the config it reports', async () => {
    const r = await gates(PASS, '--improvement-threshold', '0.25', '--json');
    expect(r.code).toBe(1);
    expect(r.json().config.optimization.improvement_threshold).toBe(0.25);
    expect(r.json().gates[2].criteria[0]).toMatchObject({
      id: 'kpi_improvement',
      status: 'fail',
      threshold: 0.25,
    });
    const cov = await runCli([
      'gate-diagnostics',
      '--artifacts',
      PASS,
      ...COMMON,
      '--coverage',
      '0.9',
      '--json',
    ]);
    expect(cov.json().config.diagnostics.coverage_threshold).toBe(0.9);
    const gov = await gates(PASS, '--gate', 'governance', '--threshold', '0.99', '--json');
    expect(gov.json().config.governance.documentation_threshold).toBe(0.99);
    expect(gov.json().config.baseline.completeness_threshold).toBe(0.95);
  });

  it('exits 2 with a hint on an out-of-range threshold, without a stack trace', async () => {
    const r = await gates(PASS, '--threshold', '95');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'perfgate: Unexpected --threshold 95, expected a value from 0 to 1\n  hint: Thresholds are fractions: write --threshold 0.95 for 95 %.\n',
    );
    expect(r.stdout + r.stderr).not.toMatch(STACK_TRACE);
  });

  it('--json prints the same bytes as the validation-report.json that `report` writes', async () => {
    const root = await copyFixture('gates/regression');
    const dir = path.join(root, 'protocol-18');
    const archive = path.join(root, 'no-archive');
    const rep = await runCli(['report', '--artifacts', dir, ...COMMON, '--archive', archive]);
    expect(rep.code).toBe(1);
    const written = await readFile(path.join(dir, 'validation-report.json'), 'utf8');
    const printed = await gates(dir, '--json');
    expect(printed.code).toBe(1);
    expect(printed.stdout).toBe(written);
  });

  it("accepts the protocol scripts' --intake / --report file flags for the cycle directory", async () => {
    const r = await runCli([
      'gate-baseline',
      '--threshold',
      '0.95',
      '--intake',
      path.join(PASS, 'performance-intake-report.json'),
      ...COMMON,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('✔ Gate 1 Baseline Validation: Pass');
    const rep = await runCli([
      'gate-optimization',
      '--improvement-threshold',
      '0.15',
      '--report',
      path.join(REGRESSION, 'optimization-validation-report.json'),
      ...COMMON,
    ]);
    expect(rep.code).toBe(1);
  });
});

describe('a cycle in progress', () => {
  it('exits 0 for the gate it has reached and 2 when later gates are asked', async () => {
    const root = await copyFixture('gates/pass');
    const dir = path.join(root, 'protocol-18');
    for (const f of [
      'optimization-plan.json',
      'optimization-validation-report.json',
      'slo-update-record.json',
      'reviewer-signoff.json',
      'governance/distribution-log.json',
    ])
      await rm(path.join(dir, f));
    expect((await gates(dir, '--gate', 'baseline')).code).toBe(0);
    const all = await gates(dir, '--json');
    expect(all.code).toBe(2);
    expect(all.json().gates.map((g: { status: string }) => g.status)).toEqual([
      'pass',
      'pass',
      'pending',
      'pending',
    ]);
    const opt = await gates(dir, '--gate', 'optimization');
    expect(opt.code).toBe(2);
    expect(opt.stdout).toContain('◌ Gate 3 Optimization Validation: Pending (Waiting for phase 3');
    expect(opt.stdout).toContain('[prereq.missing-artifact]');
    expect(opt.stdout).not.toContain('slo-update-record.json (phase 4)');
  });

  it('shows a waived gate with its waiver and exits 0', async () => {
    const root = await copyFixture('gates/pass');
    const dir = path.join(root, 'protocol-18');
    const waivers = {
      waivers: [
        {
          id: 'W-7',
          gate: 2,
          criterion: 'profiled_critical_services',
          justification: 'search profiled next sprint',
          approved_by: 'Head of SRE',
          approved_at: '2026-11-10T00:00:00Z',
          expires_at: '2026-12-31T00:00:00Z',
        },
      ],
    };
    await writeFile(path.join(dir, 'gate-waivers.json'), JSON.stringify(waivers));
    const r = await gates(dir, '--gate', 'diagnostics', '--json');
    expect(r.json().gates[0].status).toBe('pass'); // passing: the waiver is unused
    await rm(path.join(dir, 'diagnostics/search-cpu.svg'));
    await writeFile(
      path.join(dir, 'profiling-report.md'),
      '# Profiling\n\n## checkout-api\n\n![g](diagnostics/checkout-cpu.svg)\n\n## search\n\n- Profiler: pprof\n',
    );
    const w = await gates(dir, '--gate', 'diagnostics', '--coverage', '0.8');
    expect(w.code).toBe(0);
    expect(w.stdout).toContain(
      '◐ Gate 2 Diagnostic Coverage: Waived (2 of 3 criteria pass, 1 waived; profiled_critical_services waived by W-7 until 2026-12-31T00:00:00Z; at risk: diagnostic_coverage 80.0 % (>= 80 %))\n',
    );
  });
});

describe('perfgate prerequisites', () => {
  it('exits 0 when every required artifact and upstream prerequisite is there', async () => {
    const r = await runCli(['prerequisites', '--artifacts', PASS, '--json']);
    expect(r.code).toBe(0);
    expect(r.json().upstream.map((u: { found: string | null }) => u.found)).toEqual([
      '../protocol-15/DEPLOYMENT-REPORT.md',
      '../protocol-16/OBSERVABILITY-BASELINE.md',
      null,
    ]);
  });

  it('exits 2 naming a missing upstream prerequisite', async () => {
    const root = await copyFixture('gates/pass');
    await rm(path.join(root, 'protocol-15'), { recursive: true });
    const r = await runCli(['prerequisites', '--artifacts', path.join(root, 'protocol-18')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('✖ ../protocol-15/DEPLOYMENT-REPORT.md missing');
    expect(r.stdout).toContain('[prereq.missing-upstream]');
    expect((await gates(path.join(root, 'protocol-18'), '--gate', 'baseline')).code).toBe(2);
  });

  describe('--config (issue 10: a typo of .yaml silently used the defaults)', () => {
    it('an explicitly named config that does not exist is an error, exit 2, with a hint', async () => {
      const typo = path.join(FIXTURES, 'defaults.yml');
      const r = await runCli([
        'gates',
        '--artifacts',
        PASS,
        '--config',
        typo,
        '--as-of',
        '2026-11-20T00:00:00Z',
      ]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`perfgate: Config file ${typo} given with --config not found`);
      expect(r.stderr).toContain('hint: Check the path');
      expect(r.stdout).toBe('');
      const j = await runCli(['gates', '--artifacts', PASS, '--config', typo, '--json']);
      expect(j.code).toBe(2);
      expect(j.json()).toMatchObject({
        exit_code: 2,
        error: { message: expect.stringContaining('not found') },
      });
    });

    it('says which config was read', async () => {
      const r = await gates(PASS, '--json');
      // Named absolutely, recorded relative to the working directory (ARTIFACTS.md section 4).
      const relative = path.relative(process.cwd(), DEFAULTS);
      expect(r.json().config_source).toBe(relative);
      expect((await gates(PASS)).stdout).toContain(`Config: ${relative}`);
    });

    it('says that the defaults were used when the default config file is absent', async () => {
      const root = await copyFixture('gates/pass');
      try {
        const bin = path.resolve(import.meta.dirname, '../bin/perfgate.mjs');
        const run = (json: boolean) =>
          spawnSync(
            process.execPath,
            [
              bin,
              'gates',
              '--artifacts',
              'protocol-18',
              '--as-of',
              '2026-11-20T00:00:00Z',
              ...(json ? ['--json'] : []),
            ],
            { cwd: root, encoding: 'utf8' },
          );
        const human = run(false);
        expect(human.status).toBe(0);
        expect(human.stdout).toContain('Config: defaults (no config/protocol_gates/18.yaml;');
        const json = run(true);
        expect(JSON.parse(json.stdout)).toMatchObject({ exit_code: 0, config_source: 'defaults' });
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    });
  });

  describe('evaluation time (issue 10)', () => {
    it('keeps milliseconds in the output and in validation-report.json', async () => {
      const at = '2026-11-20T12:00:00.900Z';
      const r = await gatesAsOf(at, '--json');
      expect(r.json().evaluated_at).toBe(at);
      const root = await copyFixture('gates/pass');
      try {
        const rep = await runCli([
          'report',
          '--artifacts',
          path.join(root, 'protocol-18'),
          '--config',
          DEFAULTS,
          '--archive',
          path.join(root, 'archive'),
          '--as-of',
          '2026-11-20T14:00:00.900+02:00',
        ]);
        expect(rep.code).toBe(0);
        const written = JSON.parse(
          await readFile(path.join(root, 'protocol-18', 'validation-report.json'), 'utf8'),
        );
        expect(written.evaluated_at).toBe(at);
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    });

    it.each(['9999-12-31T23:59:59-23:59', '0001-01-01T00:30:00+01:00'])(
      'refuses --as-of %s, whose UTC year is outside 0001-9999 (exit 2)',
      async (asOf) => {
        const r = await gatesAsOf(asOf);
        expect(r.code).toBe(2);
        expect(r.stderr).toContain('falls outside the years 0001-9999');
        expect(r.stdout).toBe('');
      },
    );

    it('accepts the first and last instants of the range', async () => {
      for (const asOf of ['0001-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z']) {
        const r = await gatesAsOf(asOf, '--json');
        expect(r.json().evaluated_at).toBe(asOf);
      }
    });
  });

  it("a failing criterion's resolution names the config key that sets its threshold (issue 10)", async () => {
    const r = await gates(REGRESSION);
    const resolution = r.stdout.split('\n').find((l) => l.startsWith('Resolution:'));
    expect(resolution).toContain('regression_count by `optimization.max_regressions`');
    expect(resolution).toContain('config/protocol_gates/18.yaml');
  });
});
