/**
 * ARTIFACTS.md section 3: a diagnostic's size does not grow with the input. The case: 4,000
 * services and 4,000 baseline rows of an unknown service (0.7 MB) gave 500 MB of diagnostics.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture, FIXTURES, runCli } from './helpers/cli.ts';

describe('diagnostic size', () => {
  it('4,000 services and 4,000 rows of an unknown service give well under 100 KB of diagnostics', async () => {
    const root = await copyFixture('valid');
    try {
      const dir = path.join(root, 'protocol-18');
      const intakeFile = path.join(dir, 'performance-intake-report.json');
      const intake = JSON.parse(await readFile(intakeFile, 'utf8')) as { services: unknown[] };
      for (let i = 0; i < 4000; i++) intake.services.push({ name: `svc-${i}`, critical: false });
      await writeFile(intakeFile, JSON.stringify(intake));
      const csvFile = path.join(dir, 'baseline-metrics.csv');
      const [header, first] = (await readFile(csvFile, 'utf8')).split('\n').filter((l) => !l.startsWith('#'));
      const cells = first!.split(',');
      const service = header!.split(',').indexOf('service');
      const rows = Array.from({ length: 4000 }, () =>
        cells.map((c, j) => (j === service ? 'ghost' : c)).join(','),
      );
      await writeFile(csvFile, [header, ...rows].join('\n') + '\n');

      const r = await runCli([
        'validate',
        '--artifacts',
        dir,
        '--config',
        path.join(FIXTURES, 'defaults.yaml'),
        '--json',
      ]);
      expect(r.code).toBe(1);
      expect(r.stdout.length).toBeLessThan(100_000);
      const diags = (
        r.json() as { diagnostics: { code: string; file: string; message: string; hint: string }[] }
      ).diagnostics.filter((d) => d.code === 'ref.unknown-service' && d.file === 'baseline-metrics.csv');
      // 20 shown, then one line that counts the other 3,980.
      expect(diags).toHaveLength(21);
      expect(diags[0]!.hint).toMatch(
        /^Use one of `checkout-api`, `search`, `mailer`, `svc-0`, .* and 3993 more, or add/,
      );
      expect(diags[20]!.message).toBe(
        '3980 more `ref.unknown-service` diagnostics in this file not shown (the first 20 are listed)',
      );
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
