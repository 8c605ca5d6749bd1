/** What every command shares: its result, the runner that prints it, and the cycle options. */
import { lstatSync } from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { DEFAULT_CONFIG } from './defaults.ts';
import { type ExitCode } from './exit.ts';
import { PerfgateError } from '../core/errors.ts';
import type { PublishPhase } from '../core/publish/index.ts';

export interface CommandResult {
  exitCode: ExitCode;
  /** Printed with --json (and only then) on stdout. */
  json: unknown;
  /** Printed without --json. */
  human: string;
}

export interface Io {
  stdout: (s: string) => void;
  /** Diagnostics, progress and notes: everything a command prints besides its result. */
  stderr: (s: string) => void;
  /** Whether stderr is a terminal (progress redraws one line there; elsewhere it prints lines). */
  tty?: boolean;
  /**
   * Awaited at each deterministic point of a build (after each phase, and inside the swap): a seam
   * for a caller of `main` (the fault tests' harness); the command line never sets it.
   */
  buildPoint?: (point: PublishPhase) => Promise<void>;
}

/** Runs a command with the CLI's output streams, then prints its result. */
export type Runner = (fn: (io: Io) => Promise<CommandResult>, json: boolean) => Promise<void>;

/**
 * An explicitly named --config that does not exist is an error (ARTIFACTS.md section 3): a typo
 * such as `18.yml` must not silently mean the defaults. Only the default path may be absent.
 */
export function checkNamedConfig(cmd: Command): void {
  if (cmd.getOptionValueSource('config') === 'default') return;
  const file = cmd.getOptionValue('config') as unknown;
  if (typeof file !== 'string' || path.resolve(file) === path.resolve(DEFAULT_CONFIG)) return;
  // lstat: a link, a directory or a FIFO exists and gets its own diagnostic from the loader.
  if (lstatSync(file, { throwIfNoEntry: false })) return;
  throw new PerfgateError(
    `Config file ${file} given with --config not found`,
    `Check the path (the default is ${DEFAULT_CONFIG}); leave --config out to use the defaults, or create the file (\`perfgate init\` writes one with every key).`,
  );
}

/** Options every command that reads a cycle takes (ARTIFACTS.md section 6). */
export function cycleOptions(cmd: Command): Command {
  return cmd
    .hook('preAction', (_program, action) => checkNamedConfig(action))
    .option('--artifacts <dir>', 'cycle directory', '.artifacts/protocol-18')
    .option(
      '--config <file>',
      'gate config (YAML); only the default path may be absent (then the defaults apply)',
      DEFAULT_CONFIG,
    )
    .option('--as-of <time>', 'evaluation time (RFC 3339); default SOURCE_DATE_EPOCH, else now')
    .addOption(new Option('--json', 'machine-readable output on stdout'));
}
