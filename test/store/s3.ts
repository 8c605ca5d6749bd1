/**
 * A real S3 API for the store tests: s3rver on 127.0.0.1, started and stopped by the tests, with a
 * key pair of its own whose secret is random (so that a test can grep every output for it); or,
 * when PERFGATE_S3_TEST_ENDPOINT is set, that endpoint with the credentials of the environment
 * (PERFGATE_S3_TEST_BUCKET names a bucket the tests may write to, default `perfgate-test`).
 */
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';

export interface TestStore {
  endpoint: string;
  bucket: string;
  /** A prefix of its own for each run, so that runs against a shared endpoint never meet. */
  prefix: string;
  accessKeyId: string;
  secret: string;
  /** True for s3rver: it checks the access key but not the SigV4 signature. */
  local: boolean;
  /** Keys of the objects written (PUT, multipart completion), for s3rver; empty for another endpoint. */
  writes: string[];
  client: () => S3Client;
  stop: () => Promise<void>;
}

const require = createRequire(import.meta.url);

/** The credentials the SDK's default chain will find, and nothing else (no shared files, no instance metadata). */
export function useCredentials(accessKeyId: string, secret: string): void {
  process.env.AWS_ACCESS_KEY_ID = accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = secret;
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
  process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(os.tmpdir(), 'perfgate-no-aws-credentials');
  process.env.AWS_CONFIG_FILE = path.join(os.tmpdir(), 'perfgate-no-aws-config');
  // Never reach for an instance-metadata address: the tests talk to 127.0.0.1 only.
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  process.env.AWS_REGION ??= 'us-east-1';
}

/** Starts the store for a test file. */
export async function startStore(): Promise<TestStore> {
  const external = process.env.PERFGATE_S3_TEST_ENDPOINT;
  const prefix = `run-${randomBytes(6).toString('hex')}`;
  if (external) {
    const accessKeyId = process.env.AWS_ACCESS_KEY_ID ?? '';
    const secret = process.env.AWS_SECRET_ACCESS_KEY ?? '';
    const bucket = process.env.PERFGATE_S3_TEST_BUCKET ?? 'perfgate-test';
    const client = () =>
      new S3Client({
        endpoint: external,
        forcePathStyle: true,
        region: process.env.AWS_REGION ?? 'us-east-1',
      });
    return {
      endpoint: external,
      bucket,
      prefix,
      accessKeyId,
      secret,
      local: false,
      writes: [],
      client,
      stop: async () => {},
    };
  }
  const S3rver = require('s3rver') as new (o: object) => {
    run: () => Promise<{ port: number }>;
    close: () => Promise<void>;
    on: (event: 'event', fn: (e: { Records: { s3: { object: { key: string } } }[] }) => void) => void;
  };
  const account = require('s3rver/lib/models/account.js') as {
    DUMMY_ACCOUNT: { createKeyPair: (id: string, secret: string) => void };
  };
  const accessKeyId = `PGTEST${randomBytes(6).toString('hex').toUpperCase()}`;
  const secret = `pgsecret-${randomBytes(18).toString('hex')}`;
  account.DUMMY_ACCOUNT.createKeyPair(accessKeyId, secret);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'perfgate-s3rver-'));
  const bucket = 'perfgate-test';
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir });
  const writes: string[] = [];
  server.on('event', (e) => writes.push(...e.Records.map((r) => decodeURIComponent(r.s3.object.key))));
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  useCredentials(accessKeyId, secret);
  const client = () => new S3Client({ endpoint, forcePathStyle: true, region: 'us-east-1' });
  await client().send(new CreateBucketCommand({ Bucket: bucket }));
  return {
    endpoint,
    bucket,
    prefix,
    accessKeyId,
    secret,
    local: true,
    writes,
    client,
    stop: async () => {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The `evidence:` section of a gate config for this store. */
export function storeYaml(s: TestStore, prefix: string, extra = ''): string {
  return `evidence:\n  store: s3://${s.bucket}/${s.prefix}/${prefix}\n  endpoint: ${s.endpoint}\n  region: us-east-1\n  force_path_style: true\n  max_inline_bytes: 1048576\n${extra}`;
}
