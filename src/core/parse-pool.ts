/**
 * Markdown parsing, the costliest part of reading an archive's cycles, in worker threads: while
 * the main thread validates, evaluates and renders one cycle, the workers parse the next ones'
 * artifacts. A worker returns the very tree `parseUntrusted` returns in the main thread (cloned
 * across), so the pages are the same bytes with or without the pool.
 */
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Root as MdastRoot } from 'mdast';
import { parseUntrusted } from './render-markdown.ts';

export interface ParsePool {
  /** The parsed tree of `source`. */
  parse(source: string): Promise<MdastRoot>;
  /** Stops the workers (pending parses are rejected). */
  close(): Promise<void>;
}

/** Documents smaller than this are parsed in the calling thread: the round trip would cost more. */
const SMALL = 4 * 1024;

type Reply = { id: number; mdast: MdastRoot } | { id: number; error: string };

/** The parser of the calling thread alone (no workers). */
export const inThread: ParsePool = {
  parse: async (source) => parseUntrusted(source),
  close: async () => undefined,
};

/** Workers that can run beside the main thread on this machine (at least one). */
export function spareCores(): number {
  return Math.max(1, Math.min(availableParallelism() - 1, 4));
}

/** A pool of `size` parsing workers. */
export function parsePool(size: number): ParsePool {
  const self = fileURLToPath(import.meta.url);
  const file = path.join(path.dirname(self), `parse-worker${path.extname(self)}`);
  const pending = new Map<number, { resolve: (t: MdastRoot) => void; reject: (e: Error) => void }>();
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
    const w = new Worker(file);
    load.set(w, 0);
    w.on('message', (r: Reply) => {
      const p = settle(w, r.id);
      if ('error' in r) p?.reject(new Error(r.error));
      else p?.resolve(r.mdast);
    });
    // A worker that dies takes its parses with it: they fail, and so does the build that asked.
    const fail = (e: Error) => {
      for (const [id, o] of owner) if (o === w) settle(w, id)?.reject(e);
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`a Markdown parsing worker stopped (exit code ${code})`)));
    return w;
  });
  return {
    parse(source) {
      if (source.length < SMALL) return Promise.resolve(parseUntrusted(source));
      const w = workers.reduce((a, b) => ((load.get(b) ?? 0) < (load.get(a) ?? 0) ? b : a));
      const id = next++;
      load.set(w, (load.get(w) ?? 0) + 1);
      owner.set(id, w);
      return new Promise<MdastRoot>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        w.postMessage({ id, source });
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
