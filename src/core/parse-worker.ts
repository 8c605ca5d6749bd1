/** A Markdown parsing worker of `parse-pool.ts`: one message in (`{ id, source }`), one tree out. */
import { parentPort } from 'node:worker_threads';
import { parseUntrusted } from './render-markdown.ts';

parentPort?.on('message', ({ id, source }: { id: number; source: string }) => {
  try {
    parentPort?.postMessage({ id, mdast: parseUntrusted(source) });
  } catch (e) {
    parentPort?.postMessage({ id, error: e instanceof Error ? e.message : String(e) });
  }
});
