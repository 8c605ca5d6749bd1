/** A tiny static server for a built site under its base path (127.0.0.1, a free port). */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.md': 'text/markdown; charset=utf-8',
  '.csv': 'text/csv',
  '.zip': 'application/zip',
};

export interface StaticServer {
  origin: string;
  close: () => Promise<void>;
}

/** Serves `root` at `base` (e.g. `/demo/`); anything outside the base or the folder is a 404. */
export async function serveStatic(root: string, base: string): Promise<StaticServer> {
  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      let rel: string;
      try {
        rel = decodeURIComponent(url.pathname);
      } catch {
        rel = '';
      }
      if (!rel.startsWith(base)) return notFound(res);
      let file = path.resolve(root, `.${path.posix.sep}${rel.slice(base.length)}`);
      if (file !== root && !file.startsWith(root + path.sep)) return notFound(res);
      try {
        if ((await stat(file)).isDirectory()) {
          if (!url.pathname.endsWith('/')) {
            res.writeHead(301, { location: `${url.pathname}/` });
            return res.end();
          }
          file = path.join(file, 'index.html');
        }
        await stat(file);
      } catch {
        return notFound(res);
      }
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
      createReadStream(file).pipe(res);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function notFound(res: http.ServerResponse): void {
  res.writeHead(404, { 'content-type': 'text/plain' });
  res.end('not found');
}
