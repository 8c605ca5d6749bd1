/**
 * The signed statement `perfgate report --sign-key` writes beside the bundle: an in-toto
 * Statement v1 (subjects: bundle, evidence manifest, validation report) in a DSSE envelope.
 */
import type { KeyObject } from 'node:crypto';
import { signEnvelope, type DsseEnvelope } from './dsse.ts';
import { EVIDENCE_MANIFEST } from '../artifacts.ts';

export const SIGNED_STATEMENT = 'performance-evidence.intoto.json';
export const PAYLOAD_TYPE = 'application/vnd.in-toto+json';
export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
/** Documented in content/docs/auditors.mdx ("The signed statement"). */
export const PREDICATE_TYPE = 'https://perfgate.dev/attestations/decision/v1';
/** The files a statement names, in this order. */
export const SUBJECTS = [
  'performance-evidence-bundle.zip',
  EVIDENCE_MANIFEST,
  'validation-report.json',
] as const;

export interface Decision {
  cycle_id: string | null;
  evaluated_at: string;
  exit_code: number;
  gates: { gate: number; name: string; status: string }[];
}

export interface Statement {
  _type: typeof STATEMENT_TYPE;
  subject: { name: string; digest: { sha256: string } }[];
  predicateType: typeof PREDICATE_TYPE;
  predicate: Decision;
}

/** The statement for a cycle's outputs; `digests` maps every SUBJECTS name to its SHA-256. */
export function buildStatement(digests: ReadonlyMap<string, string>, decision: Decision): Statement {
  return {
    _type: STATEMENT_TYPE,
    subject: SUBJECTS.map((name) => {
      const sha256 = digests.get(name);
      if (!sha256) throw new Error(`no digest for ${name}`);
      return { name, digest: { sha256 } };
    }),
    predicateType: PREDICATE_TYPE,
    predicate: {
      cycle_id: decision.cycle_id,
      evaluated_at: decision.evaluated_at,
      exit_code: decision.exit_code,
      gates: decision.gates.map((g) => ({ gate: g.gate, name: g.name, status: g.status })),
    },
  };
}

/** The envelope file's bytes: deterministic for Ed25519 (ECDSA signatures carry a random nonce). */
export function signedStatementBytes(statement: Statement, key: KeyObject): Buffer {
  const env: DsseEnvelope = signEnvelope(PAYLOAD_TYPE, Buffer.from(JSON.stringify(statement), 'utf8'), key);
  return Buffer.from(JSON.stringify(env, null, 2) + '\n', 'utf8');
}
