/**
 * Checking a signed statement: the DSSE signature with the given key, then the subjects' digests.
 * Without a key only the subjects can be compared: a statement that names other digests than the
 * files beside it is stale, and is a finding whether or not a key is given.
 */
import type { KeyObject } from 'node:crypto';
import type { Finding } from '../evidence/findings.ts';
import { parseStrictJson } from '../load/json.ts';
import { decodeUtf8 } from '../load/text.ts';
import { readFileNoFollow } from '../load/walk.ts';
import { errnoCode } from '../evidence/errors.ts';
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

/** A statement file as read, before any signature is checked. */
export interface ReadStatement {
  envelope: DsseEnvelope;
  /** The digest the statement names for each subject (by file name). */
  subjects: Map<string, string>;
  /** The key ids its signatures name (unverified: what the file says). */
  keyids: string[];
}

/** Reads a statement's envelope and subjects; a string says why it is not a perfgate statement. */
export function readStatement(bytes: Buffer): ReadStatement | string {
  const envelope = asEnvelope(parse(bytes));
  if (!envelope) return 'not a DSSE envelope (JSON with payloadType, payload and signatures)';
  if (envelope.payloadType !== PAYLOAD_TYPE)
    return `payloadType is ${JSON.stringify(envelope.payloadType)}, expected ${PAYLOAD_TYPE}`;
  const statement = parse(Buffer.from(envelope.payload, 'base64'));
  if (
    !isObject(statement) ||
    statement._type !== STATEMENT_TYPE ||
    statement.predicateType !== PREDICATE_TYPE ||
    !Array.isArray(statement.subject)
  )
    return `the signed payload is not a perfgate in-toto Statement v1 (${PREDICATE_TYPE})`;
  const subjects = new Map<string, string>();
  for (const s of statement.subject as unknown[]) {
    const sha = isObject(s) && isObject(s.digest) ? s.digest.sha256 : undefined;
    if (isObject(s) && typeof s.name === 'string' && typeof sha === 'string') subjects.set(s.name, sha);
  }
  return { envelope, subjects, keyids: envelope.signatures.map((s) => s.keyid).filter(Boolean) };
}

/**
 * Each subject the statement must name against the digest verify found for it (`digests`): a
 * statement naming other digests vouches for other files (it is stale, or the files were changed).
 */
export function subjectFindings(
  subjects: ReadonlyMap<string, string>,
  digests: ReadonlyMap<string, string | null>,
): Finding[] {
  const out: Finding[] = [];
  for (const name of SUBJECTS) {
    const signed = subjects.get(name);
    const found = digests.get(name) ?? null;
    if (signed === undefined)
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
        message: `sha256 ${found}, but the signed statement says ${signed}: the statement vouches for other files (stale, or these were changed)`,
      });
  }
  return out;
}

/** The statement's bytes, or a finding saying why there are none. */
export async function statementBytes(file: string): Promise<Buffer | Finding> {
  try {
    return await readFileNoFollow(file, 16 * 1024 * 1024);
  } catch (e) {
    return {
      kind: 'signature',
      path: SIGNED_STATEMENT,
      message: `no readable signed statement beside the bundle (${errnoCode(e) ?? String(e)})`,
    };
  }
}

/**
 * Verifies the statement file at `file` with `key`; `digests` holds the SHA-256 that verify found
 * for each subject. Returns the findings (empty when it verifies).
 */
export async function checkStatement(
  file: string,
  key: KeyObject,
  digests: ReadonlyMap<string, string | null>,
): Promise<Finding[]> {
  const f = (message: string): Finding[] => [{ kind: 'signature', path: SIGNED_STATEMENT, message }];
  const bytes = await statementBytes(file);
  if (!Buffer.isBuffer(bytes)) return [bytes];
  const read = readStatement(bytes);
  if (typeof read === 'string') return f(read);
  if (!verifyEnvelope(read.envelope, key))
    return f(
      `no signature verifies with the given ${keyType(key)} key: the statement was altered or signed with another key`,
    );
  return subjectFindings(read.subjects, digests);
}
