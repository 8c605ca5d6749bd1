/**
 * A real build after the README's order (`report`, `archive`, then `build`), with one archived
 * cycle altered and published under --allow-altered: the cycle is shown once, the trust anchors
 * (chain.json, the chain head, the bundle SHA-256 first in "how to verify") match digests computed
 * here from the archive's bytes, the altered cycle says so with its file, and the feed and badge
 * are well-formed XML for a strict parser (Python's expat) although a title has a control character.
 */
import { execFileSync } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { perfgate, type RunResult } from '../site/build.ts';
import { demoCopy, ROOT, sha256 } from './demo-copy.ts';

const AS_OF = ['--as-of', '2026-11-21T00:00:00Z'];
const CURRENT = '2026-10-holiday-peak-readiness';
const ALTERED = '2025-08-catalog-search-p99';
let demo: string;
let build: RunResult;
const page = (p: string) => readFile(path.join(demo, 'dist', p), 'utf8');

beforeAll(async () => {
  demo = await demoCopy();
  expect((await perfgate(['report', ...AS_OF], demo)).code).toBe(0);
  // The demo's archive ends with a signed cycle: signing continues, with the demo's key.
  const key = path.join(ROOT, 'content/keys/demo-signing.pem');
  expect((await perfgate(['archive', ...AS_OF, '--sign-key', key], demo)).code).toBe(0);
  const intake = path.join(demo, 'content/cycles', ALTERED, 'performance-intake-report.json');
  const text = await readFile(intake, 'utf8');
  await writeFile(intake, text.replace(/"title": "/, '"title": "Bell\\u0007 '));
  build = await perfgate(
    ['build', '--allow-altered', '--base', '/demo/', '--site', 'https://example.org', ...AS_OF],
    demo,
  );
}, 240_000);

describe('build after archive, with an altered cycle allowed', () => {
  it('builds, shows the archived current cycle once, and names the altered cycle', async () => {
    expect(build.code, build.stderr).toBe(0);
    expect(build.stdout).toMatch(/^Built 7 cycles/);
    expect(build.stdout).toContain(`Published as altered (--allow-altered): ${ALTERED}`);
    const slugs = await readdir(path.join(demo, 'dist/cycles'));
    expect(slugs.filter((s) => s.startsWith(CURRENT))).toEqual([CURRENT]);
    const cycles = JSON.parse(await page('cycles.json')).cycles;
    expect(cycles.filter((c: { cycle_id: string }) => c.cycle_id === CURRENT)).toHaveLength(1);
  });

  it('publishes chain.json and the chain head as computed from the archive bytes', async () => {
    const expected = [];
    for (const id of (await readdir(path.join(demo, 'content/cycles'))).sort()) {
      const dir = path.join(demo, 'content/cycles', id);
      const manifest = await readFile(path.join(dir, 'evidence-manifest.json'));
      expected.push({
        cycle_id: id,
        manifest_sha256: sha256(manifest),
        bundle_sha256: sha256(await readFile(path.join(dir, 'performance-evidence-bundle.zip'))),
        previous_manifest_sha256: JSON.parse(manifest.toString('utf8')).previous_manifest_sha256,
        // No cycle of the demo was pruned: none is a tombstone.
        pruned: false,
        pruned_at: null,
      });
    }
    const chain = JSON.parse(await page('chain.json'));
    expect(chain.cycles).toEqual(expected); // the demo ids sort by period
    const head = expected.at(-1)!.manifest_sha256;
    expect(chain.head).toBe(head);
    expect(build.stdout).toContain(`Chain head (newest archived manifest SHA-256): ${head}`);
    expect(await page('index.html')).toContain(head);
    const evidence = await page(`cycles/${CURRENT}/evidence/index.html`);
    expect(evidence).toContain(head);
    expect(evidence).toContain(expected.at(-1)!.bundle_sha256);
    // The first verification step compares the zip's SHA-256 with the published one.
    const steps = evidence.slice(evidence.indexOf('id="verify"'));
    expect(steps.indexOf('sha256sum performance-evidence-bundle.zip')).toBeGreaterThan(-1);
    expect(steps.indexOf('sha256sum performance-evidence-bundle.zip')).toBeLessThan(
      steps.indexOf('perfgate verify'),
    );
  });

  it('marks the altered cycle on its overview and evidence pages, with the file', async () => {
    for (const p of [`cycles/${ALTERED}/index.html`, `cycles/${ALTERED}/evidence/index.html`]) {
      const html = await page(p);
      expect(html).toMatch(/<div class="altered[^"]*" role="alert" data-tone="fail"/);
      expect(html).toContain('performance-intake-report.json: altered (differs from its manifest entry)');
    }
    expect(await page(`cycles/${CURRENT}/index.html`)).not.toContain('role="alert" data-tone="fail"');
  });

  it('writes feed.xml and badge.svg that a strict XML parser accepts, the control character replaced', async () => {
    for (const f of ['feed.xml', 'badge.svg'])
      execFileSync('python3', [
        '-c',
        'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])',
        path.join(demo, 'dist', f),
      ]);
    const feed = await page('feed.xml');
    expect(feed).toContain('Bell\uFFFD ');
    expect(feed).not.toContain('\u0007');
  });
});
