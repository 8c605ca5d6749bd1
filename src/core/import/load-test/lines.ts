/**
 * Lines of a text file read in 64 KiB chunks, exactly as `node:readline` with `crlfDelay: Infinity`
 * gives them (a line ends at LF, CR or CRLF; no empty line after the last line end) but without an
 * async step per line: a k6 NDJSON of a real test has millions of lines.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';

const CHUNK = 64 * 1024;

/** Splits decoded text into readline's lines; `onLine` gets each line and its 1-based number. */
export class LineSplitter {
  private carry = '';
  private n = 0;
  private readonly onLine: (text: string, n: number) => void;

  constructor(onLine: (text: string, n: number) => void) {
    this.onLine = onLine;
  }

  push(text: string): void {
    const lines = (this.carry + text).split('\n');
    this.carry = lines.pop()!;
    // A CR at the very end may be the first half of a CRLF: keep it until the next piece.
    for (const line of lines) this.emit(line.endsWith('\r') ? line.slice(0, -1) : line);
  }

  /** The last line, when the file does not end with a line end. */
  end(): void {
    const rest = this.carry;
    this.carry = '';
    if (rest === '') return;
    const parts = rest.split('\r');
    // A trailing CR ends the last line (readline emits no empty line after it).
    if (parts.at(-1) === '') parts.pop();
    for (const p of parts) this.onLine(p, ++this.n);
  }

  private emit(line: string): void {
    if (line.indexOf('\r') < 0) this.onLine(line, ++this.n);
    else for (const p of line.split('\r')) this.onLine(p, ++this.n);
  }
}

/** Calls `onLine` for every line of the file (the path the user named; read, never written). */
export async function forEachLine(abs: string, onLine: (text: string, n: number) => void): Promise<void> {
  const handle = await open(abs, constants.O_RDONLY);
  try {
    const decoder = new StringDecoder('utf8');
    const buf = Buffer.allocUnsafe(CHUNK);
    const splitter = new LineSplitter(onLine);
    for (;;) {
      const { bytesRead } = await handle.read(buf, 0, CHUNK, null);
      if (bytesRead === 0) break;
      splitter.push(decoder.write(buf.subarray(0, bytesRead)));
    }
    splitter.push(decoder.end());
    splitter.end();
  } finally {
    await handle.close();
  }
}
