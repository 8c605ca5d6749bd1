/**
 * Lighthouse over built pages, in Debian's Chromium (CHROME_PATH, default /usr/bin/chromium): one
 * browser for all pages, started with a DevTools port Lighthouse connects to. Used by the site test
 * (accessibility, best practices and SEO asserted) and by `npm run bench:lighthouse` (performance
 * measured and reported, never gated: on a shared machine it is noisy).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import lighthouse from 'lighthouse';

export type Category = 'performance' | 'accessibility' | 'best-practices' | 'seo';

/** An archived cycle of the demo (its gate, traceability, evidence, artifact and report pages). */
const CYCLE = 'cycles/2026-08-payments-tail-latency/';
/** The demo's current cycle: the one with profiles (flame graphs) and a differential profile. */
const CURRENT = 'cycles/2026-10-holiday-peak-readiness/';
/**
 * Every kind of page the demo site has, relative to its base: what `npm run bench:lighthouse`
 * measures and what test/site/lighthouse.test.ts checks under `npm run test:full`.
 */
export const DEMO_PAGES: { name: string; path: string }[] = [
  { name: 'home', path: '' },
  { name: 'archive', path: 'cycles/' },
  { name: 'cycle', path: CYCLE },
  { name: 'current-cycle', path: CURRENT },
  { name: 'gate', path: `${CYCLE}gates/diagnostics/` },
  { name: 'traceability', path: `${CYCLE}traceability/` },
  { name: 'evidence', path: `${CYCLE}evidence/` },
  { name: 'artifact', path: `${CYCLE}artifacts/profiling-report/` },
  { name: 'report', path: `${CYCLE}report/` },
  { name: 'profile', path: `${CURRENT}profiles/checkout-api-after/` },
  { name: 'profile-diff', path: `${CURRENT}profiles/checkout-api-diff/` },
  { name: 'trends', path: 'trends/' },
  { name: 'quarters', path: 'quarters/' },
  { name: 'compare', path: 'compare/?a=2026-02-search-index-sharding&b=2026-08-payments-tail-latency' },
  { name: 'compare-previous', path: `${CYCLE}compare/` },
  { name: 'search', path: 'search/' },
  { name: 'docs', path: 'docs/gates/' },
  { name: 'reference', path: 'docs/reference/' },
];

export interface PageScores {
  name: string;
  url: string;
  scores: Partial<Record<Category, number>>;
  /** Audits that lost points: id, title and score, for the failure message. */
  failed: { category: Category; id: string; title: string; score: number }[];
  /** The performance metrics behind the score (ms; CLS unitless), when performance was measured. */
  metrics: Partial<Record<Metric, number>>;
}

/** The metrics the performance score weighs (Lighthouse 12). */
export const METRICS = [
  'first-contentful-paint',
  'largest-contentful-paint',
  'total-blocking-time',
  'cumulative-layout-shift',
  'speed-index',
] as const;
export type Metric = (typeof METRICS)[number];

interface Browser {
  port: number;
  /** Kills Chromium and, once it has exited (a killed process may still be writing), removes its profile. */
  stop: () => Promise<void>;
}

/** Starts Chromium headless with a free DevTools port and waits until it says which one. */
function startChromium(): Promise<Browser> {
  const exe = process.env.CHROME_PATH ?? '/usr/bin/chromium';
  const profile = mkdtempSync(path.join(os.tmpdir(), 'perfgate-lh-'));
  const child: ChildProcess = spawn(
    exe,
    [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--remote-debugging-port=0',
      `--user-data-dir=${profile}`,
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('close', () => resolve());
  });
  const stop = async () => {
    child.kill('SIGKILL');
    // A killed child has not exited yet: removing its profile now races its last writes (ENOTEMPTY).
    await exited;
    rmSync(profile, { recursive: true, force: true });
  };
  return new Promise((resolve, reject) => {
    let err = '';
    child.once('error', (e) => {
      // The process never started: there is nothing to wait for.
      rmSync(profile, { recursive: true, force: true });
      reject(e);
    });
    child.once('exit', (code) => reject(new Error(`Chromium exited (${String(code)}): ${err.slice(-2000)}`)));
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      const m = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(err);
      if (m) resolve({ port: Number(m[1]), stop });
    });
  });
}

/**
 * Without performance nothing depends on timing: the pages are static, so the waits for a quiet
 * network and CPU after load only cost time on a busy machine.
 */
const QUICK = {
  throttlingMethod: 'provided' as const,
  pauseAfterFcpMs: 0,
  pauseAfterLoadMs: 0,
  networkQuietThresholdMs: 0,
  cpuQuietThresholdMs: 0,
  disableFullPageScreenshot: true,
};

/** Runs Lighthouse on each page in turn (one browser), returning the category scores (0-1). */
export async function lighthousePages(
  pages: { name: string; url: string }[],
  categories: Category[],
): Promise<PageScores[]> {
  const browser = await startChromium();
  const out: PageScores[] = [];
  try {
    for (const page of pages) {
      const result = await lighthouse(page.url, {
        port: browser.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: categories,
        // Performance is measured as the page loads here (bench only); the simulated throttling of
        // a mid-range phone stays on, so the numbers compare with public Lighthouse runs.
        ...(categories.includes('performance') ? {} : QUICK),
      });
      if (!result) throw new Error(`Lighthouse returned nothing for ${page.url}`);
      const { lhr } = result;
      if (lhr.runtimeError) throw new Error(`Lighthouse failed on ${page.url}: ${lhr.runtimeError.message}`);
      const scores: PageScores['scores'] = {};
      const failed: PageScores['failed'] = [];
      for (const c of categories) {
        const cat = lhr.categories[c];
        scores[c] = cat?.score ?? 0;
        for (const ref of cat?.auditRefs ?? []) {
          const audit = lhr.audits[ref.id];
          if (ref.weight > 0 && audit && audit.score !== null && audit.score < 1)
            failed.push({ category: c, id: ref.id, title: audit.title, score: audit.score });
        }
      }
      const metrics: PageScores['metrics'] = {};
      if (categories.includes('performance'))
        for (const m of METRICS) {
          const v = lhr.audits[m]?.numericValue;
          if (typeof v === 'number') metrics[m] = v;
        }
      out.push({ name: page.name, url: page.url, scores, failed, metrics });
    }
  } finally {
    await browser.stop();
  }
  return out;
}

/** A plain-text table of the scores (0-100), one line per page. */
export function scoreTable(results: PageScores[], categories: Category[]): string {
  const head = ['page'.padEnd(14), ...categories.map((c) => c.padStart(15))].join('');
  const lines = results.map((r) =>
    [
      r.name.padEnd(14),
      ...categories.map((c) => String(Math.round((r.scores[c] ?? 0) * 100)).padStart(15)),
    ].join(''),
  );
  return [head, ...lines].join('\n');
}
