/**
 * report.html as written by `perfgate report`: the same bytes on every run, artifact text escaped
 * and Markdown sanitized (the hostile corpus in one cycle), a hand-written file never replaced, and a
 * size that follows the cycle's content but never the size of its raw evidence.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { visit } from 'unist-util-visit';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { DEMO_AS_OF, demoCopy, type DemoCopy } from './demo-bundle.ts';
import { freshCycle, removeTemporaries, reportArgs } from './helpers.ts';
import { hostileCycle, JSON_PAYLOAD } from './hostile-cycle.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/perfgate.mjs');
const demos: DemoCopy[] = [];

afterAll(async () => {
  await removeTemporaries();
  for (const d of demos.splice(0)) await rm(d.root, { recursive: true, force: true });
});

async function demo(): Promise<DemoCopy> {
  const d = await demoCopy();
  demos.push(d);
  return d;
}

/** `perfgate report` in-process on the demo copy. */
const reportOn = (d: DemoCopy) =>
  runCli([
    'report',
    '--artifacts',
    d.dir,
    '--config',
    path.join(d.root, 'config/protocol_gates/18.yaml'),
    '--archive',
    path.join(d.root, 'content/cycles'),
    '--as-of',
    DEMO_AS_OF,
  ]);

describe('report.html', () => {
  it('is byte-identical across runs, time zones, locales, umasks and mtimes (the demo cycle)', async () => {
    const d = await demo();
    const run = (env: Record<string, string>, umask: string) =>
      execFileSync(
        'sh',
        ['-c', `umask ${umask} && exec "${process.execPath}" "${BIN}" report --as-of ${DEMO_AS_OF}`],
        {
          cwd: d.root,
          env: { ...process.env, SOURCE_DATE_EPOCH: '', ...env },
          stdio: 'pipe',
        },
      );
    run({ TZ: 'UTC', LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' }, '022');
    const first = await readFile(path.join(d.dir, 'report.html'));
    for (const e of await readdir(d.root, { recursive: true, withFileTypes: true }))
      await utimes(
        path.join(e.parentPath, e.name),
        new Date('2031-07-04T03:21:09Z'),
        new Date('2031-07-04T03:21:09Z'),
      );
    run({ TZ: 'Pacific/Chatham', LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8' }, '077');
    const second = await readFile(path.join(d.dir, 'report.html'));
    expect(second.equals(first)).toBe(true);
    expect(first.toString('utf8')).toContain('id="profiles"');
  }, 60_000);

  it('escapes every artifact text and sanitizes Markdown: no script, handler, active element or script URL', async () => {
    const c = await hostileCycle();
    const run = await runCli(reportArgs(c));
    expect(run.code, run.stderr).toBeLessThan(2);
    const html = await readFile(path.join(c.dir, 'report.html'), 'utf8');
    const tree: Root = fromHtml(html);
    const found: string[] = [];
    visit(tree, 'element', (el: Element) => {
      if (
        [
          'script',
          'iframe',
          'object',
          'embed',
          'img',
          'image',
          'link',
          'base',
          'form',
          'frame',
          'video',
          'audio',
          'foreignObject',
        ].includes(el.tagName)
      )
        found.push(`<${el.tagName}>`);
      if (
        el.tagName === 'meta' &&
        el.properties.httpEquiv &&
        String(el.properties.httpEquiv).toLowerCase() !== 'content-security-policy'
      )
        found.push(`<meta http-equiv=${String(el.properties.httpEquiv)}>`);
      for (const [k, v] of Object.entries(el.properties)) {
        const value = Array.isArray(v) ? v.join(' ') : String(v);
        if (/^on/i.test(k)) found.push(`${el.tagName} ${k}`);
        if (/pwned|^\s*(javascript|data|vbscript):/i.test(value)) found.push(`${el.tagName} ${k}=${value}`);
        if (k === 'href' && /^[a-z][a-z0-9+.-]*:/i.test(value) && !/^(https?|mailto):/i.test(value))
          found.push(`${el.tagName} href=${value}`);
      }
    });
    expect(found).toEqual([]);
    // What was markup in the artifacts is there as text a reader sees.
    // Where it was put: the intake's title (the page's title and heading), a pain point, a task's title.
    expect(html.split('&lt;script&gt;window.__pwned=&#39;json&#39;&lt;/script&gt;').length - 1).toBe(4);
    expect(html.split(JSON_PAYLOAD).length).toBe(1);
    // The scripted flame graphs of the cycle are linked, their content never copied in.
    const svg = await readFile(path.join(c.dir, 'diagnostics/evil-flame.svg'), 'utf8');
    expect(html).not.toContain(
      svg
        .trim()
        .split('\n')
        .find((l) => /script/i.test(l))!
        .trim(),
    );
    expect(html).toContain('href="diagnostics/evil-flame.svg"');
  });

  it('never replaces a report.html that perfgate did not write', async () => {
    const c = await freshCycle();
    const mine = '<!doctype html>\n<title>our own notes</title>\n';
    await writeFile(path.join(c.dir, 'report.html'), mine);
    const run = await runCli(reportArgs(c));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('report.html exists and was not generated by perfgate');
    expect(await readFile(path.join(c.dir, 'report.html'), 'utf8')).toBe(mine);
    await expect(stat(path.join(c.dir, 'evidence-manifest.json'))).rejects.toThrow();
  });

  it('is under 1 MB for the demo, holds none of its raw evidence, and grows by one manifest row per file, whatever its size', async () => {
    const d = await demo();
    expect((await reportOn(d)).code).toBe(0);
    const base = await readFile(path.join(d.dir, 'report.html'), 'utf8');
    expect(Buffer.byteLength(base)).toBeLessThan(1_000_000);
    // A line of a raw load-test output (hey CSV) and of a raw profile are not in the page.
    const csv = (await readFile(path.join(d.dir, 'loadtests/checkout-order-after-1.csv'), 'utf8')).split(
      '\n',
    );
    expect(base).not.toContain(csv[1]!.trim());
    const profile = await readFile(path.join(d.dir, 'diagnostics/checkout-api-after.cpuprofile'), 'utf8');
    expect(base).not.toContain(profile.slice(0, 200));

    const size = async () => {
      expect((await reportOn(d)).code).toBe(0);
      return Buffer.byteLength(await readFile(path.join(d.dir, 'report.html')));
    };
    const s0 = Buffer.byteLength(base);
    await mkdir(path.join(d.dir, 'exports'));
    const add = async (from: number, to: number) => {
      for (let i = from; i < to; i++)
        await writeFile(path.join(d.dir, `exports/part-${String(i).padStart(3, '0')}.txt`), 'row,1\n');
    };
    await add(0, 50);
    const s50 = await size();
    await add(50, 100);
    const s100 = await size();
    // Linear: the second 50 files cost what the first 50 did, a manifest row each (give or take the
    // digits of the file count in the text).
    expect(Math.abs(s100 - s50 - (s50 - s0))).toBeLessThanOrEqual(4);
    expect((s50 - s0) / 50).toBeLessThan(700);
    // A raw export 2,000 times larger costs one row too: its bytes never enter the page.
    const marker = 'raw-export-line-that-must-not-be-embedded';
    await writeFile(path.join(d.dir, 'exports/part-100.txt'), `${marker}\n`.repeat(12_000));
    const big = await size();
    expect(big - s100).toBeLessThan(700);
    expect(await readFile(path.join(d.dir, 'report.html'), 'utf8')).not.toContain(marker);
  }, 60_000);
});
