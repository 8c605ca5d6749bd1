/** What `perfgate verify` reports: every finding names its file (and, in an archive, its cycle). */
import type { Finding } from '../evidence/findings.ts';
import type { SignedBy } from '../evidence/manifest.ts';

/** A stored file whose bytes could not be checked (offline, no credentials). */
export interface Unfetched {
  path: string;
  object: string;
  reason: string;
  cycle?: string;
}

/** One cycle of an archive, as verify found it (chain order: period end as an instant, then id). */
export interface ChainLink {
  cycle_id: string;
  /** Its folder in the archive; a pruned cycle's tombstone is `.pruned/<cycle_id>`. */
  dir: string;
  period_end: string | null;
  manifest_sha256: string | null;
  bundle_sha256: string | null;
  previous_manifest_sha256: string | null;
  /** A cycle that prune removed, of which the archive keeps a tombstone. */
  pruned: boolean;
  /** When prune removed it (its tombstone's note; null when unreadable or not pruned). */
  pruned_at: string | null;
  /** The signing key its manifest records (`signed_by.keyid`); null when it records none. */
  signed_by: string | null;
  /** The manifest's digest of validation-report.json (a subject of a signed statement). */
  validation_report_sha256: string | null;
  /** Whether this cycle's own files, its bundle and its link verified (a tombstone: its checks). */
  ok: boolean;
}

export interface VerifyReport {
  kind: 'bundle' | 'directory' | 'archive';
  target: string;
  cycle_id: string | null;
  generated_at: string | null;
  /** Files whose digest matched. */
  matched: number;
  /** SHA-256 of the whole bundle file checked (null when there is none or it was not readable). */
  bundle_sha256: string | null;
  /** SHA-256 of the manifest checked. */
  manifest_sha256: string | null;
  /** The manifest's chain link (bundle and directory). */
  previous_manifest_sha256?: string | null;
  /** The manifest's digest of validation-report.json (a subject of the signed statement). */
  validation_report_sha256?: string | null;
  /** The signing key the manifest records (bundle and directory); null: it records none. */
  signed_by?: SignedBy | null;
  /** For an archive: the newest cycle's manifest SHA-256. */
  chain_head?: string | null;
  cycles?: ChainLink[];
  /** For --key: the signed statement's outcome. */
  signature?: { file: string; key_type: string; verified: boolean } | null;
  problems: Finding[];
  /** Stored files whose objects could not be fetched and checked (offline, no credentials): section 9. */
  unfetched?: Unfetched[];
  /** Things worth knowing that are not failures (e.g. upstream files not present here). */
  notes: string[];
}
