/** How the gate config's path is recorded (ARTIFACTS.md section 4, "Re-deciding"). */
import path from 'node:path';

/**
 * The config's path relative to the working directory, `/`-separated and normalised
 * (`config/protocol_gates/18.yaml`; `../shared/18.yaml` for a config beside the checkout), so that
 * the same inputs give the same bytes in any checkout and no machine's folders reach the evidence.
 * Only a config on another Windows drive has no relative form: its path is kept, `/`-separated.
 */
export function configPath(file: string, cwd: string = process.cwd()): string {
  return path.relative(cwd, path.resolve(cwd, file)).split(path.sep).join('/') || '.';
}
