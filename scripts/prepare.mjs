#!/usr/bin/env node
// npm's `prepare` script. An installed perfgate runs the JavaScript compiled into lib/, which
// `npm pack` builds (prepack). Installed from the repository instead (`npm i -D
// github:<owner>/perfgate`), npm clones it, installs its dependencies, runs `prepare` and packs the
// clone: lib/ must be built here. npm runs that `prepare` from the adopting project's directory
// (INIT_CWD, which npm documents as the directory npm was run from), while this repository's own
// `npm ci` runs it from the repository itself: there nothing is compiled (the CLI runs the
// TypeScript sources), so a developer's install does not pay for a compile. Nor does an install
// without development dependencies from another directory (the GitHub action's `npm ci --omit=dev
// --prefix <action>`), which runs the sources too: npm prepares a git dependency with them.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = process.cwd();
const from = path.resolve(process.env.INIT_CWD ?? root);
if (from !== root) {
  let tsc;
  try {
    tsc = createRequire(path.join(root, 'package.json')).resolve('typescript/bin/tsc');
  } catch {
    tsc = undefined; // installed without development dependencies: nothing to compile with, or for
  }
  if (tsc)
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
}
