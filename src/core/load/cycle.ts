/**
 * Loads a cycle directory: the only code that reads it. Never writes, never follows a link. Reading
 * a file is read.ts, parsing it parse-artifact.ts, the prerequisites beside the cycle upstream.ts,
 * the gate config config.ts.
 */
import { lstat } from 'node:fs/promises';
import { ARTIFACTS, type ArtifactName, type ArtifactSpec, type UpstreamSpec } from '../artifacts.ts';
import { diag, type Diagnostic } from '../diagnostics.ts';
import { MAX_MARKDOWN_BYTES } from './markdown-limits.ts';
import { parseArtifact } from './parse-artifact.ts';
import { decodeRead, MAX_PARSED_BYTES, type ReadListed } from './read.ts';
import { findUpstream, type UpstreamFile } from './upstream.ts';
import { readFileNoFollow, walkCycle, type FileEntry, type WalkResult } from './walk.ts';

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
  if (options.upstream !== false) {
    const found = await findUpstream(dir);
    cycle.upstream.push(...found.upstream);
    cycle.missingUpstream.push(...found.missingUpstream);
    cycle.diagnostics.push(...found.diagnostics);
  }
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
