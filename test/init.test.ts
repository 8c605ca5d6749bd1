/** `perfgate init` scaffolds a cycle that validates once its placeholders are filled. */
import { mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, schemaIdOf } from '../src/core/artifacts.ts';
import { runCli } from './helpers/cli.ts';

/** What a person would type for each kind of placeholder. */
const FILL: Record<string, string> = {
  '<cycle-id>': '2026-12-checkout',
  '<service>': 'checkout-api',
  '<date-time>': '2026-12-01T10:00:00Z',
  '<kpi>': 'latency_p95_ms',
  '<run-id>': 'checkout-baseline',
  '<name>': 'Dana Kim',
  '<text>': 'filled in',
};

function fill(text: string, json: boolean): string {
  let out = text;
  for (const [k, v] of Object.entries(FILL)) out = out.replaceAll(k, v);
  out = out.replace(/<risk: [^>]+>/g, 'medium');
  // Numbers: in JSON the placeholder is a quoted string and becomes a bare number.
  out = json ? out.replace(/"<(number|integer)(, optional)?>"/g, '2') : out.replace(/<number>/g, '2');
  return out;
}

describe('perfgate init', () => {
  it('scaffolds every required artifact, naming schemas, refusing a non-empty directory', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'perfgate-init-'));
    const dir = path.join(root, 'protocol-18');
    const run = await runCli(['init', dir]);
    expect(run.code).toBe(0);
    for (const spec of ARTIFACTS.filter((a) => a.required)) {
      const text = await readFile(path.join(dir, spec.path), 'utf8');
      if (spec.format === 'json') expect(JSON.parse(text).$schema).toBe(schemaIdOf(spec.name));
    }
    const again = await runCli(['init', dir]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('not empty');

    // With placeholders, validation fails and points at them.
    const before = await runCli(['validate', '--artifacts', dir, '--json']);
    expect(before.code).toBe(2); // upstream artifacts are not there yet
    expect(
      before.json().diagnostics.some((d: { message: string }) => d.message.includes('"<service>"')),
    ).toBe(true);

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
    const after = await runCli(['validate', '--artifacts', dir, '--json']);
    expect(after.json().diagnostics.filter((d: { severity: string }) => d.severity !== 'warning')).toEqual(
      [],
    );
    expect(after.code).toBe(0);
    expect((await readdir(dir)).sort()).toContain('diagnostics');
  });
});
