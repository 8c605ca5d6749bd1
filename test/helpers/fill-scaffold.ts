/** Fills a `perfgate init` scaffold as a person would (shared by the init and import tests). */
import { FLAME_GRAPH_PLACEHOLDER } from '../../src/core/import/profile/report-md.ts';

/** The profiling scaffold's flame-graph placeholder, answered with a link typed by hand. */
const FLAME_GRAPH = FLAME_GRAPH_PLACEHOLDER.slice(FLAME_GRAPH_PLACEHOLDER.indexOf('<fill:'));

/** What a person would type for each kind of placeholder. */
export const FILL: Record<string, string> = {
  '<fill: cycle-id>': '2026-12-checkout',
  '<fill: service>': 'checkout-api',
  '<fill: date-time>': '2026-12-01T10:00:00Z',
  '<fill: kpi>': 'latency_p95_ms',
  '<fill: run-id>': 'checkout-baseline',
  '<fill: name>': 'Dana Kim',
  '<fill: text>': 'filled in',
  [FLAME_GRAPH]: '![flame graph](diagnostics/checkout-api-cpu.svg)',
};

export function fillScaffold(text: string, json: boolean): string {
  let out = text;
  for (const [k, v] of Object.entries(FILL)) out = out.replaceAll(k, v);
  out = out.replace(/<fill: risk [^>]+>/g, 'medium');
  // Numbers: in JSON the placeholder is a quoted string and becomes a bare number.
  out = json
    ? out.replace(/"<fill: (number|integer)(, optional)?>"/g, '2')
    : out.replace(/<fill: number>/g, '2');
  return out;
}
