/** Every load-test importer, in detection order (most specific first), like the criteria registry. */
import { autocannon } from './autocannon.ts';
import { hey } from './hey.ts';
import { jmeterJtl } from './jmeter-jtl.ts';
import { k6HandleSummary, k6SummaryExport } from './k6-summary.ts';
import { k6Ndjson } from './k6-ndjson.ts';
import { locust } from './locust.ts';
import type { LoadTestImporter } from './types.ts';

/** The registry. */
export const IMPORTERS: readonly LoadTestImporter[] = [
  k6Ndjson,
  k6SummaryExport,
  k6HandleSummary,
  autocannon,
  locust,
  jmeterJtl,
  hey,
];

const BY_ID = new Map(IMPORTERS.map((i) => [i.id, i]));

/** The importer of a `--format` id, or undefined. */
export function importerById(id: string): LoadTestImporter | undefined {
  return BY_ID.get(id);
}

/** The importer whose detection accepts the head of a file, or undefined. */
export function detectImporter(head: string): LoadTestImporter | undefined {
  return IMPORTERS.find((i) => i.detect(head));
}

/** `k6-summary-export (k6 --summary-export JSON), ...` for messages. */
export function formatList(): string {
  return IMPORTERS.map((i) => `${i.id} (${i.title})`).join(', ');
}
