/**
 * Where a value came from, in words for the receipts, the report and the job summary, and the cycle
 * files to link (the same text on every surface).
 */
import { plain as fmt } from '../../format/number.ts';
import { agreesWith } from './typed-check.ts';
import type { EvidenceValue, SideSource } from './types.ts';

export const TYPED_NO_EVIDENCE = 'typed, no evidence';
const MAX_NAMES = 10;

function names(ids: readonly string[]): string {
  const shown = ids.slice(0, MAX_NAMES).join(', ');
  return ids.length > MAX_NAMES ? `${shown} and ${ids.length - MAX_NAMES} more` : shown;
}

/** `run a 59`, `baseline-metrics.csv row 2 (POST /x) 59`. */
export function evidenceText(e: EvidenceValue): string {
  return e.kind === 'run'
    ? `run ${e.id} ${fmt(e.value)}`
    : `baseline-metrics.csv row ${e.id}${e.endpoint !== undefined ? ` (${e.endpoint})` : ''} ${fmt(e.value)}`;
}

/**
 * `median of runs a, b, c (3 runs, 11.9 to 13)`, `run a`, `baseline-metrics.csv row 2 (POST /x)`,
 * `typed, no evidence`, `typed, agrees with run a 59`, `typed (n 400, stdev 12: shown, not tested)...`.
 */
export function sourceText(s: SideSource): string {
  if (s.kind === 'runs') {
    if (s.runs.length === 1) return `run ${s.runs[0]!.id}`;
    const spread = s.spread ? `, ${fmt(s.spread.min)} to ${fmt(s.spread.max)}` : '';
    return `median of runs ${names(s.runs.map((r) => r.id))} (${s.runs.length} runs${spread})`;
  }
  if (s.kind === 'baseline')
    return `baseline-metrics.csv row ${s.row}${s.endpoint !== null ? ` (${s.endpoint})` : ''}`;
  const sample =
    s.n !== null || s.stdev !== null
      ? ` (${[s.n !== null ? `n ${s.n}` : '', s.stdev !== null ? `stdev ${fmt(s.stdev)}` : ''].filter(Boolean).join(', ')}: shown, never tested)`
      : '';
  if (s.check.state === 'none') return `${TYPED_NO_EVIDENCE}${sample}`;
  const shown =
    s.check.state === 'agrees'
      ? s.check.evidence.filter((e) => agreesWith(s.value, e.value))
      : s.check.evidence;
  const list = shown.slice(0, 3).map(evidenceText).join(', ');
  const more = shown.length > 3 ? ` and ${shown.length - 3} more` : '';
  return s.check.state === 'agrees'
    ? `typed${sample}, agrees with ${list}${more}`
    : `typed${sample}, contradicted by ${list}${more}`;
}

/** The cycle files a value was read from or checked against (load-test-results.json, raw outputs, the baseline). */
export function sourceFiles(s: SideSource): string[] {
  const out: string[] = [];
  if (s.kind === 'runs') {
    out.push('load-test-results.json');
    for (const r of s.runs) if (r.source_file !== undefined) out.push(r.source_file);
  } else if (s.kind === 'baseline') out.push('baseline-metrics.csv');
  else
    for (const e of s.check.evidence) {
      out.push(e.kind === 'run' ? 'load-test-results.json' : 'baseline-metrics.csv');
      if (e.source_file !== undefined) out.push(e.source_file);
    }
  return [...new Set(out)];
}
