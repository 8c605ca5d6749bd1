/**
 * The order the test files start in (vitest.config.ts `sequence.sequencer`): longest first, so that
 * the two workers end together instead of one finishing a 40-second suite alone. Vitest orders
 * by the durations of the previous run when it has them; a fresh clone (CI) has none and falls back
 * to file size, which put suites of 30-40 s in the last minute. Without a previous run the durations
 * come from `suite-seconds.json` (seconds per file of a fresh-clone run, 2 s and more; a file not
 * listed is short and runs after, in vitest's own order). To refresh it after a fresh-clone
 * `.ci/run`:
 *
 *   node -e 'const j=require("./test-output/vitest.json"),o={};for(const t of j.testResults){const s=Math.round((t.endTime-t.startTime)/100)/10;if(s>=2)o[t.name.slice(process.cwd().length+1)]=s}console.log(JSON.stringify(Object.fromEntries(Object.entries(o).sort((a,b)=>b[1]-a[1])),null,2))' > test/helpers/suite-seconds.json
 *
 * Only the order changes: every file still runs, in a worker of its project.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SECONDS = JSON.parse(
  readFileSync(path.join(import.meta.dirname, 'suite-seconds.json'), 'utf8'),
) as Record<string, number>;
const seconds = (spec: TestSpecification) =>
  SECONDS[path.relative(ROOT, spec.moduleId).split(path.sep).join('/')] ?? 0;

export class HeavyFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const base = await super.sort(files);
    // With durations of a previous run (a developer's clone), vitest's own order is already this.
    if (base.every((spec) => this.ctx.cache.getTestSpecificationResult(spec))) return base;
    const place = new Map(base.map((spec, i) => [spec, i]));
    // Longest first across both projects (the pool takes the next file whichever project it is of).
    return [...base].sort((a, b) => seconds(b) - seconds(a) || place.get(a)! - place.get(b)!);
  }
}
