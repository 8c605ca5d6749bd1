/**
 * Counts that read right: "1 problem", "2 problems", "1 hypothesis", "3 hypotheses". One helper for
 * the CLI, the report and the site, so no message says "1 problems" or "hypothese".
 */

/** Words whose plural is not the word + s (the project's own vocabulary). */
const IRREGULAR: Record<string, string> = {
  analysis: 'analyses',
  criterion: 'criteria',
  hypothesis: 'hypotheses',
  index: 'indexes',
  status: 'statuses',
  summary: 'summaries',
  entry: 'entries',
  critical: 'critical',
  data: 'data',
};
const SINGULAR = Object.fromEntries(Object.entries(IRREGULAR).map(([s, p]) => [p, s]));

/** The plural form of an English noun of this project ("criterion" -> "criteria", "entry" -> "entries"). */
export function pluralOf(word: string): string {
  const irregular = IRREGULAR[word];
  if (irregular) return irregular;
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(word)) return `${word}es`;
  return `${word}s`;
}

/** The singular form of a plural noun ("hypotheses" -> "hypothesis", "entries" -> "entry", "runs" -> "run"). */
export function singularOf(word: string): string {
  const irregular = SINGULAR[word];
  if (irregular) return irregular;
  if (/ies$/.test(word)) return `${word.slice(0, -3)}y`;
  if (/(ss|x|z|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (/[^s]s$/.test(word)) return word.slice(0, -1);
  return word;
}

/** "1 problem" / "2 problems" / "0 problems"; `many` overrides the plural form. */
export function plural(count: number, one: string, many = pluralOf(one)): string {
  return `${count} ${count === 1 ? one : many}`;
}
