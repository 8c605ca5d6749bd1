// `npm run bench:import`: `perfgate import load-test` on a generated JMeter JTL of ~1 GiB
// (BENCH_SIZE_MB to change it), and on one eighth of it, each in its own process, printing wall
// time and peak RSS. Memory must stay flat: it grows with distinct latency values, not file size.
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
  const script = `
    import { main } from ${JSON.stringify(path.join(ROOT, 'src/cli/main.ts'))};
    const t0 = performance.now();
    let out = '';
    const code = await main(${JSON.stringify([
      'import', 'load-test', file, '--service', 'checkout-api', '--scenario', 'bench', '--kind', 'load',
      '--phase', 'after', '--id', 'bench-jtl', '--artifacts', path.join(cycle, 'protocol-18'), '--json',
    ])}, { stdout: (s) => (out += s), stderr: (s) => (out += s) });
    const ms = performance.now() - t0;
    const run = JSON.parse(out).run;
    console.log(JSON.stringify({ code, ms, maxRssMb: process.resourceUsage().maxRSS / 1024, requests: run?.requests, p99: run?.latency_ms?.p99 }));
  `;
  const res = spawnSync(process.execPath, ['--no-warnings', '--input-type=module', '-e', script], { encoding: 'utf8', cwd: ROOT });
  if (res.status !== 0) throw new Error(res.stderr || res.stdout);
  return JSON.parse(res.stdout.trim().split('\n').at(-1));
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
    rows.push({ mb: (bytes / MB).toFixed(0), samples: r.requests, genS: (genMs / 1000).toFixed(1), importS: (r.ms / 1000).toFixed(1), mbPerS: (bytes / MB / (r.ms / 1000)).toFixed(0), peakRssMb: r.maxRssMb.toFixed(0), p99: r.p99 });
    rmSync(file);
  }
  console.log('perfgate import load-test, JMeter JTL (streamed; memory grows with distinct values)');
  console.table(rows);
} finally {
  rmSync(work, { recursive: true, force: true });
}
