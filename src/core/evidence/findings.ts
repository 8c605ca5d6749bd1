/** What a check of the evidence finds (verify, and sign's check of a statement's subjects): every finding names its file. */
import type { Problem } from './zip-checks.ts';

/** Kinds of findings beyond a single file's (zip-checks.ts): the chain, the bundle copy, the signature. */
export type FindingKind =
  Problem['kind'] | 'hidden' | 'differs-from-bundle' | 'chain' | 'pruned' | 'expected-sha256' | 'signature';

/** One reason the evidence cannot be trusted as it stands. */
export interface Finding {
  kind: FindingKind;
  /** The file (relative to its cycle; a bundle entry as `performance-evidence-bundle.zip!/name`). */
  path: string;
  message: string;
  /** In an archive: the cycle directory's name. */
  cycle?: string;
}
