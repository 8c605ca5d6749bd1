/**
 * The upstream prerequisites of a cycle (the artifacts of protocols 15-17 in the folders beside it):
 * found without following a link, the first accepted name of each.
 */
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { UPSTREAM, type UpstreamSpec } from '../artifacts.ts';
import { diag, type Diagnostic } from '../diagnostics.ts';

export interface UpstreamFile {
  protocol: number;
  /** Path relative to the cycle directory, e.g. `../protocol-15/DEPLOYMENT-REPORT.md`. */
  path: string;
  abs: string;
  bytes: number;
}

/** What was found beside the cycle: the files, the prerequisites missing, and links refused. */
export interface Upstream {
  upstream: UpstreamFile[];
  missingUpstream: UpstreamSpec[];
  diagnostics: Diagnostic[];
}

/** Looks for each upstream prerequisite beside the cycle directory `dir`. */
export async function findUpstream(dir: string): Promise<Upstream> {
  const cycle: Upstream = { upstream: [], missingUpstream: [], diagnostics: [] };
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
  return cycle;
}
