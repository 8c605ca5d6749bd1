/** A local stand-in for the GitHub REST endpoints of the pull-request comment (node:http on 127.0.0.1, no network). */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  method: string;
  url: string;
  authorization: string | undefined;
  body: unknown;
}

export interface FakeGitHub {
  url: string;
  requests: Recorded[];
  /** The comments stored on the pull request, as GitHub returns them. */
  comments: { id: number; body: string; user: { login: string; type: string }; html_url: string }[];
  /** The pull requests opened (POST /repos/{o}/{r}/pulls), as GitHub returns them. */
  pulls: { number: number; head: string; base: string; title: string; body: string; html_url: string }[];
  /** When set, every request is answered with this status. */
  failWith: number | null;
  close: () => Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text ? JSON.parse(text) : undefined;
}

/**
 * Serves GET/POST /repos/{o}/{r}/issues/{n}/comments (paginated), PATCH
 * /repos/{o}/{r}/issues/comments/{id}, and POST/GET /repos/{o}/{r}/pulls (422 for a second pull
 * request of one head, as GitHub answers).
 */
export async function fakeGitHub(repository: string, issue: number): Promise<FakeGitHub> {
  let nextId = 1000;
  const state: FakeGitHub = {
    url: '',
    requests: [],
    comments: [],
    pulls: [],
    failWith: null,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const list = `/repos/${repository}/issues/${issue}/comments`;
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      state.requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        authorization: req.headers.authorization,
        body,
      });
      const send = (status: number, payload: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(payload));
      };
      if (state.failWith !== null)
        return send(state.failWith, { message: 'Resource not accessible by integration' });
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (req.method === 'GET' && url.pathname === list) {
        const per = Number(url.searchParams.get('per_page') ?? 30);
        const page = Number(url.searchParams.get('page') ?? 1);
        return send(200, state.comments.slice((page - 1) * per, page * per));
      }
      const pulls = `/repos/${repository}/pulls`;
      if (url.pathname === pulls) return servePulls(state, req.method ?? '', url, body, send);
      const text = (body as { body?: unknown } | undefined)?.body;
      if (req.method === 'POST' && url.pathname === list && typeof text === 'string') {
        const c = {
          id: nextId++,
          body: text,
          user: { login: 'github-actions[bot]', type: 'Bot' },
          html_url: `https://github.example/${repository}/pull/${issue}#c`,
        };
        state.comments.push(c);
        return send(201, c);
      }
      const patch = url.pathname.match(new RegExp(`^/repos/${repository}/issues/comments/(\\d+)$`));
      const target = patch && state.comments.find((c) => c.id === Number(patch[1]));
      if (req.method === 'PATCH' && target && typeof text === 'string') {
        target.body = text;
        return send(200, target);
      }
      send(404, { message: 'Not Found' });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

/** POST opens one pull request per head (422 for another); GET lists the open ones of `head=owner:branch`. */
function servePulls(
  state: FakeGitHub,
  method: string,
  url: URL,
  body: unknown,
  send: (status: number, payload: unknown) => void,
): void {
  const owner = url.pathname.split('/')[2];
  if (method === 'GET') {
    const head = url.searchParams.get('head');
    return send(
      200,
      state.pulls.filter((p) => `${owner}:${p.head}` === head),
    );
  }
  const b = body as { head?: unknown; base?: unknown; title?: unknown; body?: unknown } | undefined;
  if (method !== 'POST' || typeof b?.head !== 'string' || typeof b.base !== 'string')
    return send(404, { message: 'Not Found' });
  if (state.pulls.some((p) => p.head === b.head))
    return send(422, {
      message: 'Validation Failed',
      errors: [{ message: 'A pull request already exists' }],
    });
  const number = state.pulls.length + 1;
  const pr = {
    number,
    head: b.head,
    base: b.base,
    title: String(b.title),
    body: String(b.body),
    html_url: `https://github.example${url.pathname.replace('/repos', '').replace('/pulls', '')}/pull/${number}`,
  };
  state.pulls.push(pr);
  send(201, pr);
}
