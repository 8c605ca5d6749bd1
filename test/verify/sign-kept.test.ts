/**
 * A statement, once written for a cycle, cannot be dropped or left stale unnoticed (ARTIFACTS.md
 * section 5): a signed run records its key in evidence-manifest.json (`signed_by`: the SHA-256 of the
 * public key's SPKI DER, as openssl and sha256sum compute it); `report` without the key removes a
 * statement that no longer matches; verify without a key reports a stale statement; verify --key on
 * an archive treats signing as continuing.
 */
import { execFileSync } from 'node:child_process';
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { freshCycle, removeTemporaries, reportArgs, scratchDir } from '../emit/helpers.ts';
import { archiveSeries, removeSeries } from '../chain/helpers.ts';

afterAll(removeSeries);

afterAll(removeTemporaries);

const STATEMENT = 'performance-evidence.intoto.json';
const openssl = (...args: string[]) => execFileSync('openssl', args);

let keys: string;
let fingerprint: string;
beforeAll(async () => {
  keys = await scratchDir('keys');
  openssl('genpkey', '-algorithm', 'ed25519', '-out', path.join(keys, 'ed.pem'));
  openssl('pkey', '-in', path.join(keys, 'ed.pem'), '-pubout', '-out', path.join(keys, 'ed.pub'));
  // The key's fingerprint, independently: SPKI DER from openssl, hashed by sha256sum.
  const der = openssl('pkey', '-pubin', '-in', path.join(keys, 'ed.pub'), '-outform', 'DER');
  fingerprint = execFileSync('sha256sum', { input: der, encoding: 'utf8' }).split(' ')[0]!;
});

const signKey = () => ['--sign-key', path.join(keys, 'ed.pem')];
const pub = () => path.join(keys, 'ed.pub');

describe('signing is recorded and never left stale', () => {
  it('a signed manifest records the key fingerprint; an unsigned one has no signed_by', async () => {
    const c = await freshCycle();
    expect((await runCli(reportArgs(c, ...signKey()))).code).toBe(0);
    const signed = JSON.parse(await readFile(path.join(c.dir, 'evidence-manifest.json'), 'utf8'));
    expect(signed.signed_by).toEqual({ keyid: fingerprint, key_type: 'ed25519' });
    const env = JSON.parse(await readFile(path.join(c.dir, STATEMENT), 'utf8'));
    expect(env.signatures[0].keyid).toBe(fingerprint);
    const u = await freshCycle();
    expect((await runCli(reportArgs(u))).code).toBe(0);
    expect(JSON.parse(await readFile(path.join(u.dir, 'evidence-manifest.json'), 'utf8'))).not.toHaveProperty(
      'signed_by',
    );
  });

  it('report without --sign-key after a signed run removes the statement that no longer matches', async () => {
    const c = await freshCycle();
    expect((await runCli(reportArgs(c, ...signKey()))).code).toBe(0);
    const r = await runCli([...reportArgs(c), '--json']);
    expect(r.code).toBe(0);
    expect(existsSync(path.join(c.dir, STATEMENT))).toBe(false);
    expect(r.json().signed_statement).toBeNull();
    const v = await runCli(['verify', c.dir]);
    expect(v.code, v.stdout).toBe(0);
  });

  it('verify without --key reports a statement whose subjects name other files (stale)', async () => {
    const c = await freshCycle();
    expect((await runCli(reportArgs(c, ...signKey()))).code).toBe(0);
    const old = await readFile(path.join(c.dir, STATEMENT));
    expect((await runCli([...reportArgs(c, ...signKey()), '--as-of', '2026-11-21T12:00:00Z'])).code).toBe(0);
    await writeFile(path.join(c.dir, STATEMENT), old); // the earlier statement put back beside newer outputs
    const v = await runCli(['verify', c.dir, '--json']);
    expect(v.code).toBe(1);
    expect(v.json().problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'signature',
          path: 'performance-evidence-bundle.zip',
          message: expect.stringMatching(
            /but the signed statement says [0-9a-f]{64}: the statement vouches for other files/,
          ),
        }),
      ]),
    );
  });

  it('a directory whose manifest records a key but whose statement was deleted is a finding; a lone bundle gets a note', async () => {
    const c = await freshCycle();
    expect((await runCli(reportArgs(c, ...signKey()))).code).toBe(0);
    const lone = path.join(await scratchDir('lone'), 'performance-evidence-bundle.zip');
    await cp(path.join(c.dir, 'performance-evidence-bundle.zip'), lone);
    await rm(path.join(c.dir, STATEMENT));
    const v = await runCli(['verify', c.dir, '--json']);
    expect(v.code).toBe(1);
    expect(v.json().problems).toEqual([
      expect.objectContaining({
        kind: 'signature',
        path: STATEMENT,
        message: expect.stringContaining(`signed by the ed25519 key ${fingerprint}`),
      }),
    ]);
    const b = await runCli(['verify', lone, '--json']);
    expect(b.code).toBe(0);
    expect(b.json().notes.join('\n')).toContain(`signed by the ed25519 key ${fingerprint}`);
    expect((await runCli(['verify', lone, '--key', pub()])).code).toBe(1);
  });
});

describe('verify --key on an archive: signing continues', () => {
  const A = { id: '2026-05-signed', end: '2026-05-31T00:00:00Z' };
  const B = { id: '2026-08-signed', end: '2026-08-31T00:00:00Z' };

  it('the newest signed cycle rewritten, its statement and bundle deleted: a finding, never "signature verified"', async () => {
    const s = await archiveSeries([
      { ...A, extra: signKey() },
      { ...B, extra: signKey() },
    ]);
    const ok = await runCli(['verify', s.archive, '--key', pub()]);
    expect(ok.code, ok.stdout).toBe(0);
    expect(ok.stdout).toContain('signature       verified (ed25519');

    // The forger rewrites the newest cycle's decision and its manifest, dropping the key it records.
    const dir = path.join(s.archive, B.id);
    const forged = Buffer.from('{"forged": true}\n');
    await writeFile(path.join(dir, 'validation-report.json'), forged);
    const manifest = JSON.parse(await readFile(path.join(dir, 'evidence-manifest.json'), 'utf8'));
    delete manifest.signed_by;
    const { createHash } = await import('node:crypto');
    Object.assign(
      manifest.files.find((f: { path: string }) => f.path === 'validation-report.json'),
      { sha256: createHash('sha256').update(forged).digest('hex'), bytes: forged.length },
    );
    await writeFile(path.join(dir, 'evidence-manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
    await rm(path.join(dir, STATEMENT));
    await rm(path.join(dir, 'performance-evidence-bundle.zip'));

    const v = await runCli(['verify', s.archive, '--key', pub(), '--json']);
    expect(v.code).toBe(1);
    expect(v.json().signature.verified).toBe(false);
    expect(v.json().problems).toEqual([
      expect.objectContaining({
        kind: 'signature',
        cycle: B.id,
        path: STATEMENT,
        message: expect.stringContaining(`not signed, although ${A.id} before it was`),
      }),
    ]);
    const human = await runCli(['verify', s.archive, '--key', pub()]);
    expect(human.stdout).toContain('signature       NOT verified');
  }, 60_000);

  it('the statement deleted while the manifest still records the key: a finding with and without --key', async () => {
    const s = await archiveSeries([{ ...A, extra: signKey() }]);
    await rm(path.join(s.archive, A.id, STATEMENT));
    for (const extra of [[], ['--key', pub()]]) {
      const v = await runCli(['verify', s.archive, '--json', ...extra]);
      expect(v.code).toBe(1);
      expect(v.json().problems).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            kind: 'signature',
            cycle: A.id,
            path: STATEMENT,
            message: expect.stringMatching(/^missing: /),
          }),
        ]),
      );
    }
  }, 60_000);
});
