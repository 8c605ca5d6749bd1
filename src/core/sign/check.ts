/** Checking a signed statement: the DSSE signature with the given key, then the subjects' digests. */
import type { KeyObject } from 'node:crypto';
import { parseStrictJson } from '../load/json.ts';
import { decodeUtf8 } from '../load/text.ts';
import { readFileNoFollow } from '../load/walk.ts';
import { errnoCode } from '../emit/errors.ts';
import type { Finding } from '../verify/types.ts';
import { keyType, verifyEnvelope, type DsseEnvelope } from './dsse.ts';
import { PAYLOAD_TYPE, PREDICATE_TYPE, SIGNED_STATEMENT, STATEMENT_TYPE, SUBJECTS } from './statement.ts';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function asEnvelope(v: unknown): DsseEnvelope | undefined {
  if (
    !isObject(v) ||
    typeof v.payloadType !== 'string' ||
    typeof v.payload !== 'string' ||
    !Array.isArray(v.signatures)
  )
    return undefined;
  const sigs = v.signatures.filter(
    (s): s is { keyid: string; sig: string } => isObject(s) && typeof s.sig === 'string',
  );
  return {
    payloadType: v.payloadType,
    payload: v.payload,
    signatures: sigs.map((s) => ({ keyid: String(s.keyid ?? ''), sig: s.sig })),
  };
}

function parse(bytes: Buffer): unknown {
  const text = decodeUtf8(bytes);
  const parsed = text.ok ? parseStrictJson(text.text, SIGNED_STATEMENT) : undefined;
  return parsed && parsed.diagnostics.length === 0 ? parsed.data : undefined;
}

/**
 * Verifies the statement file at `file` with `key`; `digests` holds the SHA-256 that verify found
 * for each subject. Returns the findings (empty when it verifies) and the key type.
 */
export async function checkStatement(
  file: string,
  key: KeyObject,
  digests: ReadonlyMap<string, string | null>,
): Promise<Finding[]> {
  const f = (message: string): Finding[] => [{ kind: 'signature', path: SIGNED_STATEMENT, message }];
  let bytes: Buffer;
  try {
    bytes = await readFileNoFollow(file, 16 * 1024 * 1024);
  } catch (e) {
    return f(`no readable signed statement beside the bundle (${errnoCode(e) ?? String(e)})`);
  }
  const env = asEnvelope(parse(bytes));
  if (!env) return f('not a DSSE envelope (JSON with payloadType, payload and signatures)');
  if (env.payloadType !== PAYLOAD_TYPE)
    return f(`payloadType is ${JSON.stringify(env.payloadType)}, expected ${PAYLOAD_TYPE}`);
  if (!verifyEnvelope(env, key))
    return f(
      `no signature verifies with the given ${keyType(key)} key: the statement was altered or signed with another key`,
    );
  const statement = parse(Buffer.from(env.payload, 'base64'));
  if (
    !isObject(statement) ||
    statement._type !== STATEMENT_TYPE ||
    statement.predicateType !== PREDICATE_TYPE ||
    !Array.isArray(statement.subject)
  )
    return f(`the signed payload is not a perfgate in-toto Statement v1 (${PREDICATE_TYPE})`);
  const out: Finding[] = [];
  for (const name of SUBJECTS) {
    const s = statement.subject.find((x) => isObject(x) && x.name === name) as
      { digest?: { sha256?: unknown } } | undefined;
    const signed = s?.digest?.sha256;
    const found = digests.get(name) ?? null;
    if (typeof signed !== 'string')
      out.push({ kind: 'signature', path: name, message: 'not a subject of the signed statement' });
    else if (found === null)
      out.push({
        kind: 'signature',
        path: name,
        message: `signed as sha256 ${signed}, but not found here to compare`,
      });
    else if (found !== signed)
      out.push({
        kind: 'signature',
        path: name,
        message: `sha256 ${found}, but the signed statement says ${signed}`,
      });
  }
  return out;
}
