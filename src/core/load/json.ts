/**
 * Strict JSON: the parse that a gate can trust. Duplicate keys, `__proto__`/`constructor` keys,
 * integers beyond 2^53, non-finite numbers, strings that are not valid Unicode (a lone surrogate
 * escape such as `"\ud800"`) and trailing data are errors (JSON.parse would silently keep one
 * value, and UTF-8 output would silently turn a lone surrogate into U+FFFD). Every value keeps its
 * line, keyed by JSON pointer.
 */
import { parse as parseMomoa, type ValueNode } from '@humanwhocodes/momoa';
import { diag, pointerSegment, type Diagnostic } from '../diagnostics.ts';

export interface Parsed<T = unknown> {
  data: T | undefined;
  /** JSON pointer -> 1-based line. */
  lines: Map<string, number>;
  diagnostics: Diagnostic[];
}

/** Keys a strict JSON file may not hold (ARTIFACTS.md conventions): writers map them away first. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 64;

/** Parses JSON text strictly; never throws on bad input. */
export function parseStrictJson(text: string, file: string): Parsed {
  const lines = new Map<string, number>();
  const diagnostics: Diagnostic[] = [];
  let body: ValueNode;
  try {
    body = parseMomoa(text, { mode: 'json', ranges: true }).body;
  } catch (e) {
    // The parser recurses per nesting level: a document nested deeper than the stack is too deep.
    if (e instanceof RangeError) {
      diagnostics.push(
        diag(
          'json.too-deep',
          'error',
          file,
          `Unexpected nesting deeper than ${MAX_DEPTH} levels`,
          'Flatten the structure; no artifact needs this depth.',
        ),
      );
      return { data: undefined, lines, diagnostics };
    }
    const err = e as { message?: string; line?: number };
    const line = typeof err.line === 'number' ? err.line : undefined;
    const message = String(err.message ?? e).replace(/\s*\(\d+:\d+\)$/, '');
    diagnostics.push(
      diag(
        'json.syntax',
        'error',
        file,
        `Invalid JSON: ${message}${line ? ` at line ${line}` : ''}`,
        'Fix the syntax (no comments, no trailing commas, one top-level value, strings in double quotes).',
        { line },
      ),
    );
    return { data: undefined, lines, diagnostics };
  }

  function convert(node: ValueNode, pointer: string, depth: number): unknown {
    const line = node.loc.start.line;
    lines.set(pointer, line);
    if (depth > MAX_DEPTH) {
      diagnostics.push(
        diag(
          'json.too-deep',
          'error',
          file,
          `Unexpected nesting deeper than ${MAX_DEPTH} levels`,
          'Flatten the structure; no artifact needs this depth.',
          { pointer, line },
        ),
      );
      return null;
    }
    switch (node.type) {
      case 'Object': {
        const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
        const seen = new Map<string, number>();
        for (const member of node.members) {
          const key = member.name.type === 'String' ? member.name.value : member.name.name;
          const childPointer = `${pointer}/${pointerSegment(key)}`;
          const keyLine = member.name.loc.start.line;
          if (!key.isWellFormed()) {
            diagnostics.push(loneSurrogate(file, childPointer, keyLine, 'key'));
            continue;
          }
          if (FORBIDDEN_KEYS.has(key)) {
            diagnostics.push(
              diag(
                'json.forbidden-key',
                'error',
                file,
                `Unexpected key \`${key}\`: it can alter object prototypes`,
                `Remove the \`${key}\` key.`,
                {
                  pointer: childPointer,
                  line: keyLine,
                },
              ),
            );
            continue;
          }
          const first = seen.get(key);
          if (first !== undefined) {
            diagnostics.push(
              diag(
                'json.duplicate-key',
                'error',
                file,
                `Unexpected duplicate key \`${key}\` (first at line ${first}); a JSON reader would silently keep only one value`,
                'Keep exactly one entry for this key.',
                { pointer: childPointer, line: keyLine },
              ),
            );
            continue;
          }
          seen.set(key, keyLine);
          out[key] = convert(member.value, childPointer, depth + 1);
        }
        // Return a plain object (prototype-free construction above guards against pollution).
        return Object.assign({}, out);
      }
      case 'Array':
        return node.elements.map((el, i) => convert(el.value, `${pointer}/${i}`, depth + 1));
      case 'Number': {
        const raw = node.range ? text.slice(node.range[0], node.range[1]) : String(node.value);
        if (!Number.isFinite(node.value)) {
          diagnostics.push(
            diag(
              'json.number-range',
              'error',
              file,
              `Unexpected number ${raw}: it is outside the range of a double`,
              'Write a finite number.',
              { pointer, line },
            ),
          );
          return null;
        }
        if (Number.isInteger(node.value) && Math.abs(node.value) > Number.MAX_SAFE_INTEGER) {
          diagnostics.push(
            diag(
              'json.big-integer',
              'error',
              file,
              `Unexpected integer ${raw}: beyond 2^53 it cannot be represented exactly`,
              'Use a smaller number, or a string if it is an identifier.',
              { pointer, line },
            ),
          );
          return null;
        }
        return node.value;
      }
      case 'String':
        if (!node.value.isWellFormed()) {
          diagnostics.push(loneSurrogate(file, pointer, line, 'string'));
          return null;
        }
        return node.value;
      case 'Boolean':
        return node.value;
      case 'Null':
        return null;
      default:
        diagnostics.push(
          diag(
            'json.syntax',
            'error',
            file,
            `Unexpected ${node.type} value`,
            'Use standard JSON values only.',
            { pointer, line },
          ),
        );
        return null;
    }
  }

  const data = convert(body, '', 0);
  return { data, lines, diagnostics };
}

function loneSurrogate(file: string, pointer: string, line: number, what: 'key' | 'string'): Diagnostic {
  return diag(
    'json.lone-surrogate',
    'error',
    file,
    `Unexpected ${what} with a lone surrogate escape (e.g. \\ud800): it is not valid Unicode and cannot be written back as UTF-8`,
    'Write the character itself, or a complete surrogate pair (e.g. \\ud83d\\ude00).',
    { pointer, line },
  );
}

/** Line of a pointer, or of its nearest ancestor that has one. */
export function lineOf(lines: Map<string, number>, pointer: string): number | undefined {
  let p = pointer;
  for (;;) {
    const l = lines.get(p);
    if (l !== undefined) return l;
    if (p === '') return undefined;
    p = p.slice(0, p.lastIndexOf('/'));
  }
}
