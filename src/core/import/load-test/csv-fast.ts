/**
 * A fast path for raw CSV samples (JMeter JTL, hey) that gives exactly what csv-parse gives.
 * Lines without a quote and without a stray CR are split on commas directly; every other record
 * (a quoted field, an embedded newline, a CR that does not end a line) is handed to csv-parse itself,
 * with the line numbers it would report in a whole-file parse. The record length rule, skipped empty
 * lines, the BOM and the line counting are csv-parse's: `test/import/csv-fast.test.ts` checks the
 * two against each other as a property, errors included.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { parse as parseSync, CsvError } from 'csv-parse/sync';
import { ImportError } from './types.ts';

/** One record and the line csv-parse reports for it (its last line). */
export interface FastRow {
  cells: string[];
  line: number;
}

/** Record delimiters the fast path handles; anything else (a lone CR, a quoted header) goes to csv-parse whole. */
export type Delimiter = '\n' | '\r\n';

const CHUNK = 64 * 1024;
/** A record handed to csv-parse may span lines; past this size it is refused rather than held. */
export const MAX_QUOTED_RECORD = 16 * 1024 * 1024;
/** csv-parse counts a line for every CR and every LF, except that a CRLF record delimiter counts once. */
const LINE_CHARS = /[\r\n]/g;

/** The delimiter csv-parse would detect from the text's start, or undefined when the fast path must not run. */
export function detectDelimiter(head: string): Delimiter | undefined {
  const lf = head.indexOf('\n');
  if (lf < 0) return undefined;
  const cr = head.indexOf('\r');
  const quote = head.indexOf('"');
  if (quote >= 0 && quote < lf) return undefined;
  if (cr >= 0 && cr < lf - 1) return undefined;
  return cr === lf - 1 ? '\r\n' : '\n';
}

const lineChars = (s: string): number => s.match(LINE_CHARS)?.length ?? 0;

function quotes(s: string): number {
  let n = 0;
  for (let i = s.indexOf('"'); i >= 0; i = s.indexOf('"', i + 1)) n++;
  return n;
}

/** Splits text into records, calling `onRecord` for each; tracks lines, the record length and quoted records. */
export class FastCsvSplitter {
  private readonly delimiter: Delimiter;
  private readonly onRecord: (row: FastRow) => void;
  private readonly file: string;
  private carry = '';
  /** Line number of the next physical line. */
  private line = 1;
  private expected = -1;
  private quoted: string | null = null;
  private quotedStart = 0;
  private quotedCount = 0;

  constructor(delimiter: Delimiter, file: string, onRecord: (row: FastRow) => void) {
    this.delimiter = delimiter;
    this.file = file;
    this.onRecord = onRecord;
  }

  /** Feeds the next piece of decoded text. */
  push(text: string): void {
    const lines = (this.carry === '' ? text : this.carry + text).split('\n');
    this.carry = lines.pop()!;
    for (const line of lines) this.physicalLine(line, true);
    if (this.quoted !== null && this.quoted.length + this.carry.length > MAX_QUOTED_RECORD) this.tooLong();
  }

  /** Ends the input: the last line may lack a line end. */
  end(): void {
    const last = this.carry;
    this.carry = '';
    if (this.quoted !== null) {
      this.quoted += last;
      this.flushQuoted(false);
    } else if (last !== '') this.physicalLine(last, false);
  }

  private physicalLine(text: string, terminated: boolean): void {
    if (this.quoted !== null) {
      this.quoted += terminated ? `${text}\n` : text;
      this.quotedCount += quotes(text);
      if (terminated && this.complete(text)) this.flushQuoted(true);
      else if (this.quoted.length > MAX_QUOTED_RECORD) this.tooLong();
      return;
    }
    const crlf = this.delimiter === '\r\n';
    const cr = text.indexOf('\r');
    const clean = text.indexOf('"') < 0 && (crlf ? cr >= 0 && cr === text.length - 1 && terminated : cr < 0);
    if (clean) {
      const body = crlf ? text.slice(0, -1) : text;
      if (body !== '') this.record(body.split(','), this.line);
      this.line++;
      return;
    }
    if (!crlf && text === '' && !terminated) return;
    this.quoted = terminated ? `${text}\n` : text;
    this.quotedStart = this.line;
    this.quotedCount = quotes(text);
    if (!terminated) this.flushQuoted(false);
    else if (this.complete(text)) this.flushQuoted(true);
  }

  /** A record handed to csv-parse ends at a real delimiter outside quotes (an even number of quotes so far). */
  private complete(lastLine: string): boolean {
    return this.quotedCount % 2 === 0 && (this.delimiter === '\n' || lastLine.endsWith('\r'));
  }

  /** Parses the held record with csv-parse; `terminated` when it ended at a record delimiter (not at the end of the file). */
  private flushQuoted(terminated: boolean): void {
    const text = this.quoted!;
    const start = this.quotedStart;
    this.quoted = null;
    let records: string[][];
    try {
      records = parseSync(text, {
        skip_empty_lines: true,
        relax_column_count: true,
        record_delimiter: this.delimiter,
      }) as string[][];
    } catch (e) {
      if (!(e instanceof CsvError)) throw e;
      const lines = ((e as CsvError & { lines?: number }).lines ?? 1) + start - 1;
      const message = e.message.replace(/\bline (\d+)/g, (_m, n: string) => `line ${Number(n) + start - 1}`);
      throw csvImportError(this.file, lines, message);
    }
    const body = terminated ? text.slice(0, -this.delimiter.length) : text;
    // At the end of the file a last CR or LF is data csv-parse has not counted yet.
    const last = start + lineChars(body) - (!terminated && /[\r\n]$/.test(body) ? 1 : 0);
    for (const r of records) this.record(r, last);
    this.line = last + (terminated ? 1 : 0);
  }

  private record(cells: string[], line: number): void {
    if (this.expected < 0) this.expected = cells.length;
    else if (cells.length !== this.expected)
      throw csvImportError(
        this.file,
        line,
        `Invalid Record Length: expect ${this.expected}, got ${cells.length} on line ${line}`,
      );
    this.onRecord({ cells, line });
  }

  private tooLong(): never {
    throw new ImportError(
      this.file,
      this.quotedStart,
      `Unexpected quoted record longer than ${MAX_QUOTED_RECORD} bytes (an unclosed quote?)`,
      'The file looks truncated or edited; use the file exactly as the tool wrote it.',
    );
  }
}

/** A csv-parse failure as the import reports it (the same words the full parser's error gives). */
export function csvImportError(file: string, line: number | undefined, message: string): ImportError {
  return new ImportError(
    file,
    line,
    `Unexpected CSV content: ${message.replace(/^Invalid[^:]*:\s*/, '')}`,
    'The file looks truncated or edited; use the file exactly as the tool wrote it.',
  );
}

/**
 * Reads `abs` in 64 KiB chunks (small pieces keep the lines of a chunk from outliving the young generation: flat memory) through the fast splitter, or returns false without calling `onRecord`
 * when the file's start is not for the fast path (a quoted header, a lone CR, no line end in the
 * first chunk): the caller then uses csv-parse for the whole file.
 */
export async function readCsvFast(
  abs: string,
  file: string,
  onRecord: (row: FastRow) => void,
): Promise<boolean> {
  // The file the user named (its path may be a link they chose); it is read, never written.
  const handle = await open(abs, constants.O_RDONLY);
  try {
    const decoder = new StringDecoder('utf8');
    const buf = Buffer.allocUnsafe(CHUNK);
    let splitter: FastCsvSplitter | undefined;
    let first = true;
    for (;;) {
      const { bytesRead } = await handle.read(buf, 0, CHUNK, null);
      if (bytesRead === 0) break;
      let text = decoder.write(buf.subarray(0, bytesRead));
      if (first) {
        first = false;
        if (text.startsWith('\uFEFF')) text = text.slice(1);
        const delimiter = detectDelimiter(text);
        if (!delimiter) return false;
        splitter = new FastCsvSplitter(delimiter, file, onRecord);
      }
      splitter!.push(text);
    }
    if (!splitter) return false;
    splitter.push(decoder.end());
    splitter.end();
    return true;
  } finally {
    await handle.close();
  }
}
