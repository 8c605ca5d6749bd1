/** Gate 4: required artifacts present and valid, over all required artifacts. */
import { ARTIFACTS } from '../../artifacts.ts';
import { defineCriterion } from '../criterion.ts';
import { formatThreshold } from '../../format/index.ts';
import { list } from '../safe.ts';
import type { CountedItem } from '../types.ts';

const REQUIRED = ARTIFACTS.filter((a) => a.required);

export const documentationCompleteness = defineCriterion({
  id: 'documentation_completeness',
  gate: 4,
  needs: [],
  reads: REQUIRED.map((a) => a.name),
  operator: '>=',
  unit: 'ratio',
  formula: 'required artifacts present and valid / required artifacts',
  configKey: 'governance.documentation_threshold',
  threshold: (c) => c.governance.documentation_threshold,
  label: (t) => `Documentation completeness >= ${formatThreshold('ratio', t)}`,
  measure(ctx) {
    const items: CountedItem[] = REQUIRED.map((a) => {
      const present = ctx.present.has(a.name);
      const clean = present && ctx.clean.has(a.name);
      return {
        kind: 'artifact',
        id: a.path,
        counted: clean,
        file: a.path,
        ...(clean ? {} : { note: present ? 'has errors' : 'missing' }),
      };
    });
    const numerator = items.filter((i) => i.counted).length;
    const gaps = items.filter((i) => !i.counted).map((i) => `${i.id} (${i.note ?? ''})`);
    return {
      actual: numerator / REQUIRED.length,
      numerator,
      denominator: REQUIRED.length,
      items,
      evidence: REQUIRED.filter((a) => ctx.present.has(a.name)).map((a) => a.path),
      summary: `${numerator} of ${REQUIRED.length} required artifacts present and valid${gaps.length ? `; ${list(gaps)}` : ''}`,
    };
  },
});
