/** A Markdown rendering worker of `render-pool.ts`: one job in (`RenderJob`), its HTML out. */
import { parentPort } from 'node:worker_threads';
import { renderMarkdown } from '../render-markdown.ts';
import { cycleLinkResolver } from './cycle-links.ts';
import type { RenderJob, RenderReply } from './render-pool.ts';

parentPort?.on('message', ({ id, source, links }: RenderJob) => {
  let reply: RenderReply;
  try {
    reply = { id, rendered: renderMarkdown(source, cycleLinkResolver(links)) };
  } catch (e) {
    reply = { id, error: e instanceof Error ? e.message : String(e) };
  }
  parentPort?.postMessage(reply);
});
