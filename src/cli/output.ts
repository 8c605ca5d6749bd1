/** Human rendering of diagnostics for the terminal. */
import path from 'node:path';
import type { Diagnostic } from '../core/diagnostics.ts';
import { plural } from '../core/format/plural.ts';

/** Where a diagnostic's file is for the person at the terminal. */
export function displayPath(d: Diagnostic, artifactsDir: string, configFile: string): string {
  if (d.file === configFile) return configFile;
  return path.posix.normalize(path.posix.join(artifactsDir.split(path.sep).join('/'), d.file));
}

/** `file:line  pointer` / `  error  message` / `  hint   ...` blocks. */
export function formatDiagnostics(
  list: readonly Diagnostic[],
  artifactsDir: string,
  configFile: string,
): string {
  return list
    .map((d) => {
      const loc = `${oneLine(displayPath(d, artifactsDir, configFile))}${d.line !== undefined ? `:${d.line}` : ''}${d.pointer ? `  ${oneLine(d.pointer)}` : ''}`;
      return `${loc}\n  ${d.severity.padEnd(8)} ${oneLine(d.message)} [${d.code}]\n  ${'hint'.padEnd(8)} ${oneLine(d.hint)}`;
    })
    .join('\n\n');
}

/**
 * A diagnostic's text quotes artifact text (JSON keys, CSV column names, headings, file names): a
 * line break inside it would start a line that looks like perfgate's own output (or, in a CI log,
 * a workflow command), so it is shown as `\n`.
 */
function oneLine(s: string): string {
  return s.replace(/\r\n|\r|\n/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\r\\n'));
}

/** `1 error, 2 warnings` / `no problems`. */
export function countSeverities(list: readonly Diagnostic[]): string {
  const n = (s: string) => list.filter((d) => d.severity === s).length;
  const parts = [
    [n('critical'), 'critical'],
    [n('error'), 'error'],
    [n('warning'), 'warning'],
  ]
    .filter(([c]) => (c as number) > 0)
    .map(([c, w]) => plural(c as number, w as string));
  return parts.join(', ') || 'no problems';
}

/** Control characters, C1 controls and bidirectional overrides: in a terminal they recolour, move the cursor or reorder text. */
const UNSAFE_FOR_TERMINAL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

const escapeChar = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * Human output quotes artifact text (headings, cell values, zip entry names): every character that
 * could drive the terminal is shown as an escape (`\u001b`), so a hostile file cannot rewrite
 * what the person at the terminal sees. Line breaks and tabs stay (a lone CR is escaped: CI log
 * readers split lines on it).
 *
 * The same output lands in CI logs, where the GitHub runner treats `::name::` at the start of a line
 * (after leading blanks) and `##[name]` anywhere in a line as workflow commands: the first `:` of
 * such a line start and the `[` of every `##[` are escaped, so quoted artifact text is never a command.
 */
export function terminalSafe(s: string): string {
  return s
    .replace(UNSAFE_FOR_TERMINAL, escapeChar)
    .replace(/^([^\S\n]*):(?=:)/gm, (_m, blank: string) => `${blank}\\u003a`)
    .replaceAll('##[', '##\\u005b');
}

/** The config line of the human output: which file was read, or that the defaults were used. */
export function configNotice(source: string, file: string): string {
  return source === 'defaults'
    ? `Config: defaults (no ${file}; \`perfgate init\` writes one with every key)`
    : `Config: ${source}`;
}
