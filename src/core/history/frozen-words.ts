/**
 * The words of a frozen decision, as this perfgate writes them (issue 25): an archived cycle keeps
 * the statuses and numbers frozen in its validation-report.json, but a criterion's summary, formula
 * and item notes are the words of the perfgate that decided it ("+8.0% > 5% tolerance" beside a
 * KPI table that shows −8.0 %). Where the cycle re-decided from its own files, with the config its
 * report records, at its frozen time, gives the same values field by field (the fields
 * `perfgate verify --recompute` compares), the words describe the same decision and this perfgate's
 * are shown; anywhere else the frozen words stay.
 */
import { CRITERION_FIELDS, ITEM_FIELDS, itemKey, keyed } from '../evaluate/decision-fields.ts';
import type { CountedItem, CriterionResult, GateResult } from '../evaluate/types.ts';

/** Values compared as they would be written (a JSON round trip: no undefined, no -0). */
const json = (x: unknown): string => JSON.stringify(x === undefined ? null : x);

/** Whether two criteria make the same decision: every decision field and every item's values. */
function sameDecision(frozen: CriterionResult, redone: CriterionResult): boolean {
  for (const f of CRITERION_FIELDS) if (json(frozen[f]) !== json(redone[f])) return false;
  const a = keyed(frozen.items, itemKey);
  const b = keyed(redone.items, itemKey);
  if (a.size !== b.size) return false;
  for (const [k, x] of a) {
    const y = b.get(k);
    if (!y) return false;
    for (const f of ITEM_FIELDS) if (json(x[f]) !== json(y[f])) return false;
  }
  return true;
}

/** The frozen criterion in the re-decision's words (summary, formula, item notes). */
function worded(frozen: CriterionResult, redone: CriterionResult): CriterionResult {
  const notes = keyed(redone.items, itemKey);
  const keys = [...keyed(frozen.items, itemKey).keys()];
  const items = frozen.items.map((item, i): CountedItem => {
    const { note: _old, ...rest } = item;
    const note = notes.get(keys[i]!)?.note;
    return note === undefined ? rest : { ...rest, note };
  });
  return { ...frozen, summary: redone.summary, formula: redone.formula, items };
}

/**
 * The frozen gates with each criterion worded as `redone` words it where the two agree on every
 * value; the statuses, numbers, evidence and waivers are the frozen ones in every case. Returns how
 * many criteria were worded anew, for the page to say so.
 */
export function rewordFrozen(
  frozen: GateResult[],
  redone: GateResult[],
): { gates: GateResult[]; reworded: number; kept: number } {
  let reworded = 0;
  let kept = 0;
  const gates = frozen.map((g) => {
    const other = redone.find((r) => r.gate === g.gate);
    const byId = keyed(other?.criteria ?? [], (c) => c.id);
    const ids = [...keyed(g.criteria, (c) => c.id).keys()];
    const criteria = g.criteria.map((c, i) => {
      const r = byId.get(ids[i]!);
      if (r && sameDecision(c, r)) {
        reworded++;
        return worded(c, r);
      }
      kept++;
      return c;
    });
    return { ...g, criteria };
  });
  return { gates, reworded, kept };
}
