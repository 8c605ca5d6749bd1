/**
 * The plain records the site renders (computed by the core, serialised by `perfgate build`).
 * Everything here is plain JSON: pages read it and never compute a gate result or a delta.
 */
import type { Diagnostic } from '../diagnostics.ts';
import type { CycleEvaluation, KpiDelta } from '../evaluate/types.ts';
import type { CycleProfiles } from './profiles.ts';
import type { Comparison } from './compare/types.ts';
import type { ChangePoints, KpiShift } from './change-points/types.ts';
import type { QuarterRow } from './quarter-types.ts';
import type { SloBudgets } from '../slo/index.ts';
import type { CycleDiff, GateHistoryBucket, GateHistoryRow, KpiTrend, Timeline, Verdict } from './types.ts';

export type * from './types.ts';

export interface CycleSummary {
  cycle_id: string;
  title: string;
  period: { start: string; end: string } | null;
  /** `current` is the cycle in .artifacts; `archived` ones come from content/cycles. */
  source: 'current' | 'archived';
  /** Directory the cycle was read from, relative to the working directory. */
  dir: string;
  services: string[];
  validation: 'valid' | 'invalid' | 'incomplete';
  counts: { errors: number; warnings: number; missing: number };
  diagnostics: Diagnostic[];
}

/** Where a cycle's gate decisions come from. */
export interface Decision {
  /**
   * `current`: evaluated by this build at its evaluation time; `frozen`: the validation-report.json
   * archived with the cycle; `period_end`: an archived cycle without a frozen report, evaluated as of
   * its intake period end.
   */
  source: 'current' | 'frozen' | 'period_end';
  at: string;
  /** The perfgate version that decided (this build's for `current` and `period_end`); null when a frozen cycle did not record it. */
  by: string | null;
  /** Why the decision is not the frozen one (e.g. an unreadable validation-report.json). */
  note?: string;
  /**
   * A frozen decision: how many criteria are shown in this perfgate's words (re-deciding gave the same
   * values) and how many in the words frozen with them (history/frozen-words.ts).
   */
  worded?: { current: number; frozen: number };
}

/** A file offered for download: a copy under the site root. */
export interface DownloadFile {
  /** Path inside the cycle directory, `/`-separated (upstream files start with `../`). */
  path: string;
  bytes: number;
  sha256: string;
  /** Path of the copy relative to the site root (not URL-encoded); null when there is nothing to copy. */
  copy: string | null;
}

export interface EvidenceFile extends DownloadFile {
  role: string | null;
  gates: number[];
  /**
   * `ok`: the file matches its manifest entry; `altered`/`missing`: it does not; `unlisted`: no
   * manifest; `hash_only`: an upstream file recorded by its hash, not archived with the cycle;
   * `stored`: kept in object storage, its pointer agreeing with the manifest (never downloaded by the build).
   */
  check: 'ok' | 'altered' | 'missing' | 'unlisted' | 'hash_only' | 'stored';
  /** For a stored file: its object's URL (`s3://bucket/prefix/sha256/<hex>`); the site links it, never copies it. */
  object?: string;
  /** An image format the page may show through `<img>`. */
  image: boolean;
}

export interface EvidenceList {
  /** `manifest`: from evidence-manifest.json; `computed`: hashed by this build (no manifest yet). */
  source: 'manifest' | 'computed';
  files: EvidenceFile[];
  /** Files of the cycle directory its manifest does not list (never copied to the site). */
  extra: string[];
  manifest: DownloadFile | null;
  bundle: DownloadFile | null;
  previous_manifest_sha256: string | null;
  /** The signed statement (`report --sign-key`); null for a cycle that was never signed. */
  signature: SignatureInfo | null;
  /** A problem with the manifest itself (unreadable, not the expected shape). */
  problem: string | null;
}

/** A cycle's signed statement as the site shows it (checking the signature needs the public key). */
export interface SignatureInfo {
  /** performance-evidence.intoto.json, published with the evidence; null when it is missing. */
  statement: DownloadFile | null;
  /** The key evidence-manifest.json records (`signed_by`: SHA-256 of its SPKI DER, and type). */
  recorded: { keyid: string; key_type: string } | null;
  /** The key ids the statement's signatures name (what the file says; `verify --key` checks it). */
  keyids: string[];
  /** A statement missing although the manifest records a key, unreadable, or naming other files. */
  problem: string | null;
}

export interface RenderedArtifact {
  /** Page name: the artifact name (e.g. `hypothesis-log`), or `performance-report`. */
  name: string;
  file: string;
  title: string;
  /** Sanitized HTML. */
  html: string;
}

export interface PlanRow {
  id: string;
  title: string;
  service: string;
  kpi: string;
  owner: string;
  risk: string;
  status: string;
  hypothesis: string | null;
  expected_gain_pct: number;
  /** The core's improvement (a fraction) of the target validating this task; null when none. */
  achieved: number | null;
}

export interface HypothesisRow {
  id: string;
  statement: string;
  owner: string | null;
  risk: string | null;
  service: string | null;
  status: string;
  validation: string | null;
  tasks: string[];
}

export interface RunRow {
  id: string;
  service: string;
  scenario: string;
  phase: string;
  kind: string;
  peak_concurrency: number;
  duration_s: number;
  throughput_rps: number;
  error_rate_pct: number;
  /** The run's tool (for "not reported by <tool>"). */
  tool: string;
  /** null: the tool did not report this percentile (never a number). */
  latency_ms: { p50: number | null; p90: number | null; p95: number | null; p99: number | null };
  /** The endpoint the run measured (`import load-test --endpoint`), else null. */
  endpoint: string | null;
  /** The raw tool output in the cycle, to link, else null. */
  source_file: string | null;
}

export interface WaiverRow {
  id: string;
  gate: number;
  criterion: string;
  justification: string;
  approved_by: string;
  approved_at: string;
  expires_at: string;
  compensating_controls: string | null;
  /** From the evaluation: applied, expired or unused. */
  state: 'applied' | 'expired' | 'unused';
}

/** What the cycle's artifacts say, arranged for display (read from valid artifacts only). */
export interface CycleDetails {
  intake: {
    generated_at: string;
    services: { name: string; critical: boolean; prioritized: boolean; owner: string | null }[];
    telemetry: { name: string; kind: string; services: string[] }[];
    pain_points: { service: string; symptom: string }[];
  } | null;
  hypotheses: HypothesisRow[] | null;
  plan: PlanRow[] | null;
  /** Where and when the validation report's before and after were measured. */
  validation?: { environment: string; validated_at: string } | null;
  load_tests: {
    tool: string;
    /** The tool's name and version apart (comparing cycles names each). */
    tool_name: string;
    tool_version: string | null;
    environment: string;
    runs: RunRow[];
  } | null;
  slo: {
    changes: {
      service: string;
      sli: string;
      objective_before: number;
      objective_after: number;
      window: string;
      rationale: string | null;
    }[];
    status: string;
    approvals: { name: string; role: string; signed_at: string }[];
  } | null;
  waivers: WaiverRow[] | null;
  signoffs:
    { reviewer: string; role: string; decision: string; rationale: string; signed_at: string }[] | null;
  distribution: { group: string; channel: string; delivered_at: string }[] | null;
  backlog: { action: string; consumer: string | null }[] | null;
  /** Profiles linked from profiling-report.md, parsed (issue 14); absent when it links none. */
  profiles?: CycleProfiles | null;
}

export interface CycleRecord extends CycleSummary {
  /** URL segment of the cycle (its id when that is a valid slug, unique across the site). */
  slug: string;
  verdict: Verdict;
  decision: Decision;
  evaluation: CycleEvaluation;
  details: CycleDetails;
  /** The Markdown artifacts, rendered and sanitized. */
  artifacts: RenderedArtifact[];
  /** PERFORMANCE-REPORT.md rendered, with its raw download. */
  report: (RenderedArtifact & { raw: DownloadFile }) | null;
  evidence: EvidenceList;
  /** The cycle before this one (older period), for the chain of cycles. */
  previous: { slug: string; cycle_id: string } | null;
  /** The cycle after this one (newer period). */
  next: { slug: string; cycle_id: string } | null;
  /** What changed since the previous cycle; null for the first cycle of the archive. */
  since_previous: CycleDiff | null;
  /** The previous cycle and this one side by side, with comparability warnings (its compare page). */
  compare_previous?: Comparison | null;
  /** Error budgets of the cycle's OpenSLO documents (`slos/*.yaml`); null without any. */
  slo_budgets?: SloBudgets | null;
  /** Lasting shifts of KPI series that began in this cycle (the archive's change points). */
  shifts_began?: KpiShift[];
  /**
   * An archived cycle checked against its manifest and the archive chain: `verified`, `altered`
   * (published only with --allow-altered, with the files), or `unverified` (no manifest to check).
   * The current cycle is `current`.
   */
  integrity: { state: 'verified' | 'altered' | 'unverified' | 'current'; problems: string[] };
}

/** One cycle of the archive chain (chain order: period end as an instant, then id). */
export interface ChainLink {
  cycle_id: string;
  /** Its pages' URL segment; null for a pruned cycle, which has no pages (only its tombstone). */
  slug: string | null;
  manifest_sha256: string | null;
  bundle_sha256: string | null;
  previous_manifest_sha256: string | null;
  /** A cycle that prune removed, of which the archive keeps a tombstone (`.pruned/<cycle_id>`). */
  pruned: boolean;
  /** When prune removed it; null for an archived cycle (or a tombstone without a valid time). */
  pruned_at: string | null;
  /** What the chain check charges to this cycle (its link, its tombstone), `file: message`. */
  problems: string[];
}

export interface SiteData {
  generated_at: string;
  /** Public URL (`--site`), for absolute links in the feed. */
  site: string | null;
  /** Every cycle, newest first. */
  cycles: CycleRecord[];
  /** How many cycles have each verdict. */
  verdicts: Record<Verdict, number>;
  timeline: Timeline;
  trends: KpiTrend[];
  /** Gate statuses counted per cycle, oldest first. */
  gate_history: GateHistoryRow[];
  /** With a calendar timeline: the cycles' outcomes per period, oldest first (empty with `cycle`). */
  gate_history_buckets: GateHistoryBucket[];
  /** Lasting shifts of every KPI series across the archive (E-Divisive with a permutation test). */
  change_points?: ChangePoints;
  /** The quarterly view (protocol 4.2.3): per quarter, oldest first. */
  quarters?: QuarterRow[];
  /**
   * The archive chain as published in chain.json, oldest first: each archived cycle's manifest and
   * bundle SHA-256 and the manifest digest it names as previous.
   */
  chain: ChainLink[];
  /** SHA-256 of the newest archived manifest (the chain head); null without one. */
  chain_head: string | null;
  /** Files `perfgate build` copies into the output: `from` (cycle file on disk) to `to` (site path). */
  copies: { from: string; to: string }[];
}

/** What the pages are rendered from (src/site/data.ts). */
export interface PagesData {
  /** Cycles whose pages come from the page cache: not rendered. */
  cached_slugs: string[];
  data: SiteData;
}

/** Headline deltas of a cycle: its targets (the KPIs the cycle set out to improve). */
export function headlineDeltas(evaluation: CycleEvaluation): KpiDelta[] {
  return evaluation.deltas.kpis.filter((d) => d.role === 'target');
}

/** Joins a base path and a site path: the one join helper for every internal link. */
export function joinBase(base: string, sitePath: string): string {
  return `${base.replace(/\/+$/, '')}/${sitePath.replace(/^\/+/, '')}`;
}

/** Percent-encodes each segment of a `/`-separated path for use in a URL. */
export function encodePath(p: string): string {
  return p.split('/').map(encodeURIComponent).join('/');
}
