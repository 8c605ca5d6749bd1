/**
 * Placeholders (ARTIFACTS.md conventions): `perfgate init` writes `<fill: what>` wherever a person
 * must write something. One left anywhere in an artifact (a JSON string, a CSV cell, Markdown text,
 * raw HTML or a code block alike) is an error naming the file and the place: a scaffold never passes.
 */
import { ARTIFACTS } from '../artifacts.ts';
import { diag, pointerOf, type Diagnostic } from '../diagnostics.ts';
import { lineOf } from '../load/json.ts';
import type { LoadedArtifact, LoadedCycle } from '../load/cycle.ts';

/** The one placeholder form: `<fill: service>`, `<fill: date-time>`, `<fill: reviewer name>`. */
export const PLACEHOLDER = /<fill:[^<>\n]*>/gi;

const HINT =
  'Replace the `<fill: ...>` placeholder with the real value (see the getting-started guide), or remove the entry.';

function placeholderIn(s: string): string | undefined {
  return s.match(PLACEHOLDER)?.[0];
}

/** JSON: every string value (and key) with its pointer. */
function jsonPlaceholders(a: LoadedArtifact, out: Diagnostic[]): void {
  const walk = (x: unknown, path: (string | number)[]): void => {
    if (typeof x === 'string') {
      const p = placeholderIn(x);
      if (p === undefined) return;
      const pointer = pointerOf(...path);
      out.push(
        diag(
          'placeholder.unfilled',
          'error',
          a.file,
          `Unfilled placeholder \`${p}\` at ${pointer || 'the top'}`,
          HINT,
          {
            pointer,
            line: lineOf(a.lines, pointer),
          },
        ),
      );
    } else if (Array.isArray(x)) x.forEach((v, i) => walk(v, [...path, i]));
    else if (x !== null && typeof x === 'object')
      for (const [k, v] of Object.entries(x)) {
        if (placeholderIn(k) !== undefined) walk(k, [...path, k]);
        walk(v, [...path, k]);
      }
  };
  walk(a.data, []);
}

/** Text files (CSV, Markdown, and JSON that did not parse): every line, raw. */
function textPlaceholders(a: LoadedArtifact, out: Diagnostic[]): void {
  a.text.split(/\r?\n/).forEach((line, i) => {
    const p = placeholderIn(line);
    if (p === undefined) return;
    out.push(
      diag('placeholder.unfilled', 'error', a.file, `Unfilled placeholder \`${p}\` on line ${i + 1}`, HINT, {
        line: i + 1,
      }),
    );
  });
}

/** Every placeholder left in the cycle's artifacts. */
export function placeholderDiagnostics(cycle: LoadedCycle): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const spec of ARTIFACTS) {
    const a = cycle.artifacts[spec.name];
    if (!a) continue;
    if (spec.format === 'json' && a.data !== undefined) jsonPlaceholders(a, out);
    else textPlaceholders(a, out);
  }
  return out;
}
