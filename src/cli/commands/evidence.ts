/** `perfgate evidence push|pull|status`: large evidence to and from object storage (ARTIFACTS.md section 9). */
import { Option, type Command } from 'commander';
import { formatBytes } from '../../core/format/bytes.ts';
import { walkCycle } from '../../core/load/walk.ts';
import { storeClient } from '../../core/store/client.ts';
import { pullFiles } from '../../core/store/pull.ts';
import { pushCandidates, pushFiles, storable } from '../../core/store/push.ts';
import { evidenceStatus } from '../../core/store/status.ts';
import { checkNamedConfig, type CommandResult, type Runner } from '../command.ts';
import { DEFAULT_ARTIFACTS, DEFAULT_CONFIG } from '../defaults.ts';
import { PerfgateError } from '../../core/errors.ts';
import { readStoreConfig, requireStoreConfig } from '../store-config.ts';

interface EvidenceOptions {
  artifacts: string;
  config: string;
  json?: boolean;
  keepLocal?: boolean;
  offline?: boolean;
}

async function cycleFiles(dir: string) {
  const walked = await walkCycle(dir).catch((e: NodeJS.ErrnoException) => {
    throw new PerfgateError(
      `Cycle directory ${dir} cannot be read (${e.code ?? e.message})`,
      'Pass --artifacts DIR, the cycle directory (default .artifacts/protocol-18).',
    );
  });
  const broken = walked.diagnostics.filter((d) => d.severity === 'error' && d.code.startsWith('evidence.'));
  if (broken.length > 0)
    throw new PerfgateError(`${broken[0]!.file}: ${broken[0]!.message}`, broken[0]!.hint, 1);
  return walked.files;
}

async function runPush(paths: string[], opts: EvidenceOptions): Promise<CommandResult> {
  const store = await requireStoreConfig(opts.config);
  const files = await cycleFiles(opts.artifacts);
  let chosen = pushCandidates(files, store);
  if (paths.length > 0) {
    const byPath = new Map(files.map((f) => [f.path, f]));
    chosen = paths.map((p) => {
      const f = byPath.get(p.replaceAll('\\', '/'));
      if (!f || !storable(f))
        throw new PerfgateError(
          `${p} is not an evidence file of ${opts.artifacts} that can be stored`,
          "Name a file by its path inside the cycle (e.g. loadtests/run-1.jtl); contract artifacts, perfgate's outputs and files already stored stay as they are.",
        );
      return f;
    });
  }
  const pushed = await pushFiles(opts.artifacts, chosen, store, storeClient(store), {
    keepLocal: opts.keepLocal === true,
  });
  const lines = pushed.map(
    (p) =>
      `${p.action === 'uploaded' ? '↑ stored  ' : '= present '} ${p.path} (${formatBytes(p.bytes)}) as ${p.object}${p.kept ? ' (local copy kept)' : ''}`,
  );
  return {
    exitCode: 0,
    json: { command: 'evidence push', pushed },
    human: [
      ...lines,
      pushed.length === 0
        ? `✔ Nothing to push: no evidence file of ${opts.artifacts} is above evidence.max_inline_bytes (${formatBytes(store.maxInlineBytes)}).`
        : `✔ ${pushed.length} file(s) stored; the cycle keeps a .perfgate-pointer.json in place of each. Run \`perfgate report\` to record them in the manifest.`,
    ].join('\n'),
  };
}

async function runPull(opts: EvidenceOptions): Promise<CommandResult> {
  const store = await requireStoreConfig(opts.config);
  const files = await cycleFiles(opts.artifacts);
  const pulled = await pullFiles(opts.artifacts, files, storeClient(store));
  return {
    exitCode: 0,
    json: { command: 'evidence pull', pulled },
    human: [
      ...pulled.map(
        (p) =>
          `${p.action === 'downloaded' ? '↓ fetched ' : '= present '} ${p.path} (${formatBytes(p.bytes)}, sha256 ${p.sha256})`,
      ),
      `✔ ${pulled.filter((p) => p.action === 'downloaded').length} file(s) fetched and checked by SHA-256.`,
    ].join('\n'),
  };
}

async function runStatus(opts: EvidenceOptions): Promise<CommandResult> {
  const store = await readStoreConfig(opts.config);
  const files = await cycleFiles(opts.artifacts);
  const client = store && opts.offline !== true ? storeClient(store) : undefined;
  const lines = await evidenceStatus(files, store, client);
  const bad = lines.filter((l) => l.remote === 'missing' || l.remote === 'other-size');
  const human = lines.map((l) =>
    l.state === 'to-push'
      ? `○ to push  ${l.path} (${formatBytes(l.bytes)}): above evidence.max_inline_bytes, only in the cycle`
      : `${l.remote === 'present' ? '✔' : l.remote === 'unchecked' ? '?' : '✖'} stored    ${l.path} (${formatBytes(l.bytes)}) ${l.object}; ${l.local ? 'local copy here' : 'pointer only'}; store: ${l.remote}${l.reason ? ` (${l.reason})` : ''}`,
  );
  if (!store) human.push(`No evidence.store in ${opts.config}: every file stays in the cycle.`);
  return {
    exitCode: bad.length > 0 ? 1 : 0,
    json: {
      command: 'evidence status',
      store: store ? `s3://${store.bucket}/${store.prefix}` : null,
      files: lines,
    },
    human:
      human.length > 0 ? human.join('\n') : 'No evidence file is stored or above evidence.max_inline_bytes.',
  };
}

function common(cmd: Command): Command {
  return cmd
    .hook('preAction', (_p, action) => checkNamedConfig(action))
    .option('--artifacts <dir>', 'cycle directory', DEFAULT_ARTIFACTS)
    .option('--config <file>', 'gate config (YAML) with the evidence section', DEFAULT_CONFIG)
    .addOption(new Option('--json', 'machine-readable output on stdout'));
}

/** Registers `evidence` and its subcommands. */
export function registerEvidence(program: Command, run: Runner): void {
  const group = program
    .command('evidence')
    .description('move large evidence to or from S3-compatible object storage, addressed by SHA-256');
  common(
    group
      .command('push')
      .description(
        'store evidence files above evidence.max_inline_bytes (or the FILEs named) and leave a pointer in place of each',
      )
      .argument('[files...]', 'paths inside the cycle to store regardless of their size'),
  )
    .option('--keep-local', 'keep the local copy beside its pointer (it is never archived or published)')
    .action((files: string[], opts: EvidenceOptions) => run(() => runPush(files, opts), opts.json === true));
  common(
    group
      .command('pull')
      .description(
        'fetch the stored files the cycle lacks, each checked by SHA-256 before it is put in place',
      ),
  ).action((opts: EvidenceOptions) => run(() => runPull(opts), opts.json === true));
  common(group.command('status').description('list what is stored, what is local and what is still to push'))
    .option('--offline', 'do not ask the store whether each object is there')
    .action((opts: EvidenceOptions) => run(() => runStatus(opts), opts.json === true));
}
