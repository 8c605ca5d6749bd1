/** `perfgate import load-test FILE...`: one run of a load tool into load-test-results.json. */
import path from 'node:path';
import { Option, type Command } from 'commander';
import { applyRun, ImportRejected, rawTargets } from '../../core/import/load-test/apply.ts';
import { ImportError, readLoadTest } from '../../core/import/load-test/index.ts';
import { formatList } from '../../core/import/load-test/registry.ts';
import { buildRun, missingValues } from '../../core/import/load-test/run.ts';
import { DEFAULT_ARTIFACTS } from '../defaults.ts';
import { UserError } from '../exit.ts';
import type { Runner } from '../command.ts';
import { formatDiagnostics } from '../output.ts';
import { SLUG } from '../../core/slug.ts';

interface Opts {
  service: string;
  scenario: string;
  kind: 'load' | 'stress' | 'soak' | 'spike';
  phase: 'baseline' | 'after';
  id?: string;
  format?: string;
  endpoint?: string;
  concurrency?: string;
  startedAt?: string;
  environment?: string;
  replace?: boolean;
  artifacts: string;
  json?: boolean;
}

function positiveInt(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  if (!/^[1-9]\d{0,8}$/.test(s)) {
    throw new UserError(
      `Unexpected --concurrency ${JSON.stringify(s)}, expected a whole number >= 1`,
      'Pass the peak number of virtual users or connections, e.g. --concurrency 50.',
    );
  }
  return Number(s);
}

export function registerImportLoadTest(group: Command, run: Runner): void {
  group
    .command('load-test')
    .description('add one run of k6, autocannon, Locust, JMeter or hey to load-test-results.json')
    .argument('<file...>', 'the tool output (several files: one run, e.g. split JTL files)')
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
    .option('--id <id>', 'run id (a slug); default <service>-<phase>-<kind>')
    .option('--format <format>', `input format; default detected from the content (${formatList()})`)
    .option(
      '--endpoint <name>',
      'one endpoint instead of the aggregate (Locust Name, JTL label, k6 name tag)',
    )
    .option('--concurrency <n>', 'peak concurrency, when the file lacks it (hey -c, locust --users)')
    .option('--started-at <time>', 'run start (RFC 3339), when the file lacks it (k6 summaries, Locust, hey)')
    .option('--environment <name>', 'environment, when load-test-results.json is created by this import')
    .option('--replace', 'replace a run of the same id (and its raw copy)')
    .option('--artifacts <dir>', 'cycle directory', DEFAULT_ARTIFACTS)
    .addOption(new Option('--json', 'machine-readable output on stdout'))
    .action((files: string[], opts: Opts) =>
      run(async () => {
        const id = opts.id ?? `${opts.service}-${opts.phase}-${opts.kind}`;
        if (!SLUG.test(id)) {
          throw new UserError(
            `Unexpected run id ${JSON.stringify(id)}, expected a slug (lowercase letters, digits, '.', '_', '-'; at most 64)`,
            'Pass --id with a slug, e.g. --id checkout-baseline-load.',
          );
        }
        const concurrency = positiveInt(opts.concurrency);
        const inputs = files.map((f) => ({ name: f, path: path.resolve(f) }));
        try {
          const options = opts.endpoint === undefined ? {} : { endpoint: opts.endpoint };
          const { importer, result } = await readLoadTest(inputs, opts.format, options);
          const notReported = missingValues(result);
          const source = rawTargets(id, importer.ext, inputs.length)[0]!;
          const flags = {
            id,
            service: opts.service,
            scenario: opts.scenario,
            phase: opts.phase,
            kind: opts.kind,
            ...(concurrency !== undefined ? { concurrency } : {}),
            ...(opts.startedAt !== undefined ? { startedAt: opts.startedAt } : {}),
          };
          const runEntry = buildRun(importer, result, flags, source, inputs[0]!.name);
          const applied = await applyRun({
            dir: opts.artifacts,
            files: inputs,
            importer,
            run: runEntry,
            ...(result.tool_version ? { toolVersion: result.tool_version } : {}),
            ...(opts.environment !== undefined ? { environment: opts.environment } : {}),
            replace: opts.replace === true,
          });
          const fromFlags: string[] = notReported.filter(
            (k) => k === 'started_at' || k === 'peak_concurrency',
          );
          const absent = notReported.filter((k) => !fromFlags.includes(k));
          return {
            exitCode: 0,
            json: {
              command: 'import load-test',
              format: importer.id,
              tool: importer.tool,
              run: runEntry,
              not_reported: absent,
              format_never_reports: importer.notReported,
              from_flags: fromFlags,
              notes: result.notes,
              written: applied.written,
              created: applied.created,
              replaced: applied.replaced,
            },
            human: [
              `${applied.replaced ? 'Replaced' : 'Added'} run ${id} (${importer.title}) in ${path.join(opts.artifacts, 'load-test-results.json')}${applied.created ? ' (created)' : ''}.`,
              `  raw output: ${applied.written.slice(0, -1).join(', ')}`,
              `  requests ${runEntry.requests}, ${runEntry.throughput_rps} req/s, error rate ${runEntry.error_rate_pct} %, latency ${Object.entries(
                runEntry.latency_ms,
              )
                .map(([k, v]) => `${k} ${v}`)
                .join(', ')} ms`,
              absent.length
                ? `  not reported by ${importer.tool}: ${absent.join(', ')} (left absent, never invented)`
                : '',
              fromFlags.length ? `  from your flags (the file lacks them): ${fromFlags.join(', ')}` : '',
              ...result.notes.map((n) => `  ${n}`),
            ]
              .filter(Boolean)
              .join('\n'),
          };
        } catch (e) {
          if (e instanceof ImportError) throw new UserError(`${e.where()}: ${e.message}`, e.hint, e.exitCode);
          if (e instanceof ImportRejected) {
            const detail = e.diagnostics.length
              ? `\n${formatDiagnostics(e.diagnostics, opts.artifacts, '')}`
              : '';
            throw new UserError(
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
