/** Reading signing and verification keys (PEM) with errors that say what to fix. */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { EmitError, errnoCode } from '../evidence/errors.ts';
import { keyType } from './dsse.ts';

const GENERATE =
  'Generate one with `openssl genpkey -algorithm ed25519 -out key.pem` (or `-algorithm EC -pkeyopt ec_paramgen_curve:P-256`) and its public key with `openssl pkey -in key.pem -pubout -out pub.pem`.';

async function readPem(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    throw new EmitError(
      `Could not read the ${what} ${file} (${errnoCode(e) ?? String(e)})`,
      GENERATE,
      'failed',
    );
  }
}

/** A PKCS#8 PEM private key, Ed25519 or ECDSA P-256. */
export async function loadSigningKey(file: string): Promise<KeyObject> {
  const pem = await readPem(file, 'signing key');
  if (pem.includes('-----BEGIN ENCRYPTED PRIVATE KEY-----'))
    throw new EmitError(
      `${file} is an encrypted private key`,
      `perfgate reads unencrypted keys only: decrypt it with \`openssl pkey -in ${file} -out plain.pem\` into a protected location.`,
      'failed',
    );
  if (!pem.includes('-----BEGIN PRIVATE KEY-----'))
    throw new EmitError(
      `${file} is not a PKCS#8 PEM private key (no "BEGIN PRIVATE KEY" block)`,
      `Convert it with \`openssl pkcs8 -topk8 -nocrypt -in ${file} -out key.pem\`. ${GENERATE}`,
      'failed',
    );
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch (e) {
    throw new EmitError(
      `${file} is not a readable private key (${e instanceof Error ? e.message : String(e)})`,
      GENERATE,
      'failed',
    );
  }
  if (!keyType(key))
    throw new EmitError(
      `${file} is a ${key.asymmetricKeyType} key; perfgate signs with Ed25519 or ECDSA P-256 only`,
      GENERATE,
      'failed',
    );
  return key;
}

/** A PEM public key (SubjectPublicKeyInfo), Ed25519 or ECDSA P-256. */
export async function loadPublicKey(file: string): Promise<KeyObject> {
  const pem = await readPem(file, 'public key');
  if (!pem.includes('-----BEGIN PUBLIC KEY-----'))
    throw new EmitError(
      `${file} is not a PEM public key (no "BEGIN PUBLIC KEY" block)`,
      'Pass the public half: `openssl pkey -in key.pem -pubout -out pub.pem`.',
      'failed',
    );
  let key: KeyObject;
  try {
    key = createPublicKey({ key: pem, format: 'pem' });
  } catch (e) {
    throw new EmitError(
      `${file} is not a readable public key (${e instanceof Error ? e.message : String(e)})`,
      GENERATE,
      'failed',
    );
  }
  if (!keyType(key))
    throw new EmitError(
      `${file} is a ${key.asymmetricKeyType} key; perfgate verifies Ed25519 or ECDSA P-256 only`,
      GENERATE,
      'failed',
    );
  return key;
}
