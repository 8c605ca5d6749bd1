/**
 * Compares a frozen decision with its re-decision, value by value: the exit code, each gate's
 * status, and each criterion's status, numbers and counted items. Words (summaries, notes,
 * formulas) are not compared: they may be phrased differently by another version without the
 * decision changing.
 */
import { CRITERION_FIELDS, ITEM_FIELDS, itemKey, keyed } from '../../evaluate/decision-fields.ts';
import type { Frozen, FrozenDecision } from './frozen.ts';
import type { Difference } from './types.ts';

/** The re-decision as validation-report.json would hold it (after a JSON round trip). */
export interface Redecided {
  cycle_id: string | null;
  exit_code: number;
  diagnostics: Frozen[];
  /** Absent when a critical diagnostic stopped the cycle before evaluation. */
  gates?: Frozen[];
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
const list = (x: unknown): Frozen[] =>
  Array.isArray(x) ? x.filter((v): v is Frozen => typeof v === 'object' && v !== null) : [];

/** Frozen-first union of keys, then those only the re-decision has. */
const union = <T>(a: Map<string, T>, b: Map<string, T>): string[] => [...new Set([...a.keys(), ...b.keys()])];

/** The counted items of a criterion, by kind and id: whether each counted and the value it gave. */
function itemDifferences(frozen: unknown, redone: unknown): [string, unknown, unknown][] {
  const fi = keyed(list(frozen), itemKey);
  const ri = keyed(list(redone), itemKey);
  const out: [string, unknown, unknown][] = [];
  for (const k of union(fi, ri)) {
    const a = fi.get(k);
    const b = ri.get(k);
    if (!a || !b) out.push([`items[${k}]`, a ? 'listed' : undefined, b ? 'listed' : undefined]);
    else
      for (const field of ITEM_FIELDS)
        if (!same(a[field], b[field])) out.push([`items[${k}].${field}`, a[field], b[field]]);
  }
  return out;
}

/** Every difference between the frozen and the re-decided criterion `id` of `gate`. */
function criterionDifferences(
  gate: number,
  id: string,
  f: Frozen | undefined,
  r: Frozen | undefined,
): Difference[] {
  const diff = (field: string, frozen: unknown, recomputed: unknown): Difference => ({
    gate,
    criterion: id,
    field,
    frozen,
    recomputed,
  });
  if (!f || !r) return [diff('criterion', f ? 'decided' : undefined, r ? 'decided' : undefined)];
  const out: Difference[] = [];
  for (const field of CRITERION_FIELDS)
    if (!same(f[field], r[field])) out.push(diff(field, f[field], r[field]));
  for (const [field, a, b] of itemDifferences(f.items, r.items)) out.push(diff(field, a, b));
  return out;
}

/**
 * The diagnostics that decide an exit code (errors and critical ones) found on one side only, by
 * code and file: what explains an exit code that differs while every gate agrees (for example a
 * hidden file reported when the cycle was decided, which its archived copy does not hold).
 */
function diagnosticDifferences(frozen: Frozen[], redone: Frozen[]): Difference[] {
  const key = (d: Frozen) => `${String(d.code)} ${String(d.file)}`;
  const deciding = (list: Frozen[]) =>
    new Set(list.filter((d) => d.severity === 'error' || d.severity === 'critical').map(key));
  const f = deciding(frozen);
  const r = deciding(redone);
  return [...new Set([...f, ...r])]
    .filter((k) => f.has(k) !== r.has(k))
    .sort()
    .map((k) => ({
      gate: null,
      criterion: null,
      field: `diagnostics[${k}]`,
      frozen: f.has(k) ? 'reported' : undefined,
      recomputed: r.has(k) ? 'reported' : undefined,
    }));
}

/** Every difference between a frozen decision and its re-decision, in gate and criterion order. */
export function compareDecisions(frozen: FrozenDecision, redone: Redecided): Difference[] {
  const out: Difference[] = [];
  const cycle = (field: string, a: unknown, b: unknown) =>
    out.push({ gate: null, criterion: null, field, frozen: a, recomputed: b });
  if (!same(frozen.cycleId, redone.cycle_id)) cycle('cycle_id', frozen.cycleId, redone.cycle_id);
  if (!same(frozen.exitCode, redone.exit_code)) {
    cycle('exit_code', frozen.exitCode, redone.exit_code);
    out.push(...diagnosticDifferences(frozen.diagnostics, redone.diagnostics));
  }
  if (!redone.gates) return out;
  const fg = keyed(frozen.gates, (g) => String(g.gate));
  const rg = keyed(redone.gates, (g) => String(g.gate));
  for (const k of union(fg, rg).sort()) {
    const f = fg.get(k);
    const r = rg.get(k);
    const gate = Number((f ?? r)!.gate);
    if (!f || !r || !same(f.status, r.status))
      out.push({ gate, criterion: null, field: 'status', frozen: f?.status, recomputed: r?.status });
    const fc = keyed(list(f?.criteria), (c) => String(c.id));
    const rc = keyed(list(r?.criteria), (c) => String(c.id));
    for (const id of union(fc, rc)) out.push(...criterionDifferences(gate, id, fc.get(id), rc.get(id)));
  }
  return out;
}
