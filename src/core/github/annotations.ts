/** `::error file=…,line=…,title=…::message` annotations for the GitHub runner. Pure. */
import type { Diagnostic } from '../diagnostics.ts';
import { escapeData, escapeProperty } from './escape.ts';

/** One annotation per warning/error/critical; `repoPath` maps a diagnostic to its path in the repository. */
export function annotations(
  diagnostics: readonly Diagnostic[],
  repoPath: (d: Diagnostic) => string,
): string[] {
  return diagnostics
    .filter((d) => d.severity !== 'info')
    .map((d) => {
      const level = d.severity === 'warning' ? 'warning' : 'error';
      const props = [
        `file=${escapeProperty(repoPath(d))}`,
        ...(typeof d.line === 'number' && Number.isInteger(d.line) ? [`line=${d.line}`] : []),
        `title=${escapeProperty(`perfgate ${d.code}`)}`,
      ];
      return `::${level} ${props.join(',')}::${escapeData(`${d.message}. Hint: ${d.hint}`)}`;
    });
}
