// `npm run bench:store-flow`: issue 28's whole flow with one large raw JMeter JTL (300 MiB by
// default; `--mib N`) against a real S3 API on 127.0.0.1 (s3rver, as the store tests use), every
// step the real CLI in a process of its own, timed:
//   import load-test -> evidence push -> archive -> git commit (how much the repository grows)
//   -> git clone -> verify (fetches the object and checks it) -> build (links the object, copies
//   none of its bytes) -> one byte of the stored object changed -> verify fails naming the file.
// Exits 1 when a step does not do what it should.
import { execFileSync, spawn } from 'node:child_process';
import {
  closeSync,
  cpSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
  mkdtempSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { startStore, storeYaml } from '../test/store/s3.ts';
import { mibArg } from './compiled.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');
const MIB = 1024 * 1024;
const mib = mibArg(300);
const AS_OF = ['--as-of', '2026-11-21T00:00:00Z'];

const rows = [];
const failures = [];
function check(ok, what) {
  if (!ok) failures.push(what);
}
/**
 * Runs a step (the CLI) in a child process and records its wall time. Never spawnSync: the store
 * (s3rver) answers from this very process, so its event loop must keep running.
 */
function step(name, cmd, args, cwd, expectCode = 0) {
  process.stderr.write(`${name} ...\n`);
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => {
      rows.push([name, (performance.now() - t0) / 1000, status]);
      check(status === expectCode, `${name}: exit ${status}, expected ${expectCode}\n${stdout}\n${stderr}`);
      resolve({ status, stdout, stderr });
    });
  });
}
const perfgate = (args) => [path.join(ROOT, 'bin/perfgate.mjs'), ...args];
const du = (p) => Number(execFileSync('du', ['-sb', p], { encoding: 'utf8' }).split('\t')[0]);

const tmp = mkdtempSync(path.join(os.tmpdir(), 'perfgate-bench-flow-'));
const store = await startStore();
try {
  // A repository holding a cycle (the gate fixture that passes) and its config with the store.
  const repo = path.join(tmp, 'repo');
  cpSync(path.join(ROOT, 'test/fixtures/gates/pass'), repo, { recursive: true });
  writeFileSync(path.join(repo, 'gates.yaml'), storeYaml(store, 'flow'));
  const git = (args, cwd = repo) => execFileSync('git', args, { cwd, encoding: 'utf8' });
  git(['init', '-q']);
  git(['-c', 'user.name=bench', '-c', 'user.email=bench@example.org', 'add', '-A']);
  git(['-c', 'user.name=bench', '-c', 'user.email=bench@example.org', 'commit', '-qm', 'the cycle']);
  const config = ['--config', path.join(repo, 'gates.yaml')];
  const cycle = path.join(repo, 'protocol-18');

  // The raw output of a JMeter run: one sample a line, 10 ms apart, written without holding it all.
  const jtl = path.join(tmp, 'checkout-after.jtl');
  const fd = openSync(jtl, 'w');
  writeSync(fd, 'timeStamp,elapsed,label,responseCode,success,allThreads\n');
  let t = 1763600000000;
  for (let m = 0; m < mib; m++) {
    let chunk = '';
    while (chunk.length < MIB) chunk += `${(t += 10)},${80 + ((t / 10) % 97)},checkout,200,true,32\n`;
    writeSync(fd, chunk);
  }
  closeSync(fd);
  const bytes = du(jtl);

  await step(
    'import load-test',
    process.execPath,
    perfgate([
      'import',
      'load-test',
      jtl,
      '--service',
      'checkout-api',
      '--scenario',
      'peak',
      '--kind',
      'load',
      '--phase',
      'after',
      '--id',
      'checkout-big',
      '--artifacts',
      cycle,
    ]),
    repo,
  );
  const raw = readdirSync(path.join(cycle, 'loadtests')).find((f) => f.startsWith('checkout-big'));
  check(raw !== undefined, 'import: no raw copy in loadtests/');
  const rawPath = `loadtests/${raw}`;
  await step(
    'evidence push',
    process.execPath,
    perfgate(['evidence', 'push', '--artifacts', cycle, ...config]),
    repo,
  );
  await step(
    'archive (report, then freeze)',
    process.execPath,
    perfgate([
      'archive',
      '--artifacts',
      cycle,
      '--archive',
      path.join(repo, 'cycles'),
      ...config,
      ...AS_OF,
      '--allow-failed',
      '--json',
    ]),
    repo,
  );
  const before = du(path.join(repo, '.git'));
  git(['-c', 'user.name=bench', '-c', 'user.email=bench@example.org', 'add', '-A']);
  git([
    '-c',
    'user.name=bench',
    '-c',
    'user.email=bench@example.org',
    'commit',
    '-qm',
    'import, push, archive',
  ]);
  const grew = du(path.join(repo, '.git')) - before;
  check(grew < 2 * MIB, `git grew by ${grew} bytes, expected kilobytes`);

  const clone = path.join(tmp, 'clone');
  git(['clone', '-q', repo, clone], tmp);
  const cycles = path.join(clone, 'cycles');
  const archived = readdirSync(cycles).find((d) => !d.startsWith('.') && !d.endsWith('.json'));
  const verify = await step(
    'verify the archive in a fresh clone (fetches)',
    process.execPath,
    perfgate(['verify', cycles, ...config]),
    clone,
  );
  const site = path.join(tmp, 'site');
  await step(
    'build the site of the clone',
    process.execPath,
    perfgate([
      'build',
      '--artifacts',
      path.join(clone, 'protocol-18'),
      '--archive',
      cycles,
      ...config,
      '--out',
      site,
      '--no-fail-on-gate',
      ...AS_OF,
    ]),
    clone,
  );
  const pointer = JSON.parse(
    readFileSync(path.join(cycles, archived, `${rawPath}.perfgate-pointer.json`), 'utf8'),
  );
  const evidencePage = readFileSync(path.join(site, 'cycles', archived, 'evidence', 'index.html'), 'utf8');
  check(evidencePage.includes(pointer.object), 'build: the evidence page does not link the object');
  const copies = execFileSync('find', [site, '-name', `${raw}*`, '-size', '+1M'], {
    encoding: 'utf8',
  }).trim();
  check(copies === '', `build: the site holds the raw file's bytes: ${copies}`);

  // One byte of the stored object changed: verify fails and names the file.
  const [, bucket, ...key] = pointer.object.replace('s3://', '/').split('/');
  const client = store.client();
  const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key.join('/') }));
  const body = Buffer.from(await got.Body.transformToByteArray());
  body[Math.floor(body.length / 2)] ^= 1;
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: key.join('/'), Body: body }));
  const tampered = await step(
    'verify after one byte of the object changed',
    process.execPath,
    perfgate(['verify', cycles, ...config]),
    clone,
    1,
  );
  check(
    `${tampered.stdout}${tampered.stderr}`.includes(rawPath),
    'verify of the tampered object does not name the file',
  );

  console.log(
    `\nEvidence store flow, one ${(bytes / MIB).toFixed(0)} MiB JMeter JTL, s3rver on 127.0.0.1 (${os.cpus().length} cores)`,
  );
  for (const [name, s, code] of rows)
    console.log(`${name.padEnd(50)}${s.toFixed(2).padStart(8)} s  exit ${code}`);
  console.log(
    `repository growth for import + push + archive: ${(grew / 1024).toFixed(0)} KiB (.git, du -sb)`,
  );
  console.log(
    `archived cycle in the repository: ${(du(path.join(repo, 'cycles')) / 1024).toFixed(0)} KiB; object ${pointer.object}`,
  );
  console.log(
    `verify of the clone: ${
      verify.stdout
        .split('\n')
        .filter((l) => l.includes(rawPath))
        .join(' ') || 'ok'
    }`,
  );
  if (failures.length) {
    console.log(`\nFAILED:\n${failures.join('\n')}`);
    process.exitCode = 1;
  } else console.log('every step did what it should');
} finally {
  await store.stop();
  rmSync(tmp, { recursive: true, force: true });
}
