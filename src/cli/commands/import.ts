/** `perfgate import`: the group of commands that bring real tool output into a cycle (ARTIFACTS.md section 7). */
import type { Command } from 'commander';
import type { Runner } from '../command.ts';
import { registerImportProfile } from './import-profile.ts';

/** Adds the `import` group (and its sub-commands) to the program. */
export function registerImport(program: Command, run: Runner): Command {
  const cmd = program
    .command('import')
    .description('bring real tool output (load tests, profiles) into the cycle');
  registerImportProfile(cmd, run);
  return cmd;
}
