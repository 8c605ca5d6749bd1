/**
 * The two GitHub REST calls of the pull-request comment: list the issue's comments (paginated) to
 * find perfgate's, then update it (PATCH) or create it (POST). Uses `fetch` against GITHUB_API_URL,
 * so GitHub Enterprise Server works and a test can point it at a local server.
 */
import { COMMENT_MARKER } from './comment.ts';
import { HttpError } from './api.ts';

export type CommentOutcome =
  { kind: 'created' | 'updated'; id: number; url?: string } | { kind: 'skipped'; reason: string };

export interface CommentTarget {
  apiUrl: string;
  /** `owner/name`. */
  repository: string;
  issue: number;
  token: string;
}

interface IssueComment {
  id: number;
  body?: string;
  html_url?: string;
  user?: { login?: string; type?: string };
}

const PER_PAGE = 100;
const MAX_PAGES = 50;
const TIMEOUT_MS = 20_000;

/** Ours: starts with the marker and was written by a bot (GITHUB_TOKEN writes as github-actions[bot]), so a person's comment quoting the marker is never taken over. */
function isOurs(c: IssueComment): boolean {
  return typeof c.body === 'string' && c.body.startsWith(COMMENT_MARKER) && c.user?.type === 'Bot';
}

/** Creates perfgate's comment on the pull request, or updates the one it wrote before; never throws. */
export async function upsertComment(t: CommentTarget, body: string): Promise<CommentOutcome> {
  if (!t.token) return { kind: 'skipped', reason: 'no token (input github-token is empty)' };
  if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(t.repository))
    return { kind: 'skipped', reason: `GITHUB_REPOSITORY is not owner/name` };
  let api: URL;
  try {
    api = new URL(t.apiUrl.endsWith('/') ? t.apiUrl : `${t.apiUrl}/`);
    if (api.protocol !== 'https:' && api.protocol !== 'http:') throw new Error('protocol');
  } catch {
    return { kind: 'skipped', reason: 'GITHUB_API_URL is not an http(s) URL' };
  }
  const call = async (method: string, rel: string, payload?: unknown): Promise<unknown> => {
    const res = await fetch(new URL(rel, api), {
      method,
      headers: {
        Accept: 'application/vnd.github+json',
        Authorization: `Bearer ${t.token}`,
        'X-GitHub-Api-Version': '2022-11-28',
        'User-Agent': 'perfgate',
        ...(payload === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: payload === undefined ? undefined : JSON.stringify(payload),
      redirect: 'error', // never carry the token to another address
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!res.ok) {
      await res.body?.cancel();
      throw new HttpError(res.status);
    }
    return res.json();
  };
  const comments = `repos/${t.repository}/issues/${t.issue}/comments`;
  try {
    let found: IssueComment | undefined;
    for (let page = 1; page <= MAX_PAGES && !found; page++) {
      const list = await call('GET', `${comments}?per_page=${PER_PAGE}&page=${page}`);
      if (!Array.isArray(list)) throw new Error('the comment list is not an array');
      found = (list as IssueComment[]).find(isOurs);
      if (list.length < PER_PAGE) break;
    }
    const written = (
      found
        ? await call('PATCH', `repos/${t.repository}/issues/comments/${found.id}`, { body })
        : await call('POST', comments, { body })
    ) as IssueComment;
    return { kind: found ? 'updated' : 'created', id: written.id, url: written.html_url };
  } catch (e) {
    if (e instanceof HttpError)
      return {
        kind: 'skipped',
        reason:
          e.status === 401 || e.status === 403 || e.status === 404
            ? `${e.message}: the token may not write pull-request comments (grant \`pull-requests: write\`)`
            : e.message,
      };
    return { kind: 'skipped', reason: e instanceof Error ? e.message : String(e) };
  }
}
