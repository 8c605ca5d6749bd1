/** Reads the gate config (YAML) with lines for its JSON pointers; never follows a link. */
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { diag, type Diagnostic } from '../diagnostics.ts';
import { configPath } from './config-path.ts';
import { readText } from './read.ts';
import { parseYaml } from './yaml.ts';

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
