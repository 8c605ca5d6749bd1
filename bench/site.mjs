// `npm run bench:site`: the site build against a bare Astro site of the same size, in one run.
//   node bench/site.mjs [--sizes 50,200,1000] [--keep]
// For each size: a synthetic archive of N cycles (test/site/synthetic-archive.ts, frozen by
// bench/freeze.mjs as `perfgate archive` would leave it), built by the real
// `perfgate build` (cold, then again with its cache warm). For 200 cycles also a bare Astro 7 site
// with the same number of pages of the same average size. Each build runs as a child process tree
// whose resident memory is sampled from /proc every 50 ms: "peak RSS" is the largest sum over the tree;
// each process's own peak is printed too ("main" is perfgate's process with its worker threads).
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeSyntheticArchive, writeUpstream } from '../test/site/synthetic-archive.ts';
import { freezeArchive } from './freeze.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');
const argv = process.argv.slice(2);
const sizesAt = argv.indexOf('--sizes');
const sizes = (sizesAt >= 0 ? argv[sizesAt + 1] : '50,200,1000').split(',').map(Number);
const keep = argv.includes('--keep');
const COMPARE_AT = 200;

/** What a process of the tree is, from its command line (`root` is the command that was run). */
function roleOf(pid, root, cmdline) {
  if (cmdline.includes('render-child')) return 'history+pages';
  if (cmdline.includes('bundle-child')) return 'bundler';
  if (cmdline.includes('pagefind')) return 'Pagefind';
  return pid === root ? 'main' : 'other';
}

/** RSS in bytes of `pid` and all its descendants, from /proc: the sum and the sum by role. */
async function treeRss(pid) {
  const children = new Map();
  for (const name of await readdir('/proc').catch(() => [])) {
    if (!/^\d+$/.test(name)) continue;
    const st = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => '');
    const ppid = Number(st.slice(st.lastIndexOf(')') + 2).split(' ')[1]);
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid).push(Number(name));
  }
  let total = 0;
  const byRole = {};
  const stack = [[pid, null]];
  while (stack.length) {
    const [p, parentCmdline] = stack.pop();
    const status = await readFile(`/proc/${p}/status`, 'utf8').catch(() => '');
    const m = /VmRSS:\s+(\d+) kB/.exec(status);
    const cmdline = await readFile(`/proc/${p}/cmdline`, 'utf8').catch(() => '');
    // A child caught between fork and exec is still a copy of its parent: its pages are the
    // parent's, already counted.
    if (m && cmdline !== parentCmdline) {
      const role = roleOf(p, pid, cmdline);
      total += Number(m[1]) * 1024;
      byRole[role] = (byRole[role] ?? 0) + Number(m[1]) * 1024;
    }
    stack.push(...(children.get(p) ?? []).map((c) => [c, cmdline]));
  }
  return { total, byRole };
}

/** Runs a command, sampling its tree's RSS; resolves with wall time, peak RSS and output. */
function measured(cmd, args, opts) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    let peak = 0;
    const roles = {};
    let sampling = false;
    const timer = setInterval(async () => {
      if (sampling) return;
      sampling = true;
      const { total, byRole } = await treeRss(child.pid);
      peak = Math.max(peak, total);
      for (const [role, bytes] of Object.entries(byRole)) roles[role] = Math.max(roles[role] ?? 0, bytes);
      sampling = false;
    }, 50);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(timer);
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) reject(new Error(`${cmd} ${args.join(' ')} exited ${code}\n${stderr}`));
      else {
        const peakMbByProcess = Object.fromEntries(
          Object.entries(roles).map(([r, b]) => [r, b / 1024 / 1024]),
        );
        resolve({ seconds, peakMb: peak / 1024 / 1024, peakMbByProcess, stdout, stderr });
      }
    });
  });
}

const env = { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' };

async function perfgateBuild(work, out) {
  return measured(
    process.execPath,
    [
      path.join(ROOT, 'bin/perfgate.mjs'),
      'build',
      '--artifacts',
      path.join(work, 'protocol-18'),
      '--archive',
      path.join(work, 'cycles'),
      '--config',
      path.join(ROOT, 'test/fixtures/site/gates.yaml'),
      '--out',
      out,
      '--base',
      '/demo/',
      '--as-of',
      '2026-11-21T00:00:00Z',
      '--json',
    ],
    { env, cwd: work },
  );
}

/** HTML pages of a built site: their count and average size. */
async function pagesOf(dir) {
  let pages = 0;
  let bytes = 0;
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile() || !e.name.endsWith('.html')) continue;
    pages++;
    bytes += (await stat(path.join(e.parentPath, e.name))).size;
  }
  return { pages, avg: Math.round(bytes / pages) };
}

/** A bare Astro 7 project of `pages` pages of about `avg` bytes each, built with `astro build`. */
async function bareAstro(work, pages, avg) {
  const proj = path.join(work, 'bare');
  await mkdir(path.join(proj, 'src/pages/p'), { recursive: true });
  await symlink(path.join(ROOT, 'node_modules'), path.join(proj, 'node_modules'), 'dir');
  await writeFile(path.join(proj, 'package.json'), '{"name":"bare","private":true,"type":"module"}\n');
  await writeFile(
    path.join(proj, 'astro.config.mjs'),
    "export default { build: { format: 'directory' } };\n",
  );
  // About 45 bytes a table row once rendered, 600 for the rest of the page.
  const rows = Math.max(1, Math.round((avg - 600) / 45));
  await writeFile(
    path.join(proj, 'src/pages/p/[n].astro'),
    `---
export function getStaticPaths() {
  return Array.from({ length: ${pages} }, (_, i) => ({ params: { n: String(i) } }));
}
const { n } = Astro.params;
const rows = Array.from({ length: ${rows} }, (_, i) => ({ k: \`metric-\${n}-\${i}\`, v: (Number(n) * 31 + i * 7) % 1000 }));
---
<html lang="en"><head><meta charset="utf-8"><title>Page {n}</title></head>
<body><h1>Page {n}</h1><table>{rows.map((r) => <tr><td>{r.k}</td><td>{r.v}</td></tr>)}</table></body></html>
`,
  );
  const r = await measured(process.execPath, [path.join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'build'], {
    env,
    cwd: proj,
  });
  return { ...r, ...(await pagesOf(path.join(proj, 'dist'))) };
}

const fmt = (r) => `${r.seconds.toFixed(1)} s, peak RSS ${r.peakMb.toFixed(0)} MB`;
/** Each process's own peak (they need not peak at the same moment; the tree's peak is above). */
const byProcess = (r) =>
  Object.entries(r.peakMbByProcess)
    .map(([role, mb]) => `${role} ${mb.toFixed(0)} MB`)
    .join(', ');
const results = [];
for (const n of sizes) {
  const work = await mkdtemp(path.join(os.tmpdir(), `perfgate-bench-site-${n}-`));
  try {
    const cycles = await writeSyntheticArchive(path.join(work, 'cycles'), n);
    await rename(path.join(work, 'cycles', cycles.at(-1).cycle_id), path.join(work, 'protocol-18'));
    // Archived as `perfgate archive` leaves them: frozen decision, manifests chained, bundles.
    await freezeArchive(path.join(work, 'cycles'), path.join(ROOT, 'test/fixtures/site/gates.yaml'));
    await writeUpstream(path.join(work, 'protocol-18'));
    const out = path.join(work, 'dist');
    const cold = await perfgateBuild(work, out);
    const warm = await perfgateBuild(work, out);
    const site = await pagesOf(out);
    console.log(
      `${n} cycles: perfgate build ${fmt(cold)} (cache warm: ${fmt(warm)}); ${site.pages} pages, ${(site.avg / 1024).toFixed(1)} KB average`,
    );
    for (const [run, r] of [
      ['cold', cold],
      ['warm', warm],
    ])
      for (const line of r.stderr.split('\n').filter((l) => l.startsWith('perfgate: ')))
        console.log(`  ${run} ${line.slice('perfgate: '.length)}`);
    for (const [run, r] of [
      ['cold', cold],
      ['warm', warm],
    ])
      console.log(`  ${run} peak RSS by process: ${byProcess(r)}`);
    const row = { cycles: n, pages: site.pages, avg_page_bytes: site.avg, cold, warm };
    if (n === COMPARE_AT) {
      const bare = await bareAstro(work, site.pages, site.avg);
      console.log(
        `${n} cycles: bare Astro ${bare.pages} pages of ${(bare.avg / 1024).toFixed(1)} KB: ${fmt(bare)} (${byProcess(bare)})`,
      );
      console.log(
        `${n} cycles: ratio perfgate/bare ${(cold.seconds / bare.seconds).toFixed(2)} cold, ${(warm.seconds / bare.seconds).toFixed(2)} warm`,
      );
      row.bare = bare;
    }
    results.push(row);
  } finally {
    if (!keep) await rm(work, { recursive: true, force: true });
  }
}
const per = results.map((r) => `${r.cycles}: ${(r.cold.seconds / r.cycles).toFixed(3)} s/cycle`).join(', ');
console.log(`time per cycle (cold): ${per}`);
