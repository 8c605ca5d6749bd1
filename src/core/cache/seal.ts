/**
 * The seal of the build cache: an HMAC-SHA256 over each entry, made with a secret that never lives
 * in the cache (cache/secret.ts). Anyone can compute an entry's key and write beside --out; only a
 * perfgate holding the secret can make an entry that a build will use, so a planted, restored or
 * committed cache can cost a build time but never change what it decides, publishes, copies or
 * runs (ARTIFACTS.md section 5, "A cache only saves time").
 *
 * A seal covers the kind of entry and its key as well as its bytes: an authentic entry moved under
 * another key, or read as another kind, does not verify.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface CacheSeal {
  /** The seal (hex) of `body`, stored as entry `key` of `kind`. */
  sign(kind: string, key: string, body: Uint8Array | string): string;
  /** Whether `mac` is the seal of `body` as entry `key` of `kind`. */
  check(kind: string, key: string, body: Uint8Array | string, mac: string): boolean;
}

const HEX_MAC = /^[0-9a-f]{64}$/;

/** A seal made with `secret` (at least 32 bytes). */
export function cacheSeal(secret: Uint8Array): CacheSeal {
  if (secret.length < 32) throw new Error('a cache secret has at least 32 bytes');
  const key = Buffer.from(secret);
  const mac = (kind: string, entry: string, body: Uint8Array | string) =>
    createHmac('sha256', key).update(`perfgate-cache\0${kind}\0${entry}\0`).update(body).digest();
  return {
    sign: (kind, entry, body) => mac(kind, entry, body).toString('hex'),
    check(kind, entry, body, given) {
      if (!HEX_MAC.test(given)) return false;
      return timingSafeEqual(mac(kind, entry, body), Buffer.from(given, 'hex'));
    },
  };
}

/** A sealed file's bytes: the seal on the first line, then the body. */
export function sealedBytes(seal: CacheSeal, kind: string, key: string, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${seal.sign(kind, key, body)}\n`), body]);
}

/** The body of a sealed file when its seal verifies as entry `key` of `kind`, else undefined. */
export function unsealed(seal: CacheSeal, kind: string, key: string, bytes: Buffer): Buffer | undefined {
  const nl = bytes.indexOf(0x0a);
  if (nl !== 64) return undefined;
  const body = bytes.subarray(nl + 1);
  return seal.check(kind, key, body, bytes.subarray(0, nl).toString('latin1')) ? body : undefined;
}
