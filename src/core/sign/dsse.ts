/**
 * DSSE envelopes (https://github.com/secure-systems-lab/dsse): the signature covers the
 * pre-authentication encoding (PAE) of the payload type and body, never the JSON around them.
 */
import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

export interface DsseEnvelope {
  payloadType: string;
  /** The payload, base64 (standard alphabet). */
  payload: string;
  signatures: { keyid: string; sig: string }[];
}

/** `DSSEv1 <len(type)> <type> <len(body)> <body>`, lengths in bytes as ASCII decimal. */
export function pae(payloadType: string, body: Buffer): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([
    Buffer.from(`DSSEv1 ${type.length} `, 'utf8'),
    type,
    Buffer.from(` ${body.length} `, 'utf8'),
    body,
  ]);
}

/** The key types perfgate signs with, and the names it reports them by. */
export type KeyType = 'ed25519' | 'ecdsa-p256';

/** Which supported type a key is, or undefined for any other key. */
export function keyType(key: KeyObject): KeyType | undefined {
  if (key.asymmetricKeyType === 'ed25519') return 'ed25519';
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1')
    return 'ecdsa-p256';
  return undefined;
}

/** Key id: SHA-256 of the public key's SubjectPublicKeyInfo (DER), hex. */
export function keyId(key: KeyObject): string {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return createHash('sha256')
    .update(pub.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

/** Ed25519 signs the message itself; ECDSA P-256 signs its SHA-256, DER-encoded (as cosign does). */
const algorithm = (t: KeyType) => (t === 'ed25519' ? null : 'sha256');

/** Signs `body` into an envelope of one signature. */
export function signEnvelope(payloadType: string, body: Buffer, key: KeyObject): DsseEnvelope {
  const t = keyType(key);
  if (!t) throw new Error('unsupported key type');
  const sig = sign(algorithm(t), pae(payloadType, body), key);
  return {
    payloadType,
    payload: body.toString('base64'),
    signatures: [{ keyid: keyId(key), sig: sig.toString('base64') }],
  };
}

/**
 * Whether any signature of the envelope verifies with `key` over the PAE of its payload. A
 * signature that names a key id must name this key's: the key id is not signed, but an altered
 * one is still an altered statement.
 */
export function verifyEnvelope(env: DsseEnvelope, key: KeyObject): boolean {
  const t = keyType(key);
  if (!t) return false;
  const message = pae(env.payloadType, Buffer.from(env.payload, 'base64'));
  const id = keyId(key);
  return env.signatures.some((s) => {
    if (s.keyid !== '' && s.keyid !== id) return false;
    try {
      return verify(algorithm(t), message, key, Buffer.from(s.sig, 'base64'));
    } catch {
      return false;
    }
  });
}
