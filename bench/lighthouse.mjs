// `npm run bench:lighthouse`: Lighthouse with all four categories (performance included) over the
// built demo in Debian's Chromium, one line per page kind. Performance is reported, not gated: on a
// shared 2-core machine it moves with the load. The other categories are asserted in the site tests.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { lighthousePages, scoreTable } from '../scripts/lighthouse.ts';
import { serveStatic } from '../test/site/server.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const BASE = '/demo/';
const CYCLE = 'cycles/2026-08-payments-tail-latency/';
const PAGES = {
  home: '',
  cycle: CYCLE,
  gate: `${CYCLE}gates/diagnostics/`,
  traceability: `${CYCLE}traceability/`,
  evidence: `${CYCLE}evidence/`,
  report: `${CYCLE}report/`,
  trends: 'trends/',
  docs: 'docs/gates/',
};
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];

const tmp = mkdtempSync(path.join(os.tmpdir(), 'perfgate-bench-lh-'));
const out = path.join(tmp, 'dist');
try {
  execFileSync(
    process.execPath,
    [path.join(ROOT, 'bin/perfgate.mjs'), 'build', '--base', BASE, '--out', out, '--no-fail-on-gate'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
    },
  );
  const server = await serveStatic(out, BASE);
  try {
    const started = Date.now();
    const results = await lighthousePages(
      Object.entries(PAGES).map(([name, p]) => ({ name, url: `${server.origin}${BASE}${p}` })),
      CATEGORIES,
    );
    console.log(
      `Lighthouse ${CATEGORIES.join(', ')} (scores 0-100, simulated mobile throttling), ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    console.log(scoreTable(results, CATEGORIES));
    const perf = results.map((r) => r.scores.performance ?? 0);
    console.log(
      `performance: min ${Math.round(Math.min(...perf) * 100)}, median ${Math.round(perf.sort((a, b) => a - b)[Math.floor(perf.length / 2)] * 100)} (reported, not gated)`,
    );
  } finally {
    await server.close();
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
