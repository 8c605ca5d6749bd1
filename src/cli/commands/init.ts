/** `perfgate init [DIR]`: scaffold a new cycle with every required artifact. */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_ARTIFACTS } from '../context.ts';
import { UserError } from '../exit.ts';
import { INIT_TEMPLATES, PLACEHOLDER } from '../init-templates.ts';
import type { Runner } from '../command.ts';
import { plural } from '../../core/format/plural.ts';

export function registerInit(program: Command, run: Runner): void {
  program
    .command('init')
    .description(
      'scaffold a new cycle directory with every required artifact (placeholders in <angle brackets>)',
    )
    .argument('[dir]', 'cycle directory to create', DEFAULT_ARTIFACTS)
    .option('--json', 'machine-readable output on stdout')
    .action((dir: string, opts: { json?: boolean }) =>
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
        const placeholders = Object.values(INIT_TEMPLATES).reduce(
          (n, t) => n + (t.match(PLACEHOLDER)?.length ?? 0),
          0,
        );
        return {
          exitCode: 0,
          json: { command: 'init', dir, files: written, placeholders },
          human: [
            `Created ${plural(written.length, 'artifact')} in ${dir}:`,
            ...written.map((f) => `  ${f}`),
            '',
            `Next: replace the ${placeholders} <placeholders>, put flame graphs under diagnostics/, and put the upstream`,
            `artifacts beside the cycle (../protocol-15/DEPLOYMENT-REPORT.md, ../protocol-16/OBSERVABILITY-BASELINE.md).`,
            `Then run: perfgate validate --artifacts ${dir}`,
          ].join('\n'),
        };
      }, opts.json === true),
    );
}
