/**
 * Publishes what `perfgate archive` wrote (the archived cycle, and the generated files of the
 * current cycle that its manifest lists) from the action's checkout: a bot commit pushed to the
 * default branch, or a branch `perfgate/archive-<cycle id>` and a pull request. The token reaches
 * git only as an HTTP header in the environment of the one push (never in a URL or in the
 * checkout's config), so nothing of it stays behind; the checkout may use `persist-credentials: false`.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { apiClient, HttpError } from './api.ts';
import type { ArchiveMode, ArchiveOutcome } from './archive-step.ts';

const exec = promisify(execFile);

export interface CommitTarget {
  /** The checkout (the working directory of the action). */
  cwd: string;
  mode: ArchiveMode;
  cycleId: string;
  defaultBranch: string;
  /** What to commit: the archived cycle's folder and the current cycle's folder. */
  paths: string[];
  /** GITHUB_SERVER_URL, e.g. https://github.com. */
  serverUrl: string;
  apiUrl: string;
  /** `owner/name`. */
  repository: string;
  token: string;
  /** The environment git runs with (the caller's; this module never reads process.env). */
  env: Record<string, string | undefined>;
  /** Told every derived secret before it could be printed (the action masks it). */
  secret: (value: string) => void;
}

/** The committer: GitHub's own bot account, as actions that commit with the job's token use. */
const BOT = [
  '-c',
  'user.name=github-actions[bot]',
  '-c',
  'user.email=41898282+github-actions[bot]@users.noreply.github.com',
];

/** Git's environment for the push: the checkout's own headers cleared, then the token's. */
function authEnv(t: CommitTarget): Record<string, string> {
  const header = `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${t.token}`).toString('base64')}`;
  t.secret(header.slice('AUTHORIZATION: basic '.length));
  const key = `http.${t.serverUrl.replace(/\/?$/, '/')}.extraheader`;
  return {
    GIT_CONFIG_COUNT: '2',
    GIT_CONFIG_KEY_0: key,
    GIT_CONFIG_VALUE_0: '', // an empty value resets the list (actions/checkout may have set one)
    GIT_CONFIG_KEY_1: key,
    GIT_CONFIG_VALUE_1: header,
  };
}

/** Commits and publishes; never throws (a failure is an outcome the summary reports). */
export async function commitArchive(t: CommitTarget): Promise<ArchiveOutcome> {
  const git = (args: string[], extra: Record<string, string> = {}) =>
    exec('git', args, { cwd: t.cwd, env: { ...t.env, GIT_TERMINAL_PROMPT: '0', ...extra } });
  const branch = t.mode === 'commit' ? t.defaultBranch : `perfgate/archive-${t.cycleId}`;
  const message = `perfgate: archive cycle ${t.cycleId}`;
  let step = 'git add';
  try {
    await git(['add', '--all', '--', ...t.paths]);
    step = 'git commit';
    await git([...BOT, 'commit', '--quiet', '--no-verify', '-m', message, '--', ...t.paths]);
    const sha = (await git(['rev-parse', 'HEAD'])).stdout.trim();
    step = `git push to ${branch}`;
    const remote = `${t.serverUrl.replace(/\/$/, '')}/${t.repository}.git`;
    const force = t.mode === 'pull-request' ? ['--force'] : []; // perfgate's own branch, rewritten each time
    await git(['push', '--quiet', ...force, remote, `HEAD:refs/heads/${branch}`], authEnv(t));
    if (t.mode === 'commit') return { kind: 'commit', sha, branch };
    step = 'the pull request';
    return await pullRequest(t, branch, message);
  } catch (e) {
    return { kind: 'failed', reason: `${step} failed: ${why(e)}` };
  }
}

/** Opens the pull request, or finds the one already open for the branch. */
async function pullRequest(t: CommitTarget, branch: string, title: string): Promise<ArchiveOutcome> {
  const call = apiClient(t.apiUrl, t.token);
  const body = [
    `perfgate archived cycle ${t.cycleId}: its four gates are decided and pass.`,
    '',
    `Merge this pull request to keep the cycle in the published history (its frozen copy, report, manifests and bundle). Then start the next cycle with \`npx perfgate init\`, or prune the current one when the retention policy allows (\`npx perfgate prune\`).`,
  ].join('\n');
  try {
    const pr = (await call('POST', `repos/${t.repository}/pulls`, {
      title,
      head: branch,
      base: t.defaultBranch,
      body,
      maintainer_can_modify: false,
    })) as { html_url?: unknown };
    return { kind: 'pull-request', url: str(pr.html_url), branch, existing: false };
  } catch (e) {
    if (!(e instanceof HttpError) || e.status !== 422) throw e;
    // 422: one is open for this branch already; the push above updated it.
    const owner = t.repository.split('/')[0];
    const open = (await call(
      'GET',
      `repos/${t.repository}/pulls?state=open&head=${encodeURIComponent(`${owner}:${branch}`)}`,
    )) as { html_url?: unknown }[];
    return { kind: 'pull-request', url: str(open[0]?.html_url), branch, existing: true };
  }
}

const str = (v: unknown) => (typeof v === 'string' ? v : null);

/** A failure in one line, with what to do for the usual causes. */
function why(e: unknown): string {
  if (e instanceof HttpError)
    return e.status === 401 || e.status === 403 || e.status === 404
      ? `${e.message}: the token may not open pull requests (grant \`contents: write\` and \`pull-requests: write\`, and allow GitHub Actions to create pull requests in Settings → Actions → General)`
      : e.message;
  const stderr = (e as { stderr?: unknown }).stderr;
  const text =
    typeof stderr === 'string' && stderr.trim() ? stderr.trim() : e instanceof Error ? e.message : String(e);
  const lines = text.split('\n').filter((l) => l.trim() && !l.startsWith('hint:'));
  const line = (lines.find((l) => /^(error|fatal):|^ ! \[/.test(l)) ?? lines.at(-1) ?? text).trim();
  if (/rejected|fetch first|non-fast-forward/.test(text))
    return `${line} (the branch moved on since this run's checkout; the next run on the default branch archives the cycle)`;
  return /403|denied|not allowed|protected/i.test(text)
    ? `${line} (grant \`contents: write\`; a protected branch needs the pull-request mode)`
    : line;
}

/** `repository.default_branch` of the event payload the runner wrote, or null. */
export async function defaultBranchOf(eventPath: string | undefined): Promise<string | null> {
  if (!eventPath) return null;
  try {
    const event = JSON.parse(await readFile(eventPath, 'utf8')) as {
      repository?: { default_branch?: unknown };
    };
    const b = event.repository?.default_branch;
    return typeof b === 'string' && b !== '' ? b : null;
  } catch {
    return null;
  }
}
