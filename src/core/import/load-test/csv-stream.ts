/** Streams a CSV file record by record (csv-parse), with the line of each record, for raw formats. */
import { createReadStream } from 'node:fs';
import { parse, CsvError } from 'csv-parse';
import { ImportError, type InputFile } from './types.ts';

export interface CsvRow {
  cells: string[];
  /** 1-based line where the record starts. */
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

/** Yields every record after the header; `onHeader` sees the header first. */
export async function* csvRows(
  input: InputFile,
  onHeader: (header: string[]) => void,
): AsyncGenerator<CsvRow> {
  const parser = createReadStream(input.path).pipe(
    parse({ bom: true, info: true, skip_empty_lines: true, relax_quotes: false }),
  );
  let header = true;
  try {
    for await (const rec of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (header) {
        header = false;
        onHeader(rec.record);
        continue;
      }
      yield { cells: rec.record, line: rec.info.lines };
    }
  } catch (e) {
    if (e instanceof ImportError) throw e;
    if (e instanceof CsvError) {
      const line = (e as CsvError & { lines?: number }).lines;
      throw new ImportError(
        input.name,
        line,
        `Unexpected CSV content: ${e.message.replace(/^Invalid[^:]*:\s*/, '')}`,
        'The file looks truncated or edited; use the file exactly as the tool wrote it.',
      );
    }
    const code = (e as NodeJS.ErrnoException).code;
    throw new ImportError(
      input.name,
      undefined,
      `Could not read the file (${code ?? String(e)})`,
      'Check that the file exists and is readable.',
    );
  }
  if (header) {
    throw new ImportError(
      input.name,
      1,
      'Unexpected empty file, expected a CSV header',
      'Pass the file the tool wrote after the run finished.',
    );
  }
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
