/**
 * Evidence in object storage (ARTIFACTS.md section 9) against a real S3 API on 127.0.0.1 (s3rver,
 * or PERFGATE_S3_TEST_ENDPOINT): push, idempotent re-push, pull, verify fetching by digest, a
 * tampered and a missing object, a wrong credential, an interrupted multipart upload, and the
 * archive. Expected digests come from `sha256sum`, objects are read back with the AWS SDK itself,
 * and no output or written file may contain the secret key.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURES, runCli, STACK_TRACE, type CliRun } from '../helpers/cli.ts';
import { startStore, storeYaml, useCredentials, type TestStore } from './s3.ts';

const AS_OF = ['--as-of', '2026-11-21T00:00:00Z'];
const BIG = 'loadtests/raw-run.jtl';
const BIG_BYTES = 12 * 1024 * 1024 + 12345; // three 5 MiB parts: a real multipart upload

let store: TestStore;
const outputs: string[] = [];
let root: string;
let cycle: string;
let config: string;
/** The store's prefix for one test: its own objects, untouched by the others. */
let prefix: string;
let n = 0;

async function cli(args: string[]): Promise<CliRun> {
  const r = await runCli(args);
  outputs.push(r.stdout, r.stderr);
  expect(r.stderr + r.stdout).not.toMatch(STACK_TRACE);
  return r;
}

const sha256sum = (file: string) => execFileSync('sha256sum', [file], { encoding: 'utf8' }).split(' ')[0]!;

/** Deterministic raw data (a JTL-like text): the same bytes in every run. */
function bigFile(): Buffer {
  const lines: string[] = ['timeStamp,elapsed,label,responseCode,success'];
  let size = lines[0]!.length + 1;
  for (let i = 0; size < BIG_BYTES; i++) {
    const line = `${1700000000000 + i},${(i * 7919) % 1000},GET /api,200,true`;
    lines.push(line);
    size += line.length + 1;
  }
  return Buffer.from(lines.join('\n') + '\n').subarray(0, BIG_BYTES);
}

async function objectBytes(key: string): Promise<Buffer> {
  const out = await store.client().send(new GetObjectCommand({ Bucket: store.bucket, Key: key }));
  return Buffer.from(await out.Body!.transformToByteArray());
}

const args = (cmd: string[], dir = cycle) => [...cmd, '--artifacts', dir, '--config', config];

beforeAll(async () => {
  store = await startStore();
}, 60_000);

afterAll(async () => {
  await store?.stop();
  // The secret never reaches any output, and never any file perfgate wrote (cycle, archive, site).
  expect(outputs.length).toBeGreaterThan(0);
  for (const o of outputs) expect(o).not.toContain(store.secret);
  const grep = spawnSync('grep', ['-rlF', '--', store.secret, root], { encoding: 'utf8' });
  expect(grep.stdout).toBe('');
  expect(grep.status).toBe(1); // grep: no match
}, 60_000);

beforeEach(async () => {
  useCredentials(store.accessKeyId, store.secret);
  root = root ?? (await mkdtemp(path.join(os.tmpdir(), 'perfgate-store-')));
  const run = await mkdtemp(path.join(root, 'case-'));
  await cp(path.join(FIXTURES, 'gates/pass'), run, { recursive: true });
  cycle = path.join(run, 'protocol-18');
  await mkdir(path.join(cycle, 'loadtests'), { recursive: true });
  await writeFile(path.join(cycle, BIG), bigFile());
  config = path.join(run, 'gates.yaml');
  prefix = `${store.prefix}/t${++n}`;
  await writeFile(config, storeYaml(store, `t${n}`));
});

describe('perfgate evidence push', () => {
  it('stores a large file by its SHA-256, leaves a pointer in its place, and sends nothing the second time', async () => {
    const expected = sha256sum(path.join(cycle, BIG));
    const r = await cli([...args(['evidence', 'push']), '--json']);
    expect(r.code).toBe(0);
    const key = `${prefix}/sha256/${expected}`;
    expect(r.json().pushed).toEqual([
      {
        path: BIG,
        sha256: expected,
        bytes: BIG_BYTES,
        object: `s3://${store.bucket}/${key}`,
        action: 'uploaded',
        kept: false,
      },
    ]);
    expect(existsSync(path.join(cycle, BIG))).toBe(false);
    const pointer = JSON.parse(await readFile(path.join(cycle, `${BIG}.perfgate-pointer.json`), 'utf8'));
    expect(pointer).toEqual({
      perfgate_pointer: 1,
      path: BIG,
      sha256: expected,
      bytes: BIG_BYTES,
      object: `s3://${store.bucket}/${key}`,
    });
    expect((await objectBytes(key)).equals(bigFile())).toBe(true);
    // The small files stay: only what is above max_inline_bytes moves.
    expect(existsSync(path.join(cycle, 'load-test-results.json'))).toBe(true);

    // The same bytes in another cycle: the object is read back and found, not sent again.
    const writesBefore = store.writes.length;
    const other = await mkdtemp(path.join(root, 'again-'));
    await cp(path.dirname(cycle), other, { recursive: true });
    const again = path.join(other, 'protocol-18');
    await writeFile(path.join(again, BIG), bigFile());
    await rm(path.join(again, `${BIG}.perfgate-pointer.json`));
    const second = await cli([...args(['evidence', 'push'], again), '--json']);
    expect(second.code).toBe(0);
    expect(second.json().pushed[0].action).toBe('present');
    if (store.local) expect(store.writes.length).toBe(writesBefore);
  });

  it('refuses an object of that name holding other bytes, and keeps the local file', async () => {
    const expected = sha256sum(path.join(cycle, BIG));
    const key = `${prefix}/sha256/${expected}`;
    const forged = bigFile();
    forged[100] = forged[100]! ^ 1;
    await store.client().send(new PutObjectCommand({ Bucket: store.bucket, Key: key, Body: forged }));
    const r = await cli(args(['evidence', 'push']));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`s3://${store.bucket}/${key} already exists with other bytes`);
    expect(r.stderr).toContain(BIG);
    expect(existsSync(path.join(cycle, BIG))).toBe(true);
    expect(existsSync(path.join(cycle, `${BIG}.perfgate-pointer.json`))).toBe(false);
  });

  it('fails with exit 2 on credentials the store refuses, and changes nothing', async () => {
    useCredentials('PGUNKNOWNKEY', store.secret);
    const r = await cli(args(['evidence', 'push']));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/refused the credentials|No credentials/);
    expect(r.stderr).toContain('hint:');
    expect(existsSync(path.join(cycle, BIG))).toBe(true);
    expect(existsSync(path.join(cycle, `${BIG}.perfgate-pointer.json`))).toBe(false);
  });

  it('aborts an interrupted multipart upload: no object, no pointer, the file kept; a new push completes', async () => {
    const { pushFiles, pushCandidates } = await import('../../src/core/store/push.ts');
    const { storeClient, StoreError } = await import('../../src/core/store/client.ts');
    const { storeConfig } = await import('../../src/core/store/config.ts');
    const { walkCycle } = await import('../../src/core/load/walk.ts');
    const s = storeConfig({
      store: `s3://${store.bucket}/${prefix}`,
      endpoint: store.endpoint,
      force_path_style: true,
      max_inline_bytes: 1048576,
    })!;
    const { files } = await walkCycle(cycle);
    const abort = new AbortController();
    let sent = 0;
    const err = await pushFiles(cycle, pushCandidates(files, s), s, storeClient(s), {
      partBytes: 5 * 1024 * 1024,
      signal: abort.signal,
      onBytes: (n) => {
        sent += n;
        if (sent > 6 * 1024 * 1024) abort.abort();
      },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as Error).message).toContain('was interrupted');
    const key = `${prefix}/sha256/${sha256sum(path.join(cycle, BIG))}`;
    const head = await store
      .client()
      .send(new HeadObjectCommand({ Bucket: store.bucket, Key: key }))
      .catch((e: { name: string }) => e.name);
    expect(head).toBe('NotFound');
    expect(existsSync(path.join(cycle, `${BIG}.perfgate-pointer.json`))).toBe(false);
    expect(sha256sum(path.join(cycle, BIG))).toBe(key.split('/').at(-1));
    const r = await cli(args(['evidence', 'push']));
    expect(r.code).toBe(0);
    expect((await objectBytes(key)).equals(bigFile())).toBe(true);
  });
});

describe('stored evidence in report, verify, pull and archive', () => {
  /** Pushes the big file and writes the report: the cycle as a team commits it. */
  async function pushedAndReported(): Promise<string> {
    expect((await cli(args(['evidence', 'push']))).code).toBe(0);
    expect((await cli([...args(['report']), ...AS_OF])).code).toBe(0);
    return `${prefix}/sha256/${sha256sum(path.join(root, 'original.jtl'))}`;
  }

  beforeEach(async () => {
    await writeFile(path.join(root, 'original.jtl'), bigFile());
  });

  it('lists the real file in the manifest with where it is stored; the bundle holds the pointer', async () => {
    const key = await pushedAndReported();
    const manifest = JSON.parse(await readFile(path.join(cycle, 'evidence-manifest.json'), 'utf8'));
    const entry = manifest.files.find((f: { path: string }) => f.path === BIG);
    expect(entry).toMatchObject({
      path: BIG,
      sha256: key.split('/').at(-1),
      bytes: BIG_BYTES,
      stored: { object: `s3://${store.bucket}/${key}`, pointer: `${BIG}.perfgate-pointer.json` },
    });
    expect(manifest.files.some((f: { path: string }) => f.path.endsWith('.perfgate-pointer.json'))).toBe(
      false,
    );
    const listing = execFileSync('unzip', ['-Z1', path.join(cycle, 'performance-evidence-bundle.zip')], {
      encoding: 'utf8',
    });
    expect(listing.split('\n')).toContain(`${BIG}.perfgate-pointer.json`);
    expect(listing.split('\n')).not.toContain(BIG);
    const bundleBytes = (await stat(path.join(cycle, 'performance-evidence-bundle.zip'))).size;
    expect(bundleBytes).toBeLessThan(200_000);

    const dir = await cli([...args(['verify', cycle]).slice(0, 2), '--config', config, '--json']);
    expect(dir.code).toBe(0);
    expect(dir.json().unfetched).toEqual([]);
    const zip = await cli([
      'verify',
      path.join(cycle, 'performance-evidence-bundle.zip'),
      '--config',
      config,
    ]);
    expect(zip.code).toBe(0);
  });

  it('a one-byte change to the stored object fails verify naming the file; pull refuses it and writes nothing', async () => {
    const key = await pushedAndReported();
    const forged = bigFile();
    forged[BIG_BYTES - 1] = forged[BIG_BYTES - 1]! ^ 1;
    await store.client().send(new PutObjectCommand({ Bucket: store.bucket, Key: key, Body: forged }));
    const r = await cli(['verify', cycle, '--config', config, '--json']);
    expect(r.code).toBe(1);
    const problems = r.json().problems as { path: string; kind: string }[];
    expect(problems).toContainEqual(expect.objectContaining({ path: BIG, kind: 'altered' }));
    const human = await cli(['verify', cycle, '--config', config]);
    expect(human.stdout + human.stderr).toContain(BIG);
    const pull = await cli(args(['evidence', 'pull']));
    expect(pull.code).toBe(1);
    expect(pull.stderr).toContain(`does not hold the bytes of ${BIG}`);
    expect(existsSync(path.join(cycle, BIG))).toBe(false);
    expect(
      (await readdir(path.join(cycle, '.perfgate')).catch(() => [])).filter((f) => f.startsWith('pull')),
    ).toEqual([]);
  });

  it('a missing object fails verify as missing', async () => {
    const key = await pushedAndReported();
    await store.client().send(new DeleteObjectCommand({ Bucket: store.bucket, Key: key }));
    const r = await cli(['verify', cycle, '--config', config, '--json']);
    expect(r.code).toBe(1);
    expect(r.json().problems).toContainEqual(
      expect.objectContaining({
        path: BIG,
        kind: 'missing',
        message: expect.stringContaining('is not in the object store'),
      }),
    );
  });

  it('offline or with a refused credential, verify names what it could not check and exits 1 unless --allow-unfetched', async () => {
    await pushedAndReported();
    const offline = await cli(['verify', cycle, '--config', config, '--offline']);
    expect(offline.code).toBe(1);
    expect(offline.stdout).toContain(`could not be fetched and checked`);
    expect(offline.stdout).toContain(BIG);
    useCredentials('PGUNKNOWNKEY', store.secret);
    const denied = await cli(['verify', cycle, '--config', config, '--json']);
    expect(denied.code).toBe(1);
    expect(denied.json().problems).toEqual([]);
    expect(denied.json().unfetched).toEqual([
      expect.objectContaining({
        path: BIG,
        reason: expect.stringMatching(/refused the credentials|No credentials/),
      }),
    ]);
    const allowed = await cli(['verify', cycle, '--config', config, '--allow-unfetched']);
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain('not checked (--allow-unfetched)');
  });

  it('archive pushes first and commits kilobytes; a fresh clone pulls, and verify fetches and passes', async () => {
    const archive = path.join(path.dirname(cycle), 'cycles');
    const r = await cli([...args(['archive']), '--archive', archive, ...AS_OF, '--json']);
    expect(r.code).toBe(0);
    expect(r.json().notes.join('\n')).toContain(`stored ${BIG} as s3://`);
    const frozen = path.join(archive, r.json().cycle_id);
    const du = Number(execFileSync('du', ['-sb', frozen], { encoding: 'utf8' }).split('\t')[0]);
    expect(du).toBeLessThan(300_000);
    expect(existsSync(path.join(frozen, BIG))).toBe(false);

    // A fresh clone: what git holds (the cycle with its pointer, the archive), nothing else.
    const clone = await mkdtemp(path.join(root, 'clone-'));
    await cp(path.dirname(cycle), clone, { recursive: true });
    await rm(path.join(clone, 'protocol-18', '.perfgate'), { recursive: true, force: true });
    const archived = await cli(['verify', path.join(clone, 'cycles'), '--config', config]);
    expect(archived.code).toBe(0);
    const pulled = await cli([...args(['evidence', 'pull'], path.join(clone, 'protocol-18')), '--json']);
    expect(pulled.code).toBe(0);
    expect(pulled.json().pulled).toEqual([expect.objectContaining({ path: BIG, action: 'downloaded' })]);
    expect(sha256sum(path.join(clone, 'protocol-18', BIG))).toBe(sha256sum(path.join(root, 'original.jtl')));
    const again = await cli([...args(['evidence', 'pull'], path.join(clone, 'protocol-18')), '--json']);
    expect(again.json().pulled[0].action).toBe('present');
    const verified = await cli(['verify', path.join(clone, 'protocol-18'), '--config', config, '--offline']);
    expect(verified.code).toBe(0);

    // The site of the fresh clone links the object by URL and digest and holds none of its bytes.
    await rm(path.join(clone, 'protocol-18', BIG));
    const site = path.join(clone, 'site');
    const built = await cli([
      'build',
      '--artifacts',
      path.join(clone, 'protocol-18'),
      '--archive',
      path.join(clone, 'cycles'),
      '--config',
      config,
      '--out',
      site,
      '--no-fail-on-gate',
      ...AS_OF,
    ]);
    expect(built.code).toBe(0);
    const page = await readFile(
      path.join(site, 'cycles', r.json().cycle_id, 'evidence', 'index.html'),
      'utf8',
    );
    expect(page).toContain(
      `s3://${store.bucket}/${prefix}/sha256/${sha256sum(path.join(root, 'original.jtl'))}`,
    );
    const copies = execFileSync('find', [site, '-name', 'raw-run.jtl*'], { encoding: 'utf8' }).trim();
    expect(copies).toBe('');
  }, 120_000);

  it('pull never overwrites a different local file', async () => {
    await pushedAndReported();
    await writeFile(path.join(cycle, BIG), 'not the stored file\n');
    const r = await cli(args(['evidence', 'pull']));
    expect(r.code).not.toBe(0);
    expect(await readFile(path.join(cycle, BIG), 'utf8')).toBe('not the stored file\n');
  });
});
