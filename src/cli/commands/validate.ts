/** `perfgate validate`: prerequisites plus schema and cross-file checks; no gate is decided. */
import type { Command } from 'commander';
import { ARTIFACTS } from '../../core/artifacts.ts';
import { sortDiagnostics } from '../../core/diagnostics.ts';
import { prerequisiteDiagnostics } from '../../core/validate/index.ts';
import { loadCycleContext, type CycleOptions } from '../context.ts';
import { decideExit } from '../exit.ts';
import { cycleOptions, type Runner } from '../command.ts';
import { configNotice, countSeverities, formatDiagnostics } from '../output.ts';
import { plural } from '../../core/format/plural.ts';

export function registerValidate(program: Command, run: Runner): void {
  cycleOptions(
    program.command('validate').description('check prerequisites, schemas and cross-file rules of a cycle'),
  ).action((opts: CycleOptions & { json?: boolean }) =>
    run(async () => {
      const ctx = await loadCycleContext(opts);
      const diagnostics = sortDiagnostics([
        ...prerequisiteDiagnostics(ctx.cycle, 'all'),
        ...ctx.validation.diagnostics,
      ]);
      const exitCode = decideExit({ diagnostics });
      const intake = ctx.cycle.artifacts['performance-intake-report']?.data as
        { cycle_id?: unknown } | undefined;
      const cycleId = typeof intake?.cycle_id === 'string' ? intake.cycle_id : null;
      const present = ARTIFACTS.filter((a) => ctx.cycle.artifacts[a.name]).length;
      const summary =
        exitCode === 0
          ? `✔ ${ctx.artifactsDir} is valid: ${plural(present, 'artifact')}, ${plural(ctx.cycle.files.length, 'file')}, ${plural(ctx.cycle.upstream.length, 'upstream artifact')}${diagnostics.length ? ` (${countSeverities(diagnostics)})` : ''}`
          : `✖ ${ctx.artifactsDir}: ${countSeverities(diagnostics)}${exitCode === 2 ? ' (prerequisites missing)' : ''}`;
      return {
        exitCode,
        json: {
          command: 'validate',
          cycle_id: cycleId,
          exit_code: exitCode,
          config_source: ctx.validation.configSource,
          diagnostics,
        },
        human: [
          formatDiagnostics(diagnostics, ctx.artifactsDir, ctx.configFile),
          configNotice(ctx.validation.configSource, ctx.configFile),
          summary,
        ]
          .filter(Boolean)
          .join('\n\n'),
      };
    }, opts.json === true),
  );
}
