/**
 * `perfgate verify` as an auditor uses it: the digests it prints against sha256sum, the published
 * SHA-256, a directory against its own bundle, strict zips, hidden and `*.tmp-*` files, and no
 * reads outside the path (a linked upstream folder, a listed size that would leak a prefix digest).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFile, cp, mkdir, readFile, rename, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyBundle, verifyDirectory } from '../../src/core/verify/index.ts';
import { DEFAULT_LIMITS } from '../../src/core/evidence/zip-checks.ts';
import { runCli, STACK_TRACE } from '../helpers/cli.ts';
import { insertBeforeCentralDirectory, localEntry } from '../hostile/zips.ts';
import { freshCycle, removeTemporaries, reportArgs, scratchDir } from '../emit/helpers.ts';

afterAll(removeTemporaries);

const sha256sum = (file: string) => execFileSync('sha256sum', [file], { encoding: 'utf8' }).split(' ')[0]!;
const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const BUNDLE = 'performance-evidence-bundle.zip';

async function reported(...extra: string[]) {
  const c = await freshCycle();
  const run = await runCli(reportArgs(c, ...extra));
  expect(run.code, run.stderr).toBe(0);
  return c;
}

/** Rewrites a file and its manifest entry together, as a careful forger would. */
async function forge(dir: string, rel: string, content: Buffer): Promise<void> {
  await writeFile(path.join(dir, rel), content);
  const mf = path.join(dir, 'evidence-manifest.json');
  const manifest = JSON.parse(await readFile(mf, 'utf8'));
  const entry = manifest.files.find((f: { path: string }) => f.path === rel);
  Object.assign(entry, { sha256: sha(content), bytes: content.length });
  await writeFile(mf, JSON.stringify(manifest, null, 2) + '\n');
}

describe('anchors an auditor compares', () => {
  it('prints the SHA-256 of the bundle and of its manifest, as sha256sum computes them, and checks --expect-sha256', async () => {
    const c = await reported();
    const zip = path.join(c.dir, BUNDLE);
    const run = await runCli(['verify', zip]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`bundle sha256   ${sha256sum(zip)}`);
    expect(run.stdout).toContain(`manifest sha256 ${sha256sum(path.join(c.dir, 'evidence-manifest.json'))}`);
    expect((await runCli(['verify', zip, '--expect-sha256', sha256sum(zip).toUpperCase()])).code).toBe(0);
    const wrong = await runCli(['verify', zip, '--expect-sha256', '0'.repeat(64), '--json']);
    expect(wrong.code).toBe(1);
    expect(wrong.json().problems).toEqual([
      expect.objectContaining({ kind: 'expected-sha256', path: BUNDLE }),
    ]);
    const bad = await runCli(['verify', zip, '--expect-sha256', 'xyz']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('expected 64 hex digits');
  });

  it('prints the chain head of an archive and takes it as --expect-sha256', async () => {
    const archive = path.join(await scratchDir('anchors'), 'cycles');
    await cp(path.resolve(import.meta.dirname, '../../content/cycles'), archive, { recursive: true });
    const head = sha256sum(path.join(archive, '2026-08-payments-tail-latency', 'evidence-manifest.json'));
    const run = await runCli(['verify', archive, '--json']);
    expect(run.code).toBe(0);
    expect(run.json().chain_head).toBe(head);
    expect(
      run
        .json()
        .cycles.map((x: { previous_manifest_sha256: string | null }) => x.previous_manifest_sha256)[0],
    ).toBeNull();
    expect((await runCli(['verify', archive])).stdout).toContain(`chain head      ${head}`);
    expect((await runCli(['verify', archive, '--expect-sha256', head])).code).toBe(0);
    expect((await runCli(['verify', archive, '--expect-sha256', 'a'.repeat(64)])).code).toBe(1);
  });
});

describe('a consistently forged cycle', () => {
  it('matches its own manifest, but not its own bundle: verify DIR says which file', async () => {
    const c = await reported();
    await forge(c.dir, 'hypothesis-log.md', Buffer.from('# forged\n'));
    const r = await runCli(['verify', c.dir, '--json']);
    expect(r.code).toBe(1);
    const found = r.json().problems.map((p: { kind: string; path: string }) => `${p.kind} ${p.path}`);
    expect(found).toContain('differs-from-bundle hypothesis-log.md');
    expect(found).toContain('differs-from-bundle evidence-manifest.json');
    expect(found).not.toContain('altered hypothesis-log.md');
  });
});

describe('strict zips', () => {
  it('rejects a real bundle with an extra local entry hidden before the central directory', async () => {
    const c = await reported();
    const zip = await readFile(path.join(c.dir, BUNDLE));
    const forged = Buffer.from('{"forged": "a streaming extractor would yield this after the real file"}\n');
    const hidden = insertBeforeCentralDirectory(
      zip,
      localEntry('optimization-validation-report.json', forged),
    );
    const file = path.join(await scratchDir('strict'), BUNDLE);
    await writeFile(file, hidden);
    // unzip (which reads the central directory) still lists exactly the real entries.
    const listing = execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).trim().split('\n');
    expect(listing.filter((n) => n === 'optimization-validation-report.json')).toHaveLength(1);
    const r = await verifyBundle(file, DEFAULT_LIMITS);
    expect(r.problems).toEqual([
      expect.objectContaining({
        kind: 'not-tiled',
        message: expect.stringMatching(/between the last entry and the central directory/),
      }),
    ]);
    const cli = await runCli(['verify', file]);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain('not-tiled');
  });

  it('rejects an archive comment and bytes before the first entry', async () => {
    const c = await reported();
    const zip = await readFile(path.join(c.dir, BUNDLE));
    const dir = await scratchDir('strict2');
    const withComment = Buffer.concat([zip, Buffer.from('hello')]);
    withComment.writeUInt16LE(5, zip.length - 2);
    await writeFile(path.join(dir, 'comment.zip'), withComment);
    const r = await verifyBundle(path.join(dir, 'comment.zip'), DEFAULT_LIMITS);
    expect(r.problems.map((p) => p.message).join('\n')).toContain('archive comment of 5 bytes');
    // A first entry moved along by a stub (offsets fixed up, as self-extracting archives do).
    const stub = Buffer.alloc(64, 0x20);
    const shifted = insertBeforeCentralDirectory(Buffer.concat([stub, zip]), Buffer.alloc(0));
    const eocd = shifted.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    shifted.writeUInt32LE(shifted.readUInt32LE(eocd + 16) + 64, eocd + 16);
    let at = shifted.readUInt32LE(eocd + 16);
    while (shifted.readUInt32LE(at) === 0x02014b50) {
      shifted.writeUInt32LE(shifted.readUInt32LE(at + 42) + 64, at + 42);
      at +=
        46 + shifted.readUInt16LE(at + 28) + shifted.readUInt16LE(at + 30) + shifted.readUInt16LE(at + 32);
    }
    await writeFile(path.join(dir, 'stub.zip'), shifted);
    const s = await verifyBundle(path.join(dir, 'stub.zip'), DEFAULT_LIMITS);
    expect(s.problems).toEqual([
      expect.objectContaining({
        kind: 'not-tiled',
        message: expect.stringContaining('64 bytes at offset 0 before the first entry'),
      }),
    ]);
  });
});

describe('no name is exempt, no hidden file passes', () => {
  it('a `*.tmp-<digits>` file is evidence: listed, bundled, and a change to it is caught', async () => {
    const c = await freshCycle();
    await writeFile(path.join(c.dir, 'diagnostics', 'run.tmp-12345'), 'raw k6 output\n');
    expect((await runCli(reportArgs(c))).code).toBe(0);
    const manifest = JSON.parse(await readFile(path.join(c.dir, 'evidence-manifest.json'), 'utf8'));
    expect(manifest.files.map((f: { path: string }) => f.path)).toContain('diagnostics/run.tmp-12345');
    await appendFile(path.join(c.dir, 'diagnostics', 'run.tmp-12345'), 'x');
    const r = await verifyDirectory(c.dir);
    expect(r.problems.map((p) => `${p.kind} ${p.path}`)).toContain('altered diagnostics/run.tmp-12345');
  });

  it('a hidden file is a validation error naming it, never in the manifest, and verify reports one added later', async () => {
    const c = await freshCycle();
    await writeFile(path.join(c.dir, 'diagnostics', '.env'), 'SECRET=1\n');
    const v = await runCli(['validate', '--artifacts', c.dir, '--config', c.config, '--json']);
    expect(v.code).toBe(1);
    expect(v.stdout).toContain('"code": "fs.hidden"');
    expect(v.stdout).toContain('diagnostics/.env');
    await rename(path.join(c.dir, 'diagnostics', '.env'), path.join(c.root, 'env'));
    expect((await runCli(reportArgs(c))).code).toBe(0);
    await mkdir(path.join(c.dir, '.cache'));
    await writeFile(path.join(c.dir, '.cache', 'x'), 'x');
    const r = await verifyDirectory(c.dir);
    expect(r.problems.map((p) => `${p.kind} ${p.path}`)).toEqual(['hidden .cache']);
  });
});

describe('no reads outside the path', () => {
  it('never hashes an upstream file through a sibling folder that is a link, and never prints a prefix digest', async () => {
    const c = await reported();
    const outside = await scratchDir('outside');
    const secret = Buffer.from('root:x:0:0:root:/root:/bin/bash\n');
    await writeFile(path.join(outside, 'passwd'), secret);
    const mf = path.join(c.dir, 'evidence-manifest.json');
    const manifest = JSON.parse(await readFile(mf, 'utf8'));
    manifest.upstream.push({ path: '../protocol-17/passwd', sha256: '0'.repeat(64), bytes: 3 });
    await writeFile(mf, JSON.stringify(manifest, null, 2));
    const prefixes = Array.from({ length: secret.length + 1 }, (_, k) => sha(secret.subarray(0, k)));
    const leaks = (out: string) => prefixes.filter((d) => out.includes(d));

    await symlink(outside, path.join(c.root, 'protocol-17'));
    for (const args of [['--json'], []]) {
      const r = await runCli(['verify', c.dir, ...args]);
      expect(leaks(r.stdout + r.stderr)).toEqual([]);
      expect(r.stdout).toContain('../protocol-17/passwd not present here');
    }
    // A real sibling folder is read, but a listed size shorter than the file never yields a digest.
    await mkdir(path.join(c.root, 'protocol-17-real'));
    await cp(path.join(outside, 'passwd'), path.join(c.root, 'protocol-17-real', 'passwd'));
    await rename(path.join(c.root, 'protocol-17'), path.join(outside, 'old-link'));
    await rename(path.join(c.root, 'protocol-17-real'), path.join(c.root, 'protocol-17'));
    const r = await runCli(['verify', c.dir, '--json']);
    expect(leaks(r.stdout)).toEqual([]);
    expect(r.json().problems).toContainEqual(
      expect.objectContaining({
        kind: 'altered',
        path: '../protocol-17/passwd',
        message: expect.stringContaining('larger than the 3 bytes'),
      }),
    );
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });
});
