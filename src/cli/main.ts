/** The perfgate command: argument parsing, output and exit codes; thin over the core. */
import { Command, CommanderError } from 'commander';
import type { Io, Runner } from './command.ts';
import { type ExitCode } from './exit.ts';
import { PerfgateError } from '../core/errors.ts';
import { terminalSafe } from './terminal-safe.ts';
import { PERFGATE_VERSION } from '../core/evidence/tool.ts';

type Register = (program: Command, run: Runner) => void;

/**
 * The commands, in the order help lists them, each loaded only when used: `perfgate build` does not
 * load the validators, the evaluation or the zip code it leaves to its child processes, which
 * keeps the builder small while the search index is built.
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  validate: async () => (await import('./commands/validate.ts')).registerValidate,
  init: async () => (await import('./commands/init.ts')).registerInit,
  build: async () => (await import('./commands/build.ts')).registerBuild,
  gates: async () => (await import('./commands/gates.ts')).registerGates,
  report: async () => (await import('./commands/report.ts')).registerReport,
  verify: async () => (await import('./commands/verify.ts')).registerVerify,
  prune: async () => (await import('./commands/prune.ts')).registerPrune,
  archive: async () => (await import('./commands/archive.ts')).registerArchive,
  import: async () => (await import('./commands/import.ts')).registerImport,
  evidence: async () => (await import('./commands/evidence.ts')).registerEvidence,
  compare: async () => (await import('./commands/compare.ts')).registerCompare,
};

/** The commands to register for `argv`: the one it names, or all (help, a typo, no command). */
function commandsFor(argv: string[]): string[] {
  const named = argv.find((a) => !a.startsWith('-'));
  return named !== undefined && Object.hasOwn(COMMANDS, named) ? [named] : Object.keys(COMMANDS);
}

const version = PERFGATE_VERSION;

/** Runs the CLI; returns the exit code instead of exiting so that tests can call it. */
export async function main(
  argv: string[],
  io: Io = {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    tty: process.stderr.isTTY === true,
  },
): Promise<ExitCode> {
  let exitCode: ExitCode = 0;
  const run: Runner = async (fn, json) => {
    try {
      const result = await fn(io);
      exitCode = result.exitCode;
      if (json) io.stdout(JSON.stringify(result.json, null, 2) + '\n');
      else if (result.human) {
        const human = terminalSafe(result.human);
        io.stdout(human.endsWith('\n') ? human : human + '\n');
      }
    } catch (e) {
      exitCode = reportError(e, io, json);
    }
  };
  const program = new Command('perfgate')
    .description(
      'Decide the quality gates of a performance-optimization cycle (protocol 18) and publish its record.',
    )
    .version(version, '-v, --version')
    .showHelpAfterError('(run `perfgate --help` for usage)')
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) })
    .exitOverride();
  for (const name of commandsFor(argv)) (await COMMANDS[name]!())(program, run);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end here with code 0; usage errors were already printed by commander.
      return e.exitCode === 0 ? 0 : 2;
    }
    return reportError(e, io, argv.includes('--json'));
  }
  return exitCode;
}

/** Prints a failure without a stack trace (set PERFGATE_DEBUG=1 to see one). */
function reportError(e: unknown, io: Io, json: boolean): ExitCode {
  if (e instanceof PerfgateError) {
    const message = e.located();
    if (json)
      io.stdout(JSON.stringify({ error: { message, hint: e.hint }, exit_code: e.exitCode }, null, 2) + '\n');
    io.stderr(terminalSafe(`perfgate: ${message}\n  hint: ${e.hint}\n`));
    return e.exitCode;
  }
  const message = e instanceof Error ? e.message : String(e);
  if (json)
    io.stdout(
      JSON.stringify({ error: { message: `internal error: ${message}` }, exit_code: 2 }, null, 2) + '\n',
    );
  io.stderr(
    terminalSafe(
      `perfgate: internal error: ${message}\n  This is a bug in perfgate, not in your artifacts; please report it with the command you ran.\n`,
    ),
  );
  if (process.env.PERFGATE_DEBUG && e instanceof Error) io.stderr(`${e.stack ?? ''}\n`);
  return 2;
}
