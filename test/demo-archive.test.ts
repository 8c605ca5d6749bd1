/** The demo end to end: archive the current cycle, build, and find it in the history with its chain hash. */
import { execFileSync } from 'node:child_process';
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

const DEMO_KEY = path.join(ROOT, 'content/keys/demo-signing.pub.pem');
/** The demo's private key, public on purpose (content/keys/README.md). */
const DEMO_SIGN_KEY = path.join(ROOT, 'content/keys/demo-signing.pem');

describe('the demo archive', () => {
  it('verifies, with its signed cycle checked against the demo public key', async () => {
    const r = await perfgate(['verify', path.join(ROOT, 'content/cycles'), '--key', DEMO_KEY]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toContain('signature       verified (ed25519, performance-evidence.intoto.json)');
    // Any other key fails: the statement is checked, not only present.
    const keys = await mkdtemp(path.join(os.tmpdir(), 'perfgate-demo-key-'));
    execFileSync('openssl', ['genpkey', '-algorithm', 'ed25519', '-out', path.join(keys, 'k.pem')]);
    execFileSync('openssl', [
      'pkey',
      '-in',
      path.join(keys, 'k.pem'),
      '-pubout',
      '-out',
      path.join(keys, 'k.pub'),
    ]);
    const other = await perfgate([
      'verify',
      path.join(ROOT, 'content/cycles'),
      '--key',
      path.join(keys, 'k.pub'),
    ]);
    expect(other.code).toBe(1);
    await rm(keys, { recursive: true, force: true });
  }, 60_000);
});

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
    // Signing, once begun, continues: the last archived cycle is signed, so an unsigned archive is
    // refused, naming the key option; the demo's key signs it.
    const unsigned = await perfgate(['archive', ...asOf], work);
    expect(unsigned.code).toBe(1);
    expect(unsigned.stderr).toContain(
      'Refusing to archive 2026-10-holiday-peak-readiness unsigned: the archived cycle 2026-08-payments-tail-latency before it was signed',
    );
    expect(unsigned.stderr).toContain('--sign-key');
    const archived = await perfgate(['archive', ...asOf, '--sign-key', DEMO_SIGN_KEY, '--json'], work);
    expect(archived.code, archived.stderr).toBe(0);
    const out = JSON.parse(archived.stdout);
    const previous = await sha(
      path.join(work, 'content/cycles/2026-08-payments-tail-latency/evidence-manifest.json'),
    );
    expect(out.previous_manifest_sha256).toBe(previous);

    // The new cycle is signed with the demo's key, and the archive verifies against its public half.
    const signed = await perfgate(['verify', 'content/cycles', '--key', DEMO_KEY], work);
    expect(signed.code, signed.stdout).toBe(0);
    expect(signed.stdout).toContain('signature       verified (ed25519, performance-evidence.intoto.json)');
    expect(signed.stdout).not.toContain('note: 2026-10-holiday-peak-readiness: no signed statement');
    expect(
      JSON.parse(
        await readFile(
          path.join(work, 'content/cycles/2026-10-holiday-peak-readiness/evidence-manifest.json'),
          'utf8',
        ),
      ).signed_by,
    ).toBeTruthy();

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
    // Issue 25: the evidence page counts the manifest as `perfgate verify` does (own files, then upstream digests).
    const counted = /matches its manifest: (\d+) files/.exec(
      (await perfgate(['verify', 'content/cycles/2026-10-holiday-peak-readiness'], work)).stdout,
    );
    const upstreamCount = (
      JSON.parse(
        await readFile(
          path.join(work, 'content/cycles/2026-10-holiday-peak-readiness/evidence-manifest.json'),
          'utf8',
        ),
      ) as { upstream?: unknown[] }
    ).upstream?.length;
    expect(counted, 'verify names its count').toBeTruthy();
    expect(evidence).toContain(`<p>${counted![1]} files and ${upstreamCount} upstream digests listed in`);
    // Issue 27: the evidence page offers the archived cycle's report.html as a download (never opened in the site's origin), byte for byte.
    expect(evidence).toMatch(
      /<a class="button" id="read-offline" href="\/demo\/cycles\/2026-10-holiday-peak-readiness\/files\/report\.html" download="report\.html">⬇ report\.html/,
    );
    expect(
      await readFile(path.join(work, 'dist/cycles/2026-10-holiday-peak-readiness/files/report.html')),
    ).toEqual(await readFile(path.join(work, 'content/cycles/2026-10-holiday-peak-readiness/report.html')));
    // The demo's first signed cycle: its statement is published, and its key fingerprint shown.
    const der = execFileSync('openssl', ['pkey', '-pubin', '-in', DEMO_KEY, '-outform', 'DER']);
    const fingerprint = createHash('sha256').update(der).digest('hex');
    const signedPage = await readFile(
      path.join(work, 'dist/cycles/2026-05-inventory-sync-backpressure/evidence/index.html'),
      'utf8',
    );
    expect(signedPage).toMatch(new RegExp(`id="signing-key"[^>]*>${fingerprint}</dd>`));
    expect(
      await readFile(
        path.join(
          work,
          'dist/cycles/2026-05-inventory-sync-backpressure/files/performance-evidence.intoto.json',
        ),
      ),
    ).toEqual(
      await readFile(
        path.join(
          ROOT,
          'content/cycles/2026-05-inventory-sync-backpressure/performance-evidence.intoto.json',
        ),
      ),
    );

    // Issue 23: the KPI table links each value to its evidence and shows the interval of the
    // replicated target (three real runs per side of scripts/demo-service.mjs).
    const page = await readFile(
      path.join(work, 'dist/cycles/2026-10-holiday-peak-readiness/index.html'),
      'utf8',
    );
    const row = page.slice(page.indexOf('id="kpi-0"'), page.indexOf('id="kpi-1"'));
    expect(row).toContain(
      'median of runs checkout-order-baseline-1, checkout-order-baseline-2, checkout-order-baseline-3',
    );
    for (const k of [1, 2, 3])
      expect(row).toMatch(
        new RegExp(`<a href="[^"]*checkout-order-baseline-${k}\\.csv"[^>]*>checkout-order-baseline-${k}`),
      );
    expect(row).toMatch(
      /<data[^>]*value="-0\.179182\d*"[^>]*>-17\.9 %<\/data> to <data[^>]*value="0\.801389\d*"[^>]*>\+80\.1 %<\/data>/,
    );
    expect(row).toContain('about 45 runs per side would');
    // The one value no run can report is marked, never passed off as evidence.
    const hit = page.slice(page.indexOf('id="kpi-2"'), page.indexOf('id="kpi-3"'));
    expect(hit).toContain('typed, no evidence');
    expect(page).not.toMatch(/Welch t = /);
  }, 180_000);
});
