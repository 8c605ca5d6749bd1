/** `perfgate init [DIR]`: scaffold a new cycle with every required artifact. */
import { lstat, mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_ARTIFACTS, DEFAULT_CONFIG } from '../defaults.ts';
import { UserError } from '../exit.ts';
import { INIT_TEMPLATES, PLACEHOLDER } from '../init-templates.ts';
import { plural } from '../../core/format/plural.ts';
import type { Runner } from '../command.ts';
import { defaultConfigYaml } from '../init-config.ts';

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
      'gate config to write with every key at its default (kept if it exists)',
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
          throw new UserError(
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
            config: { path: opts.config, written: configWritten },
          },
          human: [
            `Created ${plural(written.length, 'artifact')} in ${dir}:`,
            ...written.map((f) => `  ${f}`),
            '',
            configWritten
              ? `Wrote the gate config ${opts.config} (every key at its default, with its meaning).`
              : `Kept the existing gate config ${opts.config}.`,
            '',
            `Next: replace the ${placeholders} \`<fill: ...>\` placeholders (validation refuses them), put flame graphs under diagnostics/, and put the upstream`,
            `artifacts beside the cycle (../protocol-15/DEPLOYMENT-REPORT.md, ../protocol-16/OBSERVABILITY-BASELINE.md).`,
            `Then run: perfgate validate --artifacts ${dir}`,
          ].join('\n'),
        };
      }, opts.json === true),
    );
}
