/** baseline-metrics.csv: RFC 4180 via csv-parse, into the parsed form its schema describes. */
import { parse } from 'csv-parse/sync';
import { diag, pointerOf, type Diagnostic } from '../diagnostics.ts';
import type { Parsed } from './json.ts';
import { DECIMAL } from '../format/number.ts';

const TEXT_COLUMNS = new Set(['service', 'collected_at', 'source', 'endpoint', 'environment', 'method']);
/** Keys that would reach an object's prototype (a column of that name is refused, never dropped silently). */
const FORBIDDEN_COLUMNS = new Set(['__proto__', 'constructor', 'prototype']);
/** A cell a spreadsheet would run as a formula (OWASP "CSV injection"): =, +, -, @, or a leading tab/CR. */
const FORMULA = /^(?:[=+\-@]|[\t\r])/;
const MAX_FORMULA_WARNINGS = 20;

export interface BaselineCsv {
  method?: string;
  columns: string[];
  rows: Record<string, string | number | null>[];
}

/** Parses the baseline CSV; every record keeps its line (pointer `/rows/N`). */
export function parseBaselineCsv(text: string, file: string): Parsed<BaselineCsv> {
  const lines = new Map<string, number>();
  const diagnostics: Diagnostic[] = [];
  // Comment lines (`# ...`) before the header carry the collection methodology.
  const physical = text.split(/\r?\n/);
  const methodLines: string[] = [];
  let headerIndex = 0;
  while (headerIndex < physical.length && /^\s*(#|$)/.test(physical[headerIndex] ?? '')) {
    const l = (physical[headerIndex] ?? '').trim();
    if (l.startsWith('#')) methodLines.push(l.replace(/^#\s*/, ''));
    headerIndex++;
  }
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      comment: '#',
      comment_no_infix: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (e) {
    const err = e as { message?: string; lines?: number };
    diagnostics.push(
      diag(
        'csv.syntax',
        'error',
        file,
        `Invalid CSV: ${String(err.message ?? e)}`,
        'Quote fields that contain commas, quotes or line breaks, and double any quote inside a quoted field.',
        {
          line: err.lines,
        },
      ),
    );
    return { data: undefined, lines, diagnostics };
  }
  const header = records[0];
  if (!header) {
    diagnostics.push(
      diag(
        'csv.empty',
        'error',
        file,
        'Unexpected empty CSV: a header row is required',
        'Add a header row (service,collected_at,source,<KPI columns>) and one row per service.',
      ),
    );
    return { data: undefined, lines, diagnostics };
  }
  const headerLine = header.info.lines;
  const columns = header.record.map((c) => c.trim());
  const seen = new Set<string>();
  for (const c of columns) {
    if (seen.has(c)) {
      diagnostics.push(
        diag(
          'csv.duplicate-header',
          'error',
          file,
          `Unexpected duplicate column \`${c}\` in the header`,
          'Give each column a unique name.',
          { line: headerLine },
        ),
      );
    }
    seen.add(c);
  }
  for (const c of columns)
    if (FORBIDDEN_COLUMNS.has(c))
      diagnostics.push(
        diag(
          'csv.forbidden-column',
          'error',
          file,
          `Unexpected column \`${c}\`: it can alter object prototypes, so its values are not read`,
          `Rename the \`${c}\` column.`,
          { line: headerLine },
        ),
      );
  const formulas: { line: number; pointer: string; value: string }[] = [];
  lines.set('', headerLine);
  lines.set('/columns', headerLine);
  const rows: Record<string, string | number | null>[] = [];
  for (const [i, { record, info }] of records.slice(1).entries()) {
    const pointer = pointerOf('rows', i);
    lines.set(pointer, info.lines);
    if (record.length !== columns.length) {
      diagnostics.push(
        diag(
          'csv.ragged-row',
          'error',
          file,
          `Unexpected ${record.length} fields in row ${i + 1}, expected ${columns.length} as in the header`,
          'Give every row exactly as many fields as the header (an empty field for a missing value); quote fields containing commas.',
          { pointer, line: info.lines },
        ),
      );
    }
    const row: Record<string, string | number | null> = {};
    columns.forEach((col, j) => {
      if (FORBIDDEN_COLUMNS.has(col)) return;
      const raw = (record[j] ?? '').trim();
      lines.set(`${pointer}/${col}`, info.lines);
      if (TEXT_COLUMNS.has(col)) {
        if (FORMULA.test(record[j] ?? '') || FORMULA.test(raw))
          formulas.push({ line: info.lines, pointer: `${pointer}/${col}`, value: raw });
        if (raw !== '' || col === 'service' || col === 'collected_at' || col === 'source') row[col] = raw;
      } else row[col] = raw === '' ? null : DECIMAL.test(raw) ? Number(raw) : raw;
    });
    rows.push(row);
  }
  for (const [i, f] of formulas.slice(0, MAX_FORMULA_WARNINGS).entries())
    diagnostics.push(
      diag(
        'csv.formula',
        'warning',
        file,
        `Unexpected cell ${JSON.stringify(f.value.length > 40 ? `${f.value.slice(0, 40)}…` : f.value)}${i === MAX_FORMULA_WARNINGS - 1 && formulas.length > MAX_FORMULA_WARNINGS ? ` (and ${formulas.length - MAX_FORMULA_WARNINGS} more)` : ''}: a spreadsheet opening this file would run it as a formula`,
        'Start the text with a letter or a digit; perfgate itself shows it as text and never writes it into a CSV, but people open this file in spreadsheets.',
        { pointer: f.pointer, line: f.line },
      ),
    );
  const data: BaselineCsv = { columns, rows };
  if (methodLines.length > 0) data.method = methodLines.join('\n');
  void headerIndex;
  return { data, lines, diagnostics };
}
