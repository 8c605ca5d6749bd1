#!/usr/bin/env node
// The composite action's step: decide the gates, build the site, then write the job summary, the
// pull-request comment, the annotations and the step outputs. Inputs come as INPUT_* environment
// variables (set by action.yml).
//
// The log is not a command channel: the gates are read as JSON (never printed), and everything the
// build prints is fenced by `::stop-commands::<random token>` … `::<token>::`, so artifact text quoted
// in a diagnostic can never be taken by the runner as a workflow command. The only commands issued
// are the fence and the annotations, whose data and properties use the runner's escaping.
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { main } from '../src/cli/main.ts';
import { displayPath } from '../src/cli/output.ts';
import { terminalSafe } from '../src/cli/terminal-safe.ts';
import { annotations } from '../src/core/github/annotations.ts';
import { commitArchive, defaultBranchOf } from '../src/core/github/archive-commit.ts';
import { archiveDecision, archiveSummary } from '../src/core/github/archive-step.ts';
import { isNoCycle, noCycleMarkdown } from '../src/core/github/no-cycle.ts';
import { defaultPagesBase, normalisePagesBase } from '../src/core/github/pages.ts';
import { previousCycle, readAnchors } from '../src/core/github/anchors.ts';
import { commentBody, pullRequestNumber } from '../src/core/github/comment.ts';
import { upsertComment } from '../src/core/github/rest.ts';
import { safeLinkUrl, summaryMarkdown } from '../src/core/github/summary.ts';
import { isGatesReport } from '../src/core/github/types.ts';
import { escapeData, markdownText } from '../src/core/github/escape.ts';

const env = process.env;
const input = (name, fallback) => {
  const v = env[`INPUT_${name.toUpperCase().replaceAll('-', '_')}`];
  return v === undefined || v === '' ? fallback : v;
};
const artifacts = input('artifacts', '.artifacts/protocol-18');
const archive = input('archive', 'content/cycles');
// Named only when the input names one: the default path may be absent (then the defaults apply),
// a named file must exist.
const config = input('config', undefined);
const configArgs = config ? ['--config', config] : [];
const out = input('out', 'dist');
// configure-pages' base_path ('/repo', or '' for a user site or a custom domain) plus '/'; without
// it, `/<repo>/`, or `/` for a `<owner>.github.io` repository.
const base = normalisePagesBase(input('base', defaultPagesBase(env.GITHUB_REPOSITORY)));
const site = input('site', undefined);
const failOnGate = input('fail-on-gate', 'true') !== 'false';
const wantComment = input('comment', 'true') !== 'false';
const pushEvidence = input('push-evidence', 'false') === 'true';
// A private key file (PEM) an earlier step wrote from a secret: signs the archived cycle.
const signKey = input('sign-key', undefined);
const githubToken = input('github-token', '');
const say = (s) => void process.stdout.write(terminalSafe(s.endsWith('\n') ? s : `${s}\n`));

// 1. The gates, as data.
let json = '';
let gatesErrors = '';
const gatesCode = await main(['gates', '--artifacts', artifacts, ...configArgs, '--json'], {
  stdout: (s) => void (json += s),
  stderr: (s) => void (gatesErrors += s),
});
let report;
try {
  report = JSON.parse(json);
} catch {
  report = undefined;
}
// No current cycle (none started yet, or archived and pruned) is a normal state between cycles:
// the history is still published, and the run says so instead of failing.
let entries = null;
try {
  entries = readdirSync(artifacts);
} catch {
  entries = null;
}
const noCycle = isNoCycle(report, entries);

// The opt-in archiving step: only on a push to the default branch, for a cycle whose gates are all
// decided and pass (archive-step.ts).
const decision = archiveDecision({
  mode: input('archive-cycle', 'false'),
  eventName: env.GITHUB_EVENT_NAME,
  ref: env.GITHUB_REF,
  defaultBranch: await defaultBranchOf(env.GITHUB_EVENT_PATH),
  report: isGatesReport(report) && !noCycle ? report : undefined,
  archived:
    isGatesReport(report) &&
    typeof report.cycle_id === 'string' &&
    existsSync(path.join(archive, report.cycle_id)),
  token: githubToken,
});
let archiveCode = 0;

// 2. The site, with every byte it prints fenced off from command processing. stderr is sent to
// stdout meanwhile: the runner reads the two pipes separately, and a line on stderr could otherwise
// overtake the fence.
const token = randomBytes(16).toString('hex');
process.stdout.write(`::stop-commands::${token}\n`);
const stderrWrite = process.stderr.write;
process.stderr.write = process.stdout.write.bind(process.stdout);
let buildCode = 2;
let pushCode = 0;
try {
  if (gatesErrors) process.stdout.write(terminalSafe(gatesErrors));
  // Large evidence to the object store first (credentials from the job's environment, e.g. an OIDC
  // role), so that a later `perfgate archive` of this job commits pointers, not the bytes.
  if (pushEvidence)
    pushCode = await main(['evidence', 'push', '--artifacts', artifacts, ...configArgs], {
      stdout: (s) => void process.stdout.write(s),
      stderr: (s) => void process.stdout.write(s),
    });
  // Archive before the build, so that the site shows the cycle as the archive holds it.
  if (decision.archive)
    archiveCode = await main(
      [
        'archive',
        '--artifacts',
        artifacts,
        '--archive',
        archive,
        ...configArgs,
        ...(signKey ? ['--sign-key', signKey] : []),
      ],
      {
        stdout: (s) => void process.stdout.write(s),
        stderr: (s) => void process.stdout.write(s),
      },
    );
  const buildArgs = [
    'build',
    '--artifacts',
    artifacts,
    '--archive',
    archive,
    ...configArgs,
    '--out',
    out,
    '--base',
    base,
    '--no-fail-on-gate',
  ];
  if (site) buildArgs.push('--site', site);
  buildCode = await main(buildArgs, {
    stdout: (s) => void process.stdout.write(s),
    stderr: (s) => void process.stdout.write(s),
  });
} finally {
  process.stderr.write = stderrWrite;
  process.stdout.write(`\n::${token}::\n`);
}

// 3. The archived cycle committed: a pull request or a bot commit (the token as a masked header).
let archived = null;
if (decision.archive)
  archived =
    archiveCode !== 0
      ? { kind: 'failed', reason: `perfgate archive exited with ${archiveCode} (the log above says why)` }
      : await commitArchive({
          cwd: process.cwd(),
          mode: decision.mode,
          cycleId: decision.cycleId,
          defaultBranch: decision.branch,
          paths: [path.join(archive, decision.cycleId), artifacts].map((p) =>
            path.relative(process.cwd(), path.resolve(p)),
          ),
          serverUrl: env.GITHUB_SERVER_URL || 'https://github.com',
          apiUrl: env.GITHUB_API_URL || 'https://api.github.com',
          repository: env.GITHUB_REPOSITORY ?? '',
          token: githubToken,
          env,
          secret: (v) => void process.stdout.write(`::add-mask::${v}\n`),
        });
if (archived?.kind === 'failed' || (!decision.archive && decision.misconfigured))
  process.stdout.write(
    `::warning title=perfgate archive-cycle::${escapeData(archived?.kind === 'failed' ? archived.reason : decision.reason)}\n`,
  );
else if (archived)
  say(
    `perfgate: archived ${decision.cycleId} (${archived.kind === 'commit' ? `commit ${archived.sha}` : `pull request ${archived.url ?? archived.branch}`}).`,
  );

// 4. Job summary and pull-request comment: the same Markdown.
let markdown;
let anchors = null;
if (noCycle) {
  anchors = await readAnchors(artifacts, archive);
  const newest = await previousCycle(archive, null);
  markdown = noCycleMarkdown({
    artifacts,
    built: buildCode === 0,
    published: buildCode === 0 ? publishedCycles() : null,
    anchors,
    newest: newest?.cycleId ?? null,
    siteUrl: buildCode === 0 ? safeLinkUrl(site) : null,
  });
} else if (isGatesReport(report)) {
  report.diagnostics ??= [];
  anchors = await readAnchors(artifacts, archive);
  const previous = await previousCycle(archive, report.cycle_id);
  markdown = summaryMarkdown(report, {
    previous,
    anchors,
    cycleUrl: buildCode === 0 && site ? cycleUrl() : null,
  });
} else {
  const message = typeof report?.error?.message === 'string' ? report.error.message : 'no gate decision';
  markdown = `## perfgate — ⛔ the gates could not be decided\n\n${markdownText(message)}\n`;
}
markdown += archiveSummary(decision, archived, archive)
  .map((l) => `${l}\n`)
  .join('');
if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, markdown);

const pr = wantComment ? await pullRequestNumber(env.GITHUB_EVENT_NAME, env.GITHUB_EVENT_PATH) : null;
if (pr !== null) {
  const outcome = await upsertComment(
    {
      apiUrl: env.GITHUB_API_URL || 'https://api.github.com',
      repository: env.GITHUB_REPOSITORY ?? '',
      issue: pr,
      token: githubToken,
    },
    commentBody(markdown),
  );
  if (outcome.kind === 'skipped')
    say(`perfgate: no pull-request comment (${outcome.reason}); the job summary has the same content.`);
  else say(`perfgate: ${outcome.kind} the pull-request comment${outcome.url ? ` ${outcome.url}` : ''}.`);
}

// 5. Annotations: the only workflow commands besides the fence and the masks, escaped by the runner's rules.
if (isGatesReport(report) && !noCycle)
  for (const line of annotations(report.diagnostics, (d) =>
    displayPath(d, artifacts, config ?? 'config/protocol_gates/18.yaml'),
  ))
    process.stdout.write(`${line}\n`);

// 6. Step outputs for later steps (attestation of the bundle).
if (env.GITHUB_OUTPUT && anchors) {
  const outputs = {
    bundle: anchors.bundle?.file ?? '',
    'bundle-sha256': anchors.bundle?.sha256 ?? '',
    'chain-head': anchors.chainHead?.sha256 ?? '',
  };
  const delimiter = `perfgate_${randomBytes(16).toString('hex')}`;
  for (const [k, v] of Object.entries(outputs))
    if (!/[\r\n]/.test(v) && !v.includes(delimiter))
      appendFileSync(env.GITHUB_OUTPUT, `${k}<<${delimiter}\n${v}\n${delimiter}\n`);
}

if (pushCode !== 0) process.exit(pushCode);
if (buildCode !== 0) process.exit(buildCode);
if (noCycle) {
  say(`perfgate: no current cycle in ${artifacts}; published the history.`);
  process.exit(0);
}
process.exit(failOnGate ? gatesCode : 0);

/** How many archived cycles the built site lists (its cycles.json), or null. */
function publishedCycles() {
  try {
    const index = JSON.parse(readFileSync(path.join(out, 'cycles.json'), 'utf8'));
    return Array.isArray(index.cycles) ? index.cycles.filter((c) => c.source !== 'current').length : null;
  } catch {
    return null;
  }
}

/** The absolute URL of the current cycle's page, from the built site's cycles.json. */
function cycleUrl() {
  try {
    const index = JSON.parse(readFileSync(path.join(out, 'cycles.json'), 'utf8'));
    const current = index.cycles?.find((c) => c.source === 'current');
    return safeLinkUrl(current?.url);
  } catch {
    return null;
  }
}
