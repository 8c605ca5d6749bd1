/**
 * The S3 client of a store. Credentials come only from the AWS SDK's default chain (environment,
 * shared files, web identity for GitHub's OIDC role, container and instance roles): perfgate never
 * reads, prints or writes one, and its messages carry the SDK's error name and status, never a
 * request's headers.
 */
import { S3Client } from '@aws-sdk/client-s3';
import type { StoreConfig } from './config.ts';
import { PerfgateError } from '../errors.ts';

/** A failure of the store that a user can act on: what happened to which object, and a hint. */
export class StoreError extends PerfgateError {
  /** `unreachable` and `credentials` mean the object could not be checked (offline, no access). */
  readonly reason: 'missing' | 'credentials' | 'unreachable' | 'refused' | 'conflict';
  constructor(message: string, hint: string, reason: StoreError['reason']) {
    // Other bytes under a digest, or none, fail verification (1); the rest are prerequisites (2).
    super(message, hint, reason === 'conflict' || reason === 'missing' ? 1 : 2);
    this.reason = reason;
  }
}

/** A client for `store`. The region falls back to the SDK's own (AWS_REGION, shared config), else us-east-1. */
export function storeClient(store: StoreConfig): S3Client {
  return new S3Client({
    ...(store.endpoint !== undefined ? { endpoint: store.endpoint } : {}),
    region: store.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
    forcePathStyle: store.forcePathStyle,
    // perfgate checks every object by its own SHA-256; the SDK's extra checksums are left to the
    // operations that need them, which S3-compatible stores (R2, GCS, older MinIO) all accept.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
  });
}

interface SdkError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

const CREDENTIAL_NAMES = new Set([
  'AccessDenied',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'InvalidToken',
  'ExpiredToken',
  'TokenRefreshRequired',
  'Forbidden',
]);

/** Turns an SDK or network failure on `what` (an object URL or a bucket) into a StoreError. */
export function storeError(e: unknown, what: string): StoreError {
  const err = (e ?? {}) as SdkError;
  const status = err.$metadata?.httpStatusCode;
  const name = err.name ?? 'Error';
  if (e instanceof StoreError) return e;
  if (name === 'CredentialsProviderError' || /credential/i.test(name))
    return new StoreError(
      `No credentials for the object store to read ${what}`,
      'Give perfgate credentials the usual AWS way: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE with ~/.aws/credentials, or a role (in GitHub Actions: aws-actions/configure-aws-credentials with OIDC). perfgate never reads them from its config or the artifacts.',
      'credentials',
    );
  if (CREDENTIAL_NAMES.has(name) || status === 403 || status === 401)
    return new StoreError(
      `The object store refused the credentials for ${what} (${name}${status ? `, HTTP ${status}` : ''})`,
      'Check that the access key exists, is not expired and may read and write the bucket and prefix (s3:GetObject, s3:PutObject; s3:ListBucket for a 404 instead of a 403 on a missing object).',
      'credentials',
    );
  if (name === 'NoSuchBucket')
    return new StoreError(
      `The bucket of ${what} does not exist at this endpoint`,
      'Check evidence.store, evidence.endpoint and evidence.region in the config, or create the bucket.',
      'refused',
    );
  if (name === 'NoSuchKey' || name === 'NotFound' || status === 404)
    return new StoreError(
      `${what} is not in the object store`,
      'Push it from a cycle that holds the file: `perfgate evidence push`.',
      'missing',
    );
  const net = err.code ?? name;
  if (
    status === undefined ||
    /^(ECONN|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|TimeoutError)/.test(net)
  )
    return new StoreError(
      `Could not reach the object store for ${what} (${net})`,
      'Check the network and evidence.endpoint; offline, `perfgate verify --allow-unfetched` checks everything else.',
      'unreachable',
    );
  return new StoreError(
    `The object store answered ${name} (HTTP ${status}) for ${what}`,
    'Check the store and its configuration (evidence.endpoint, evidence.region, evidence.force_path_style).',
    'refused',
  );
}
