/** `perfgate compare A B`: two cycles side by side (ARTIFACTS.md section 8); a comparison decides nothing. */
import { Option, type Command } from 'commander';
import { loadConfig } from '../../core/load/config.ts';
import { compareCycles } from '../../core/history/compare/compare.ts';
import { CycleNotFound, loadCompareSide, type CompareLocations } from '../../core/history/compare/load.ts';
import { comparisonText } from '../../core/history/compare/text.ts';
import { list } from '../../core/evaluate/safe.ts';
import { checkNamedConfig, type Runner } from '../command.ts';
import { DEFAULT_ARCHIVE, DEFAULT_ARTIFACTS, DEFAULT_CONFIG, resolveEvaluationTime } from '../defaults.ts';
import { PerfgateError } from '../../core/errors.ts';

interface CompareOptions {
  artifacts: string;
  archive: string;
  config: string;
  asOf?: string;
  json?: boolean;
}

export function registerCompare(program: Command, run: Runner): void {
  program
    .command('compare')
    .description('two cycles side by side: verdicts, gates, KPIs and why they may not be comparable')
    .argument('<a>', 'cycle id (archived or current) or path of a cycle directory')
    .argument('<b>', 'the cycle to compare with A (changes are B against A)')
    .hook('preAction', (_program, action) => checkNamedConfig(action))
    .option('--artifacts <dir>', 'the current cycle', DEFAULT_ARTIFACTS)
    .option('--archive <dir>', 'archived cycles', DEFAULT_ARCHIVE)
    .option('--config <file>', 'gate config for cycles without a frozen decision', DEFAULT_CONFIG)
    .option('--as-of <time>', 'evaluation time of the current cycle (RFC 3339)')
    .addOption(new Option('--json', 'machine-readable output on stdout'))
    .action((a: string, b: string, opts: CompareOptions) =>
      run(async () => {
        const loc: CompareLocations = {
          artifactsDir: opts.artifacts,
          archiveDir: opts.archive,
          config: await loadConfig(opts.config),
          evaluatedAt: resolveEvaluationTime(opts.asOf),
        };
        const load = async (given: string) => {
          try {
            return await loadCompareSide(given, loc);
          } catch (e) {
            if (!(e instanceof CycleNotFound)) throw e;
            throw new PerfgateError(
              `No cycle ${JSON.stringify(given)}: not a cycle directory, nor a cycle id in ${opts.archive} or ${opts.artifacts}`,
              e.known.length > 0
                ? `Known cycle ids: ${list(e.known, 10)}.`
                : `Give the path of a cycle directory, or --archive DIR where the archived cycles are.`,
            );
          }
        };
        const comparison = compareCycles(await load(a), await load(b));
        return {
          exitCode: 0,
          json: { command: 'compare', ...comparison },
          human: comparisonText(comparison),
        };
      }, opts.json === true),
    );
}
