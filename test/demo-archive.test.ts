/** The demo end to end: archive the current cycle, build, and find it in the history with its chain hash. */
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { perfgate, ROOT } from './site/build.ts';

let work: string;
const sha = async (f: string) =>
  createHash('sha256')
    .update(await readFile(f))
    .digest('hex');

describe('the demo: archive then build', () => {
  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'perfgate-demo-'));
    for (const d of ['.artifacts', 'content/cycles', 'config'])
      await cp(path.join(ROOT, d), path.join(work, d), { recursive: true });
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('freezes the current cycle chained to the last archived one, shows it in the site, and refuses a second archive', async () => {
    const asOf = ['--as-of', '2026-11-24T00:00:00Z'];
    const archived = await perfgate(['archive', ...asOf, '--json'], work);
    expect(archived.code).toBe(0);
    const out = JSON.parse(archived.stdout);
    const previous = await sha(
      path.join(work, 'content/cycles/2026-08-payments-tail-latency/evidence-manifest.json'),
    );
    expect(out.previous_manifest_sha256).toBe(previous);

    const again = await perfgate(['archive', ...asOf], work);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');

    const build = await perfgate(['build', '--base', '/demo/', ...asOf], work);
    expect(build.code).toBe(0);
    const home = await readFile(path.join(work, 'dist/index.html'), 'utf8');
    expect(home).toContain('2026-10-holiday-peak-readiness');
    const evidence = await readFile(
      path.join(work, 'dist/cycles/2026-10-holiday-peak-readiness/evidence/index.html'),
      'utf8',
    );
    expect(evidence).toContain(previous);
  }, 180_000);
});
