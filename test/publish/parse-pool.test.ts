/**
 * Markdown parsed in worker threads (core/parse-pool.ts) gives the same history as parsing in the
 * main thread: the whole site data of the demo, every rendered artifact and report included, and
 * the hostile documents of the corpus (raw HTML, deep nesting, documents too complex to parse).
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readHistory } from '../../src/core/history/read.ts';
import { parsePool } from '../../src/core/parse-pool.ts';
import { parseUntrusted } from '../../src/core/render-markdown.ts';
import { demoCopy } from './demo-copy.ts';

const pool = parsePool(2);
afterAll(() => pool.close());

describe('Markdown parsed in worker threads', () => {
  it('the demo history is the same, byte for byte, with 2 workers and with none', async () => {
    const demo = await demoCopy();
    const history = (parseWorkers: number) =>
      readHistory({
        artifactsDir: path.join(demo, '.artifacts/protocol-18'),
        archiveDir: path.join(demo, 'content/cycles'),
        configFile: path.join(demo, 'config/protocol_gates/18.yaml'),
        evaluatedAt: '2026-11-21T00:00:00Z',
        base: '/demo/',
        parseWorkers,
      });
    const inThread = JSON.stringify(await history(0));
    expect(JSON.stringify(await history(2))).toBe(inThread);
    // The report of every archived cycle is rendered (large enough to go to a worker).
    expect(inThread).toContain('"name":"performance-report"');
  }, 120_000);

  it('hostile documents come back as the main thread parses them', async () => {
    const big = (s: string) => s.repeat(Math.ceil(5000 / s.length));
    const docs = [
      big('| a | b |\n|---|---|\n| <script>alert(1)</script> | [x](javascript:alert(1)) |\n'),
      big('> '.repeat(40) + 'deep\n'),
      big('* '.repeat(200) + 'list\n'),
      big('[a]: https://example.org\n![img](../../etc/passwd)\n<!-- comment -->\n'),
      '`'.repeat(6000),
      big('a\u0000b\u202e\ufeff\n'),
    ];
    for (const doc of docs) expect(await pool.parse(doc)).toEqual(parseUntrusted(doc));
  }, 60_000);
});
