// What the benches share. perfgate as an installed package runs it: the CLI compiled to JavaScript (what `npm pack` ships),
// not the TypeScript sources through Node's type stripping (about 17 MB more of its own). Compiled
// beside package.json (the CLI reads its version from it) into a folder the caller removes.
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');

/** Compiles the CLI; `run` is a script that runs it with its arguments, `dir` the compiled tree. */
export function compileCli() {
  const dir = path.join(ROOT, `.bench-lib-${process.pid}`);
  execFileSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', dir],
    { cwd: ROOT, stdio: 'inherit' },
  );
  const run = path.join(dir, 'run.mjs');
  writeFileSync(
    run,
    // As bin/perfgate.mjs starts it: the memory setting (src/cli/memory.ts) before the CLI.
    "await import('./cli/memory.js');\nconst { main } = await import('./cli/main.js');\nprocess.exitCode = await main(process.argv.slice(2));\n",
  );
  return { dir, run, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The size a store bench runs at: `--mib N` on its command line, else `fallback`. */
export function mibArg(fallback) {
  const i = process.argv.indexOf('--mib');
  if (i < 0) return fallback;
  const mib = Number(process.argv[i + 1]);
  if (!Number.isSafeInteger(mib) || mib <= 0)
    throw new Error(`--mib ${process.argv[i + 1]}: expected a whole number of MiB`);
  return mib;
}
