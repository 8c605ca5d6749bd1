/** `perfgate init [DIR]`: scaffold a new cycle with every required artifact. */
import { lstat, mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_ARTIFACTS, DEFAULT_CONFIG } from '../defaults.ts';
import { PerfgateError } from '../../core/errors.ts';
import { INIT_TEMPLATES, PLACEHOLDER } from '../init-templates.ts';
import { plural } from '../../core/format/plural.ts';
import type { Runner } from '../command.ts';
import { defaultConfigYaml } from '../init-config.ts';
import { STARTER } from '../init-starter.ts';

/** Writes the commented default config unless a file (or anything) is already at that path. */
async function writeConfig(file: string): Promise<boolean> {
  if (
    await lstat(file).then(
      () => true,
      () => false,
    )
  )
    return false;
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, defaultConfigYaml(), { flag: 'wx' });
  return true;
}

export function registerInit(program: Command, run: Runner): void {
  program
    .command('init')
    .description(
      'scaffold a new cycle directory with every required artifact (placeholders `<fill: ...>`) and the gate config',
    )
    .argument('[dir]', 'cycle directory to create', DEFAULT_ARTIFACTS)
    .option(
      '--config <file>',
      "gate config to write, every key commented: the protocol's values, three set for a small team (kept if it exists)",
      DEFAULT_CONFIG,
    )
    .option('--json', 'machine-readable output on stdout')
    .action((dir: string, opts: { json?: boolean; config: string }) =>
      run(async () => {
        let existing: string[] = [];
        try {
          existing = await readdir(dir);
        } catch {
          // does not exist yet: fine
        }
        if (existing.length > 0) {
          throw new PerfgateError(
            `Refusing to initialise ${dir}: the directory is not empty`,
            'Choose a new directory (perfgate init path/to/new-cycle); existing artifacts are never overwritten.',
            1,
          );
        }
        const written: string[] = [];
        for (const [rel, text] of Object.entries(INIT_TEMPLATES)) {
          const target = path.join(dir, rel);
          await mkdir(path.dirname(target), { recursive: true });
          await writeFile(target, text, { flag: 'wx' });
          written.push(rel);
        }
        await mkdir(path.join(dir, 'diagnostics'), { recursive: true });
        const configWritten = await writeConfig(opts.config);
        // The flag only when the cycle is not where every command looks by default.
        const artifactsFlag =
          path.normalize(dir) === path.normalize(DEFAULT_ARTIFACTS) ? '' : ` --artifacts ${dir}`;
        const placeholders = Object.values(INIT_TEMPLATES).reduce(
          (n, t) => n + (t.match(PLACEHOLDER)?.length ?? 0),
          0,
        );
        return {
          exitCode: 0,
          json: {
            command: 'init',
            dir,
            files: written,
            placeholders,
            config: {
              path: opts.config,
              written: configWritten,
              // Keys written with a value for a small team instead of the protocol's (see their comments).
              ...(configWritten ? { departures: STARTER.map((v) => v.key) } : {}),
            },
          },
          human: [
            `Created ${plural(written.length, 'artifact')} in ${dir}:`,
            ...written.map((f) => `  ${f}`),
            '',
            configWritten
              ? `Wrote the gate config ${opts.config}: every key with its meaning, at the protocol's value except ${STARTER.map((v) => v.key).join(', ')}, set for one service measured with one load tool (each comment says why and what the protocol asks).`
              : `Kept the existing gate config ${opts.config}.`,
            '',
            'Next:',
            `  1. Replace the ${placeholders} \`<fill: ...>\` placeholders, phase by phase (validation names each one left).`,
            "  2. Import your load tool's runs and your profiles instead of typing numbers (the first import replaces the",
            '     placeholder run of load-test-results.json; --append fills the flame-graph line of profiling-report.md):',
            `       npx perfgate import load-test FILE --service NAME --scenario NAME --kind load --phase baseline --environment NAME${artifactsFlag}`,
            `       npx perfgate import profile FILE --service NAME --append${artifactsFlag}`,
            '  3. Put the upstream artifacts beside the cycle: ../protocol-15/DEPLOYMENT-REPORT.md and',
            '     ../protocol-16/MONITORING-PACKAGE.zip (or OBSERVABILITY-BASELINE.md).',
            `Then run: npx perfgate validate${artifactsFlag}`,
          ].join('\n'),
        };
      }, opts.json === true),
    );
}
