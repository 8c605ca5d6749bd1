/** `perfgate import profile FILE --service S`: a real profile in, its flame graph and Markdown lines out. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { parseStrictJson } from '../../core/load/json.ts';
import { formatWeight, pct } from '../../core/import/profile/format.ts';
import { importProfile, type Phase } from '../../core/import/profile/import.ts';
import { PROFILE_FORMATS, ProfileError, type ProfileFormat } from '../../core/import/profile/index.ts';
import { functionStats } from '../../core/import/profile/stats.ts';
import type { Runner } from '../command.ts';
import { DEFAULT_ARTIFACTS } from '../defaults.ts';
import { PerfgateError } from '../../core/errors.ts';
import { SLUG } from '../../core/slug.ts';

interface Opts {
  service: string;
  phase: Phase;
  format?: ProfileFormat;
  append?: boolean;
  artifacts?: string;
  json?: boolean;
}

/** Services of the cycle's intake; an error when the intake is missing or unreadable. */
async function knownServices(artifactsDir: string): Promise<Set<string>> {
  const file = path.join(artifactsDir, 'performance-intake-report.json');
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined)
    throw new PerfgateError(
      `${file} is missing, so perfgate cannot tell which services the cycle has`,
      'Create the intake first (perfgate init), or point --artifacts at the cycle directory.',
      2,
    );
  const parsed = parseStrictJson(text, file);
  const services = (parsed.data as { services?: { name?: unknown }[] } | undefined)?.services;
  if (!Array.isArray(services))
    throw new PerfgateError(
      `${file} has no "services" list`,
      'Fix the intake (perfgate validate shows where).',
      2,
    );
  return new Set(services.map((s) => s?.name).filter((n): n is string => typeof n === 'string'));
}

/** Adds `profile` to the `import` group. */
export function registerImportProfile(importCmd: Command, run: Runner): void {
  importCmd
    .command('profile')
    .description(
      'add a profile (.cpuprofile, folded stacks, pprof, speedscope) and its flame graph for a service',
    )
    .argument('<file>', 'the profile file')
    .requiredOption('--service <name>', 'the service the profile belongs to (as in the intake)')
    .addOption(
      new Option('--phase <phase>', 'baseline or after').choices(['baseline', 'after']).default('baseline'),
    )
    .addOption(
      new Option('--format <format>', 'the format (default: detected from the content)').choices(
        PROFILE_FORMATS,
      ),
    )
    .option('--append', 'add the lines under the service in profiling-report.md')
    .option('--artifacts <dir>', 'cycle directory', DEFAULT_ARTIFACTS)
    .addOption(new Option('--json', 'machine-readable output on stdout'))
    .action((file: string, opts: Opts) =>
      run(async () => {
        const artifactsDir = opts.artifacts ?? DEFAULT_ARTIFACTS;
        if (!SLUG.test(opts.service))
          throw new PerfgateError(
            `Unexpected --service ${JSON.stringify(opts.service)}, expected a service slug`,
            'Use the service name exactly as performance-intake-report.json lists it.',
          );
        const services = await knownServices(artifactsDir);
        if (!services.has(opts.service))
          throw new PerfgateError(
            `Unknown service ${JSON.stringify(opts.service)}: ${path.join(artifactsDir, 'performance-intake-report.json')} does not list it`,
            `Use one of ${[...services].sort().join(', ') || '(none listed)'}, or add the service to the intake.`,
            1,
          );
        const result = await importProfile({
          file,
          artifactsDir,
          service: opts.service,
          phase: opts.phase,
          format: opts.format,
          append: opts.append === true,
        }).catch((e: unknown) => {
          throw asPerfgateError(e, file);
        });
        const { tree } = result;
        const top = functionStats(tree.root).slice(0, 5);
        const human = [
          `✔ ${file}: ${tree.format} profile of ${opts.service} (${opts.phase}), total ${formatWeight(tree.root.total, tree.unit)}`,
          `  wrote ${path.join(artifactsDir, result.profile)} and ${path.join(artifactsDir, result.flameGraph)}`,
          `  top frames by self: ${top.map((t) => `${t.name} ${pct(t.self, tree.root.total)}`).join(', ')}`,
          result.appended
            ? `  added under "## ${opts.service}" in ${path.join(artifactsDir, 'profiling-report.md')}:`
            : `  add these lines under "## ${opts.service}" in profiling-report.md (or run again with --append):`,
          '',
          ...result.lines,
        ].join('\n');
        return {
          exitCode: 0,
          human,
          json: {
            command: 'import profile',
            service: opts.service,
            phase: opts.phase,
            format: tree.format,
            unit: tree.unit,
            total: tree.root.total,
            profile: result.profile,
            flame_graph: result.flameGraph,
            markdown: result.lines,
            appended: result.appended,
            top_frames: top.map((t) => ({
              ...t,
              self_share: t.self / tree.root.total,
              total_share: t.total / tree.root.total,
            })),
          },
        };
      }, opts.json === true),
    );
}

function asPerfgateError(e: unknown, file: string): unknown {
  if (e instanceof ProfileError) {
    const where = e.line !== undefined ? ` line ${e.line}` : e.pointer ? ` at ${e.pointer || '/'}` : '';
    return new PerfgateError(
      `${file}${where}: not a usable profile: ${e.message}`,
      where
        ? `Import the file exactly as the profiler wrote it (this one is damaged or edited at that place), or profile again; perfgate reads ${PROFILE_FORMATS.join(', ')} (--format says which).`
        : `perfgate reads ${PROFILE_FORMATS.join(', ')}; check the file is a complete profile with samples, or give --format.`,
      1,
    );
  }
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES')
    return new PerfgateError(`Cannot read ${file} (${code})`, 'Check the path of the profile file.', 2);
  return e;
}
