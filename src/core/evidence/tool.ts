/** The tool's name and version as recorded in manifests (`verified_by`, `tool`). */
import { readFileSync } from 'node:fs';

export const PERFGATE_VERSION = (
  JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** `perfgate <version>`. */
export const TOOL = `perfgate ${PERFGATE_VERSION}`;

/** The version in a recorded `perfgate <version>` (a manifest's `tool`), else null. */
export function versionOfTool(tool: unknown): string | null {
  const m = typeof tool === 'string' ? /^perfgate (\S+)$/.exec(tool) : null;
  return m ? m[1]! : null;
}
