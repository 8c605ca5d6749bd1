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
    forged[100] ^= 1;
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
