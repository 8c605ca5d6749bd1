/**
 * `perfgate build` refusals that happen before anything is built (ARTIFACTS.md section 5): an
 * --out that would swallow evidence, a current cycle already archived with other evidence, an
 * archive that does not verify. Each exits non-zero naming what is wrong, and deletes nothing.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { STACK_TRACE } from '../helpers/cli.ts';
import { perfgate } from '../site/build.ts';
import { demoCopy, sha256, tree } from './demo-copy.ts';

const AS_OF = ['--as-of', '2026-11-21T00:00:00Z'];
let demo: string;
let before: Record<string, string>;

beforeAll(async () => {
  demo = await demoCopy();
  await mkdir(path.join(demo, 'dist'));
  await writeFile(path.join(demo, 'dist', 'index.html'), 'previous site');
  before = await tree(demo);
});

describe('build --out never swallows evidence', () => {
  it.each([
    ['content', /contains the archive/],
    ['content/cycles', /is the archive/],
    ['content/cycles/site', /lies inside the archive/],
    ['.artifacts', /contains the artifacts folder/],
    ['.artifacts/protocol-18', /is the artifacts folder/],
    ['.artifacts/protocol-16', /is the upstream folder protocol-16/],
    ['.artifacts/protocol-18/diagnostics', /lies inside the artifacts folder/],
    ['config', /contains the config file's folder/],
    ['.', /is the working directory or one of its parents/],
    ['..', /is the working directory or one of its parents/],
  ])('--out %s: exit 2, nothing deleted', async (out, why) => {
    const r = await perfgate(['build', '--out', out, ...AS_OF], demo);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.stderr).toMatch(why);
    expect(r.stderr).toMatch(/hint: \S/);
    expect(r.code).toBe(2);
    expect(await tree(demo)).toEqual(before);
  });
});

describe('a current cycle already in the archive', () => {
  it('with other evidence (no manifest in the current folder): exit 2 naming both folders, nothing built', async () => {
    const id = JSON.parse(
      await readFile(path.join(demo, '.artifacts/protocol-18/performance-intake-report.json'), 'utf8'),
    ).cycle_id;
    const clash = path.join(demo, 'content/cycles', id);
    const intake = JSON.parse(
      await readFile(
        path.join(demo, 'content/cycles/2026-08-payments-tail-latency/performance-intake-report.json'),
        'utf8',
      ),
    );
    await mkdir(clash);
    await writeFile(
      path.join(clash, 'performance-intake-report.json'),
      JSON.stringify({ ...intake, cycle_id: id }),
    );
    const r = await perfgate(['build', ...AS_OF], demo);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `The current cycle ${id} (.artifacts/protocol-18) is already archived as content/cycles/${id}`,
    );
    expect(r.stderr).toMatch(/has no evidence-manifest\.json/);
    expect(r.stderr).toMatch(/perfgate init/);
    expect(await readFile(path.join(demo, 'dist', 'index.html'), 'utf8')).toBe('previous site');
    await rm(clash, { recursive: true });
  });
});

describe('an archive that does not verify is never published silently', () => {
  const cycle = 'content/cycles/2026-02-search-index-sharding';

  it('one byte changed in an archived file: exit 1 naming the cycle and the file; the site stays', async () => {
    const file = path.join(demo, cycle, 'load-test-results.json');
    const original = await readFile(file);
    const changed = Buffer.from(original);
    const mid = changed.length >> 1;
    changed[mid] = changed[mid]! ^ 0x01;
    await writeFile(file, changed);
    const r = await perfgate(['build', ...AS_OF], demo);
    await writeFile(file, original);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /2026-02-search-index-sharding \(content\/cycles\/2026-02-search-index-sharding\): load-test-results\.json: altered/,
    );
    expect(r.stderr).toMatch(/--allow-altered/);
    expect(await readFile(path.join(demo, 'dist', 'index.html'), 'utf8')).toBe('previous site');
  });

  it('a frozen decision rewritten with its manifest entry (consistently): the rewritten cycle is named, its manifest not what the next pinned', async () => {
    const reportFile = path.join(demo, cycle, 'validation-report.json');
    const manifestFile = path.join(demo, cycle, 'evidence-manifest.json');
    const [report, manifest] = [await readFile(reportFile), await readFile(manifestFile)];
    // Gate 3 of 2026-02 failed; flip it to pass and re-hash the file in the manifest, as a forger would.
    const forged = Buffer.from(report.toString('utf8').replace('"status": "fail"', '"status": "pass"'));
    expect(forged.equals(report)).toBe(false);
    const m = JSON.parse(manifest.toString('utf8'));
    const entry = m.files.find((f: { path: string }) => f.path === 'validation-report.json');
    Object.assign(entry, { sha256: sha256(forged), bytes: forged.length });
    const forgedManifest = `${JSON.stringify(m, null, 2)}\n`;
    await writeFile(reportFile, forged);
    await writeFile(manifestFile, forgedManifest);
    const r = await perfgate(['build', ...AS_OF], demo);
    await writeFile(reportFile, report);
    await writeFile(manifestFile, manifest);
    expect(r.code).toBe(1);
    // The rewritten cycle is the one refused (item of ARTIFACTS.md section 4: verify says which).
    expect(r.stderr).toMatch(
      /2026-02-search-index-sharding \([^)]*\): evidence-manifest\.json: its evidence-manifest\.json has sha256 [0-9a-f]{64}, but 2026-05-inventory-sync-backpressure, the next cycle, pinned [0-9a-f]{64}: 2026-02-search-index-sharding was rewritten/,
    );
    expect(r.stderr).toContain(sha256(forgedManifest));
    expect(await tree(demo)).toEqual(before);
  });
});
