/** Parses one artifact's text by its format (JSON, the baseline CSV, Markdown), with lines for pointers. */
import type { ArtifactSpec } from '../artifacts.ts';
import { diag } from '../diagnostics.ts';
import { parseBaselineCsv } from './csv.ts';
import { parseStrictJson, type Parsed } from './json.ts';
import {
  parseCapacityAnalysis,
  parseFreeMarkdown,
  parseHypothesisLog,
  parseImprovementNotes,
  parseProfilingReport,
} from './markdown-artifacts.ts';
import { markdownWarnings, parseMarkdownTree } from './markdown.ts';
import { markdownComplexity } from './markdown-limits.ts';

/** Parses the text of artifact `spec` by its format: its data, JSON pointer -> line, and what parsing found. */
export function parseArtifact(spec: ArtifactSpec, text: string, file: string): Parsed {
  if (spec.format === 'markdown') return parseMarkdownArtifact(spec, text, file);
  return spec.format === 'csv' ? parseBaselineCsv(text, file) : parseStrictJson(text, file);
}

/** A Markdown artifact: refused before parsing when too complex, parsed once, warned about raw HTML. */
function parseMarkdownArtifact(spec: ArtifactSpec, text: string, file: string): Parsed {
  const tooComplex = (message: string, line?: number): Parsed => ({
    data: undefined,
    lines: new Map(),
    diagnostics: [
      diag(
        'markdown.too-complex',
        'error',
        file,
        message,
        'Keep artifacts to plain prose, headings, short lists and tables; move raw data into attachments.',
        { line },
      ),
    ],
  });
  const complexity = markdownComplexity(text);
  if (complexity) return tooComplex(complexity.message, complexity.line);
  let root;
  try {
    root = parseMarkdownTree(text);
  } catch (e) {
    // The parser recurses per nesting level; anything deeper than the stack is refused, not a crash.
    if (e instanceof RangeError)
      return tooComplex('Unexpected nesting: the document is nested too deeply to parse');
    throw e;
  }
  const parsed = ((): Parsed => {
    switch (spec.name) {
      case 'hypothesis-log':
        return parseHypothesisLog(root, file);
      case 'profiling-report':
        return parseProfilingReport(root);
      case 'capacity-analysis':
        return parseCapacityAnalysis(root);
      case 'continuous-improvement-notes':
        return parseImprovementNotes(root);
      default:
        return parseFreeMarkdown(root, text);
    }
  })();
  parsed.diagnostics.push(...markdownWarnings(root, file));
  return parsed;
}
