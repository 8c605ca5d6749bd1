/** What `perfgate verify --recompute` reports: per cycle, the frozen decision against a re-decision. */

/** One value of the frozen decision that the re-decision does not reproduce. */
export interface Difference {
  /** The gate (1-4), or null for the cycle's own fields (exit code, config). */
  gate: number | null;
  /** The criterion id, or null for the gate's (or the cycle's) own fields. */
  criterion: string | null;
  /** What differs: `status`, `actual`, `threshold`, `operator`, `items[run checkout-load].value`, `exit_code`... */
  field: string;
  /** As frozen in validation-report.json (undefined: the frozen decision has no such thing). */
  frozen: unknown;
  /** As re-decided (undefined: the re-decision has no such thing). */
  recomputed: unknown;
}

/** Which config a cycle was re-decided with. */
export interface RecomputeConfig {
  /** `gate-config.json`, or `validation-report.json#/config` for a cycle frozen before gate-config.json existed. */
  source: string;
  /** SHA-256 of the config as gate-config.json bytes (the file's own digest when it is the source). */
  sha256: string;
  /** Said to the auditor, e.g. that the cycle has no gate-config.json. */
  note?: string;
}

export interface CycleRecompute {
  /** The cycle directory's name in an archive, else the path given. */
  cycle: string;
  cycle_id: string | null;
  /** `same`: every value reproduced; `differs`: see differences; `not-recomputable`: see reason. */
  outcome: 'same' | 'differs' | 'not-recomputable';
  /** The perfgate version that decided (validation-report.json, else the manifest's `tool`), or null. */
  frozen_version: string | null;
  /** Where frozen_version was read. */
  frozen_version_from: 'validation-report.json' | 'evidence-manifest.json' | null;
  /** The evaluation time re-used: the frozen `evaluated_at`. */
  evaluated_at: string | null;
  config: RecomputeConfig | null;
  differences: Difference[];
  /** Why the cycle cannot be re-decided (file and what was expected). */
  reason?: string;
}

export interface RecomputeReport {
  target: string;
  kind: 'bundle' | 'directory' | 'archive';
  /** The running perfgate's version. */
  perfgate_version: string;
  cycles: CycleRecompute[];
}

/** The files of a frozen cycle that re-deciding reads besides its evidence. */
export interface FrozenFiles {
  /** validation-report.json, gate-config.json and evidence-manifest.json, when present. */
  get(name: string): Buffer | undefined;
}
