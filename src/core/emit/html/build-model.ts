/**
 * report.html's model from what `emit` has computed: the evaluation, the display records the site
 * computes from the same artifacts (`../../history/details.ts`), the profiles drawn by perfgate
 * from the raw profiles (read here: the one I/O of the page), the Markdown artifacts rendered and
 * sanitized, and the digests and bundle names of every file.
 */
import { cmp, type Diagnostic } from '../../diagnostics.ts';
import type { CycleEvaluation, EvaluationInput } from '../../evaluate/types.ts';
import { cycleDetails, cycleVerdict } from '../../history/details.ts';
import { cycleProfiles } from '../../history/profiles.ts';
import type { LoadedCycle } from '../../load/cycle.ts';
import type { ValidLoaded } from '../../validate/validated.ts';
import { bundleName, type StoredInBundle } from '../bundle-evidence.ts';
import type { HashedEvidence, HashedFile, HashedUpstream } from '../evidence.ts';
import type { SloBudgets } from '../../slo/index.ts';
import { renderDocuments } from './documents.ts';
import type { OfflineEvidence, OfflineModel } from './model.ts';

export interface OfflineInput {
  cycle: LoadedCycle;
  input: EvaluationInput;
  evaluation: CycleEvaluation;
  exitCode: 0 | 1 | 2;
  diagnostics: readonly Diagnostic[];
  evidence: readonly HashedEvidence[];
  /** The generated files written before this one (validation report, Markdown report, ...). */
  generated: readonly HashedFile[];
  upstream: readonly HashedUpstream[];
  /** Every other name the bundle will hold (this page, the manifest, SHA256SUMS). */
  alsoBundled: readonly string[];
  gates: ReadonlyMap<string, number[]>;
  mode: StoredInBundle;
  previousManifestSha256: string | null;
  sloBudgets: SloBudgets | null;
  signed: boolean;
  tool: string;
}

/** The profiling report as loaded, with the typed data validation handed on (the profiles read it). */
function profilingReport(o: OfflineInput): Pick<ValidLoaded, 'profiling-report'> {
  const data = o.input.artifacts['profiling-report'];
  const a = o.cycle.artifacts['profiling-report'];
  return data && a ? { 'profiling-report': { ...a, data } } : {};
}

/** Builds the model (reads and draws the linked raw profiles). */
export async function offlineModel(o: OfflineInput): Promise<OfflineModel> {
  const bundled = new Set([
    ...o.evidence.map((f) => bundleName(f, o.mode)),
    ...o.generated.map((f) => f.path),
    ...o.alsoBundled,
  ]);
  const files: OfflineEvidence[] = [
    ...o.evidence.map((f) => ({
      path: f.path,
      sha256: f.sha256,
      bytes: f.bytes,
      role: f.role,
      gates: o.gates.get(f.path) ?? [],
      ...(f.stored ? { object: f.stored.object, pointer: bundleName(f, o.mode) } : {}),
    })),
    ...o.generated.map((f) => ({ ...f, role: 'generated', gates: o.gates.get(f.path) ?? [] })),
  ].sort((a, b) => cmp(a.path, b.path));
  const intake = o.input.artifacts['performance-intake-report'];
  return {
    cycleId: o.evaluation.cycle_id,
    title: intake?.title ?? o.evaluation.cycle_id ?? 'Unnamed cycle',
    period: intake ? { start: intake.period.start, end: intake.period.end } : null,
    verdict: cycleVerdict(o.evaluation.gates),
    exitCode: o.exitCode,
    evaluation: o.evaluation,
    diagnostics: o.diagnostics,
    details: {
      ...cycleDetails(o.input.artifacts, o.evaluation),
      profiles: await cycleProfiles(o.cycle, { valid: profilingReport(o) }),
    },
    files,
    upstream: o.upstream.map((u) => ({
      path: u.path,
      protocol: u.protocol,
      sha256: u.sha256,
      bytes: u.bytes,
    })),
    bundled,
    flameGraphs: o.input.flameGraphs.flat(),
    documents: renderDocuments(o.cycle, bundled),
    previousManifestSha256: o.previousManifestSha256,
    sloBudgets: o.sloBudgets,
    signed: o.signed,
    tool: o.tool,
  };
}
