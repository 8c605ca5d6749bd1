/** `perfgate init` scaffolds a cycle that validates once its placeholders are filled. */
import { mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, schemaIdOf } from '../src/core/artifacts.ts';
import type { Diagnostic } from '../src/core/diagnostics.ts';
import { loadConfig } from '../src/core/load/config.ts';
import { defaultConfig, resolveConfig } from '../src/core/validate/index.ts';
import { runCli } from './helpers/cli.ts';
import { fillScaffold as fill } from './helpers/fill-scaffold.ts';

describe('perfgate init', () => {
  it('scaffolds every required artifact, naming schemas, refusing a non-empty directory', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'perfgate-init-'));
    const dir = path.join(root, 'protocol-18');
    const config = path.join(root, 'config', 'protocol_gates', '18.yaml');
    const run = await runCli(['init', dir, '--config', config]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Wrote the gate config ${config}`);
    for (const spec of ARTIFACTS.filter((a) => a.required)) {
      const text = await readFile(path.join(dir, spec.path), 'utf8');
      if (spec.format === 'json') expect(JSON.parse(text).$schema).toBe(schemaIdOf(spec.name));
    }
    const again = await runCli(['init', dir, '--config', config]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('not empty');

    // With placeholders, validation fails and points at each of them (issue 10: a scaffold with
    // reviewers left as placeholders validated and passed gate 4).
    const before = await runCli(['validate', '--artifacts', dir, '--config', config, '--json']);
    expect(before.code).toBe(2); // upstream artifacts are not there yet
    const unfilled = before
      .json()
      .diagnostics.filter((d: { code: string }) => d.code === 'placeholder.unfilled');
    expect(unfilled).toContainEqual(
      expect.objectContaining({
        file: 'reviewer-signoff.json',
        pointer: '/reviews/0/reviewer',
        severity: 'error',
        message: 'Unfilled placeholder `<fill: name>` at /reviews/0/reviewer',
      }),
    );
    expect(unfilled).toContainEqual(
      expect.objectContaining({ file: 'baseline-metrics.csv', line: 3, severity: 'error' }),
    );
    expect(unfilled).toContainEqual(
      expect.objectContaining({ file: 'hypothesis-log.md', line: 3, severity: 'error' }),
    );
    // Placeholders are plain text in Markdown, not raw HTML.
    expect(before.json().diagnostics.filter((d: { code: string }) => d.code === 'markdown.raw-html')).toEqual(
      [],
    );

    // Filled in, with upstream artifacts beside it and a flame graph, it validates cleanly.
    for (const spec of ARTIFACTS.filter((a) => a.required)) {
      const p = path.join(dir, spec.path);
      await writeFile(p, fill(await readFile(p, 'utf8'), spec.format === 'json'));
    }
    await writeFile(
      path.join(dir, 'diagnostics', 'checkout-api-cpu.svg'),
      '<svg xmlns="http://www.w3.org/2000/svg"/>\n',
    );
    await mkdir(path.join(root, 'protocol-15'));
    await writeFile(path.join(root, 'protocol-15', 'DEPLOYMENT-REPORT.md'), '# Deployment\n');
    await mkdir(path.join(root, 'protocol-16'));
    await writeFile(path.join(root, 'protocol-16', 'OBSERVABILITY-BASELINE.md'), '# Baseline\n');
    const after = await runCli(['validate', '--artifacts', dir, '--config', config, '--json']);
    // Notes (severity info, e.g. kpi.typed-agrees: a typed number its evidence confirms) are no problem.
    expect(
      after
        .json()
        .diagnostics.filter((d: { severity: string }) => d.severity !== 'warning' && d.severity !== 'info'),
    ).toEqual([]);
    expect(after.code).toBe(0);
    expect((await readdir(dir)).sort()).toContain('diagnostics');
  });

  it('writes a gate config with every key commented: the defaults, except what one service with one load tool can meet, each departure explained', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'perfgate-init-config-'));
    const config = path.join(root, 'config', 'protocol_gates', '18.yaml');
    const run = await runCli(['init', path.join(root, 'protocol-18'), '--config', config, '--json']);
    expect(run.json().config).toEqual({
      path: config,
      written: true,
      departures: [
        'baseline.required_kpis',
        'baseline.required_telemetry',
        'diagnostics.min_profiled_critical',
      ],
    });
    const text = await readFile(config, 'utf8');
    const loaded = await loadConfig(config);
    const diagnostics: Diagnostic[] = [];
    // perfgate's defaults stay the protocol's; the generated file departs from them in three keys.
    const defaults = defaultConfig();
    expect(defaults.baseline?.required_kpis).toContain('latency_p95_ms');
    expect(defaults.diagnostics?.min_profiled_critical).toBe(2);
    expect(resolveConfig(loaded, diagnostics)).toEqual({
      ...defaults,
      baseline: {
        ...defaults.baseline,
        required_kpis: ['latency_p50_ms', 'latency_p90_ms', 'throughput_rps', 'error_rate_pct'],
        required_telemetry: ['logging', 'profiling'],
      },
      diagnostics: { ...defaults.diagnostics, min_profiled_critical: 1 },
    });
    expect(diagnostics).toEqual([]);
    // Each departure says why, and what the protocol asks, in the comment right above it.
    const above = (key: string) => {
      const lines = text.split('\n');
      const at = lines.findIndex((l) => l.trimStart().startsWith(`${key}:`));
      let i = at;
      while (i > 0 && lines[i - 1]!.trimStart().startsWith('#')) i--;
      return lines
        .slice(i, at)
        .map((l) => l.replace(/^\s*# ?/, ''))
        .join(' ');
    };
    expect(above('required_kpis')).toMatch(
      /init: .*autocannon reports no p95.*The protocol's list.*latency_p95_ms, latency_p99_ms/,
    );
    expect(above('required_telemetry')).toMatch(/init: .*The protocol's list.*\[apm, logging, tracing\]/);
    expect(above('min_profiled_critical')).toMatch(
      /init: 1, never more than the critical services.*The protocol's value.*is 2/,
    );
    // The scaffold asks for exactly the required KPIs and offers the protocol's others empty.
    const csv = (await readFile(path.join(root, 'protocol-18', 'baseline-metrics.csv'), 'utf8')).split('\n');
    const header = csv[1]!.split(',');
    const row = csv[2]!.split(',');
    expect(header.filter((_, i) => row[i] === '<fill: number>')).toEqual([
      'latency_p50_ms',
      'latency_p90_ms',
      'throughput_rps',
      'error_rate_pct',
    ]);
    expect(header.filter((_, i) => row[i] === '')).toEqual([
      'latency_p95_ms',
      'latency_p99_ms',
      'cpu_util_pct',
    ]);
    // And its closing line runs the installed perfgate, as an adopting project has it.
    const human = await runCli(['init', path.join(root, 'other'), '--config', config]);
    expect(human.stdout.trimEnd().split('\n').at(-1)).toBe(
      `Then run: npx perfgate validate --artifacts ${path.join(root, 'other')}`,
    );
    // Every key line is preceded by its comment.
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      if (/^\s*[a-z_]+:/.test(line)) expect(lines[i - 1], line).toMatch(/^\s*#/);
    });
    // Every key of the defaults is written out (nothing left implicit).
    const keys = (o: object, prefix = ''): string[] =>
      Object.entries(o).flatMap(([k, v]) =>
        v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length
          ? keys(v, `${prefix}${k}.`)
          : [`${prefix}${k}`],
      );
    for (const key of keys(defaultConfig()))
      expect(text).toMatch(new RegExp(`^\\s*${key.split('.').at(-1)}:`, 'm'));
    // A second init elsewhere keeps the config as it is.
    await writeFile(config, 'warn_margin: 0.2\n');
    const second = await runCli(['init', path.join(root, 'third'), '--config', config, '--json']);
    expect(second.json().config).toEqual({ path: config, written: false });
    expect(await readFile(config, 'utf8')).toBe('warn_margin: 0.2\n');
  });
});
