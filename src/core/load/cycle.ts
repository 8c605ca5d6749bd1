/** Loads a cycle directory: the only code that reads it. Never writes, never follows a link. */
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import {
  ARTIFACTS,
  UPSTREAM,
  type ArtifactName,
  type ArtifactSpec,
  type UpstreamSpec,
} from '../artifacts.ts';
import { diag, type Diagnostic } from '../diagnostics.ts';
import { parseBaselineCsv } from './csv.ts';
import { parseStrictJson, type Parsed } from './json.ts';
import {
  markdownWarnings,
  parseCapacityAnalysis,
  parseFreeMarkdown,
  parseHypothesisLog,
  parseImprovementNotes,
  parseMarkdownTree,
  parseProfilingReport,
} from './markdown.ts';
import { markdownComplexity, MAX_MARKDOWN_BYTES } from './markdown-limits.ts';
import { decodeUtf8 } from './text.ts';
import {
  FileTooLargeError,
  NotRegularFileError,
  readFileNoFollow,
  walkCycle,
  type FileEntry,
  type WalkResult,
} from './walk.ts';
import { configPath } from './config-path.ts';
import { parseYaml } from './yaml.ts';

/** Largest artifact perfgate parses (evidence files of any size are only hashed, streaming). */
export const MAX_PARSED_BYTES = 32 * 1024 * 1024;

export interface LoadedArtifact {
  spec: ArtifactSpec;
  /** Path relative to the cycle directory. */
  file: string;
  /** Parsed data (JSON value, or the parsed structure of a CSV/Markdown file); undefined if unparseable. */
  data: unknown;
  /** JSON pointer -> line. */
  lines: Map<string, number>;
  /** Raw text (Markdown artifacts are rendered by the site). */
  text: string;
}

export interface UpstreamFile {
  protocol: number;
  /** Path relative to the cycle directory, e.g. `../protocol-15/DEPLOYMENT-REPORT.md`. */
  path: string;
  abs: string;
  bytes: number;
}

export interface LoadedCycle {
  dir: string;
  files: FileEntry[];
  artifacts: Partial<Record<ArtifactName, LoadedArtifact>>;
  missing: ArtifactSpec[];
  /** Markdown artifacts present as files but with no text (empty or whitespace only): counted as missing. */
  empty: string[];
  upstream: UpstreamFile[];
  missingUpstream: UpstreamSpec[];
  diagnostics: Diagnostic[];
}

export interface LoadOptions {
  /** Look for the upstream artifacts of protocols 15-17 beside the cycle directory (default true). */
  upstream?: boolean;
}

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await lstat(p)).isDirectory();
  } catch {
    return false;
  }
}

/** Reads and decodes a file of the cycle, turning every read problem into a diagnostic. */
export async function readText(
  abs: string,
  file: string,
  diagnostics: Diagnostic[],
  maxBytes: number = MAX_PARSED_BYTES,
): Promise<string | undefined> {
  return decodeRead(() => readFileNoFollow(abs, maxBytes), file, diagnostics, maxBytes);
}

/**
 * One listed file's bytes, at most `maxBytes` (FileTooLargeError beyond): from the disk, or from
 * a bundle read in place (`perfgate verify --recompute`).
 */
export type ReadListed = (entry: FileEntry, maxBytes: number) => Promise<Buffer>;

async function decodeRead(
  read: () => Promise<Buffer>,
  file: string,
  diagnostics: Diagnostic[],
  maxBytes: number,
): Promise<string | undefined> {
  let buf: Buffer;
  try {
    buf = await read();
  } catch (e) {
    if (e instanceof FileTooLargeError) {
      diagnostics.push(
        diag(
          'fs.too-large',
          'error',
          file,
          `Unexpected size ${e.message} bytes: ${maxBytes === MAX_PARSED_BYTES ? 'artifacts' : 'Markdown artifacts'} larger than ${maxBytes} bytes are not parsed`,
          'Keep large raw data as separate evidence files and summarise it in the artifact.',
        ),
      );
    } else if (e instanceof NotRegularFileError) {
      diagnostics.push(
        diag(
          'fs.unreadable',
          'error',
          file,
          `Unexpected ${e.kind}: only a regular file can be read here`,
          `Replace ${file} with a regular file.`,
        ),
      );
    } else {
      const code = (e as NodeJS.ErrnoException).code;
      diagnostics.push(
        diag(
          'fs.unreadable',
          'error',
          file,
          `Could not read the file (${code ?? 'error'})`,
          code === 'ELOOP'
            ? 'Replace the symbolic link with the file itself.'
            : 'Check that the file exists and is readable.',
        ),
      );
    }
    return undefined;
  }
  const decoded = decodeUtf8(buf);
  if (!decoded.ok) {
    diagnostics.push(
      diag(
        'text.invalid-utf8',
        'error',
        file,
        `Invalid UTF-8 at byte ${decoded.offset}`,
        'Save the file as UTF-8.',
        { line: decoded.line },
      ),
    );
    return undefined;
  }
  return decoded.text;
}

function parseArtifact(spec: ArtifactSpec, text: string, file: string): Parsed {
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

const emptyCycle = (dir: string): LoadedCycle => ({
  dir,
  files: [],
  artifacts: {},
  missing: [],
  empty: [],
  upstream: [],
  missingUpstream: [],
  diagnostics: [],
});

/** Loads every artifact of a cycle directory (and, optionally, its upstream prerequisites). */
export async function loadCycle(dir: string, options: LoadOptions = {}): Promise<LoadedCycle> {
  const cycle = emptyCycle(dir);
  if (!(await isDirectory(dir))) {
    cycle.diagnostics.push(
      diag(
        'prereq.cycle-dir',
        'critical',
        '.',
        `Cycle directory not found: ${dir}`,
        'Run the command from the repository root, pass --artifacts DIR, or create a cycle with `perfgate init`.',
      ),
    );
    return cycle;
  }
  await loadListed(cycle, await walkCycle(dir), (e, max) => readFileNoFollow(e.abs, max));
  if (options.upstream !== false) await findUpstream(dir, cycle);
  return cycle;
}

/**
 * Loads a cycle from a listing made elsewhere and a reader of its files: the entries of a bundle
 * read in place, so that re-deciding a bundle parses exactly as `loadCycle` does. No upstream.
 */
export async function loadListedCycle(
  label: string,
  listing: WalkResult,
  read: ReadListed,
): Promise<LoadedCycle> {
  const cycle = emptyCycle(label);
  await loadListed(cycle, listing, read);
  return cycle;
}

async function loadListed(cycle: LoadedCycle, walked: WalkResult, read: ReadListed): Promise<void> {
  cycle.files = walked.files;
  cycle.diagnostics.push(...walked.diagnostics);
  const byPath = new Map(walked.files.map((f) => [f.path, f]));
  for (const spec of ARTIFACTS) {
    const entry = byPath.get(spec.path);
    if (!entry) {
      // A link in place of an artifact was reported by the walk; count it as missing.
      if (spec.required) cycle.missing.push(spec);
      continue;
    }
    const maxBytes = spec.format === 'markdown' ? MAX_MARKDOWN_BYTES : MAX_PARSED_BYTES;
    const text = await decodeRead(() => read(entry, maxBytes), spec.path, cycle.diagnostics, maxBytes);
    if (text === undefined) {
      cycle.artifacts[spec.name] = { spec, file: spec.path, data: undefined, lines: new Map(), text: '' };
      continue;
    }
    if (spec.format === 'markdown' && text.replace(/^\uFEFF/, '').trim() === '') {
      // No text is no artifact (ARTIFACTS.md section 3): missing for validation and completeness.
      if (spec.required) cycle.missing.push(spec);
      cycle.empty.push(spec.path);
      continue;
    }
    const parsed = parseArtifact(spec, text, spec.path);
    cycle.diagnostics.push(...parsed.diagnostics);
    cycle.artifacts[spec.name] = { spec, file: spec.path, data: parsed.data, lines: parsed.lines, text };
  }
}

async function findUpstream(dir: string, cycle: LoadedCycle): Promise<void> {
  for (const spec of UPSTREAM) {
    let found: UpstreamFile | undefined;
    // The protocol folder itself may be a link out of the tree: reported, never followed.
    const folder = path.join(dir, '..', `protocol-${spec.protocol}`);
    const linked = await lstat(folder).then(
      (st) => st.isSymbolicLink(),
      () => false,
    );
    if (linked) {
      cycle.diagnostics.push(
        diag(
          'fs.symlink',
          'error',
          `../protocol-${spec.protocol}`,
          'Unexpected symbolic link for an upstream folder: perfgate never follows links, so nothing in it is read',
          `Replace the link with a folder holding copies of the protocol-${spec.protocol} artifacts.`,
        ),
      );
      cycle.missingUpstream.push(spec);
      continue;
    }
    for (const name of spec.files) {
      const rel = `../protocol-${spec.protocol}/${name}`;
      const abs = path.join(dir, '..', `protocol-${spec.protocol}`, name);
      try {
        const st = await lstat(abs);
        if (st.isSymbolicLink()) {
          cycle.diagnostics.push(
            diag(
              'fs.symlink',
              'error',
              rel,
              'Unexpected symbolic link: perfgate never follows links, so its target is not read',
              'Replace the link with a copy of the file.',
            ),
          );
        } else if (st.isFile()) {
          found = { protocol: spec.protocol, path: rel, abs, bytes: st.size };
          break;
        }
      } catch {
        // not present: try the next accepted name
      }
    }
    if (found) cycle.upstream.push(found);
    else cycle.missingUpstream.push(spec);
  }
}

export interface LoadedConfig {
  file: string;
  found: boolean;
  data: unknown;
  lines: Map<string, number>;
  diagnostics: Diagnostic[];
}

/**
 * Reads the gate config; a missing file means the defaults, a broken one is an error. `file` (as
 * given) is resolved against `cwd`; the result and its diagnostics name it as `configPath` does.
 */
export async function loadConfig(given: string, cwd: string = process.cwd()): Promise<LoadedConfig> {
  const diagnostics: Diagnostic[] = [];
  const abs = path.resolve(cwd, given);
  const file = configPath(given, cwd);
  try {
    const st = await lstat(abs);
    if (st.isSymbolicLink()) {
      diagnostics.push(
        diag(
          'fs.symlink',
          'error',
          file,
          'Unexpected symbolic link for the config: it is not followed',
          'Replace the link with the file itself.',
        ),
      );
      return { file, found: false, data: {}, lines: new Map(), diagnostics };
    }
  } catch {
    return { file, found: false, data: {}, lines: new Map(), diagnostics };
  }
  const text = await readText(abs, file, diagnostics);
  if (text === undefined) return { file, found: true, data: undefined, lines: new Map(), diagnostics };
  const parsed = parseYaml(text, file);
  return { file, found: true, data: parsed.data, lines: parsed.lines, diagnostics: parsed.diagnostics };
}
