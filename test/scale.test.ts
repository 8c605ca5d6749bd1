/**
 * Scale: 100 cycles (one every two weeks over about four years; 200, about eight years, under
 * `npm run test:full`), generated from the valid fixture, built once by the real `perfgate build`.
 * Both are past every bound below (40 periods a chart, 12 cards, archive pages), so what is checked
 * is the same. Every cycle gets its pages and is reachable from the home
 * page; the home page stays small and its charts short; the index and the feed stay valid.
 */
import { mkdtemp, readFile, rename, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { select, selectAll } from 'hast-util-select';
import { toString } from 'hast-util-to-string';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatBytes } from '../src/core/format/index.ts';
import { STACK_TRACE } from './helpers/cli.ts';
import { fullSweep } from './helpers/skip.ts';
import { attr, listFiles, perfgate, readPage, SITE_FIXTURES } from './site/build.ts';
import { writeSyntheticArchive, writeUpstream, type SyntheticCycle } from './site/synthetic-archive.ts';

const COUNT = fullSweep ? 200 : 100;
const BASE = '/demo/';
/**
 * The home page's bound. What it holds does not depend on the number of cycles: 12 cards (about
 * 2.5 KB each), per recently targeted KPI one chart and one table of at most 40 calendar periods
 * (about 9 KB each with two KPIs here), the gate history of at most 40 periods (about 8 KB), one
 * link per archive page and the layout (about 5 KB): about 50 KB here. Listing every cycle, as the
 * home page did before, took 437 KB for these 200 cycles (about 2 KB a cycle).
 */
const HOME_MAX_BYTES = 100 * 1024;
/** No page embeds the whole history: the largest (the per-cycle trend table) is about 80 KB here. */
const PAGE_MAX_BYTES = 200 * 1024;
/** A chart with more points than this is unreadable at the site's width. */
const CHART_MAX_POINTS = 40;

let work: string;
let out: string;
let cycles: SyntheticCycle[];
let files: string[];
let build: { code: number; stdout: string; stderr: string };
let wallSeconds: number;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'perfgate-scale-'));
  const archive = path.join(work, 'cycles');
  cycles = await writeSyntheticArchive(archive, COUNT);
  // The newest cycle is the current one (in .artifacts, with its upstream folders beside it).
  const current = path.join(work, 'protocol-18');
  await rename(path.join(archive, cycles.at(-1)!.cycle_id), current);
  await writeUpstream(current);
  out = path.join(work, 'dist');
  const started = performance.now();
  build = await perfgate([
    'build',
    '--artifacts',
    current,
    '--archive',
    archive,
    '--config',
    path.join(SITE_FIXTURES, 'gates.yaml'),
    '--out',
    out,
    '--base',
    BASE,
    '--site',
    'https://example.org',
    '--as-of',
    '2026-11-21T00:00:00Z',
    '--json',
  ]);
  wallSeconds = (performance.now() - started) / 1000;
  files = build.code === 0 ? await listFiles(out) : [];
}, 600_000);

// About 45 MB of cycles and site: not left behind.
afterAll(() => rm(work, { recursive: true, force: true }));

const newestFirst = () => [...cycles].reverse().map((c) => c.cycle_id);

describe(`a site of ${COUNT} cycles`, () => {
  it('builds in one run, and reports its time and size', async () => {
    expect(build.stderr).not.toMatch(STACK_TRACE);
    expect(build.code, build.stderr).toBe(0);
    const report = JSON.parse(build.stdout) as {
      cycles: number;
      pages: number;
      bytes: number;
      seconds: number;
    };
    expect(report.cycles).toBe(COUNT);
    const html = files.filter((f) => f.endsWith('.html'));
    const sizes = await Promise.all(
      html.map(async (f) => ({ f, bytes: (await stat(path.join(out, f))).size })),
    );
    sizes.sort((a, b) => b.bytes - a.bytes);
    console.log(
      [
        `scale: ${COUNT} cycles built in ${wallSeconds.toFixed(1)} s (perfgate reports ${report.seconds} s)`,
        `scale: ${report.pages} pages, ${formatBytes(report.bytes)} (${formatBytes(report.bytes / COUNT)} per cycle), ${files.length} files`,
        `scale: home page ${formatBytes(sizes.find((s) => s.f === 'index.html')!.bytes)}; largest pages ${sizes
          .slice(0, 3)
          .map((s) => `${s.f} ${formatBytes(s.bytes)}`)
          .join(', ')}`,
      ].join('\n'),
    );
    expect(sizes[0]!.bytes, sizes[0]!.f).toBeLessThan(PAGE_MAX_BYTES);
  });

  it('gives every cycle its pages', () => {
    const have = new Set(files);
    for (const id of newestFirst())
      for (const p of ['', 'gates/optimization/', 'traceability/', 'evidence/'])
        expect(have.has(`cycles/${id}/${p}index.html`), `${id} ${p}`).toBe(true);
  });

  it('links every cycle from the home page, newest first, through the pages of the archive table', async () => {
    const linked: string[] = [];
    const seen = new Set<string>();
    const queue = [''];
    while (queue.length > 0) {
      const page = queue.shift()!;
      if (seen.has(page)) continue;
      seen.add(page);
      const { tree } = await readPage(out, page);
      for (const a of selectAll('a[href]', tree)) {
        const rel = attr(a, 'href')!.slice(BASE.length);
        if (/^cycles\/(page\/\d+\/)?$/.test(rel)) queue.push(rel);
      }
      if (page !== '')
        for (const row of selectAll('tr[data-cycle]', tree)) linked.push(attr(row, 'data-cycle')!);
    }
    expect(linked).toEqual(newestFirst());
    // 50 cycles a page of the archive table (4 pages for 200 cycles, 2 for 100).
    const pages = Array.from({ length: Math.ceil(COUNT / 50) - 1 }, (_, i) => `cycles/page/${i + 2}/`);
    expect([...seen].sort()).toEqual(['', 'cycles/', ...pages]);
  });

  it('keeps the home page small: the newest cycles as cards, charts of calendar periods', async () => {
    const { html, tree } = await readPage(out, '');
    expect(Buffer.byteLength(html)).toBeLessThan(HOME_MAX_BYTES);
    expect(selectAll('li[data-cycle]', tree).map((li) => attr(li, 'data-cycle'))).toEqual(
      newestFirst().slice(0, 12),
    );
    const canvases = selectAll('canvas[data-chart]', tree);
    expect(canvases.length).toBeGreaterThanOrEqual(3);
    for (const c of canvases) {
      const spec = JSON.parse(attr(c, 'data-chart')!) as { labels: string[] };
      expect(spec.labels.length, attr(c, 'id')).toBeLessThanOrEqual(CHART_MAX_POINTS);
      expect(spec.labels.length, attr(c, 'id')).toBeGreaterThan(10);
    }
    // The gate history counts every cycle once, and the failures planned by the generator.
    const periods = selectAll('tr[data-period]', tree);
    const col = (r: (typeof periods)[number], i: number) => Number(toString(selectAll('td', r)[i]!));
    expect(periods.reduce((n, r) => n + col(r, 0), 0)).toBe(COUNT);
    expect(periods.reduce((n, r) => n + col(r, 3), 0)).toBe(
      cycles.filter((c) => c.failing.length > 0).length,
    );
  });

  it('keeps cycles.json complete and caps the feed at the 50 newest cycles', async () => {
    const index = JSON.parse(await readFile(path.join(out, 'cycles.json'), 'utf8')) as {
      cycles: { cycle_id: string; verdict: string }[];
    };
    expect(index.cycles.map((c) => c.cycle_id)).toEqual(newestFirst());
    const failing = new Set(cycles.filter((c) => c.failing.length > 0).map((c) => c.cycle_id));
    for (const c of index.cycles)
      expect(c.verdict, c.cycle_id).toBe(failing.has(c.cycle_id) ? 'fail' : 'pass');
    const feed = await readFile(path.join(out, 'feed.xml'), 'utf8');
    const ids = [
      ...feed.matchAll(/<link rel="alternate" type="text\/html" href="[^"]*\/cycles\/([^/]+)\/"\/>/g),
    ];
    expect(ids.map((m) => m[1])).toEqual(newestFirst().slice(0, 50));
    expect(feed.trimEnd().endsWith('</feed>')).toBe(true);
  });

  it('shows on each cycle page what changed since the cycle before', async () => {
    // syn-016 misses the improvement threshold; syn-015 and syn-017 do not.
    const { tree } = await readPage(out, 'cycles/syn-016/');
    expect(toString(select('#since-previous', tree)!)).toBe('What changed since syn-015');
    const failed = toString(select('.diff-summary', tree)!);
    expect(failed).toContain('gate 3 Optimization pass → fail');
    expect(failed).toMatch(/Of 4 KPIs measured in both cycles, .*worse/);
    // The generator set checkout-api's after value to 456 ms (5 % under its 480 ms baseline).
    const row = select('tr[data-kpi-change="checkout-api:latency_p95_ms"]', tree)!;
    expect(selectAll('data', row)[1] && attr(selectAll('data', row)[1]!, 'value')).toBe('456');
    expect(toString(row)).toContain('worse');
    const recovered = toString(select('.diff-summary', (await readPage(out, 'cycles/syn-017/')).tree)!);
    expect(recovered).toContain('gate 3 Optimization fail → pass');
  });
});
