/**
 * One GitHub REST call with the job's token, against GITHUB_API_URL (GitHub Enterprise Server, or a
 * test's local server). The token goes only to that address: redirects are refused.
 */
const TIMEOUT_MS = 20_000;

/** A non-2xx answer, with its status. */
export class HttpError extends Error {
  readonly status: number;
  constructor(status: number) {
    super(`HTTP ${status}`);
    this.status = status;
  }
}

export type ApiCall = (method: string, rel: string, payload?: unknown) => Promise<unknown>;

/** A caller for `apiUrl` with `token`; throws HttpError on a non-2xx answer, or for a URL that is not http(s). */
export function apiClient(apiUrl: string, token: string): ApiCall {
  const api = new URL(apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`);
  if (api.protocol !== 'https:' && api.protocol !== 'http:')
    throw new Error('GITHUB_API_URL is not an http(s) URL');
  return async (method, rel, payload) => {
    const res = await fetch(new URL(rel, api), {
      method,
      headers: {
        Accept: 'application/vnd.github+json',
        Authorization: `Bearer ${token}`,
        'X-GitHub-Api-Version': '2022-11-28',
        'User-Agent': 'perfgate',
        ...(payload === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: payload === undefined ? undefined : JSON.stringify(payload),
      redirect: 'error',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!res.ok) {
      await res.body?.cancel();
      throw new HttpError(res.status);
    }
    return res.json();
  };
}
