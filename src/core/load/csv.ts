/** baseline-metrics.csv: RFC 4180 via csv-parse, into the parsed form its schema describes. */
import { parse } from 'csv-parse/sync';
import { diag, pointerOf, type Diagnostic } from '../diagnostics.ts';
import type { Parsed } from './json.ts';

const TEXT_COLUMNS = new Set(['service', 'collected_at', 'source', 'endpoint', 'environment', 'method']);
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

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
      if (col === '__proto__' || col === 'constructor') return;
      const raw = (record[j] ?? '').trim();
      lines.set(`${pointer}/${col}`, info.lines);
      if (TEXT_COLUMNS.has(col)) {
        if (raw !== '' || col === 'service' || col === 'collected_at' || col === 'source') row[col] = raw;
      } else row[col] = raw === '' ? null : NUMBER.test(raw) ? Number(raw) : raw;
    });
    rows.push(row);
  }
  const data: BaselineCsv = { columns, rows };
  if (methodLines.length > 0) data.method = methodLines.join('\n');
  void headerIndex;
  return { data, lines, diagnostics };
}
