#!/usr/bin/env node
// Entry point of the `perfgate` command. The CLI is TypeScript run through Node's type stripping
// (Node >= 22.18 / 24); the version check gives a clear message instead of a syntax error.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `perfgate needs Node.js >= 22.18 (found ${process.versions.node}). Run it through \`npm run perfgate --\` ` +
      'or `npx perfgate`, which use the Node pinned in devDependencies, or install a newer Node (see .nvmrc).\n',
  );
  process.exit(2);
}
process.removeAllListeners('warning');
process.on('warning', (w) => {
  if (w.name !== 'ExperimentalWarning') process.stderr.write(`${w.name}: ${w.message}\n`);
});
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
