/**
 * One cycle's site record: its gates decided (current) or read back (archived, frozen), its
 * evidence listed, its Markdown artifacts and report rendered with links kept inside the cycle.
 */
import { ARTIFACTS } from '../artifacts.ts';
import { diag, sortDiagnostics, type Diagnostic } from '../diagnostics.ts';
import { evaluateCycle } from '../evaluate/index.ts';
import type { CycleEvaluation } from '../evaluate/types.ts';
import { buildEvaluationInput } from '../evaluate/input.ts';
import { PERFGATE_VERSION } from '../evidence/tool.ts';
import { readFrozenEvaluation } from './frozen.ts';
import { rewordFrozen } from './frozen-words.ts';
import { decideCycle } from '../decide.ts';
import { validateCycle } from '../validate/index.ts';
import { cycleDetails, cycleVerdict } from './details.ts';
import { cycleDownload, readEvidence, type CopyRequest } from './evidence.ts';
import { type LoadedCycle } from '../load/cycle.ts';
import { readText } from '../load/read.ts';
import type { ValidationResult } from '../validate/index.ts';
import type { CycleLinks } from './cycle-links.ts';
import { cycleProfiles } from './profiles.ts';
import { cycleSloBudgets } from '../slo/index.ts';
import { inThread, type MarkdownRenderer } from './render-pool.ts';
import type { CycleRecord, CycleSummary, Decision, RenderedArtifact } from './site-data.ts';

const REPORT = 'PERFORMANCE-REPORT.md';

/** A cycle loaded and validated for the history. */
export interface Loaded {
  dir: string;
  source: 'current' | 'archived';
  cycle: LoadedCycle;
  validation: ValidationResult;
  summary: CycleSummary;
}

/** What assembling needs of the history options. */
export interface AssembleOptions {
  evaluatedAt: string;
  base: string;
  /** Where Markdown is rendered (worker threads for a long history); the calling thread by default. */
  renderer?: MarkdownRenderer | undefined;
}

/** Decides (current) or reads (archived) a cycle's gates (also for `perfgate compare`). */
export async function decide(
  l: Loaded,
  opts: AssembleOptions,
): Promise<{ evaluation: CycleEvaluation; decision: Decision; problems: Diagnostic[] }> {
  const evaluateAt = (at: string) => evaluateCycle(buildEvaluationInput(l.cycle, l.validation, at));
  if (l.source === 'current') {
    return {
      evaluation: evaluateAt(opts.evaluatedAt),
      decision: { source: 'current', at: opts.evaluatedAt, by: PERFGATE_VERSION },
      problems: [],
    };
  }
  const frozen = await readFrozenEvaluation(l.cycle);
  if (frozen.kind === 'frozen') {
    const evaluation = frozen.merge(evaluateAt(frozen.evaluatedAt));
    // Re-decided with the config the report records, for this perfgate's words (frozen-words.ts).
    // The same pipeline as `perfgate report` and `verify --recompute` (decide.ts).
    const redone = frozen.config
      ? decideCycle(l.cycle, validateCycle(l.cycle, frozen.config), frozen.evaluatedAt).decided?.evaluation
      : undefined;
    const words = redone ? rewordFrozen(evaluation.gates, redone.gates) : null;
    return {
      evaluation: words ? { ...evaluation, gates: words.gates } : evaluation,
      decision: {
        source: 'frozen',
        at: frozen.evaluatedAt,
        by: frozen.version,
        worded: {
          current: words?.reworded ?? 0,
          frozen: words?.kept ?? evaluation.gates.reduce((n, g) => n + g.criteria.length, 0),
        },
      },
      problems: [],
    };
  }
  const at = l.summary.period?.end ?? opts.evaluatedAt;
  const note =
    frozen.kind === 'broken'
      ? `validation-report.json could not be used (${frozen.reason}); evaluated as of the period end instead.`
      : 'No frozen validation-report.json: evaluated as of the period end with the current config.';
  const problems =
    frozen.kind === 'broken'
      ? [
          diag(
            'archive.frozen-report',
            'error',
            'validation-report.json',
            frozen.reason,
            'Restore the file from the archive history (a frozen cycle is never rewritten).',
            { pointer: frozen.pointer },
          ),
        ]
      : [];
  return {
    evaluation: evaluateAt(at),
    decision: { source: 'period_end', at, by: PERFGATE_VERSION, note },
    problems,
  };
}

/** The site record of one loaded cycle under `slug`, recording the copies it needs. */
export async function assemble(
  l: Loaded,
  slug: string,
  opts: AssembleOptions,
  copies: CopyRequest[],
): Promise<CycleRecord> {
  const { evaluation, decision, problems } = await decide(l, opts);
  const gatesOf = (file: string) => ARTIFACTS.find((a) => a.path === file)?.gates ?? [];
  const evidence = await readEvidence(l.cycle, slug, gatesOf, copies);
  const copied = evidence.files.filter((f) => f.copy !== null).map((f) => f.path);
  const markdown = ARTIFACTS.filter((a) => a.format === 'markdown' && l.cycle.artifacts[a.name]);
  const pages = Object.fromEntries(markdown.map((a) => [a.path, a.name as string]));
  const links = (fromFile: string): CycleLinks => ({ base: opts.base, slug, fromFile, copied, pages });
  const renderer = opts.renderer ?? inThread;
  const artifacts: RenderedArtifact[] = await Promise.all(
    markdown.map(async (a) => {
      const text = l.cycle.artifacts[a.name]?.text ?? '';
      const r = await renderer.render(text, links(a.path));
      return { name: a.name, file: a.path, title: r.title ?? a.path, html: r.html };
    }),
  );
  let report: CycleRecord['report'] = null;
  const reportEntry = l.cycle.files.find((f) => f.path === REPORT);
  if (reportEntry) {
    const text = await readText(reportEntry.abs, REPORT, []);
    const raw = await cycleDownload(l.cycle, slug, REPORT, copies);
    if (text !== undefined && raw) {
      const r = await renderer.render(text, links(REPORT));
      report = {
        name: 'performance-report',
        file: REPORT,
        title: r.title ?? 'Performance report',
        html: r.html,
        raw,
      };
    }
  }
  return {
    ...l.summary,
    diagnostics: sortDiagnostics([...l.summary.diagnostics, ...problems]),
    slug,
    verdict: cycleVerdict(evaluation.gates),
    decision,
    evaluation,
    details: {
      ...cycleDetails(l.validation.artifacts, evaluation),
      profiles: await cycleProfiles(l.cycle, l.validation),
    },
    artifacts,
    report,
    evidence,
    slo_budgets: await cycleSloBudgets(l.cycle, {
      'performance-intake-report': l.validation.valid['performance-intake-report']?.data,
      'load-test-results': l.validation.valid['load-test-results']?.data,
    }),
    previous: null,
    next: null,
    since_previous: null,
    integrity: { state: l.source === 'current' ? 'current' : 'unverified', problems: [] },
  };
}
