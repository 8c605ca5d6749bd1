/**
 * The decision frozen with an archived cycle: its validation-report.json (the shape of
 * `perfgate gates --json`). Its gates are shown as they were decided; a part the file lacks
 * (deltas, traceability) comes from evaluating the frozen artifacts at the frozen time.
 */
import type { CriterionResult, CycleEvaluation, GateResult } from '../evaluate/types.ts';
import { parseStrictJson } from '../load/json.ts';
import { decodeUtf8 } from '../load/text.ts';
import { readFileNoFollow } from '../load/walk.ts';
import type { LoadedCycle } from '../load/cycle.ts';
import type { LoadedConfig } from '../load/config.ts';
import type { Diagnostic } from '../diagnostics.ts';
import { resolveConfig } from '../validate/index.ts';
import { parseRfc3339 } from '../time.ts';
import { EVIDENCE_MANIFEST } from '../evidence/manifest.ts';
import { versionOfTool } from '../evidence/tool.ts';
import { frozenReportProblem } from './frozen-schema.ts';

const FILE = 'validation-report.json';
const MAX_BYTES = 32 * 1024 * 1024;
const GATE_STATUS = new Set(['pass', 'fail', 'waived', 'pending']);
const CRITERION_STATUS = new Set(['pass', 'fail', 'waived', 'not_evaluable']);

export type Frozen =
  | { kind: 'none' }
  | { kind: 'broken'; reason: string; pointer?: string }
  | {
      kind: 'frozen';
      evaluatedAt: string;
      /** The perfgate version that decided: the report's `perfgate_version`, else the manifest's `tool`; null when neither says. */
      version: string | null;
      merge: (evaluated: CycleEvaluation) => CycleEvaluation;
      /** The config the report records, when this perfgate can use it: what the cycle is re-worded with. */
      config: LoadedConfig | null;
    };

type Rec = Record<string, unknown>;
const isRec = (x: unknown): x is Rec => typeof x === 'object' && x !== null && !Array.isArray(x);
const arr = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
const numOrNull = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);
const strOr = (x: unknown, d: string): string => (typeof x === 'string' ? x : d);

/** A criterion as written in the file, with every field the pages read given a safe value. */
function criterion(x: unknown, gate: GateResult['gate']): CriterionResult | string {
  if (!isRec(x) || typeof x.id !== 'string' || !CRITERION_STATUS.has(String(x.status)))
    return 'a criterion without an id or a known status';
  const value = (v: unknown) => (typeof v === 'boolean' ? v : numOrNull(v));
  return {
    id: x.id,
    gate,
    status: x.status as CriterionResult['status'],
    actual: value(x.actual),
    threshold: value(x.threshold) ?? 0,
    operator: (['>=', '<=', '=', '=='].includes(String(x.operator))
      ? x.operator
      : '>=') as CriterionResult['operator'],
    formula: strOr(x.formula, ''),
    numerator: numOrNull(x.numerator),
    denominator: numOrNull(x.denominator),
    margin: numOrNull(x.margin),
    at_risk: x.at_risk === true,
    items: arr(x.items).filter(isRec) as unknown as CriterionResult['items'],
    evidence: arr(x.evidence).filter((e): e is string => typeof e === 'string'),
    summary: strOr(x.summary, ''),
    waivers: arr(x.waivers).filter(isRec) as unknown as CriterionResult['waivers'],
    ...(Array.isArray(x.exceptions)
      ? { exceptions: x.exceptions.filter(isRec) as unknown as CriterionResult['exceptions'] }
      : {}),
  };
}

function gates(x: unknown): GateResult[] | string {
  if (!Array.isArray(x) || x.length === 0) return 'no `gates` list';
  const out: GateResult[] = [];
  for (const g of x) {
    if (!isRec(g) || ![1, 2, 3, 4].includes(g.gate as number) || !GATE_STATUS.has(String(g.status)))
      return 'a gate without a number 1-4 or a known status';
    const n = g.gate as GateResult['gate'];
    const criteria: CriterionResult[] = [];
    for (const c of arr(g.criteria)) {
      const r = criterion(c, n);
      if (typeof r === 'string') return `gate ${n}: ${r}`;
      criteria.push(r);
    }
    out.push({
      gate: n,
      name: strOr(g.name, '') as GateResult['name'],
      title: strOr(g.title, strOr(g.name, `Gate ${n}`)),
      status: g.status as GateResult['status'],
      ...(typeof g.pending_reason === 'string' ? { pending_reason: g.pending_reason } : {}),
      criteria,
    });
  }
  return out.sort((a, b) => a.gate - b.gate);
}

/** The version in the cycle's evidence-manifest.json `tool` (cycles frozen before reports recorded theirs). */
async function manifestVersion(cycle: LoadedCycle): Promise<string | null> {
  const entry = cycle.files.find((f) => f.path === EVIDENCE_MANIFEST);
  if (!entry) return null;
  try {
    const decoded = decodeUtf8(await readFileNoFollow(entry.abs, MAX_BYTES));
    const parsed = decoded.ok ? parseStrictJson(decoded.text, EVIDENCE_MANIFEST) : undefined;
    return parsed && isRec(parsed.data) ? versionOfTool(parsed.data.tool) : null;
  } catch {
    return null;
  }
}

/** The config a frozen report records (`#/config`), when it is one this perfgate can use. */
function recordedConfig(data: Rec): LoadedConfig | null {
  if (!isRec(data.config)) return null;
  const loaded: LoadedConfig = {
    file: `${FILE}#/config`,
    found: true,
    data: data.config,
    lines: new Map(),
    diagnostics: [],
  };
  const problems: Diagnostic[] = [];
  resolveConfig(loaded, problems);
  return problems.length === 0 ? loaded : null;
}

/** Reads the archived cycle's validation-report.json, if it has one. */
export async function readFrozenEvaluation(cycle: LoadedCycle): Promise<Frozen> {
  const entry = cycle.files.find((f) => f.path === FILE);
  if (!entry) return { kind: 'none' };
  let text: string;
  try {
    const decoded = decodeUtf8(await readFileNoFollow(entry.abs, MAX_BYTES));
    if (!decoded.ok) return { kind: 'broken', reason: `${FILE} is not valid UTF-8` };
    text = decoded.text;
  } catch {
    return { kind: 'broken', reason: `${FILE} could not be read` };
  }
  const parsed = parseStrictJson(text, FILE);
  const data = parsed.data;
  if (!isRec(data) || parsed.diagnostics.length > 0)
    return {
      kind: 'broken',
      reason: `${FILE} is not valid JSON${parsed.diagnostics[0] ? `: ${parsed.diagnostics[0].message}` : ''}`,
    };
  const problem = frozenReportProblem(data);
  if (problem) return { kind: 'broken', reason: `${FILE}: ${problem.message}`, pointer: problem.pointer };
  const at = data.evaluated_at;
  if (typeof at !== 'string' || parseRfc3339(at) === undefined)
    return { kind: 'broken', reason: `${FILE} has no valid \`evaluated_at\`` };
  const frozenGates = gates(data.gates);
  if (typeof frozenGates === 'string') return { kind: 'broken', reason: `${FILE}: ${frozenGates}` };
  return {
    kind: 'frozen',
    evaluatedAt: at,
    version: typeof data.perfgate_version === 'string' ? data.perfgate_version : await manifestVersion(cycle),
    merge: (evaluated) => ({
      ...evaluated,
      evaluated_at: at,
      gates: frozenGates,
      ...(isRec(data.config) ? { config: data.config as unknown as CycleEvaluation['config'] } : {}),
    }),
    config: recordedConfig(data),
  };
}
