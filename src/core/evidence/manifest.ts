/** The names of the integrity files and the signer record that writers and readers of a manifest share. */

export { EVIDENCE_MANIFEST } from '../artifacts.ts';

/** The bundle's checksum file, as `sha256sum -c` reads it. */
export const SUMS = 'SHA256SUMS';

/** The key types perfgate signs with (as `signed_by.key_type` names them). */
export const KEY_TYPES = ['ed25519', 'ecdsa-p256'] as const;

/**
 * Who signed the cycle's decision: the key's fingerprint (SHA-256 of the public key's
 * SubjectPublicKeyInfo DER, hex; the DSSE signature's keyid) and type. Recorded only for a signed
 * run, so that dropping the statement later is detectable; an unsigned manifest has no such key.
 */
export interface SignedBy {
  keyid: string;
  key_type: (typeof KEY_TYPES)[number];
}
