/** Reads a tool's JSON summary strictly (duplicate keys, trailing data and truncation are errors with a line). */
import { open } from 'node:fs/promises';
import { parseStrictJson } from '../../load/json.ts';
import { MAX_PARSED_BYTES } from '../../load/read.ts';
import { ImportError, type InputFile } from './types.ts';

/** The parsed value and a way to find the line of a JSON pointer. */
export interface JsonDoc {
  data: unknown;
  lineOf(pointer: string): number | undefined;
}

/** Parses one summary file; a summary larger than 32 MiB is refused (no tool writes one). */
export async function readJsonFile(f: InputFile): Promise<JsonDoc> {
  let text: string;
  try {
    const h = await open(f.path, 'r');
    try {
      const size = (await h.stat()).size;
      if (size > MAX_PARSED_BYTES) {
        throw new ImportError(
          f.name,
          undefined,
          `Unexpected size ${size} bytes: a JSON summary larger than ${MAX_PARSED_BYTES} bytes is not read`,
          'Pass the summary file the tool wrote, not a raw export; raw samples belong in k6 --out json (NDJSON), which streams.',
        );
      }
      text = new TextDecoder('utf-8', { fatal: true }).decode(await h.readFile());
    } finally {
      await h.close();
    }
  } catch (e) {
    if (e instanceof ImportError) throw e;
    if (e instanceof TypeError)
      throw new ImportError(
        f.name,
        undefined,
        'Unexpected bytes that are not UTF-8',
        'Use the file exactly as the tool wrote it.',
      );
    throw new ImportError(
      f.name,
      undefined,
      `Could not read the file (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
      'Check that the file exists and is readable.',
    );
  }
  const parsed = parseStrictJson(text.replace(/^\uFEFF/, ''), f.name);
  const bad = parsed.diagnostics.find((d) => d.severity === 'error' || d.severity === 'critical');
  if (bad || parsed.data === undefined) {
    throw new ImportError(
      f.name,
      bad?.line,
      bad ? bad.message : 'Unexpected content: not JSON',
      `${bad?.hint ?? ''} The file may be truncated; use it exactly as the tool wrote it.`.trim(),
    );
  }
  return { data: parsed.data, lineOf: (p) => parsed.lines.get(p) };
}

/** A plain object, or undefined. */
export function obj(x: unknown): Record<string, unknown> | undefined {
  return x !== null && typeof x === 'object' && !Array.isArray(x)
    ? (x as Record<string, unknown>)
    : undefined;
}

/** A finite number, or undefined. */
export function num(x: unknown): number | undefined {
  return typeof x === 'number' && Number.isFinite(x) ? x : undefined;
}

/** Throws when a required value is absent: names the file, the line and the JSON pointer. */
export function need<T>(v: T | undefined, doc: JsonDoc, f: InputFile, pointer: string, what: string): T {
  if (v !== undefined) return v;
  const parent = pointer.split('/').slice(0, -1).join('/');
  throw new ImportError(
    f.name,
    doc.lineOf(pointer) ?? doc.lineOf(parent),
    `Missing ${what} at ${pointer}`,
    'The file is not a complete output of the tool (truncated, or written by an older version); re-run the tool.',
  );
}
