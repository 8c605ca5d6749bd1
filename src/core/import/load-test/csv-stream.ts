/** Streams a CSV file record by record (csv-parse), with the line of each record, for raw formats. */
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { parse, CsvError } from 'csv-parse';
import { readCsvFast } from './csv-fast.ts';
import { ImportError, type InputFile } from './types.ts';

export interface CsvRow {
  cells: string[];
  /** 1-based line of the record (its last line, for a quoted multi-line field). */
  line: number;
}

/** Header names -> column index; every name of `required` must be present. */
export function columnIndex(
  header: readonly string[],
  required: readonly string[],
  file: string,
  what: string,
): Map<string, number> {
  const idx = new Map(header.map((h, i) => [h.trim(), i]));
  const missing = required.filter((c) => !idx.has(c));
  if (missing.length > 0) {
    throw new ImportError(
      file,
      1,
      `Missing column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `\`${m}\``).join(', ')} in the header of this ${what}`,
      `The header has ${header.map((h) => `\`${h}\``).join(', ')}; ${what} needs ${required.map((c) => `\`${c}\``).join(', ')}. Re-export it with the tool's default columns.`,
    );
  }
  return idx;
}

/**
 * Calls `onRow` for every record after the header (`onHeader` sees the header first); returns the
 * number of records. Event-driven rather than an async iterator: a 1 GiB JTL has ~10 million rows.
 * Plain lines take the fast path (`csv-fast.ts`, the same records as csv-parse); a file whose start
 * it does not handle goes through csv-parse whole.
 */
export async function forEachCsvRow(
  input: InputFile,
  onHeader: (header: string[]) => void,
  onRow: (row: CsvRow) => void,
): Promise<number> {
  let header = true;
  let rows = 0;
  let fast: boolean;
  try {
    fast = await readCsvFast(input.path, input.name, (row) => {
      if (header) {
        header = false;
        onHeader(row.cells);
      } else {
        rows++;
        onRow(row);
      }
    });
  } catch (e) {
    throw toImportError(e, input);
  }
  return fast ? rows : forEachCsvRowFull(input, onHeader, onRow);
}

/** The same with csv-parse for the whole file (and the reference the fast path is tested against). */
export async function forEachCsvRowFull(
  input: InputFile,
  onHeader: (header: string[]) => void,
  onRow: (row: CsvRow) => void,
): Promise<number> {
  const source = createReadStream(input.path);
  // `info: true` would cost a fourfold slowdown; the parser's running line count is the same number.
  const parser = parse({ bom: true, skip_empty_lines: true });
  let header = true;
  let rows = 0;
  let failure: unknown;
  parser.on('data', (record: string[]) => {
    if (failure !== undefined) return;
    try {
      if (header) {
        header = false;
        onHeader(record);
      } else {
        rows++;
        onRow({ cells: record, line: parser.info.lines });
      }
    } catch (e) {
      failure = e;
      source.destroy();
      parser.destroy();
    }
  });
  try {
    await pipeline(source, parser);
  } catch (e) {
    failure ??= e;
  }
  if (failure !== undefined) throw toImportError(failure, input);
  if (header) {
    throw new ImportError(
      input.name,
      1,
      'Unexpected empty file, expected a CSV header',
      'Pass the file the tool wrote after the run finished.',
    );
  }
  return rows;
}

function toImportError(e: unknown, input: InputFile): ImportError {
  if (e instanceof ImportError) return e;
  if (e instanceof CsvError) {
    const line = (e as CsvError & { lines?: number }).lines;
    return new ImportError(
      input.name,
      line,
      `Unexpected CSV content: ${e.message.replace(/^Invalid[^:]*:\s*/, '')}`,
      'The file looks truncated or edited; use the file exactly as the tool wrote it.',
    );
  }
  const code = (e as NodeJS.ErrnoException).code;
  return new ImportError(
    input.name,
    undefined,
    `Could not read the file (${code ?? String(e)})`,
    'Check that the file exists and is readable.',
  );
}

/** A number cell, or an ImportError naming the file, line and column. */
export function numberCell(row: CsvRow, i: number, col: string, file: string): number {
  const s = row.cells[i] ?? '';
  const n = s.trim() === '' ? NaN : Number(s);
  if (!Number.isFinite(n)) {
    throw new ImportError(
      file,
      row.line,
      `Unexpected \`${col}\` ${JSON.stringify(s)}, expected a number`,
      'The row is damaged (truncated or edited); use the file exactly as the tool wrote it.',
    );
  }
  return n;
}
