/** `perfgate import ...`: the group of commands that read real tool output into the cycle (ARTIFACTS.md section 7). */
import type { Command } from 'commander';
import type { Runner } from '../command.ts';
import { registerImportLoadTest } from './import-load-test.ts';
import { registerImportProfile } from './import-profile.ts';

/** Registers `import` and its subcommands. */
export function registerImport(program: Command, run: Runner): void {
  const group = program
    .command('import')
    .description('read real tool output into the cycle (load tests, profiles)');
  registerImportLoadTest(group, run);
  registerImportProfile(group, run);
}
