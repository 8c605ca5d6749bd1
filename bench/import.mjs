// `npm run bench:import`: `perfgate import load-test` on a generated JMeter JTL of ~1 GiB
// (BENCH_SIZE_MB to change it), and on one eighth of it, each in its own process, printing wall
// time and peak RSS. Memory must stay flat: it grows with distinct latency values, not file size.
// Beside it, in the same run, the anchors: a naive Python pass (split each line on commas, exact
// nearest-rank percentiles, no quoting rules) and `cut -d, -f2 | sort -n` for the p99 alone.
// Not part of `npm test`.
import { spawnSync } from 'node:child_process';
import { closeSync, cpSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const SIZE_MB = Number(process.env.BENCH_SIZE_MB ?? 1024);
const MB = 1024 * 1024;
const HEADER =
  'timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success,failureMessage,bytes,sentBytes,grpThreads,allThreads,URL,Latency,IdleTime,Connect\n';

let seed = 7;
const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;

/** Writes a JTL of about `mb` MiB: 50 threads, latencies 1-6000 ms with a long tail, 0.5 % errors. */
function generate(file, mb) {
  const fd = openSync(file, 'w');
  writeSync(fd, HEADER);
  let ts = 1763640000000;
  let written = HEADER.length;
  const target = mb * MB;
  while (written < target) {
    let chunk = '';
    for (let i = 0; i < 20000; i++) {
      const elapsed = Math.floor(20 + rand() * 200 + (rand() < 0.02 ? rand() * 5800 : 0));
      const ok = rand() >= 0.005;
      const thread = 1 + Math.floor(rand() * 50);
      ts += Math.floor(rand() * 3);
      chunk += `${ts},${elapsed},GET /checkout,${ok ? 200 : 503},${ok ? 'OK' : 'Service Unavailable'},Thread Group 1-${thread},text,${ok},,${ok ? 1834 : 312},402,50,50,https://staging.example.com/checkout,${elapsed - 3},0,${Math.floor(rand() * 4)}\n`;
    }
    writeSync(fd, chunk);
    written += Buffer.byteLength(chunk);
  }
  closeSync(fd);
  return statSync(file).size;
}

/** Imports `file` into a copy of the demo cycle in a child process; returns {ms, maxRssMb}. */
function importOnce(file, work) {
  const cycle = path.join(work, `cycle-${path.basename(file)}`);
  cpSync(path.join(ROOT, '.artifacts'), cycle, { recursive: true });
  // As bin/perfgate.mjs starts the CLI: its memory setting first (src/cli/memory.ts).
  const script = `
    await import(${JSON.stringify(path.join(ROOT, 'src/cli/memory.ts'))});
    const { main } = await import(${JSON.stringify(path.join(ROOT, 'src/cli/main.ts'))});
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    let out = '';
    const code = await main(${JSON.stringify([
      'import',
      'load-test',
      file,
      '--service',
      'checkout-api',
      '--scenario',
      'bench',
      '--kind',
      'load',
      '--phase',
      'after',
      '--id',
      'bench-jtl',
      '--artifacts',
      path.join(cycle, 'protocol-18'),
      '--json',
    ])}, { stdout: (s) => (out += s), stderr: (s) => (out += s) });
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(c0);
    const run = JSON.parse(out).run;
    console.log(JSON.stringify({ code, ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024, requests: run?.requests, p99: run?.latency_ms?.p99 }));
  `;
  const res = spawnSync(process.execPath, ['--no-warnings', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    cwd: ROOT,
  });
  if (res.status !== 0) throw new Error(res.stderr || res.stdout);
  return JSON.parse(res.stdout.trim().split('\n').at(-1));
}

/** The naive Python pass: split on commas, nearest-rank percentiles of `elapsed`; seconds and p99. */
function anchorPython(file) {
  const code = `
import math, sys, time
t = time.perf_counter()
v = []
with open(sys.argv[1]) as f:
    next(f)
    for line in f:
        v.append(int(line.split(',', 2)[1]))
v.sort()
p99 = v[max(1, math.ceil(0.99 * len(v))) - 1]
print(time.perf_counter() - t, p99)
`;
  const res = spawnSync('python3', ['-c', code, file], { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(res.stderr);
  const [s, p99] = res.stdout.trim().split(' ').map(Number);
  return { s, p99 };
}

/** \`cut -d, -f2 | sort -n\` and the nearest-rank p99 line of it (awk), timed as one shell pipeline. */
function anchorCut(file) {
  const script =
    'n=$(($(wc -l < "$1") - 1)); r=$(( (99 * n + 99) / 100 )); tail -n +2 "$1" | cut -d, -f2 | sort -n | sed -n "${r}p"';
  const t0 = performance.now();
  const res = spawnSync('bash', ['-c', script, 'bash', file], { encoding: 'utf8' });
  const s = (performance.now() - t0) / 1000;
  if (res.status !== 0) throw new Error(res.stderr);
  return { s, p99: Number(res.stdout.trim()) };
}

const work = mkdtempSync(path.join(os.tmpdir(), 'perfgate-bench-import-'));
try {
  const rows = [];
  for (const mb of [Math.max(1, Math.round(SIZE_MB / 8)), SIZE_MB]) {
    const file = path.join(work, `run-${mb}.jtl`);
    const t0 = performance.now();
    const bytes = generate(file, mb);
    const genMs = performance.now() - t0;
    const r = importOnce(file, work);
    if (r.code !== 0) throw new Error(`import exited ${r.code}`);
    const py = anchorPython(file);
    const cut = anchorCut(file);
    const rate = (s) => (bytes / MB / s).toFixed(0);
    rows.push({
      mb: (bytes / MB).toFixed(0),
      samples: r.requests,
      genS: (genMs / 1000).toFixed(1),
      importS: (r.ms / 1000).toFixed(2),
      mbPerS: rate(r.ms / 1000),
      cpuS: (r.cpuMs / 1000).toFixed(2),
      peakRssMb: r.maxRssMb.toFixed(0),
      p99: r.p99,
      pythonS: py.s.toFixed(2),
      pythonMbPerS: rate(py.s),
      pythonP99: py.p99,
      cutSortS: cut.s.toFixed(2),
      cutSortP99: cut.p99,
    });
    if (py.p99 !== r.p99 || cut.p99 !== r.p99)
      throw new Error(`p99 differs: perfgate ${r.p99}, python ${py.p99}, cut|sort ${cut.p99}`);
    rmSync(file);
  }
  console.log(
    'perfgate import load-test, JMeter JTL (streamed; memory grows with distinct values), beside a naive Python pass and cut | sort -n (2 cores, possibly shared: see the load average)',
  );
  console.log(
    `load average: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.table(rows);
} finally {
  rmSync(work, { recursive: true, force: true });
}
