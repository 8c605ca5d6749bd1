#!/usr/bin/env node
// Entry point of the `perfgate` command. In this repository it runs the TypeScript sources through
// Node's type stripping; an installed package runs the JavaScript compiled into lib/ at pack time
// (Node does not strip types under node_modules).
import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(import.meta.url);
const source = new URL('../src/cli/main.ts', import.meta.url);
const compiled = new URL('../lib/cli/main.js', import.meta.url);
const useSource = !here.split(/[\\/]/).includes('node_modules') && existsSync(source);
const [major, minor] = process.versions.node.split('.').map(Number);
const [needMajor, needMinor] = useSource ? [22, 18] : [22, 12];
if (major < needMajor || (major === needMajor && minor < needMinor)) {
  // Run directly (`node_modules/.bin/perfgate`, a shebang resolving to the system's old Node) in a
  // project that pins Node as a devDependency: run again on that pinned Node, as `npx` would. Once
  // only (the variable), and never this very binary.
  const pinned = pinnedNode();
  if (pinned && process.env.PERFGATE_REEXEC !== '1') {
    const r = spawnSync(pinned, [...process.execArgv, here, ...process.argv.slice(2)], {
      stdio: 'inherit',
      env: { ...process.env, PERFGATE_REEXEC: '1' },
    });
    if (!r.error) {
      if (r.signal) process.kill(process.pid, r.signal);
      process.exit(r.status ?? 2);
    }
  }
  // Say what to do where the person is: in this repository the pinned Node is one `npm ci` away; in
  // a project that installed perfgate, that project needs a newer Node or the same pin.
  const fix = useSource
    ? 'This repository pins Node 24 as a devDependency: run `npm ci`, then `npm run perfgate -- <command>` ' +
      'or `npx perfgate <command>` (both run the pinned Node from node_modules/.bin).'
    : 'In this project, use Node >= 22.12 (for example `nvm install 22`, or `node-version: 24` in ' +
      'actions/setup-node), or pin Node as a devDependency here: `npm i -D -E node@24`, then run ' +
      '`npx perfgate <command>` (npx runs the pinned Node from node_modules/.bin).';
  process.stderr.write(
    `perfgate needs Node.js >= ${needMajor}.${needMinor} (found ${process.versions.node}).\n${fix}\n`,
  );
  process.exit(2);
}
if (!useSource && !existsSync(compiled)) {
  // An installed copy that was never packed (npm packs the tarball and prepares a git dependency;
  // a plain copy of the repository under node_modules is neither): say so instead of a stack trace.
  process.stderr.write(
    `perfgate's compiled CLI is missing (${fileURLToPath(compiled)}): this copy was installed without being packed.\n` +
      'Install the packed tarball (`npm pack` in a clone of perfgate) or from the repository with npm ' +
      '(`npm i -D github:<owner>/perfgate#<commit>` compiles it); the README\'s "Install" says how.\n',
  );
  process.exit(2);
}
// Before any other module: keep V8's young generation small, so that spent evidence Buffers are
// freed promptly (src/cli/memory.ts says why and what it measured).
await import(new URL(useSource ? '../src/cli/memory.ts' : '../lib/cli/memory.js', import.meta.url).href);
// A library's warning may quote input text (a YAML key, a file name): it goes through the same
// escaping as every human line of the CLI, so that no warning can issue a CI workflow command
// (`::error::`, `##[error]`) or drive the terminal. The escaping module is loaded first; a warning
// raised while it loads waits for it.
process.removeAllListeners('warning');
let escape;
const early = [];
const printWarning = (text) => process.stderr.write(`${escape(text)}\n`);
process.on('warning', (w) => {
  if (w.name === 'ExperimentalWarning') return;
  const text = `${w.name}: ${w.message}`;
  if (escape) printWarning(text);
  else early.push(text);
});
const safe = new URL(
  useSource ? '../src/cli/terminal-safe.ts' : '../lib/cli/terminal-safe.js',
  import.meta.url,
);
escape = (await import(safe.href)).terminalSafe;
early.splice(0).forEach(printWarning);
const { main } = await import((useSource ? source : compiled).href);
process.exitCode = await main(process.argv.slice(2));

/** The Node that the project pins in `node_modules/.bin` (the npm package `node`), if any. */
function pinnedNode() {
  // In this repository, `<repo>/node_modules/.bin/node`; installed, the project's
  // `<project>/node_modules/.bin/node` beside `node_modules/perfgate`.
  const candidates = useSource
    ? ['../node_modules/.bin/node']
    : ['../../.bin/node', '../node_modules/.bin/node'];
  for (const rel of candidates) {
    const file = fileURLToPath(new URL(rel, import.meta.url));
    try {
      if (existsSync(file) && realpathSync(file) !== realpathSync(process.execPath)) return file;
    } catch {
      // a dangling link: not a Node to run
    }
  }
  return undefined;
}
