/** Debian's Chromium through playwright-core, started as this machine needs it (no browser download). */
import { chromium, type Browser } from 'playwright-core';
import { takeShots } from './skip.ts';

export const CHROMIUM = '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
}

/** Saves a screenshot of `page` for a person to look at, when screenshots are asked for (skip.ts). */
export async function screenshot(
  page: { screenshot(o: { path: string; fullPage?: boolean }): Promise<unknown> },
  file: string,
  fullPage = true,
): Promise<void> {
  if (takeShots) await page.screenshot(fullPage ? { path: file, fullPage } : { path: file });
}
