/**
 * What every browser suite of the `site` project starts from: a site the global setup built
 * (global-setup.ts), served under BASE on 127.0.0.1, and Debian's Chromium; the screenshot folder
 * made for `PERFGATE_SHOTS=1`. A build that failed fails the suite here, with the build's output.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { expect, inject } from 'vitest';
import { CHROMIUM, launchChromium } from '../helpers/browser.ts';
import { BASE, ROOT } from './build.ts';
import { serveStatic, type StaticServer } from './server.ts';

export const SHOTS = path.join(ROOT, 'test-output', 'screenshots');

export interface SiteSession {
  /** The built site's folder. */
  out: string;
  server: StaticServer;
  browser: Browser;
  close(): Promise<void>;
}

/** Serves the global setup's `site` under BASE and launches Chromium (close both with `close`). */
export async function siteInBrowser(site: 'demoSite' | 'fixtureSite'): Promise<SiteSession> {
  expect(
    existsSync(CHROMIUM),
    `${CHROMIUM} not found: apt-get install -y chromium (or set PERFGATE_SKIP_BROWSER=1)`,
  ).toBe(true);
  const built = inject(site);
  expect(built.code, built.stderr).toBe(0);
  const server = await serveStatic(built.out, BASE);
  const browser = await launchChromium();
  await mkdir(SHOTS, { recursive: true });
  return {
    out: built.out,
    server,
    browser,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}
