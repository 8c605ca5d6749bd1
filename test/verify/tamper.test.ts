/**
 * Tamper tests over a copy of the demo archive (content/cycles is never modified): every file of
 * every archived cycle changed by one byte at its first, middle and last byte, and every manifest
 * changed consistently (a file and its manifest entry re-hashed together), is caught by verify on
 * the whole archive, naming the cycle. The core runs in-process (one child per change would take
 * minutes); the count of changes tried is printed.
 */
import { createHash } from 'node:crypto';
import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyObject } from 'node:crypto';
import { loadPublicKey } from '../../src/core/sign/keys.ts';
import { verifyArchive, verifyPath } from '../../src/core/verify/index.ts';
import { removeTemporaries, scratchDir } from '../emit/helpers.ts';

afterAll(removeTemporaries);

const DEMO = path.resolve(import.meta.dirname, '../../content/cycles');
let archive: string;
let cycles: string[];
let key: KeyObject;

beforeAll(async () => {
  key = await loadPublicKey(path.resolve(import.meta.dirname, '../../content/keys/demo-signing.pub.pem'));
  archive = path.join(await scratchDir('tamper'), 'cycles');
  await cp(DEMO, archive, { recursive: true });
  cycles = (await readdir(archive, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
});

async function filesOf(cycle: string): Promise<string[]> {
  const entries = await readdir(path.join(archive, cycle), { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(archive, path.join(e.parentPath, e.name)))
    .sort();
}

describe('tampering with the demo archive', () => {
  it('the untouched copy verifies, six cycles chained', async () => {
    const r = await verifyArchive(archive);
    expect(r.problems).toEqual([]);
    expect(r.cycles).toHaveLength(6);
    const newest = r.cycles!.at(-1)!.dir;
    const head = createHash('sha256')
      .update(await readFile(path.join(archive, newest, 'evidence-manifest.json')))
      .digest('hex');
    expect(r.chain_head).toBe(head);
  });

  it('every one-byte change at the first, middle and last byte of every file is caught, naming its cycle', async () => {
    // Cycles are verified independently (only the chain links them), so one change per cycle is made
    // at a time: the k-th file of every cycle at once, and each cycle must be named by a finding of
    // its own, never only by the chain link that a change of the cycle before it breaks.
    const files = new Map<string, string[]>();
    for (const cycle of cycles) files.set(cycle, await filesOf(cycle));
    const most = Math.max(...[...files.values()].map((f) => f.length));
    let tried = 0;
    for (const where of ['first', 'middle', 'last'] as const) {
      for (let k = 0; k < most; k++) {
        const changed: { cycle: string; rel: string; file: string; original: Buffer; at: number }[] = [];
        for (const cycle of cycles) {
          const rel = files.get(cycle)![k];
          if (!rel) continue;
          const file = path.join(archive, rel);
          const original = await readFile(file);
          expect(original.length, rel).toBeGreaterThan(0);
          const at =
            where === 'first'
              ? 0
              : where === 'middle'
                ? Math.floor(original.length / 2)
                : original.length - 1;
          const bytes = Buffer.from(original);
          bytes[at] = bytes[at]! ^ 0x01;
          await writeFile(file, bytes);
          changed.push({ cycle, rel, file, original, at });
        }
        const r = await verifyPath(archive, { key });
        for (const c of changed) await writeFile(c.file, c.original);
        tried += changed.length;
        const named = new Set(r.problems.filter((p) => p.kind !== 'chain').map((p) => p.cycle));
        const text = r.problems.map((p) => `${p.cycle}/${p.path} ${p.kind}`).join('\n');
        for (const c of changed) expect(named.has(c.cycle), `${c.rel} byte ${c.at}:\n${text}`).toBe(true);
      }
    }
    console.log(`tamper: ${tried} one-byte changes tried over ${cycles.length} archived cycles, all caught`);
    expect(tried).toBeGreaterThan(400);
    expect((await verifyPath(archive, { key })).problems).toEqual([]);
  }, 120_000);

  it('every manifest changed consistently is caught by the next link of the chain or by the bundle', async () => {
    let tried = 0;
    for (const [i, cycle] of cycles.entries()) {
      const dir = path.join(archive, cycle);
      const vrFile = path.join(dir, 'validation-report.json');
      const mfFile = path.join(dir, 'evidence-manifest.json');
      const [vr, mf] = [await readFile(vrFile), await readFile(mfFile)];
      // The decision rewritten, the file's manifest entry re-hashed: the cycle alone matches its manifest.
      const forged = Buffer.from(vr.toString('utf8').replace(/"status": "fail"/g, '"status": "pass"') + ' ');
      const manifest = JSON.parse(mf.toString('utf8'));
      const entry = manifest.files.find((f: { path: string }) => f.path === 'validation-report.json');
      entry.sha256 = createHash('sha256').update(forged).digest('hex');
      entry.bytes = forged.length;
      await writeFile(vrFile, forged);
      await writeFile(mfFile, JSON.stringify(manifest, null, 2) + '\n');
      const r = await verifyArchive(archive);
      await writeFile(vrFile, vr);
      await writeFile(mfFile, mf);
      tried++;
      const own = r.problems.filter((p) => p.cycle === cycle).map((p) => `${p.kind} ${p.path}`);
      expect(own, cycle).not.toContain('altered validation-report.json');
      expect(own, cycle).toContain('differs-from-bundle evidence-manifest.json');
      const next = cycles[i + 1];
      // The rewritten cycle is charged with the broken link (its manifest is not what the next pinned).
      if (next) {
        expect(
          r.problems.find((p) => p.cycle === cycle && p.kind === 'chain')?.message,
          `${cycle} rewritten: its own finding names it`,
        ).toContain(`${cycle} was rewritten after ${next} pinned it`);
        expect(r.problems.filter((p) => p.cycle === next)).toEqual([]);
        expect(r.cycles!.find((c) => c.dir === next)?.ok).toBe(true);
      }
      expect(r.cycles!.find((c) => c.dir === cycle)?.ok).toBe(false);
    }
    console.log(`tamper: ${tried} consistent manifest rewrites tried, all caught`);
    expect((await verifyArchive(archive)).problems).toEqual([]);
  }, 120_000);
});
