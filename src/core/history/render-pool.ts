/**
 * Markdown rendering, the costliest part of reading an archive's cycles, in worker threads: while
 * the main thread loads, validates and evaluates one cycle, the workers parse and render the next
 * ones' artifacts. A worker runs the very `renderMarkdown` of the main thread with the same link
 * resolver (built from plain data, cycle-links.ts), so the pages are the same bytes with or
 * without the pool; only the HTML crosses back.
 */
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { renderMarkdown, type RenderedMarkdown } from '../render-markdown.ts';
import { cycleLinkResolver, type CycleLinks } from './cycle-links.ts';

export interface MarkdownRenderer {
  /** `source` rendered to sanitized HTML, its links resolved within the cycle. */
  render(source: string, links: CycleLinks): Promise<RenderedMarkdown>;
  /** Stops the workers (pending renders are rejected). */
  close(): Promise<void>;
  /** Documents rendered so far by worker threads and by the calling thread. */
  readonly rendered?: { inWorkers: number; here: number };
}

/** What a worker is sent. */
export interface RenderJob {
  id: number;
  source: string;
  links: CycleLinks;
}

export type RenderReply = { id: number; rendered: RenderedMarkdown } | { id: number; error: string };

/** Documents smaller than this are rendered in the calling thread: the round trip would cost more. */
const SMALL = 4 * 1024;
/**
 * Documents queued per worker before the calling thread renders the next one itself: with every
 * worker busy, a thread that would otherwise wait for them does the work (on the 200-cycle bench the
 * main thread was idle for most of the cold history while one worker rendered every report).
 */
const QUEUE = 2;

const renderHere = (source: string, links: CycleLinks) => renderMarkdown(source, cycleLinkResolver(links));

/** The renderer of the calling thread alone (no workers). */
export const inThread: MarkdownRenderer = {
  render: async (source, links) => renderHere(source, links),
  close: async () => undefined,
};

/** Workers that can run beside the main thread on this machine (at least one). */
export function spareCores(): number {
  return Math.max(1, Math.min(availableParallelism() - 1, 4));
}

/** A pool of `size` rendering workers, started when the first document needs one. */
export function renderPool(size: number): MarkdownRenderer {
  let pool: MarkdownRenderer | undefined;
  const rendered = { inWorkers: 0, here: 0 };
  return {
    render(source, links) {
      if (source.length < SMALL) {
        rendered.here++;
        return Promise.resolve(renderHere(source, links));
      }
      pool ??= startPool(size, rendered);
      return pool.render(source, links);
    },
    close: async () => pool?.close(),
    rendered,
  };
}

function startPool(size: number, rendered: { inWorkers: number; here: number }): MarkdownRenderer {
  const self = fileURLToPath(import.meta.url);
  const file = path.join(path.dirname(self), `render-worker${path.extname(self)}`);
  const pending = new Map<number, { resolve: (r: RenderedMarkdown) => void; reject: (e: Error) => void }>();
  const load = new Map<Worker, number>();
  const owner = new Map<number, Worker>();
  let next = 0;
  const settle = (w: Worker, id: number) => {
    load.set(w, (load.get(w) ?? 1) - 1);
    owner.delete(id);
    const p = pending.get(id);
    pending.delete(id);
    return p;
  };
  const workers = Array.from({ length: size }, () => {
    // A bounded young generation: each document makes short-lived trees, and V8 would otherwise
    // let it grow far beyond what one document needs. Measured on the 200-cycle bench (cold): the
    // builder's peak RSS falls by about 120 MB (610 to 490 MB); 16 MB cost 1.4 s, 32 MB no time.
    const w = new Worker(file, { resourceLimits: { maxYoungGenerationSizeMb: 32 } });
    load.set(w, 0);
    w.on('message', (r: RenderReply) => {
      const p = settle(w, r.id);
      if ('error' in r) p?.reject(new Error(r.error));
      else p?.resolve(r.rendered);
    });
    // A worker that dies takes its documents with it: they fail, and so does the build that asked.
    const fail = (e: Error) => {
      for (const [id, o] of owner) if (o === w) settle(w, id)?.reject(e);
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`a Markdown rendering worker stopped (exit code ${code})`)));
    return w;
  });
  return {
    render(source, links) {
      if (source.length < SMALL) return Promise.resolve(renderHere(source, links));
      const w = workers.reduce((a, b) => ((load.get(b) ?? 0) < (load.get(a) ?? 0) ? b : a));
      if ((load.get(w) ?? 0) >= QUEUE) {
        rendered.here++;
        return Promise.resolve(renderHere(source, links));
      }
      rendered.inWorkers++;
      const id = next++;
      load.set(w, (load.get(w) ?? 0) + 1);
      owner.set(id, w);
      return new Promise<RenderedMarkdown>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        w.postMessage({ id, source, links } satisfies RenderJob);
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
