/** Where a counted target or monitored KPI's values came from, for its receipt line. */
import type { MeasuredKpi } from '../context.ts';
import type { CountedItem } from '../types.ts';
import { sourceFiles, sourceText } from '../../contract/kpi-evidence/describe.ts';

/** The `from` of a KPI's counted item: the words for each side and the files to link. */
export function itemFrom(k: MeasuredKpi): NonNullable<CountedItem['from']> {
  const b = k.sides.before.source;
  const a = k.sides.after.source;
  return {
    before: sourceText(b),
    after: sourceText(a),
    files: [...new Set([...sourceFiles(b), ...sourceFiles(a)])],
  };
}
