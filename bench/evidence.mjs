// `npm run bench`: perfgate's evidence hashing and bundling against openssl, sha256sum and zip,
// on ~1 GiB of generated evidence (BENCH_SIZE_MB to change it; BENCH_KEEP=1 keeps the files).
// report.html of the demo (issue 27) is measured first (bench/offline-report.mjs).
// Targets: hashing <= 1.1x openssl, bundle write + check <= 1.1x `zip -X -r -n .gz:.png` (zip storing the
// same types perfgate stores), peak RSS of `perfgate report` < 200 MiB without forcing the collector.
// Not part of `npm test`.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatBytes } from '../src/core/format/bytes.ts';
import { measureOfflineReport } from './offline-report.mjs';
import { compileCli } from './compiled.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');
const SIZE_MB = Number(process.env.BENCH_SIZE_MB ?? 1024);
const MB = 1024 * 1024;

// ---- evidence generation: text that compresses like real exports, random bytes that do not ----
let seed = 42;
const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
const pick = (a) => a[Math.floor(rand() * a.length)];
const FRAMES = [
  'main',
  'http.serve',
  'router.dispatch',
  'CheckoutController.post',
  'PricingService.quote',
  'cache.get',
  'redis.call',
  'db.query',
  'pg.execute',
  'json.encode',
  'gc.mark',
  'tls.write',
];
const TEXT = {
  json: () =>
    JSON.stringify({
      ts: 1763640000 + Math.floor(rand() * 1e6),
      service: pick(['checkout-api', 'search']),
      latency_ms: +(rand() * 900).toFixed(2),
      status: pick([200, 200, 200, 500]),
      trace: randomBytes(8).toString('hex'),
    }) + '\n',
  csv: () =>
    `${1763640000 + Math.floor(rand() * 1e6)},${pick(['checkout-api', 'search'])},${(rand() * 900).toFixed(2)},${(rand() * 1000).toFixed(1)},${(rand() * 2).toFixed(3)}\n`,
  folded: () =>
    `${Array.from({ length: 3 + Math.floor(rand() * 8) }, () => pick(FRAMES)).join(';')} ${Math.floor(rand() * 5000)}\n`,
  svg: () =>
    `<rect x="${Math.floor(rand() * 1200)}" y="${Math.floor(rand() * 40) * 16}" width="${Math.floor(rand() * 300)}" height="15" fill="rgb(230,${Math.floor(rand() * 200)},60)"><title>${pick(FRAMES)} (${Math.floor(rand() * 900)} samples)</title></rect>\n`,
};

/** One MiB of generated text per kind; files repeat it (deflate's 32 KiB window sees no difference). */
function textChunk(kind) {
  let s = '';
  while (s.length < MB) s += TEXT[kind]();
  return Buffer.from(s.slice(0, MB));
}

function writeSized(file, bytes, chunk) {
  const fd = openSync(file, 'w');
  try {
    for (let left = bytes; left > 0;) {
      const n = Math.min(left, chunk.length);
      writeSync(fd, chunk, 0, n);
      left -= n;
    }
  } finally {
    closeSync(fd);
  }
}

function generate(dir) {
  const mix = [
    ['json', 0.15, '.json'],
    ['csv', 0.15, '.csv'],
    ['svg', 0.1, '.svg'],
    ['folded', 0.2, '.folded'],
    ['random', 0.25, '.pb.gz'],
    ['random', 0.15, '.png'],
  ];
  let files = 0;
  for (const [kind, share, ext] of mix) {
    const total = Math.max(1, Math.round(SIZE_MB * share)) * MB;
    const chunk = kind === 'random' ? randomBytes(MB) : textChunk(kind);
    // One large file (half of the share) and many 256 KiB - 4 MiB ones.
    const big = Math.floor(total / 2);
    const sub = path.join(dir, 'evidence', kind === 'random' ? ext.slice(1).replace('.', '-') : kind);
    mkdirSync(sub, { recursive: true });
    writeSized(path.join(sub, `large${ext}`), big, kind === 'random' ? randomBytes(MB) : chunk);
    let left = total - big;
    for (let i = 0; left > 0; i++) {
      const n = Math.min(left, (256 * 1024) << Math.floor(rand() * 5));
      writeSized(
        path.join(sub, `part-${String(i).padStart(4, '0')}${ext}`),
        n,
        kind === 'random' ? randomBytes(Math.min(n, MB)) : chunk,
      );
      left -= n;
      files++;
    }
    files++;
  }
  return files;
}

// ---- measuring ----
const have = (tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
function wall(cmd, cwd) {
  const t0 = performance.now();
  execFileSync('sh', ['-c', cmd], { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
  return performance.now() - t0;
}
function child(step, dir, out, env = {}) {
  const args = ['--no-warnings', path.join(ROOT, 'bench/child.mjs'), step, dir, ...(out ? [out] : [])];
  const res = spawnSync(process.execPath, args, {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    env: { ...process.env, ...env },
  });
  if (res.status !== 0) throw new Error(`${step} failed: ${res.stderr}`);
  return JSON.parse(res.stdout.trim().split('\n').at(-1));
}
/** Peak RSS of a whole child process tree from /usr/bin/time -v, when available. */
function timeV(step, dir, env = {}) {
  if (!existsSync('/usr/bin/time')) return null;
  const res = spawnSync(
    '/usr/bin/time',
    ['-v', process.execPath, '--no-warnings', path.join(ROOT, 'bench/child.mjs'), step, dir],
    { encoding: 'utf8', env: { ...process.env, ...env } },
  );
  const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(res.stderr);
  return m ? Number(m[1]) / 1024 : null;
}
const best = (n, f) => Math.min(...Array.from({ length: n }, f));
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;

measureOfflineReport();

const work = mkdtempSync(path.join(os.tmpdir(), 'perfgate-bench-'));
try {
  cpSync(path.join(ROOT, 'test/fixtures/valid'), work, { recursive: true });
  const cycle = path.join(work, 'protocol-18');
  process.stdout.write(`generating ${SIZE_MB} MiB of evidence in ${cycle} ...\n`);
  const files = generate(cycle);
  const total = readdirSync(cycle, { recursive: true })
    .map((f) => path.join(cycle, f))
    .filter((f) => statSync(f).isFile())
    .reduce((n, f) => n + statSync(f).size, 0);
  execFileSync('sh', ['-c', `cat $(find . -type f) > /dev/null`], { cwd: cycle }); // warm the page cache for every tool alike
  const listFiles = `find . -type f -print0 | sort -z | xargs -0`;
  const rows = [];
  const hash = child('hash', cycle);
  const hashMs = best(2, () => child('hash', cycle).ms);
  rows.push(['perfgate hashing (manifest pass)', hashMs, hash.maxRssMb]);
  let opensslMs = null;
  if (have('openssl'))
    rows.push([
      'openssl dgst -sha256',
      (opensslMs = best(2, () => wall(`${listFiles} openssl dgst -sha256 > /dev/null`, cycle))),
      null,
    ]);
  else rows.push(['openssl: not installed, skipped', null, null]);
  if (have('sha256sum'))
    rows.push(['sha256sum', best(2, () => wall(`${listFiles} sha256sum > /dev/null`, cycle)), null]);
  else rows.push(['sha256sum: not installed, skipped', null, null]);
  const out = path.join(work, 'out');
  const writeOnly = child('bundle-nocheck', cycle, out);
  rows.push(['perfgate bundle, write only', writeOnly.ms, writeOnly.maxRssMb]);
  const bundle = child('bundle', cycle, out);
  rows.push(['perfgate bundle, write + check (central directory)', bundle.ms, bundle.maxRssMb]);
  let zipMs = null;
  let zipStoredMs = null;
  if (have('zip')) {
    rows.push([
      'zip -X -r (level 6)',
      (zipMs = wall(`rm -f ${out}/z.zip && zip -X -r -q ${out}/z.zip .`, cycle)),
      null,
    ]);
    rows.push([
      'zip -X -r -n .gz:.png (stores those, like perfgate)',
      (zipStoredMs = wall(`rm -f ${out}/z.zip && zip -X -r -q -n .gz:.png ${out}/z.zip .`, cycle)),
      null,
    ]);
  } else rows.push(['zip: not installed, skipped (apt-get install -y zip)', null, null]);
  const report = child('report', cycle);
  const sourceRss = timeV('report', cycle) ?? report.maxRssMb;
  rows.push(['perfgate report from the TypeScript sources', report.ms, sourceRss]);
  // The figure the target is for: the CLI as an installed package runs it (compiled JavaScript).
  const cli = compileCli();
  let reportRss;
  try {
    const env = { PERFGATE_BENCH_LIB: cli.dir };
    const compiled = child('report', cycle, undefined, env);
    reportRss = timeV('report', cycle, env) ?? compiled.maxRssMb;
    rows.push(['perfgate report (all seven files, compiled, as installed)', compiled.ms, reportRss]);
  } finally {
    cli.remove();
  }

  process.stdout.write(
    `\nload average: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} (2 cores; other jobs may share them)\n`,
  );
  process.stdout.write(
    `\n${files} evidence files, ${formatBytes(total)}, Node ${process.versions.node}, ${os.cpus().length} CPUs\n\n`,
  );
  for (const [name, ms, rss] of rows)
    process.stdout.write(
      `${name.padEnd(56)} ${ms === null ? '' : s(ms).padStart(9)}${ms === null ? '' : `  ${(total / MB / (ms / 1000)).toFixed(0).padStart(5)} MiB/s`}${rss ? `  peak RSS ${formatBytes(rss * MB)}` : ''}\n`,
    );
  const ratio = (a, b) => (a !== null && b !== null ? a / b : null);
  const checks = [
    ['hashing / openssl', ratio(hashMs, opensslMs), 1.1],
    ['bundle write + check / zip -n .gz:.png', ratio(bundle.ms, zipStoredMs), 1.1],
    ['bundle write + check / zip -X -r', ratio(bundle.ms, zipMs), 1.1],
    ['peak RSS of perfgate report (MiB)', reportRss, 200],
  ];
  process.stdout.write('\n');
  for (const [name, v, target] of checks)
    process.stdout.write(
      `${name.padEnd(40)} ${v === null ? 'n/a (tool missing)' : `${v.toFixed(2)} (target <= ${target}) ${v <= target ? 'OK' : 'MISSED'}`}\n`,
    );
  if (report.exitCode !== 0) throw new Error(`perfgate report exited ${report.exitCode}`);
  const zipped = statSync(path.join(cycle, 'performance-evidence-bundle.zip')).size;
  process.stdout.write(`\nbundle: ${formatBytes(zipped)} for ${formatBytes(total)} of evidence\n`);
  const html = statSync(path.join(cycle, 'report.html')).size;
  process.stdout.write(`report.html: ${formatBytes(html)} for this cycle of ${files} evidence files\n`);
} finally {
  if (!process.env.BENCH_KEEP) rmSync(work, { recursive: true, force: true });
}
