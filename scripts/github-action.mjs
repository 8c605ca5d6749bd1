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
import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { main } from '../src/cli/main.ts';
import { displayPath } from '../src/cli/output.ts';
import { terminalSafe } from '../src/cli/terminal-safe.ts';
import { annotations } from '../src/core/github/annotations.ts';
import { previousCycle, readAnchors } from '../src/core/github/anchors.ts';
import { commentBody, pullRequestNumber } from '../src/core/github/comment.ts';
import { upsertComment } from '../src/core/github/rest.ts';
import { safeLinkUrl, summaryMarkdown } from '../src/core/github/summary.ts';
import { isGatesReport } from '../src/core/github/types.ts';
import { markdownText } from '../src/core/github/escape.ts';

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
const repo = env.GITHUB_REPOSITORY?.split('/')[1];
const base = input('base', repo ? `/${repo}/` : '/');
const site = input('site', undefined);
const failOnGate = input('fail-on-gate', 'true') !== 'false';
const wantComment = input('comment', 'true') !== 'false';
const pushEvidence = input('push-evidence', 'false') === 'true';
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

// 3. Job summary and pull-request comment: the same Markdown.
let markdown;
let anchors = null;
if (isGatesReport(report)) {
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
if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, markdown);

const pr = wantComment ? await pullRequestNumber(env.GITHUB_EVENT_NAME, env.GITHUB_EVENT_PATH) : null;
if (pr !== null) {
  const outcome = await upsertComment(
    {
      apiUrl: env.GITHUB_API_URL || 'https://api.github.com',
      repository: env.GITHUB_REPOSITORY ?? '',
      issue: pr,
      token: input('github-token', ''),
    },
    commentBody(markdown),
  );
  if (outcome.kind === 'skipped')
    say(`perfgate: no pull-request comment (${outcome.reason}); the job summary has the same content.`);
  else say(`perfgate: ${outcome.kind} the pull-request comment${outcome.url ? ` ${outcome.url}` : ''}.`);
}

// 4. Annotations: the only workflow commands besides the fence, escaped by the runner's rules.
if (isGatesReport(report))
  for (const line of annotations(report.diagnostics, (d) => displayPath(d, artifacts, config ?? 'config/protocol_gates/18.yaml')))
    process.stdout.write(`${line}\n`);

// 5. Step outputs for later steps (attestation of the bundle).
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
process.exit(failOnGate ? gatesCode : 0);

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
