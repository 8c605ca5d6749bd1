/**
 * The site and the walk read stored evidence through its pointer (ARTIFACTS.md section 9): the
 * build lists a stored file by its object URL and digest and never reads or copies its bytes; a
 * pointer that disagrees with the manifest marks the file altered; a broken pointer is a diagnostic.
 * No store is needed: nothing here may reach one.
 */
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readFile, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEvidence, type CopyRequest } from '../../src/core/history/evidence.ts';
import { loadCycle } from '../../src/core/load/cycle.ts';
import { FIXTURES, runCli } from '../helpers/cli.ts';

const FILE = 'loadtests/huge.jtl';
const AS_OF = ['--as-of', '2026-11-21T00:00:00Z'];

/** A cycle whose FILE is stored: only its pointer is here; the digest is sha256sum's of bytes that are then thrown away. */
async function storedCycle(): Promise<{ dir: string; sha256: string; object: string }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'perfgate-site-stored-'));
  await cp(path.join(FIXTURES, 'gates/pass'), root, { recursive: true });
  const dir = path.join(root, 'protocol-18');
  const raw = path.join(root, 'raw.jtl');
  await writeFile(raw, 'timeStamp,elapsed\n1,2\n');
  const sha256 = execFileSync('sha256sum', [raw], { encoding: 'utf8' }).split(' ')[0]!;
  const object = `s3://evidence-bucket/team/sha256/${sha256}`;
  await mkdir(path.join(dir, 'loadtests'), { recursive: true });
  const pointer = { perfgate_pointer: 1, path: FILE, sha256, bytes: 22, object };
  await writeFile(path.join(dir, `${FILE}.perfgate-pointer.json`), JSON.stringify(pointer, null, 2) + '\n');
  return { dir, sha256, object };
}

describe('stored evidence without the store', () => {
  it('report records the real file; the site lists it by object URL and digest and copies nothing of it', async () => {
    const { dir, sha256, object } = await storedCycle();
    const r = await runCli([
      'report',
      '--artifacts',
      dir,
      '--config',
      path.join(FIXTURES, 'defaults.yaml'),
      ...AS_OF,
    ]);
    expect(r.code).toBe(0);
    const manifest = JSON.parse(await readFile(path.join(dir, 'evidence-manifest.json'), 'utf8'));
    expect(manifest.files.find((f: { path: string }) => f.path === FILE)).toMatchObject({
      sha256,
      bytes: 22,
      stored: { object, pointer: `${FILE}.perfgate-pointer.json` },
    });
    const sums = execFileSync(
      'unzip',
      ['-p', path.join(dir, 'performance-evidence-bundle.zip'), 'SHA256SUMS'],
      {
        encoding: 'utf8',
      },
    );
    expect(sums).toContain(`${sha256}  ${FILE}\n`);

    const copies: CopyRequest[] = [];
    const ev = await readEvidence(await loadCycle(dir), 'c1', () => [], copies);
    const listed = ev.files.find((f) => f.path === FILE)!;
    expect(listed).toMatchObject({ check: 'stored', copy: null, object, sha256, bytes: 22 });
    expect(copies.some((c) => c.from.includes('huge.jtl'))).toBe(false);
    expect(ev.extra).toEqual([]);
  });

  it('a pointer changed after the report marks the file altered on the site and in verify', async () => {
    const { dir } = await storedCycle();
    await runCli(['report', '--artifacts', dir, '--config', path.join(FIXTURES, 'defaults.yaml'), ...AS_OF]);
    const p = path.join(dir, `${FILE}.perfgate-pointer.json`);
    const pointer = JSON.parse(await readFile(p, 'utf8'));
    pointer.bytes = 23;
    await writeFile(p, JSON.stringify(pointer, null, 2) + '\n');
    const ev = await readEvidence(await loadCycle(dir), 'c1', () => [], []);
    expect(ev.files.find((f) => f.path === FILE)!.check).toBe('altered');
    const v = await runCli(['verify', dir, '--offline', '--allow-unfetched', '--json']);
    expect(v.code).toBe(1);
    expect(v.json().problems).toContainEqual(expect.objectContaining({ path: FILE, kind: 'altered' }));
  });

  it('a broken pointer is a validation error naming it, and stays a plain file', async () => {
    const { dir } = await storedCycle();
    await writeFile(
      path.join(dir, `${FILE}.perfgate-pointer.json`),
      '{"perfgate_pointer": 1, "path": "elsewhere.jtl"}\n',
    );
    const r = await runCli([
      'validate',
      '--artifacts',
      dir,
      '--config',
      path.join(FIXTURES, 'defaults.yaml'),
      '--json',
    ]);
    expect(r.code).toBe(1);
    expect(r.json().diagnostics).toContainEqual(
      expect.objectContaining({ code: 'evidence.pointer-invalid', file: `${FILE}.perfgate-pointer.json` }),
    );
  });
});
