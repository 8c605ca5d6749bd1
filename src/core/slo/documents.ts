/**
 * The cycle's OpenSLO documents (`slos/*.yaml`): parsed with line numbers, checked against
 * `schemas/openslo-slo.schema.json`, then against what perfgate can compute (ARTIFACTS.md section 8).
 * Invalid documents are errors and unsupported ones warnings, each with its file, line and a hint;
 * nothing here throws on bad input.
 */
import { diag, type Diagnostic } from '../diagnostics.ts';
import { type LoadedCycle } from '../load/cycle.ts';
import { readText } from '../load/read.ts';
import { parseYaml } from '../load/yaml.ts';
import { humanizeAjvErrors } from '../validate/humanize.ts';
import { validatorFor } from '../validate/schemas.ts';
import { windowDays } from './budget.ts';

export type Op = 'lt' | 'lte' | 'gt' | 'gte';

/** An SLO perfgate can compute: one per supported document. */
export interface SloSpec {
  file: string;
  line: number;
  name: string;
  service: string;
  window: { duration: string; days: number };
  indicator: 'latency' | 'ratio';
  objectives: { name: string | null; target: number; op: Op | null; value: number | null }[];
}

interface Doc {
  metadata: { name: string; displayName?: string };
  spec: {
    service: string;
    indicator?: { spec: { thresholdMetric?: object; ratioMetric?: object } };
    indicatorRef?: string;
    timeWindow: [{ duration: string }];
    budgetingMethod: string;
    objectives: { displayName?: string; target: number; op?: Op; value?: number }[];
  };
}

export const SLO_DIR = 'slos/';

/** Whether a cycle file is an SLO document. */
export const isSloFile = (p: string) =>
  p.startsWith(SLO_DIR) && /\.ya?ml$/i.test(p) && !p.slice(SLO_DIR.length).includes('/');

/** The supported SLOs of one parsed document, and what is wrong or unsupported in it. */
export function checkSloDocument(
  file: string,
  data: unknown,
  lines: Map<string, number>,
  services: readonly string[] | null,
): { slo: SloSpec | null; diagnostics: Diagnostic[] } {
  const validate = validatorFor('openslo-slo');
  if (!validate(data))
    return {
      slo: null,
      diagnostics: humanizeAjvErrors(validate.errors ?? [], { file, data, lines, code: 'slo' }),
    };
  const doc = data as Doc;
  const at = (pointer: string) => ({ pointer, line: lines.get(pointer) ?? lines.get('') });
  const out: Diagnostic[] = [];
  const unsupported = (pointer: string, message: string, hint: string) =>
    out.push(diag('slo.unsupported', 'warning', file, message, hint, at(pointer)));
  const invalid = (pointer: string, message: string, hint: string) =>
    out.push(diag('slo.invalid', 'error', file, message, hint, at(pointer)));
  const s = doc.spec;
  if (s.budgetingMethod !== 'Occurrences')
    unsupported(
      '/spec/budgetingMethod',
      `Unsupported budgetingMethod ${s.budgetingMethod}: perfgate computes error budgets only for Occurrences (bad events over all events)`,
      'Write `budgetingMethod: Occurrences` for perfgate to compute this SLO from the load tests; the document is kept as it is.',
    );
  const days = windowDays(s.timeWindow[0].duration);
  if (days === null)
    unsupported(
      '/spec/timeWindow/0/duration',
      `Unsupported window ${s.timeWindow[0].duration}: a calendar month, quarter or year has no fixed number of days`,
      'Give the window in days or weeks, e.g. `duration: 30d` or `4w`.',
    );
  const ind = s.indicator?.spec;
  let indicator: SloSpec['indicator'] | null = null;
  if (!ind) {
    if (s.indicatorRef !== undefined)
      unsupported(
        '/spec/indicatorRef',
        'Unsupported indicatorRef: perfgate reads only an inline indicator',
        'Copy the SLI into `spec.indicator` (metadata and spec).',
      );
    else
      invalid(
        '/spec',
        'Unexpected SLO without an indicator, expected `spec.indicator`',
        'Add an inline indicator with a thresholdMetric or a ratioMetric.',
      );
  } else if (Boolean(ind.thresholdMetric) === Boolean(ind.ratioMetric))
    invalid(
      '/spec/indicator/spec',
      'Unexpected indicator: expected exactly one of thresholdMetric and ratioMetric',
      'Use thresholdMetric for a latency threshold (objectives with op and value in ms) or ratioMetric for good/total requests.',
    );
  else indicator = ind.thresholdMetric ? 'latency' : 'ratio';
  if (indicator === 'latency')
    s.objectives.forEach((o, i) => {
      if (o.op === undefined || o.value === undefined)
        invalid(
          `/spec/objectives/${i}`,
          'Unexpected objective without op and value: a threshold indicator needs both',
          'Write e.g. `op: lt` and `value: 300` (milliseconds) beside the target.',
        );
    });
  if (services && !services.includes(s.service))
    invalid(
      '/spec/service',
      `Unknown service ${JSON.stringify(s.service)}: not a service of performance-intake-report.json`,
      `Use one of the intake's services: ${services.join(', ')}.`,
    );
  // Anything invalid or unsupported leaves the SLO out of the budgets (its diagnostics say why).
  const ok = out.length === 0 && indicator !== null && days !== null;
  return {
    slo: ok
      ? {
          file,
          line: lines.get('') ?? 1,
          name: doc.metadata.name,
          service: s.service,
          window: { duration: s.timeWindow[0].duration, days: days! },
          indicator: indicator!,
          objectives: s.objectives.map((o) => ({
            name: o.displayName ?? null,
            target: o.target,
            op: o.op ?? null,
            value: o.value ?? null,
          })),
        }
      : null,
    diagnostics: out,
  };
}

/** Reads and checks every `slos/*.yaml` of a cycle (`services`: the intake's, when it is valid). */
export async function readSloDocuments(
  cycle: LoadedCycle,
  services: readonly string[] | null,
): Promise<{ slos: SloSpec[]; diagnostics: Diagnostic[] }> {
  const slos: SloSpec[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const f of cycle.files.filter((x) => isSloFile(x.path))) {
    const text = await readText(f.abs, f.path, diagnostics);
    if (text === undefined) continue;
    const parsed = parseYaml(text, f.path);
    diagnostics.push(...parsed.diagnostics);
    if (parsed.data === undefined) continue;
    const r = checkSloDocument(f.path, parsed.data, parsed.lines, services);
    diagnostics.push(...r.diagnostics);
    if (r.slo) slos.push(r.slo);
  }
  return { slos, diagnostics };
}
