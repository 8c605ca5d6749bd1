/** The pull-request comment: its hidden marker, its body and the pull request it belongs to. */
import { readFile } from 'node:fs/promises';

/** Finds perfgate's own comment on the next run (HTML comments are not rendered). */
export const COMMENT_MARKER = '<!-- perfgate:comment -->';

/** GitHub refuses comment bodies over 65,536 characters. */
const MAX_BODY = 65_000;

/** The marker, then the summary (cut at a line end when too long, saying so). */
export function commentBody(summary: string): string {
  let body = summary;
  if (body.length > MAX_BODY) {
    const cut = body.lastIndexOf('\n', MAX_BODY);
    body = `${body.slice(0, cut > 0 ? cut : MAX_BODY)}\n\n… cut to fit a comment; the job summary has all of it.\n`;
  }
  return `${COMMENT_MARKER}\n${body}`;
}

/**
 * The pull request number of a `pull_request`/`pull_request_target` run, read from the event payload
 * the runner writes to GITHUB_EVENT_PATH; null for any other event or an unreadable payload.
 */
export async function pullRequestNumber(
  eventName: string | undefined,
  eventPath: string | undefined,
): Promise<number | null> {
  if ((eventName !== 'pull_request' && eventName !== 'pull_request_target') || !eventPath) return null;
  try {
    const event = JSON.parse(await readFile(eventPath, 'utf8')) as { pull_request?: { number?: unknown } };
    const n = event.pull_request?.number;
    return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? n : null;
  } catch {
    return null;
  }
}
