/** evidence-manifest.json: every evidence file with its SHA-256, and the link to the previous cycle. */
import { ARTIFACT_BY_PATH } from '../artifacts.ts';
import { cmp } from '../diagnostics.ts';
import type { CycleEvaluation } from '../evaluate/types.ts';
import type { EvidenceRole, HashedEvidence, HashedFile, HashedUpstream } from './evidence.ts';
import type { SignedBy } from '../evidence/manifest.ts';

export interface ManifestFile {
  path: string;
  sha256: string;
  bytes: number;
  generated_at: string;
  verified_by: string;
  role: EvidenceRole;
  gates: number[];
  /** Where a stored file's bytes are (ARTIFACTS.md section 9); absent for a file kept in the cycle. */
  stored?: ManifestStored;
}

/** A stored file's object URL and the pointer that stands for it in the cycle. */
export interface ManifestStored {
  object: string;
  pointer: string;
}

export interface ManifestUpstream {
  path: string;
  protocol: number;
  sha256: string;
  bytes: number;
}

export interface EvidenceManifest {
  cycle_id: string | null;
  generated_at: string;
  tool: string;
  previous_manifest_sha256: string | null;
  signed_by?: SignedBy;
  files: ManifestFile[];
  upstream: ManifestUpstream[];
}

/**
 * Files the protocol names as gate evidence beyond each gate's own inputs: section 6 "Evidence
 * Link" and the section 10 artifact table; gate 4's script reads the report manifest; the
 * validation report records all four gates, decided with the frozen gate config.
 */
const PROTOCOL_EVIDENCE_LINKS: Record<string, number[]> = {
  'instrumentation-update-log.md': [3],
  'continuous-improvement-notes.md': [4],
  'PERFORMANCE-REPORT.md': [4],
  'report.html': [4],
  'performance-report-manifest.json': [4],
  'validation-report.json': [1, 2, 3, 4],
  'gate-config.json': [1, 2, 3, 4],
};

/** The gates that read each file: the artifact's own gates, the protocol's links, and every criterion's evidence. */
export function gatesByFile(evaluation: CycleEvaluation): Map<string, number[]> {
  const sets = new Map<string, Set<number>>();
  const add = (file: string, gate: number) => {
    const s = sets.get(file) ?? new Set<number>();
    s.add(gate);
    sets.set(file, s);
  };
  for (const [file, spec] of ARTIFACT_BY_PATH) for (const g of spec.gates) add(file, g);
  for (const [file, gates] of Object.entries(PROTOCOL_EVIDENCE_LINKS)) for (const g of gates) add(file, g);
  for (const gate of evaluation.gates)
    for (const c of gate.criteria) for (const file of c.evidence) add(file, gate.gate);
  return new Map([...sets].map(([file, s]) => [file, [...s].sort((a, b) => a - b)]));
}

export interface ManifestInput {
  cycleId: string | null;
  generatedAt: string;
  tool: string;
  previousSha256: string | null;
  /** The signing key, for a run that signs its decision (absent: the manifest is unsigned). */
  signedBy?: SignedBy | undefined;
  evidence: readonly HashedEvidence[];
  generated: readonly HashedFile[];
  upstream: readonly HashedUpstream[];
  gates: ReadonlyMap<string, number[]>;
  /** Per-file time taken from the artifact itself (see file-times.ts); else the evaluation time. */
  times: ReadonlyMap<string, string>;
}

/** Builds the manifest with a fixed key order and files sorted by path (code unit). */
export function evidenceManifest(m: ManifestInput): EvidenceManifest {
  const entry = (f: HashedFile, role: EvidenceRole, stored?: ManifestStored): ManifestFile => ({
    path: f.path,
    sha256: f.sha256,
    bytes: f.bytes,
    generated_at: m.times.get(f.path) ?? m.generatedAt,
    verified_by: m.tool,
    role,
    gates: m.gates.get(f.path) ?? [],
    ...(stored ? { stored } : {}),
  });
  const files = [
    ...m.evidence.map((f) =>
      entry(f, f.role, f.stored ? { object: f.stored.object, pointer: f.stored.pointer } : undefined),
    ),
    ...m.generated.map((f) => entry(f, 'generated')),
  ].sort((a, b) => cmp(a.path, b.path));
  const upstream = m.upstream
    .map((u) => ({ path: u.path, protocol: u.protocol, sha256: u.sha256, bytes: u.bytes }))
    .sort((a, b) => a.protocol - b.protocol || cmp(a.path, b.path));
  return {
    cycle_id: m.cycleId,
    generated_at: m.generatedAt,
    tool: m.tool,
    previous_manifest_sha256: m.previousSha256,
    ...(m.signedBy ? { signed_by: { keyid: m.signedBy.keyid, key_type: m.signedBy.key_type } } : {}),
    files,
    upstream,
  };
}

/** `SHA256SUMS`: `<sha256>  <path>` lines sorted by path, as `sha256sum -c` reads them. */
export function sha256Sums(files: readonly HashedFile[]): Buffer {
  const lines = [...files].sort((a, b) => cmp(a.path, b.path)).map((f) => `${f.sha256}  ${f.path}\n`);
  return Buffer.from(lines.join(''), 'utf8');
}
