/**
 * The catalogue of diagnostic codes: every code perfgate reports, declared once, with the
 * severities it is reported with and one line that says what it means. `diag()` takes only a
 * code declared here, with a severity this catalogue allows for it (`DiagnosticCode`,
 * `SeverityOf`), so a new code starts with an entry here; `content/docs/diagnostics.mdx` is
 * generated from it (`npm run gen:docs`) and test/diagnostic-codes.test.ts checks that every code
 * in src/ is declared and every declared code is used.
 *
 * A key ending in `.*` declares a family of codes built at run time: `schema.*` stands for
 * `schema.<ajv keyword>` (`schema.required`, `schema.type`, ...), typed `schema.${string}`. A code
 * that also has an entry of its own (`schema.not-json`) takes the severities of that entry.
 *
 * The bottom of the base layer: this module imports nothing.
 */

/** How bad a diagnostic is: `critical` and `error` block a pass, `warning` and `info` do not. */
export type Severity = 'critical' | 'error' | 'warning' | 'info';

/** One entry of the catalogue. */
export interface CodeEntry {
  /** Every severity the code is reported with (most codes have exactly one). */
  readonly severities: readonly [Severity, ...Severity[]];
  /** What the code means, in one line for people. */
  readonly description: string;
}

/** Every diagnostic code, by key: a code (`json.syntax`) or a family (`schema.*`). */
export const DIAGNOSTIC_CODES = {
  'archive.frozen-report': {
    severities: ['error'],
    description: 'The frozen validation-report.json of an archived cycle cannot be used.',
  },
  'attachment.missing': {
    severities: ['error'],
    description: 'A file that an artifact links to or names as its source is not in the cycle directory.',
  },
  'config.*': {
    severities: ['error'],
    description:
      'The gate config breaks its JSON Schema; the rest of the code is the failed schema keyword (e.g. `config.enum`).',
  },
  'config.not-json': {
    severities: ['error'],
    description: 'A gate config handed in through the API is not plain JSON data.',
  },
  'config.type': {
    severities: ['error'],
    description:
      'The gate config is not a mapping of keys, or a value in it has the wrong type (schema keyword `type`).',
  },
  'config.weights-sum': {
    severities: ['error'],
    description: 'The three diagnostics weights of the gate config do not add up to 1.',
  },
  'csv.duplicate-header': {
    severities: ['error'],
    description: 'Two columns of a CSV artifact have the same name.',
  },
  'csv.empty': {
    severities: ['error'],
    description: 'A CSV artifact has no header row.',
  },
  'csv.forbidden-column': {
    severities: ['error'],
    description: 'A CSV column name could alter object prototypes (`__proto__` and the like).',
  },
  'csv.formula': {
    severities: ['warning'],
    description: 'A CSV cell starts like a spreadsheet formula.',
  },
  'csv.ragged-row': {
    severities: ['error'],
    description: 'A CSV row has a different number of fields from the header.',
  },
  'csv.syntax': {
    severities: ['error'],
    description: 'A CSV artifact cannot be parsed (quoting, line breaks).',
  },
  'evidence.local-differs': {
    severities: ['error'],
    description: 'A local file differs in size from the stored file its pointer names.',
  },
  'evidence.pointer-invalid': {
    severities: ['error'],
    description: 'A pointer to stored evidence cannot be read, or stands for an artifact or an output.',
  },
  'fs.control-character': {
    severities: ['error'],
    description: 'A file name in the cycle directory contains a control character.',
  },
  'fs.hidden': {
    severities: ['error'],
    description: 'A hidden file (name starting with `.`) is in the cycle directory.',
  },
  'fs.name-collision': {
    severities: ['error'],
    description: 'Two file names differ only in case or Unicode form, so one would overwrite the other.',
  },
  'fs.special-file': {
    severities: ['warning'],
    description: 'A FIFO, socket or device in the cycle directory was skipped.',
  },
  'fs.symlink': {
    severities: ['error'],
    description: 'A symbolic link where a file or folder is expected: perfgate never follows links.',
  },
  'fs.too-large': {
    severities: ['error'],
    description: 'An artifact is larger than perfgate parses.',
  },
  'fs.unreadable': {
    severities: ['error'],
    description: 'A file or folder cannot be read, or is not a regular file.',
  },
  'hypothesis.duplicate-id': {
    severities: ['error'],
    description: 'Two hypotheses of the hypothesis log have the same id.',
  },
  'hypothesis.heading': {
    severities: ['warning'],
    description:
      'A heading of the hypothesis log looks like a hypothesis but is not written `## H-<n>: <statement>`.',
  },
  'intake.duplicate-service': {
    severities: ['error'],
    description: 'The intake report lists a service twice.',
  },
  'intake.period': {
    severities: ['error'],
    description: "The intake report's period ends before it starts.",
  },
  'intake.reserved-id': {
    severities: ['error'],
    description: 'The cycle id is a name the site uses for its own pages.',
  },
  'json.big-integer': {
    severities: ['error'],
    description: 'A JSON integer is too large to be read exactly.',
  },
  'json.duplicate-key': {
    severities: ['error'],
    description: 'A JSON object has the same key twice.',
  },
  'json.forbidden-key': {
    severities: ['error'],
    description: 'A JSON key could alter object prototypes (`__proto__` and the like).',
  },
  'json.lone-surrogate': {
    severities: ['error'],
    description: 'A JSON string escapes half of a surrogate pair.',
  },
  'json.number-range': {
    severities: ['error'],
    description: 'A JSON number is out of range (it would be read as infinity).',
  },
  'json.syntax': {
    severities: ['error'],
    description: 'A JSON artifact cannot be parsed, or holds a value that is not standard JSON.',
  },
  'json.too-deep': {
    severities: ['error'],
    description: 'A JSON artifact is nested too deeply to read.',
  },
  'kpi.direction-unknown': {
    severities: ['error', 'warning'],
    description:
      'Neither the unit nor the words of a KPI say whether lower or higher is better (an error for a target, else a warning).',
  },
  'kpi.disagrees-with-evidence': {
    severities: ['error'],
    description: 'A typed before or after value differs from the evidence of its service, phase and KPI.',
  },
  'kpi.typed-agrees': {
    severities: ['info'],
    description: 'A typed before or after value agrees with its evidence, which could be referenced instead.',
  },
  'link.outside-cycle': {
    severities: ['error'],
    description: 'An artifact links to a file outside the cycle directory.',
  },
  'load.duplicate-run': {
    severities: ['error'],
    description: 'Two load-test runs have the same id.',
  },
  'load.percentile-order': {
    severities: ['error'],
    description: "A load-test run's latency percentiles go down somewhere from p50 to max.",
  },
  'load.throughput-mismatch': {
    severities: ['warning'],
    description: "A load-test run's throughput does not match its requests over its duration.",
  },
  'markdown.raw-html': {
    severities: ['warning'],
    description: 'A Markdown artifact contains raw HTML, which is shown as text.',
  },
  'markdown.too-complex': {
    severities: ['error'],
    description: 'A Markdown artifact is too large or too deeply nested to parse.',
  },
  'markdown.unsafe-link': {
    severities: ['warning'],
    description: 'A Markdown link uses a scheme other than http(s) or a file of the cycle.',
  },
  'placeholder.unfilled': {
    severities: ['error'],
    description: 'An artifact still holds a placeholder of its template.',
  },
  'plan.duplicate-task': {
    severities: ['error'],
    description: 'Two tasks of the optimization plan have the same id.',
  },
  'prereq.cycle-dir': {
    severities: ['critical'],
    description: 'The cycle directory does not exist.',
  },
  'prereq.empty-artifact': {
    severities: ['critical'],
    description: 'A required Markdown artifact has no text, so it counts as missing.',
  },
  'prereq.missing-artifact': {
    severities: ['critical'],
    description: 'A required artifact of the current phase is not in the cycle directory.',
  },
  'prereq.missing-upstream': {
    severities: ['critical'],
    description: 'A prerequisite of an upstream protocol is missing beside the cycle.',
  },
  'ref.baseline-after': {
    severities: ['error'],
    description:
      'An after value references the baseline row, which holds values from before the optimization.',
  },
  'ref.baseline-row': {
    severities: ['error'],
    description:
      'A before value references a baseline row that does not exist, is ambiguous or lacks the KPI.',
  },
  'ref.evidence-missing': {
    severities: ['error'],
    description:
      'A value references evidence (runs or baseline rows) whose artifact is missing or not valid.',
  },
  'ref.run-kpi': {
    severities: ['error'],
    description: 'A value references load-test runs for a KPI that those runs do not report.',
  },
  'ref.run-mismatch': {
    severities: ['error'],
    description: 'A value references a run of another service, endpoint or phase.',
  },
  'ref.unknown-hypothesis': {
    severities: ['error'],
    description: 'A task of the plan names a hypothesis that is not in the hypothesis log.',
  },
  'ref.unknown-run': {
    severities: ['error'],
    description: 'A value references a load-test run id that load-test-results.json does not have.',
  },
  'ref.unknown-service': {
    severities: ['error'],
    description: 'An artifact names a service that the intake report does not declare.',
  },
  'ref.unknown-task': {
    severities: ['error'],
    description: 'A dependency or a validation target names a task that is not in the optimization plan.',
  },
  'schema.*': {
    severities: ['error'],
    description:
      'An artifact breaks its JSON Schema; the rest of the code is the failed schema keyword (e.g. `schema.required`).',
  },
  'schema.not-json': {
    severities: ['error'],
    description: 'An artifact handed in through the API is not plain JSON data.',
  },
  'slo.*': {
    severities: ['error'],
    description:
      'An SLO document breaks the OpenSLO schema perfgate reads; the rest of the code is the failed schema keyword.',
  },
  'slo.invalid': {
    severities: ['error'],
    description: 'An SLO document cannot be computed: a value it needs is missing or contradictory.',
  },
  'slo.unsupported': {
    severities: ['warning'],
    description: 'An SLO document uses a feature perfgate does not compute; the document is kept as it is.',
  },
  'text.invalid-utf8': {
    severities: ['error'],
    description: 'A text artifact is not valid UTF-8.',
  },
  'waiver.criterion-gate': {
    severities: ['error'],
    description: 'A waiver names a criterion that does not belong to its gate.',
  },
  'waiver.duplicate-id': {
    severities: ['error'],
    description: 'Two waivers have the same id.',
  },
  'waiver.not-permitted': {
    severities: ['error'],
    description:
      'A waiver covers what the protocol never waives (gate 3, or gate 4 beyond distribution groups).',
  },
  'yaml.aliases': {
    severities: ['error'],
    description: 'The YAML gate config expands too many aliases.',
  },
  'yaml.collection-key': {
    severities: ['error'],
    description: 'The YAML gate config uses a list or a mapping as a key.',
  },
  'yaml.duplicate-key': {
    severities: ['error'],
    description: 'The YAML gate config has the same key twice.',
  },
  'yaml.syntax': {
    severities: ['error'],
    description: 'The YAML gate config cannot be parsed.',
  },
  'yaml.too-deep': {
    severities: ['error'],
    description: 'The YAML gate config is nested too deeply to read.',
  },
} as const satisfies Record<`${string}.${string}`, CodeEntry>;

type Catalogue = typeof DIAGNOSTIC_CODES;

/** A key of the catalogue: a code, or a family `<prefix>.*`. */
export type CatalogueKey = keyof Catalogue;

/** A key that declares a family of codes. */
type FamilyKey = Extract<CatalogueKey, `${string}.*`>;

/** The codes a key stands for: itself, or `<prefix>.${string}` for a family. */
type CodesOf<K extends CatalogueKey> = K extends `${infer P}.*` ? `${P}.${string}` : K;

/** The prefix of a family of codes built at run time (`schema`, `config`, `slo`). */
export type FamilyPrefix = PrefixOf<FamilyKey>;
type PrefixOf<K> = K extends `${infer P}.*` ? P : never;

/** Every code `diag()` accepts: each declared code, and each code of a declared family. */
export type DiagnosticCode = CodesOf<CatalogueKey>;

/** The key that declares code C: its own entry if it has one, else its family's. */
type EntryOf<C extends DiagnosticCode> = C extends CatalogueKey
  ? C
  : { [K in FamilyKey]: C extends CodesOf<K> ? K : never }[FamilyKey];

/** The severities the catalogue allows for code C (for a union of codes, those any of them allows). */
export type SeverityOf<C extends DiagnosticCode> = C extends DiagnosticCode
  ? Catalogue[EntryOf<C>]['severities'][number]
  : never;

/** The codes that may be reported with severity S. */
export type CodeWithSeverity<S extends Severity> = {
  [K in CatalogueKey]: S extends Catalogue[K]['severities'][number] ? CodesOf<K> : never;
}[CatalogueKey];
