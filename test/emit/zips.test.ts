/** Hostile zips (test/fixtures/zips, written by make-zips.mjs): each rejected, naming the entry, nothing extracted. */
import { readdir, readFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTemporaries, scratchDir } from './helpers.ts';
import { FIXTURES } from '../fixtures/zips/make-zips.mjs';
import { runCli, STACK_TRACE } from '../helpers/cli.ts';

afterAll(removeTemporaries);

const ZIPS = path.resolve(import.meta.dirname, '../fixtures/zips');

const CASES: [string, string, string, RegExp][] = [
  ['slip.zip', 'unsafe-name', '../evil', /`\.\.` segment/],
  ['absolute.zip', 'unsafe-name', '/etc/x', /absolute path/],
  ['backslash.zip', 'unsafe-name', '..\\evil', /backslash/],
  ['symlink.zip', 'symlink', 'link', /symbolic link/],
  ['duplicate.zip', 'duplicate', 'a.txt', /duplicate name/],
  ['size-lie.zip', 'size-mismatch', 'lie.txt', /declares 100 bytes but holds 10/],
  ['header-mismatch.zip', 'size-mismatch', 'two-faced.txt', /local header declares 99 bytes/],
  ['size-lie-deflate.zip', 'size-mismatch', 'grows.txt', /more than the 16 bytes/],
  ['bomb.zip', 'bomb', 'zeros.bin', /compression bomb/],
  ['oversized.zip', 'oversized', 'huge.bin', /over the cap/],
  ['overlap.zip', 'bomb', 'alias.txt', /overlaps entry `ok\.txt`/],
];

describe('hostile zips', () => {
  it('has one committed fixture per case, as make-zips.mjs writes them', async () => {
    const out = await scratchDir('zips');
    execFileSync(process.execPath, [path.join(ZIPS, 'make-zips.mjs'), out]);
    const names = (await readdir(ZIPS)).filter((n) => n.endsWith('.zip')).sort();
    expect(names).toEqual(Object.keys(FIXTURES).sort());
    expect(names).toEqual(CASES.map((c) => c[0]).sort());
    for (const name of names)
      expect((await readFile(path.join(out, name))).equals(await readFile(path.join(ZIPS, name))), name).toBe(
        true,
      );
  });

  for (const [file, kind, entry, message] of CASES) {
    it(`${file}: rejects ${JSON.stringify(entry)} (${kind})`, async () => {
      const before = await readdir(process.cwd());
      const run = await runCli(['verify', path.join(ZIPS, file), '--json']);
      expect(run.code).toBe(1);
      expect(run.stderr).not.toMatch(STACK_TRACE);
      const problems = run.json().problems as { kind: string; path: string; message: string }[];
      const hit = problems.find((p) => p.path === entry && p.kind === kind);
      expect(hit, JSON.stringify(problems)).toBeDefined();
      expect(hit!.message).toMatch(message);
      // Only the hostile entry is blamed, never the safe one beside it, and nothing is extracted.
      expect(problems.filter((p) => p.path === 'ok.txt')).toEqual([]);
      expect(await readdir(process.cwd())).toEqual(before);
    });
  }

  it('names the entry in the human output too', async () => {
    const run = await runCli(['verify', path.join(ZIPS, 'slip.zip')]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('unsafe-name      ../evil: `..` segment (path traversal)');
  });

  it('lets --max-ratio and --max-entry-bytes move the limits', async () => {
    const relaxed = await runCli(['verify', path.join(ZIPS, 'bomb.zip'), '--max-ratio', '2000', '--json']);
    expect(relaxed.json().problems.some((p: { kind: string }) => p.kind === 'bomb')).toBe(false);
    const strict = await runCli(['verify', path.join(ZIPS, 'slip.zip'), '--max-entry-bytes', '3', '--json']);
    expect(strict.json().problems).toContainEqual(
      expect.objectContaining({ kind: 'oversized', path: 'ok.txt' }),
    );
    const bad = await runCli(['verify', path.join(ZIPS, 'slip.zip'), '--max-ratio', 'lots']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--max-ratio');
  });
});
