/** The artifact contract (ARTIFACTS.md sections 1-2) as data: one entry per input artifact. */

export type ArtifactFormat = 'json' | 'csv' | 'markdown';
export type GateNumber = 1 | 2 | 3 | 4;

export interface ArtifactSpec {
  /** Schema base name; also the key of the artifact in a loaded cycle. */
  name: ArtifactName;
  /** Path inside the cycle directory. */
  path: string;
  format: ArtifactFormat;
  phase: 1 | 2 | 3 | 4;
  required: boolean;
  /** The gates whose own inputs this artifact is (ARTIFACTS.md section 3). */
  gates: GateNumber[];
}

export type ArtifactName =
  | 'performance-intake-report'
  | 'baseline-metrics'
  | 'hypothesis-log'
  | 'profiling-report'
  | 'load-test-results'
  | 'capacity-analysis'
  | 'optimization-plan'
  | 'optimization-validation-report'
  | 'instrumentation-update-log'
  | 'slo-update-record'
  | 'reviewer-signoff'
  | 'continuous-improvement-notes'
  | 'distribution-log'
  | 'gate-waivers';

export const ARTIFACTS: readonly ArtifactSpec[] = [
  {
    name: 'performance-intake-report',
    path: 'performance-intake-report.json',
    format: 'json',
    phase: 1,
    required: true,
    gates: [1, 2],
  },
  {
    name: 'baseline-metrics',
    path: 'baseline-metrics.csv',
    format: 'csv',
    phase: 1,
    required: true,
    gates: [1],
  },
  {
    name: 'hypothesis-log',
    path: 'hypothesis-log.md',
    format: 'markdown',
    phase: 1,
    required: true,
    gates: [1],
  },
  {
    name: 'profiling-report',
    path: 'profiling-report.md',
    format: 'markdown',
    phase: 2,
    required: true,
    gates: [2],
  },
  {
    name: 'load-test-results',
    path: 'load-test-results.json',
    format: 'json',
    phase: 2,
    required: true,
    gates: [2],
  },
  {
    name: 'capacity-analysis',
    path: 'capacity-analysis.md',
    format: 'markdown',
    phase: 2,
    required: true,
    gates: [2],
  },
  {
    name: 'optimization-plan',
    path: 'optimization-plan.json',
    format: 'json',
    phase: 3,
    required: true,
    gates: [3],
  },
  {
    name: 'optimization-validation-report',
    path: 'optimization-validation-report.json',
    format: 'json',
    phase: 3,
    required: true,
    gates: [3],
  },
  {
    name: 'instrumentation-update-log',
    path: 'instrumentation-update-log.md',
    format: 'markdown',
    phase: 3,
    required: true,
    gates: [],
  },
  {
    name: 'slo-update-record',
    path: 'slo-update-record.json',
    format: 'json',
    phase: 4,
    required: true,
    gates: [4],
  },
  {
    name: 'reviewer-signoff',
    path: 'reviewer-signoff.json',
    format: 'json',
    phase: 4,
    required: true,
    gates: [4],
  },
  {
    name: 'continuous-improvement-notes',
    path: 'continuous-improvement-notes.md',
    format: 'markdown',
    phase: 4,
    required: true,
    gates: [],
  },
  {
    name: 'distribution-log',
    path: 'governance/distribution-log.json',
    format: 'json',
    phase: 4,
    required: true,
    gates: [4],
  },
  { name: 'gate-waivers', path: 'gate-waivers.json', format: 'json', phase: 4, required: false, gates: [] },
];

export const ARTIFACT_BY_PATH: ReadonlyMap<string, ArtifactSpec> = new Map(ARTIFACTS.map((a) => [a.path, a]));

/** The evidence manifest perfgate writes into a cycle: the SHA-256 of every evidence file. */
export const EVIDENCE_MANIFEST = 'evidence-manifest.json' as const;

/** The files perfgate itself writes into a cycle directory (ARTIFACTS.md section 4). */
export const GENERATED_FILES = [
  'validation-report.json',
  'PERFORMANCE-REPORT.md',
  'performance-report-manifest.json',
  'gate-config.json',
  'report.html',
  EVIDENCE_MANIFEST,
  'performance-evidence-bundle.zip',
] as const;

export interface UpstreamSpec {
  protocol: 15 | 16 | 17;
  /** Accepted file names, first match wins. */
  files: string[];
  required: boolean;
  description: string;
}

export const UPSTREAM: readonly UpstreamSpec[] = [
  {
    protocol: 15,
    files: ['DEPLOYMENT-REPORT.md'],
    required: true,
    description: 'deployment notes from protocol 15',
  },
  {
    protocol: 16,
    files: ['MONITORING-PACKAGE.zip', 'OBSERVABILITY-BASELINE.md'],
    required: true,
    description: 'monitoring package or observability baseline from protocol 16',
  },
  {
    protocol: 17,
    files: ['INCIDENT-REPORT.md'],
    required: false,
    description: 'incident report from protocol 17',
  },
];

export const SCHEMA_ID_BASE = 'https://perfgate.dev/schemas/protocol-18/';

export function schemaIdOf(name: ArtifactName | 'gates-config'): string {
  return `${SCHEMA_ID_BASE}${name}.schema.json`;
}
