/**
 * `perfgate import load-test FILE...`: one run of a load tool into load-test-results.json, or with
 * `--replicates` one run per file (repeated runs of one scenario, ids `<id>-1`, `<id>-2`, ...).
 */
import path from 'node:path';
import { Option, type Command } from 'commander';
import { applyRuns, ImportRejected, rawTargets } from '../../core/import/load-test/apply.ts';
import { planRuns } from '../../core/import/load-test/replicates.ts';
import { readLoadTest } from '../../core/import/load-test/index.ts';
import { formatList } from '../../core/import/load-test/registry.ts';
import { buildRun, missingValues } from '../../core/import/load-test/run.ts';
import { DEFAULT_ARTIFACTS } from '../defaults.ts';
import { PerfgateError } from '../../core/errors.ts';
import type { Runner } from '../command.ts';
import { formatDiagnostics } from '../output.ts';
import { SLUG } from '../../core/slug.ts';
import { plural } from '../../core/format/plural.ts';

interface Opts {
  service: string;
  scenario: string;
  kind: 'load' | 'stress' | 'soak' | 'spike';
  phase: 'baseline' | 'after';
  id?: string;
  format?: string;
  endpoint?: string;
  concurrency?: string;
  startedAt?: string[];
  environment?: string;
  replace?: boolean;
  replicates?: boolean;
  artifacts: string;
  json?: boolean;
}

function positiveInt(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  if (!/^[1-9]\d{0,8}$/.test(s)) {
    throw new PerfgateError(
      `Unexpected --concurrency ${JSON.stringify(s)}, expected a whole number >= 1`,
      'Pass the peak number of virtual users or connections, e.g. --concurrency 50.',
    );
  }
  return Number(s);
}

/** The --started-at of each planned run: one for one run, or one per file with --replicates. */
function startsFor(given: string[], runs: number): (string | undefined)[] {
  if (given.length === 0) return Array.from({ length: runs }, () => undefined);
  if (given.length === runs) return given;
  throw new PerfgateError(
    `Unexpected ${given.length} --started-at for ${plural(runs, 'run')}`,
    runs === 1
      ? 'Give --started-at once: the start of the run.'
      : `Give --started-at once per file (${runs}), in the order of the files: each replicate started at its own time.`,
  );
}

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

export function registerImportLoadTest(group: Command, run: Runner): void {
  group
    .command('load-test')
    .description(
      'add one run of k6, autocannon, Locust, JMeter or hey to load-test-results.json; with --replicates, one run per file',
    )
    .argument(
      '<file...>',
      'the tool output; several files are the parts of one run (split JTL files), or with --replicates repeated runs of one scenario',
    )
    .requiredOption('--service <name>', 'service tested (declared in the intake)')
    .requiredOption('--scenario <name>', 'scenario name, e.g. checkout-peak')
    .addOption(
      new Option('--kind <kind>', 'kind of test')
        .choices(['load', 'stress', 'soak', 'spike'])
        .makeOptionMandatory(),
    )
    .addOption(
      new Option('--phase <phase>', 'before or after the optimization')
        .choices(['baseline', 'after'])
        .makeOptionMandatory(),
    )
    .option(
      '--id <id>',
      'run id (a slug); default <service>-<phase>-<kind>; replicates are <id>-1, <id>-2, ...',
    )
    .option(
      '--replicates',
      'each FILE is a separate run of the same scenario (a replicate), in the order given: run it 3 times per phase and reference the runs for an interval',
    )
    .option('--format <format>', `input format; default detected from the content (${formatList()})`)
    .option(
      '--endpoint <name>',
      "the endpoint the run measured, recorded as runs[].endpoint; for Locust, JTL and k6 NDJSON it also selects that endpoint's samples (Name, label, name tag)",
    )
    .option('--concurrency <n>', 'peak concurrency, when the file lacks it (hey -c, locust --users)')
    .option(
      '--started-at <time>',
      'run start (RFC 3339), when the file lacks it (k6 summaries, Locust, hey); with --replicates once per file',
      collect,
    )
    .option('--environment <name>', 'environment, when load-test-results.json is created by this import')
    .option('--replace', 'replace a run of the same id (and its raw copy)')
    .option('--artifacts <dir>', 'cycle directory', DEFAULT_ARTIFACTS)
    .addOption(new Option('--json', 'machine-readable output on stdout'))
    .action((files: string[], opts: Opts) =>
      run(async () => {
        const id = opts.id ?? `${opts.service}-${opts.phase}-${opts.kind}`;
        if (!SLUG.test(id)) {
          throw new PerfgateError(
            `Unexpected run id ${JSON.stringify(id)}, expected a slug (lowercase letters, digits, '.', '_', '-'; at most 64)`,
            'Pass --id with a slug, e.g. --id checkout-baseline-load.',
          );
        }
        const concurrency = positiveInt(opts.concurrency);
        const inputs = files.map((f) => ({ name: f, path: path.resolve(f) }));
        const planned = planRuns(inputs, id, opts.replicates === true);
        const starts = startsFor(opts.startedAt ?? [], planned.length);
        try {
          const options = opts.endpoint === undefined ? {} : { endpoint: opts.endpoint };
          const read: Awaited<ReturnType<typeof readLoadTest>>[] = [];
          for (const p of planned) read.push(await readLoadTest(p.files, opts.format, options));
          const importer = read[0]!.importer;
          const other = read.find((r) => r.importer !== importer);
          if (other)
            throw new PerfgateError(
              `Unexpected ${other.importer.title} among ${importer.title} files: the replicates of one scenario come from one tool`,
              'Import the files of each tool separately.',
              1,
            );
          const notReported = missingValues(read[0]!.result);
          const runs = planned.map((p, k) => {
            const flags = {
              id: p.id,
              service: opts.service,
              scenario: opts.scenario,
              ...(opts.endpoint !== undefined ? { endpoint: opts.endpoint } : {}),
              phase: opts.phase,
              kind: opts.kind,
              ...(concurrency !== undefined ? { concurrency } : {}),
              ...(starts[k] !== undefined ? { startedAt: starts[k] } : {}),
            };
            const source = rawTargets(p.id, importer.ext, p.files.length)[0]!;
            return {
              run: buildRun(importer, read[k]!.result, flags, source, p.files[0]!.name),
              files: p.files,
            };
          });
          const toolVersion = read[0]!.result.tool_version;
          const applied = await applyRuns({
            dir: opts.artifacts,
            importer,
            runs,
            ...(toolVersion ? { toolVersion } : {}),
            ...(opts.environment !== undefined ? { environment: opts.environment } : {}),
            replace: opts.replace === true,
          });
          const fromFlags: string[] = notReported.filter(
            (k) => k === 'started_at' || k === 'peak_concurrency',
          );
          const absent = notReported.filter((k) => !fromFlags.includes(k));
          const entries = runs.map((r) => r.run);
          return {
            exitCode: 0,
            json: {
              command: 'import load-test',
              format: importer.id,
              tool: importer.tool,
              ...(entries.length === 1 && opts.replicates !== true ? { run: entries[0] } : {}),
              runs: entries,
              not_reported: absent,
              format_never_reports: importer.notReported,
              from_flags: fromFlags,
              notes: read.flatMap((r) => r.result.notes),
              written: applied.written,
              created: applied.created,
              replaced: applied.replaced,
              scaffold_replaced: applied.scaffold,
            },
            human: [
              ...entries.map((runEntry) =>
                [
                  `${applied.replaced ? 'Replaced' : 'Added'} run ${runEntry.id} (${importer.title}) in ${path.join(opts.artifacts, 'load-test-results.json')}${applied.created ? ' (created)' : ''}.`,
                  `  raw output: ${runEntry.source_file}`,
                  `  requests ${runEntry.requests}, ${runEntry.throughput_rps} req/s, error rate ${runEntry.error_rate_pct} %, latency ${Object.entries(
                    runEntry.latency_ms,
                  )
                    .map(([k, v]) => `${k} ${v}`)
                    .join(', ')} ms`,
                ].join('\n'),
              ),
              applied.scaffold
                ? `  replaced the placeholder run that \`perfgate init\` wrote (nothing of yours was in it)`
                : '',
              entries.length > 1
                ? `  ${entries.length} replicates of ${opts.scenario}: reference them as {"runs": [${entries.map((r) => `"${r.id}"`).join(', ')}]} in optimization-validation-report.json`
                : '',
              absent.length
                ? `  not reported by ${importer.tool}: ${absent.join(', ')} (left absent, never invented)`
                : '',
              fromFlags.length ? `  from your flags (the file lacks them): ${fromFlags.join(', ')}` : '',
              ...read.flatMap((r) => r.result.notes).map((n) => `  ${n}`),
            ]
              .filter(Boolean)
              .join('\n'),
          };
        } catch (e) {
          if (e instanceof ImportRejected) {
            const detail = e.diagnostics.length
              ? `\n${formatDiagnostics(e.diagnostics, opts.artifacts, '')}`
              : '';
            throw new PerfgateError(
              `${e.message}${detail}`,
              e.message.startsWith('Run `')
                ? 'Pass --replace to replace it, or a new --id.'
                : e.message.startsWith('Unknown service')
                  ? 'Use a service of the intake (performance-intake-report.json), or add it there first.'
                  : 'Nothing was changed; fix what the lines above name and import again.',
              1,
            );
          }
          throw e;
        }
      }, opts.json === true),
    );
}
