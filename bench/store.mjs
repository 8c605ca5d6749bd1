// `npm run bench:store`: `perfgate evidence push` and `pull` of one large evidence file (1 GiB by
// default; `--mib N`) against a real S3 API on 127.0.0.1 (s3rver, as the store tests use), each in a
// process of its own (wall time and peak RSS, by GNU time), beside the AWS SDK's own upload (`@aws-sdk/lib-storage`
// `Upload` of a file stream) and download (`GetObject` piped to a file) of the same file in the same
// run. The pulled file is checked against the pushed one's SHA-256 by `sha256sum`.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startStore, storeYaml } from '../test/store/s3.ts';
import { compileCli, mibArg } from './compiled.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');
const MIB = 1024 * 1024;
const mib = mibArg(1024);

/** Runs `node <args>` in its own process under GNU time: its wall time and peak RSS (the same meter for all). */
function measured(args) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn('/usr/bin/time', ['-f', 'maxrss-kb %M', process.execPath, '--no-warnings', ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${args.join(' ')} exited ${code}: ${err}`));
      const kb = Number(/maxrss-kb (\d+)/.exec(err)?.[1]);
      resolve({ ms: performance.now() - t0, maxRssMb: kb / 1024 });
    });
  });
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'perfgate-bench-store-'));
const cliBuild = compileCli();
const compiled = cliBuild.dir;
const store = await startStore();
try {
  // The demo's current cycle with its upstream folders, plus one large raw load-test file.
  const root = path.join(tmp, 'work');
  cpSync(path.join(ROOT, '.artifacts'), root, { recursive: true });
  const cycle = path.join(root, 'protocol-18');
  const big = path.join(cycle, 'loadtests', 'big-run.jtl');
  mkdirSync(path.dirname(big), { recursive: true });
  // JTL-like lines, 1 MiB at a time (each MiB differs in its timestamps), written without holding it all.
  const fd = openSync(big, 'w');
  for (let m = 0; m < mib; m++) {
    let chunk = '';
    let k = 0;
    while (chunk.length < MIB)
      chunk += `${1700000000000 + m * 100000 + k},${(k * 37) % 997},checkout,200,true,${k++ % 64}\n`;
    writeSync(fd, chunk.slice(0, MIB));
  }
  closeSync(fd);
  const sha = execFileSync('sha256sum', [big], { encoding: 'utf8' }).split(' ')[0];
  const config = path.join(root, 'gates.yaml');
  writeFileSync(config, storeYaml(store, 'bench'));
  const cli = (cmd, dir) => [
    path.join(compiled, 'run.mjs'),
    'evidence',
    cmd,
    '--artifacts',
    dir,
    '--config',
    config,
    '--json',
  ];

  const rows = [];
  const push = await measured(cli('push', cycle));
  rows.push([`perfgate evidence push (${mib} MiB)`, push]);
  // A fresh copy of the cycle holding the pointer, pulled.
  const clone = path.join(tmp, 'clone');
  cpSync(root, clone, { recursive: true });
  const pull = await measured(cli('pull', path.join(clone, 'protocol-18')));
  rows.push([`perfgate evidence pull (${mib} MiB)`, pull]);
  // push left a pointer in place of the file; the pulled copy is the file again.
  const back = path.join(clone, 'protocol-18', 'loadtests', 'big-run.jtl');
  const pulled = execFileSync('sha256sum', [back], { encoding: 'utf8' }).split(' ')[0];
  if (pulled !== sha) throw new Error(`pulled file differs: ${pulled} != ${sha}`);

  // The anchors: the SDK alone, the same file, the same store.
  const key = `${store.prefix}/anchor/${createHash('sha256').update(String(Date.now())).digest('hex')}`;
  const sdk = path.join(ROOT, 'bench/store-sdk.mjs');
  const sdkArgs = (op, file) => [sdk, op, store.endpoint, store.bucket, key, file];
  rows.push([`AWS SDK Upload (lib-storage), same file`, await measured(sdkArgs('upload', back))]);
  rows.push([
    `AWS SDK GetObject to a file, same file`,
    await measured(sdkArgs('download', path.join(tmp, 'anchor.jtl'))),
  ]);

  console.log(`Evidence store, ${mib} MiB file, s3rver on 127.0.0.1 (${os.cpus().length} cores)`);
  console.log(`${'step'.padEnd(44)}${'wall s'.padStart(9)}${'peak RSS MB'.padStart(13)}`);
  for (const [name, r] of rows)
    console.log(
      `${name.padEnd(44)}${(r.ms / 1000).toFixed(2).padStart(9)}${r.maxRssMb.toFixed(0).padStart(13)}`,
    );
  console.log(`pulled file's SHA-256 equals the pushed file's (sha256sum): ${sha}`);
} finally {
  await store.stop();
  rmSync(tmp, { recursive: true, force: true });
  cliBuild.remove();
}
