/** What every command shares: its result, the runner that prints it, and the cycle options. */
import { Option, type Command } from 'commander';
import type { ExitCode } from './exit.ts';

export interface CommandResult {
  exitCode: ExitCode;
  /** Printed with --json (and only then) on stdout. */
  json: unknown;
  /** Printed without --json. */
  human: string;
}

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export type Runner = (fn: () => Promise<CommandResult>, json: boolean) => Promise<void>;

/** Options every command that reads a cycle takes (ARTIFACTS.md section 6). */
export function cycleOptions(cmd: Command): Command {
  return cmd
    .option('--artifacts <dir>', 'cycle directory', '.artifacts/protocol-18')
    .option(
      '--config <file>',
      'gate config (YAML); missing means the defaults',
      'config/protocol_gates/18.yaml',
    )
    .option('--as-of <time>', 'evaluation time (RFC 3339); default SOURCE_DATE_EPOCH, else now')
    .addOption(new Option('--json', 'machine-readable output on stdout'));
}
