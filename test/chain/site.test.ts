/**
 * The build publishes a legitimately pruned, signed archive (ARTIFACTS.md section 5): without
 * --allow-altered, the pruned cycle in chain.json marked pruned and without pages, the chain head
 * the same as verify's, and the signed statement published with the evidence, its key fingerprint
 * (as openssl and sha256sum compute it) and how to check it on the evidence page.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { perfgate } from '../site/build.ts';
import { archiveSeries, removeSeries, sha256File, tempDir } from './helpers.ts';

afterAll(removeSeries);

const OLD = { id: '2024-03-old', end: '2024-03-31T00:00:00Z' };
const NEW = { id: '2026-09-new', end: '2026-09-30T00:00:00Z' };
const AT = '2026-11-24T00:00:00Z';

describe('building a pruned, signed archive', () => {
  it('publishes the tombstone in chain.json (no pages) and the signed statement with its key fingerprint', async () => {
    const keys = await tempDir('site-keys');
    execFileSync('openssl', ['genpkey', '-algorithm', 'ed25519', '-out', path.join(keys, 'k.pem')]);
    execFileSync('openssl', [
      'pkey',
      '-in',
      path.join(keys, 'k.pem'),
      '-pubout',
      '-out',
      path.join(keys, 'k.pub'),
    ]);
    const der = execFileSync('openssl', [
      'pkey',
      '-pubin',
      '-in',
      path.join(keys, 'k.pub'),
      '-outform',
      'DER',
    ]);
    const fingerprint = execFileSync('sha256sum', { input: der, encoding: 'utf8' }).split(' ')[0]!;
    const sign = ['--sign-key', path.join(keys, 'k.pem')];
    const s = await archiveSeries([
      { ...OLD, extra: sign },
      { ...NEW, extra: sign },
    ]);
    const prune = await runCli([
      'prune',
      '--archive',
      s.archive,
      '--artifacts',
      path.join(s.root, 'none'),
      '--config',
      s.config,
      '--as-of',
      AT,
      '--apply',
    ]);
    expect(prune.code, prune.stderr).toBe(0);
    const verify = await runCli(['verify', s.archive, '--key', path.join(keys, 'k.pub'), '--json']);
    expect(verify.code, verify.stdout).toBe(0);

    const out = path.join(await tempDir('site-pruned'), 'dist');
    const build = await perfgate([
      'build',
      '--artifacts',
      path.join(s.root, 'none'),
      '--archive',
      s.archive,
      '--config',
      s.config,
      '--out',
      out,
      '--base',
      '/demo/',
      '--as-of',
      AT,
    ]);
    expect(build.code, build.stderr + build.stdout).toBe(0);

    const chain = JSON.parse(await readFile(path.join(out, 'chain.json'), 'utf8'));
    expect(chain.head).toBe(verify.json().chain_head);
    expect(chain.cycles).toEqual([
      {
        cycle_id: OLD.id,
        manifest_sha256: await sha256File(path.join(s.archive, '.pruned', OLD.id, 'evidence-manifest.json')),
        bundle_sha256: null,
        previous_manifest_sha256: null,
        pruned: true,
        pruned_at: AT,
      },
      expect.objectContaining({ cycle_id: NEW.id, pruned: false, pruned_at: null }),
    ]);
    expect(existsSync(path.join(out, 'cycles', OLD.id))).toBe(false);

    const page = await readFile(path.join(out, 'cycles', NEW.id, 'evidence', 'index.html'), 'utf8');
    expect(page).toMatch(new RegExp(`id="signing-key"[^>]*>${fingerprint}</dd>`));
    expect(page).toContain('The decision of this cycle was signed');
    expect(page).toContain('perfgate verify performance-evidence-bundle.zip --key pub.pem');
    expect(page).toContain('href="/demo/docs/auditors/#checking-it-without-perfgate"');
    expect(page).toContain(`href="/demo/cycles/${NEW.id}/files/performance-evidence.intoto.json"`);
    expect(
      await readFile(path.join(out, 'cycles', NEW.id, 'files', 'performance-evidence.intoto.json')),
    ).toEqual(await readFile(path.join(s.archive, NEW.id, 'performance-evidence.intoto.json')));
    const docs = await readFile(path.join(out, 'docs', 'auditors', 'index.html'), 'utf8');
    expect(docs).toContain('id="checking-it-without-perfgate"');
  }, 180_000);
});
