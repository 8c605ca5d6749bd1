/** Human rendering of diagnostics for the terminal. */
import path from 'node:path';
import type { Diagnostic } from '../core/diagnostics.ts';
import { configPath } from '../core/load/config-path.ts';
import { plural } from '../core/format/plural.ts';

/** Where a diagnostic's file is for the person at the terminal: the config as they named it. */
export function displayPath(d: Diagnostic, artifactsDir: string, configFile: string): string {
  if (configFile !== '' && (d.file === configFile || d.file === configPath(configFile))) return configFile;
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

/** `1 error, 2 warnings, 3 notes` / `no problems` (notes are hints, such as a typed number to reference). */
export function countSeverities(list: readonly Diagnostic[]): string {
  const n = (s: string) => list.filter((d) => d.severity === s).length;
  const parts = [
    [n('critical'), 'critical'],
    [n('error'), 'error'],
    [n('warning'), 'warning'],
    [n('info'), 'note'],
  ]
    .filter(([c]) => (c as number) > 0)
    .map(([c, w]) => plural(c as number, w as string));
  return parts.join(', ') || 'no problems';
}

/** The config line of the human output: which file was read, or that the defaults were used. */
export function configNotice(source: string, file: string): string {
  return source === 'defaults'
    ? `Config: defaults (no ${file}; \`perfgate init\` writes one with every key)`
    : `Config: ${source}`;
}
