/**
 * Markdown rendered in worker threads (core/history/render-pool.ts) gives the same history as
 * rendering in the main thread: the whole site data of the demo, every rendered artifact and
 * report included, and hostile documents (raw HTML, script links, deep nesting, paths out of the
 * cycle), with links resolved in the worker as in the main thread.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readHistory } from '../../src/core/history/read.ts';
import { inThread, renderPool } from '../../src/core/history/render-pool.ts';
import { demoCopy } from './demo-copy.ts';

const pool = renderPool(2);
afterAll(() => pool.close());

describe('Markdown rendered in worker threads', () => {
  it('the demo history is the same, byte for byte, with 2 workers and with none', async () => {
    const demo = await demoCopy();
    const history = (renderWorkers: number, renderer?: typeof pool) =>
      readHistory({
        artifactsDir: path.join(demo, '.artifacts/protocol-18'),
        archiveDir: path.join(demo, 'content/cycles'),
        configFile: path.join(demo, 'config/protocol_gates/18.yaml'),
        evaluatedAt: '2026-11-21T00:00:00Z',
        base: '/demo/',
        renderWorkers,
        renderer,
      });
    const here = JSON.stringify(await history(0));
    const before = pool.rendered!.inWorkers;
    expect(JSON.stringify(await history(2, pool))).toBe(here);
    // The workers did render: reports are large enough to go to one (while a worker has a few
    // queued, the calling thread renders the next itself).
    expect(pool.rendered!.inWorkers - before).toBeGreaterThan(0);
    // The report of every archived cycle is rendered (large enough to go to a worker).
    expect(here).toContain('"name":"performance-report"');
  }, 120_000);

  it('hostile documents come back as the main thread renders them', async () => {
    const big = (s: string) => s.repeat(Math.ceil(5000 / s.length));
    const docs = [
      big('| a | b |\n|---|---|\n| <script>alert(1)</script> | [x](javascript:alert(1)) |\n'),
      big('> '.repeat(40) + 'deep\n'),
      big('* '.repeat(200) + 'list\n'),
      big('[a]: https://example.org\n![img](../../etc/passwd)\n<!-- comment -->\n'),
      '`'.repeat(6000),
      big('a\u0000b\u202e\ufeff\n'),
      big('[cpu](flamegraphs/cpu.svg) [notes](profiling-report.md) [web](https://example.org/x)\n'),
    ];
    const links = {
      base: '/demo/',
      slug: 'c1',
      fromFile: 'profiling-report.md',
      copied: ['flamegraphs/cpu.svg', 'profiling-report.md'],
      pages: { 'profiling-report.md': 'profiling-report' },
    };
    const before = pool.rendered!.inWorkers;
    for (const doc of docs) {
      const html = (await pool.render(doc, links)).html;
      expect(html).toBe((await inThread.render(doc, links)).html);
      expect(html).not.toMatch(/<script|javascript:|etc\/passwd/);
    }
    // Every one of them went to a worker (each is over the size rendered in the calling thread).
    expect(pool.rendered!.inWorkers - before).toBe(docs.length);
    // Links resolved in the worker: a copied file, the artifact's own page, the web.
    const linked = (await pool.render(docs.at(-1)!, links)).html;
    expect(linked).toContain('href="/demo/cycles/c1/files/flamegraphs/cpu.svg" download');
    expect(linked).toContain('href="/demo/cycles/c1/artifacts/profiling-report/"');
    expect(linked).toContain('href="https://example.org/x"');
  }, 60_000);
});
