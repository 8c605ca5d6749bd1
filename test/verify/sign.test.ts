/**
 * Signed statements: `report --sign-key` writes a DSSE envelope of an in-toto Statement v1 whose
 * signature the openssl command line verifies over the PAE the test builds itself, and whose
 * subjects carry the digests sha256sum computes; `verify --key` accepts it and refuses any change.
 */
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, STACK_TRACE } from '../helpers/cli.ts';
import { freshCycle, removeTemporaries, reportArgs, scratchDir } from '../emit/helpers.ts';

afterAll(removeTemporaries);

const STATEMENT = 'performance-evidence.intoto.json';
const openssl = (...args: string[]) => execFileSync('openssl', args, { encoding: 'utf8' });
const sha256sum = (file: string) => execFileSync('sha256sum', [file], { encoding: 'utf8' }).split(' ')[0];

interface Statement {
  _type: string;
  predicateType: string;
  subject: { name: string; digest: { sha256: string } }[];
  predicate: { cycle_id: string; exit_code: number; gates: { status: string }[] };
}

/** The DSSE pre-authentication encoding, written from the specification, not from perfgate's code. */
function pae(type: string, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`DSSEv1 ${Buffer.byteLength(type)} ${type} ${body.length} `), body]);
}

let keys: string;
beforeAll(async () => {
  keys = await scratchDir('keys');
  openssl('genpkey', '-algorithm', 'ed25519', '-out', path.join(keys, 'ed.pem'));
  openssl('pkey', '-in', path.join(keys, 'ed.pem'), '-pubout', '-out', path.join(keys, 'ed.pub'));
  openssl(
    'genpkey',
    '-algorithm',
    'EC',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-out',
    path.join(keys, 'ec.pem'),
  );
  openssl('pkey', '-in', path.join(keys, 'ec.pem'), '-pubout', '-out', path.join(keys, 'ec.pub'));
  openssl('genpkey', '-algorithm', 'ed25519', '-out', path.join(keys, 'other.pem'));
  openssl('pkey', '-in', path.join(keys, 'other.pem'), '-pubout', '-out', path.join(keys, 'other.pub'));
});

/** Writes the envelope's PAE and first signature to files for openssl. */
async function paeAndSig(dir: string): Promise<{ paeFile: string; sigFile: string; statement: Statement }> {
  const env = JSON.parse(await readFile(path.join(dir, STATEMENT), 'utf8'));
  expect(env.payloadType).toBe('application/vnd.in-toto+json');
  const body = Buffer.from(env.payload, 'base64');
  const paeFile = path.join(keys, `pae-${path.basename(path.dirname(dir))}`);
  const sigFile = `${paeFile}.sig`;
  await writeFile(paeFile, pae(env.payloadType, body));
  await writeFile(sigFile, Buffer.from(env.signatures[0].sig, 'base64'));
  return { paeFile, sigFile, statement: JSON.parse(body.toString('utf8')) };
}

describe('report --sign-key', () => {
  it('Ed25519: openssl verifies the signature over the PAE; the subjects are the files sha256sum hashes', async () => {
    const c = await freshCycle();
    const run = await runCli(reportArgs(c, '--sign-key', path.join(keys, 'ed.pem')));
    expect(run.code, run.stderr).toBe(0);
    const { paeFile, sigFile, statement } = await paeAndSig(c.dir);
    const ok = openssl(
      'pkeyutl',
      '-verify',
      '-pubin',
      '-inkey',
      path.join(keys, 'ed.pub'),
      '-rawin',
      '-in',
      paeFile,
      '-sigfile',
      sigFile,
    );
    expect(ok).toContain('Signature Verified Successfully');
    expect(statement._type).toBe('https://in-toto.io/Statement/v1');
    expect(statement.predicateType).toBe('https://perfgate.dev/attestations/decision/v1');
    const subjects = Object.fromEntries(statement.subject.map((s) => [s.name, s.digest.sha256]));
    for (const name of [
      'performance-evidence-bundle.zip',
      'evidence-manifest.json',
      'validation-report.json',
    ])
      expect(subjects[name], name).toBe(sha256sum(path.join(c.dir, name)));
    const vr = JSON.parse(await readFile(path.join(c.dir, 'validation-report.json'), 'utf8'));
    expect(statement.predicate).toMatchObject({
      cycle_id: vr.cycle_id,
      evaluated_at: vr.evaluated_at,
      exit_code: 0,
    });
    expect(statement.predicate.gates.map((g) => g.status)).toEqual(
      vr.gates.map((g: { status: string }) => g.status),
    );

    // The statement is not evidence of itself: the manifest never lists it, and the directory verifies.
    const manifest = await readFile(path.join(c.dir, 'evidence-manifest.json'), 'utf8');
    expect(manifest).not.toContain(STATEMENT);
    const v = await runCli(['verify', c.dir, '--key', path.join(keys, 'ed.pub')]);
    expect(v.code, v.stdout).toBe(0);
    expect(v.stdout).toContain('signature       verified (ed25519');
    const b = await runCli([
      'verify',
      path.join(c.dir, 'performance-evidence-bundle.zip'),
      '--key',
      path.join(keys, 'ed.pub'),
      '--json',
    ]);
    expect(b.json().signature).toMatchObject({ verified: true, key_type: 'ed25519' });

    // Ed25519 is deterministic: a second run writes the same bytes.
    const before = await readFile(path.join(c.dir, STATEMENT));
    expect((await runCli(reportArgs(c, '--sign-key', path.join(keys, 'ed.pem')))).code).toBe(0);
    expect(await readFile(path.join(c.dir, STATEMENT))).toEqual(before);
  });

  it('ECDSA P-256: openssl verifies the DER signature over the PAE (SHA-256)', async () => {
    const c = await freshCycle();
    expect((await runCli(reportArgs(c, '--sign-key', path.join(keys, 'ec.pem')))).code).toBe(0);
    const { paeFile, sigFile } = await paeAndSig(c.dir);
    const ok = openssl(
      'dgst',
      '-sha256',
      '-verify',
      path.join(keys, 'ec.pub'),
      '-signature',
      sigFile,
      paeFile,
    );
    expect(ok).toContain('Verified OK');
    expect((await runCli(['verify', c.dir, '--key', path.join(keys, 'ec.pub')])).code).toBe(0);
  });

  it('verify --key fails on another key, an edited statement, a replaced bundle; a bad key file is a clear error', async () => {
    const c = await freshCycle();
    expect((await runCli(reportArgs(c, '--sign-key', path.join(keys, 'ed.pem')))).code).toBe(0);
    const other = await runCli(['verify', c.dir, '--key', path.join(keys, 'other.pub')]);
    expect(other.code).toBe(1);
    expect(other.stdout).toMatch(/signature +performance-evidence\.intoto\.json: no signature verifies/);

    const file = path.join(c.dir, STATEMENT);
    const original = await readFile(file, 'utf8');
    const env = JSON.parse(original);
    const st = JSON.parse(Buffer.from(env.payload, 'base64').toString('utf8'));
    st.predicate.exit_code = 0;
    st.predicate.gates[0].status = 'pass';
    st.predicate.cycle_id = 'forged';
    env.payload = Buffer.from(JSON.stringify(st)).toString('base64');
    await writeFile(file, JSON.stringify(env));
    expect((await runCli(['verify', c.dir, '--key', path.join(keys, 'ed.pub')])).code).toBe(1);
    await writeFile(file, original);

    // A re-run without the key rewrites the outputs (another evaluation time): the old statement no
    // longer vouches for them and is removed with them, never left for verify to accept.
    const rerun = await runCli([...reportArgs(c), '--as-of', '2026-11-21T12:00:00Z', '--json']);
    expect(rerun.code).toBe(0);
    expect(rerun.json().notes).toContain(
      'removed performance-evidence.intoto.json: it vouched for the previous outputs, not these (sign them with --sign-key)',
    );
    const gone = await runCli(['verify', c.dir, '--key', path.join(keys, 'ed.pub')]);
    expect(gone.code).toBe(1);
    expect(gone.stdout).toMatch(
      /signature +performance-evidence\.intoto\.json: no readable signed statement/,
    );

    const bad = await runCli(reportArgs(c, '--sign-key', path.join(keys, 'ed.pub')));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('not a PKCS#8 PEM private key');
    expect(bad.stderr).not.toMatch(STACK_TRACE);
    const missing = await runCli(['verify', c.dir, '--key', path.join(keys, 'nope.pub')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.pub');
  });

  it('archive --sign-key: the frozen copy carries the statement, and verify --key on the archive checks it', async () => {
    const c = await freshCycle();
    const args = reportArgs(c).slice(1);
    const run = await runCli(['archive', ...args, '--sign-key', path.join(keys, 'ed.pem'), '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.json().signed_statement).toMatch(/performance-evidence\.intoto\.json$/);
    const v = await runCli(['verify', c.archive, '--key', path.join(keys, 'ed.pub'), '--json']);
    expect(v.code, v.stdout).toBe(0);
    expect(v.json().signature).toMatchObject({ verified: true });
    const other = await runCli(['verify', c.archive, '--key', path.join(keys, 'other.pub'), '--json']);
    expect(other.code).toBe(1);
    expect(other.json().problems[0]).toMatchObject({ kind: 'signature', cycle: run.json().cycle_id });
  });
});
