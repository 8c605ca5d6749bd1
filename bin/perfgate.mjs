#!/usr/bin/env node
// Entry point of the `perfgate` command. In this repository it runs the TypeScript sources through
// Node's type stripping; an installed package runs the JavaScript compiled into lib/ at pack time
// (Node does not strip types under node_modules).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(import.meta.url);
const source = new URL('../src/cli/main.ts', import.meta.url);
const compiled = new URL('../lib/cli/main.js', import.meta.url);
const useSource = !here.split(/[\\/]/).includes('node_modules') && existsSync(source);
const [major, minor] = process.versions.node.split('.').map(Number);
const [needMajor, needMinor] = useSource ? [22, 18] : [22, 12];
if (major < needMajor || (major === needMajor && minor < needMinor)) {
  process.stderr.write(
    `perfgate needs Node.js >= ${needMajor}.${needMinor} (found ${process.versions.node}). Run it through \`npm run perfgate --\` ` +
      'or `npx perfgate` in a project that pins Node (see .nvmrc), or install a newer Node.\n',
  );
  process.exit(2);
}
process.removeAllListeners('warning');
process.on('warning', (w) => {
  if (w.name !== 'ExperimentalWarning') process.stderr.write(`${w.name}: ${w.message}\n`);
});
const { main } = await import((useSource ? source : compiled).href);
process.exitCode = await main(process.argv.slice(2));
