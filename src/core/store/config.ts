/** Where stored evidence lives: the `evidence` section of the gate config, resolved (ARTIFACTS.md section 9). */
import type { EvidenceConfig } from '../types/artifacts.generated.ts';

/** A resolved store: bucket, key prefix and how to reach the S3 API. Never holds a credential. */
export interface StoreConfig {
  bucket: string;
  /** The key prefix without a trailing `/` (may be empty). */
  prefix: string;
  endpoint?: string;
  region?: string;
  forcePathStyle: boolean;
  maxInlineBytes: number;
  bundle: 'pointer' | 'object';
}

export const DEFAULT_MAX_INLINE_BYTES = 10 * 1024 * 1024;

/** The store of a config's `evidence` section (already schema-checked), or undefined without one. */
export function storeConfig(evidence: EvidenceConfig | undefined): StoreConfig | undefined {
  if (!evidence) return undefined;
  const rest = evidence.store.slice('s3://'.length);
  const slash = rest.indexOf('/');
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  const prefix = slash < 0 ? '' : rest.slice(slash + 1).replace(/\/+$/, '');
  return {
    bucket,
    prefix,
    ...(evidence.endpoint !== undefined ? { endpoint: evidence.endpoint } : {}),
    ...(evidence.region !== undefined ? { region: evidence.region } : {}),
    forcePathStyle: evidence.force_path_style ?? false,
    maxInlineBytes: evidence.max_inline_bytes ?? DEFAULT_MAX_INLINE_BYTES,
    bundle: evidence.bundle ?? 'pointer',
  };
}

/** The key of the object holding the bytes whose SHA-256 is `hex`: `<prefix>/sha256/<hex>`. */
export function objectKey(store: StoreConfig, hex: string): string {
  return `${store.prefix ? `${store.prefix}/` : ''}sha256/${hex}`;
}

/** The object's URL as pointers and manifests record it: `s3://bucket/<prefix>/sha256/<hex>`. */
export function objectUrl(store: StoreConfig, hex: string): string {
  return `s3://${store.bucket}/${objectKey(store, hex)}`;
}

/** Bucket and key of an `s3://bucket/key` URL (as written by perfgate; checked by the pointer parser). */
export function parseObjectUrl(url: string): { bucket: string; key: string } {
  const rest = url.slice('s3://'.length);
  const slash = rest.indexOf('/');
  return { bucket: rest.slice(0, slash), key: rest.slice(slash + 1) };
}
