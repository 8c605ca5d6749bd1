/**
 * A local HTTP server for the real load tools to hit (hey, autocannon): it answers every
 * `failEvery`-th request with 503 (0: never) and counts what it served, so a test compares the
 * imported numbers with what the server itself saw.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TargetServer {
  url: string;
  /** Requests answered so far, and how many of them were 503. */
  readonly served: number;
  readonly unavailable: number;
  close(): Promise<void>;
}

export async function targetServer(failEvery = 0): Promise<TargetServer> {
  let served = 0;
  let unavailable = 0;
  const server = http.createServer((_req, res) => {
    served++;
    if (failEvery > 0 && served % failEvery === 0) {
      unavailable++;
      res.statusCode = 503;
    }
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    get served() {
      return served;
    },
    get unavailable() {
      return unavailable;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
