/**
 * report.html in Chromium for the tests: opened from disk with every request but file: ones blocked
 * (and the context offline), recording every request, console message, page error and dialog; axe
 * run on it; and the statuses it shows against those validation-report.json records.
 */
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';

export interface Frozen {
  exit_code: number;
  gates: { gate: number; name: string; status: string; criteria: { id: string; status: string }[] }[];
}

/** The verdict words of the site and the page, from the gate statuses (the site's verdict rule). */
function expectedVerdict(gates: Frozen['gates']): string {
  if (gates.some((g) => g.status === 'fail')) return 'A gate failed';
  if (gates.some((g) => g.status === 'pending')) return 'In progress';
  return gates.some((g) => g.status === 'waived') ? 'Passed with waivers' : 'All gates passed';
}
const STATUS_WORD: Record<string, string> = {
  pass: 'Pass',
  fail: 'Fail',
  waived: 'Waived',
  pending: 'Pending',
  not_evaluable: 'Not evaluable',
};

export interface OpenOptions {
  colorScheme?: 'light' | 'dark';
  width?: number;
  fakeClock?: boolean;
}

/** Opens a page from disk, network blocked, recording requests and problems. */
export async function openOffline(browser: Browser, file: string, options: OpenOptions = {}) {
  const context: BrowserContext = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: 900 },
    colorScheme: options.colorScheme ?? 'light',
    offline: true,
  });
  const blocked: string[] = [];
  await context.route(
    (url) => url.protocol !== 'file:',
    (route) => {
      blocked.push(route.request().url());
      return route.abort();
    },
  );
  const page = await context.newPage();
  const requests: string[] = [];
  const problems: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on(
    'console',
    (m) => void (['error', 'warning'].includes(m.type()) && problems.push(`${m.type()}: ${m.text()}`)),
  );
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  if (options.fakeClock) await page.clock.install();
  const url = pathToFileURL(file).href;
  await page.goto(url, { waitUntil: 'load' });
  // Nothing is lazy: wait until the page's fonts have settled and the network has been idle (an
  // event Playwright reports), so that anything deferred has had its chance to ask for the network.
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  if (!options.fakeClock) await page.waitForLoadState('networkidle');
  return { page, url, requests, blocked, problems, close: () => context.close() };
}

/** Every axe violation on the page (any impact), `id (impact): targets`. */
export async function axeViolations(page: Page, axeSource: string): Promise<string[]> {
  // Evaluated through the DevTools protocol: the page's own policy allows no script, and keeps it so.
  await page.evaluate(axeSource);
  const found = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            d: Document,
            o: object,
          ) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map(
      (v) =>
        `${v.id} (${v.impact}): ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(', ')}`,
    );
  });
  return found;
}

/** What the page shows: the verdict, each gate card's status and criteria, each receipt's status. */
export async function shownStatuses(page: Page) {
  return page.evaluate(() => ({
    verdict: document.querySelector('.verdict h2')?.textContent?.trim(),
    verdictLine: document.querySelector('.verdict p')?.textContent ?? '',
    cards: [...document.querySelectorAll('.gate-card')].map((c) => ({
      gate: c.getAttribute('data-gate'),
      badge: c.querySelector('h3 .badge')?.textContent?.replace(/^\W+/, '').trim(),
      criteria: [...c.querySelectorAll('[data-criterion]')].map((li) => ({
        id: li.getAttribute('data-criterion'),
        badge: li.querySelector('.badge')?.textContent?.replace(/^\W+/, '').trim(),
      })),
    })),
    receipts: [...document.querySelectorAll('section.receipt')].map((r) => ({
      id: r.getAttribute('data-criterion'),
      badge: r.querySelector('h4 .badge')?.textContent?.replace(/^\W+/, '').trim(),
    })),
  }));
}

/** The same, as validation-report.json records it (in the page's words). */
export function recordedStatuses(frozen: Frozen) {
  const words = (x: string) =>
    ({ pass: 'Pass', fail: 'Fail', waived: 'Waived', not_evaluable: 'Not evaluable' })[x];
  const criteria = (g: Frozen['gates'][number]) =>
    g.status === 'pending' ? [] : g.criteria.map((c) => ({ id: c.id, badge: words(c.status) }));
  return {
    verdict: expectedVerdict(frozen.gates),
    cards: frozen.gates.map((g) => ({ gate: g.name, badge: STATUS_WORD[g.status], criteria: criteria(g) })),
    receipts: frozen.gates.flatMap(criteria),
  };
}
