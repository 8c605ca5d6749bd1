/**
 * The built site, read as HTML: every link resolves under the base path, every number equals the
 * core's, pages without a chart ship no script, and hostile Markdown is neutralised.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Element } from 'hast';
import { select, selectAll } from 'hast-util-select';
import { toString } from 'hast-util-to-string';
import { beforeAll, describe, expect, it, inject } from 'vitest';
import { improvement } from '../../src/core/contract/direction.ts';
import type { CycleEvaluation, KpiDelta } from '../../src/core/evaluate/types.ts';
import { decideExit } from '../../src/cli/exit.ts';
import { summaryMarkdown } from '../../src/core/github/summary.ts';
import type { GatesReport } from '../../src/core/github/types.ts';
import { STACK_TRACE } from '../helpers/cli.ts';
import {
  AS_OF,
  attr,
  BASE,
  coreEvaluations,
  listFiles,
  perfgate,
  readPage,
  ROOT,
  SITE_FIXTURES,
  SITE_URL,
} from './build.ts';

let out: string;
let files: string[];
let pages: string[];
let core: Map<string, CycleEvaluation>;
const CYCLES = ['site-2026-11', 'site-2026-08', 'site-2026-05', 'site-2026-02'];

beforeAll(async () => {
  // Built once for the run by the global setup (global-setup.ts).
  const r = inject('fixtureSite');
  expect(r.stderr).not.toMatch(STACK_TRACE);
  expect(r.code, r.stderr).toBe(0);
  out = r.out;
  files = await listFiles(out);
  pages = files.filter((f) => f.endsWith('.html') && !f.startsWith('pagefind/') && !f.includes('/files/'));
  core = await coreEvaluations();
}, 240_000);

/** The data values inside an element, in document order. */
const values = (el: Element) => selectAll('data', el).map((d) => attr(d, 'value'));
/** The text a reader sees for each data value inside an element, in document order. */
const shownTexts = (el: Element) => selectAll('data', el).map((d) => toString(d).trim());

/*
 * How the contract writes each criterion's numbers, formatted here independently of src/core/format:
 * a share (0-1) in percent with one decimal ("90.0 %") and its threshold as configured ("95 %"),
 * a percentage with " %", hours with " h", counts as they are, a margin signed.
 */
const UNIT: Record<string, 'share' | 'pct' | 'hours' | 'count' | 'bool'> = {
  baseline_completeness: 'share',
  telemetry_coverage: 'share',
  telemetry_sources: 'count',
  baseline_freshness_hours: 'hours',
  hypotheses: 'count',
  diagnostic_coverage: 'share',
  profiled_critical_services: 'count',
  peak_load_error_rate_pct: 'pct',
  kpi_improvement: 'share',
  regression_count: 'count',
  documentation_completeness: 'share',
  slo_updates_signed: 'bool',
  distribution_groups: 'count',
  approval_completion: 'share',
};
const suffix = { share: ' %', pct: ' %', hours: ' h', count: '', bool: '' } as const;
/** An improvement as the contract writes it: better positive, a regression negative (`-18.0 %`). */
const signed = (x: number) => {
  const p = (x * 100).toFixed(1);
  return x > 0 && p !== '0.0' ? `+${p} %` : `${p.replace(/^-(0\.0)$/, '$1')} %`;
};
const expectedText = (id: string, v: number | boolean, role: 'actual' | 'threshold' | 'margin') => {
  const unit = UNIT[id]!;
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  const sign = role === 'margin' && v > 0 ? '+' : '';
  if (unit === 'share')
    return `${sign}${role === 'threshold' ? String(Math.round(v * 1e6) / 1e4) : (v * 100).toFixed(1)}${suffix.share}`;
  return `${sign}${Number(v.toFixed(3))}${suffix[unit]}`;
};

describe('pages and links', () => {
  it('builds every page type for every cycle', () => {
    for (const id of CYCLES) {
      for (const p of [
        '',
        'traceability/',
        'evidence/',
        'gates/baseline/',
        'gates/optimization/',
        'artifacts/hypothesis-log/',
      ])
        expect(files, `${id} ${p}`).toContain(`cycles/${id}/${p}index.html`);
    }
    expect(files).toContain('cycles/site-2026-02/report/index.html');
    // Issue 26: every cycle but the first compared with the previous one, and what the picker reads.
    for (const id of CYCLES.slice(0, -1)) expect(files).toContain(`cycles/${id}/compare/index.html`);
    expect(files).not.toContain(`cycles/${CYCLES.at(-1)}/compare/index.html`);
    for (const id of CYCLES) expect(files).toContain(`cycles/${id}/compare.json`);
    for (const f of [
      'compare/index.html',
      'quarters/index.html',
      'index.html',
      'search/index.html',
      'docs/index.html',
      'docs/gates/index.html',
      'docs/reference/index.html',
      'docs/getting-started/index.html',
      'feed.xml',
      'badge.svg',
      'cycles.json',
    ])
      expect(files).toContain(f);
  });

  it('resolves every internal link, image and download to a file under the base path', async () => {
    let checked = 0;
    for (const page of pages) {
      const { tree } = await readPage(out, page);
      const ids = new Set(selectAll('[id]', tree).map((e) => attr(e, 'id')));
      for (const el of selectAll('a[href], link[href], img[src], script[src]', tree)) {
        const url = attr(el, 'href') ?? attr(el, 'src') ?? '';
        if (/^(https?:|mailto:)/.test(url)) continue;
        if (url.startsWith('#')) {
          expect(ids.has(decodeURIComponent(url.slice(1))), `${page}: ${url}`).toBe(true);
          continue;
        }
        expect(url.startsWith(BASE), `${page}: ${url} is not under ${BASE}`).toBe(true);
        // Evidence copies are downloads, never opened as pages of the site.
        if (el.tagName === 'a' && /\/cycles\/[^/]+\/(files|upstream)\//.test(url))
          expect(attr(el, 'download'), `${page}: ${url} without download`).toBeDefined();
        let rel = decodeURIComponent(url.slice(BASE.length).replace(/[?#].*$/, ''));
        if (rel === '' || rel.endsWith('/')) rel += 'index.html';
        expect(existsSync(path.join(out, rel)), `${page}: ${url}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(500);
  });

  it('offers every evidence file and the bundle as a byte-identical download', async () => {
    const { tree } = await readPage(out, 'cycles/site-2026-02/evidence/');
    const rows = selectAll('tr[data-path]', tree);
    expect(rows.length).toBe(20);
    for (const row of rows) {
      const p = attr(row, 'data-path')!;
      const sha = toString(select('.hash', row)!).trim();
      const link = select('a[download]', row);
      if (p.startsWith('../')) {
        expect(link, p).toBeFalsy(); // upstream files are recorded by hash, not archived
        continue;
      }
      const file = path.join(out, decodeURIComponent(attr(link!, 'href')!.slice(BASE.length)));
      expect(
        createHash('sha256')
          .update(await readFile(file))
          .digest('hex'),
        p,
      ).toBe(sha);
    }
    const bundle = select('a[download="performance-evidence-bundle.zip"]', tree);
    expect(bundle).toBeTruthy();
    const html = (await readPage(out, 'cycles/site-2026-02/evidence/')).html;
    expect(html).toContain('perfgate verify performance-evidence-bundle.zip');
    expect(html).toContain('sha256sum -c SHA256SUMS');
  });
});

describe('numbers come from the core', () => {
  it('shows every criterion of every gate with the values the core computed', async () => {
    let improvements = 0;
    for (const [id, evaluation] of core) {
      for (const gate of evaluation.gates) {
        const { tree } = await readPage(out, `cycles/${id}/gates/${gate.name}/`);
        expect(toString(select('main', tree)!)).toContain(`${gate.title}: ${gate.status}`);
        for (const c of gate.criteria) {
          const section = select(`section[data-criterion="${c.id}"]`, tree);
          expect(section, `${id} ${c.id}`).toBeTruthy();
          const facts = values(select('.facts', section!)!);
          const str = (v: unknown) => (v === null ? undefined : String(v));
          expect(facts, `${id} ${c.id}`).toEqual(
            [c.actual, c.threshold, c.margin, c.numerator, c.denominator]
              .map(str)
              .filter((v) => v !== undefined),
          );
          // What a reader sees says the same: 0.9 reads "90.0 %", as in the terminal and the report.
          const shown = [
            ...(c.actual === null ? [] : [expectedText(c.id, c.actual, 'actual')]),
            expectedText(c.id, c.threshold, 'threshold'),
            ...(c.margin === null ? [] : [expectedText(c.id, c.margin, 'margin')]),
            ...[c.numerator, c.denominator].filter((n) => n !== null).map((n) => String(n)),
          ];
          expect(shownTexts(select('.facts', section!)!), `${id} ${c.id}`).toEqual(shown);
          // The KPIs behind gate 3's criteria read as improvements, with the same sign as the tables.
          if (c.id === 'kpi_improvement' || c.id === 'regression_count') {
            improvements += c.items.length;
            expect(
              selectAll('tbody td.num', section!).map((td) => toString(td).trim()),
              `${id} ${c.id}`,
            ).toEqual(c.items.map((it) => (typeof it.value === 'number' ? signed(it.value) : '—')));
          }
          expect(toString(select('.badge', section!)!)).toMatch(new RegExp(c.status.replace('_', ' '), 'i'));
        }
      }
    }
    expect(improvements).toBeGreaterThan(0);
  });

  it('shows the KPI deltas and load-test deltas of the core on the cycle page', async () => {
    for (const [id, evaluation] of core) {
      const { tree } = await readPage(out, `cycles/${id}/`);
      const rows = selectAll('tr[data-kpi]', tree);
      expect(rows.length, id).toBe(evaluation.deltas.kpis.length);
      evaluation.deltas.kpis.forEach((d, i) => {
        expect(values(rows[i]!).slice(0, 3), `${id} ${d.kpi}`).toEqual(
          [d.before, d.after, d.improvement].map(String),
        );
        // One sign convention: better is positive, a regression negative ("-18.0 %").
        if (d.improvement !== null)
          expect(shownTexts(rows[i]!)[2], `${id} ${d.kpi}`).toBe(signed(d.improvement));
      });
      const text = toString(select('main', tree)!);
      for (const lt of evaluation.deltas.load_tests)
        expect(text).toContain(`${lt.service} · ${lt.scenario} (${lt.kind})`);
    }
  });

  it('lists the cycles newest first on the home page with the core gate statuses and headline deltas', async () => {
    const { tree } = await readPage(out, '');
    const items = selectAll('li[data-cycle]', tree);
    expect(items.map((i) => attr(i, 'data-cycle'))).toEqual(CYCLES);
    for (const item of items) {
      const evaluation = core.get(attr(item, 'data-cycle')!)!;
      const badges = selectAll('.badges .badge', item).map((b) => toString(b));
      expect(badges.length).toBe(4);
      evaluation.gates.forEach((g, i) =>
        expect(badges[i]).toContain(
          `${g.gate} ${g.name.charAt(0).toUpperCase()}${g.name.slice(1)}: ${g.status}`,
        ),
      );
      const targets = evaluation.deltas.kpis.filter((d) => d.role === 'target');
      expect(values(item)).toEqual(targets.map((d) => String(d.improvement)));
    }
    const text = toString(tree);
    expect(text).toContain('3 Optimization: pending (phase 2 reached)');
  });

  it('publishes the same statuses in cycles.json, the feed and the badge', async () => {
    const index = JSON.parse(await readFile(path.join(out, 'cycles.json'), 'utf8'));
    expect(index.cycles.map((c: { cycle_id: string }) => c.cycle_id)).toEqual(CYCLES);
    for (const c of index.cycles)
      expect(c.gates.map((g: { status: string }) => g.status)).toEqual(
        core.get(c.cycle_id)!.gates.map((g) => g.status),
      );
    expect(index.cycles.map((c: { verdict: string }) => c.verdict)).toEqual([
      'in_progress',
      'fail',
      'waived',
      'pass',
    ]);
    const feed = await readFile(path.join(out, 'feed.xml'), 'utf8');
    expect(feed.match(/<entry>/g)).toHaveLength(4);
    for (const href of feed.matchAll(/href="([^"]+)"/g))
      expect(href[1]!.startsWith(`${SITE_URL}${BASE}`), href[1]).toBe(true);
    const badge = await readFile(path.join(out, 'badge.svg'), 'utf8');
    expect(badge).toContain('site-2026-11: in progress');
  });
});

describe('cycle over cycle', () => {
  /** The after value of each service, KPI and endpoint (a target wins over a monitored KPI). */
  const afters = (e: CycleEvaluation) => {
    const m = new Map<string, KpiDelta>();
    for (const d of e.deltas.kpis) {
      const k = `${d.service}:${d.kpi}${d.endpoint ? `:${d.endpoint}` : ''}`;
      if (!m.has(k) || (m.get(k)!.role === 'monitored' && d.role === 'target')) m.set(k, d);
    }
    return m;
  };

  it('shows each KPI after value against the previous cycle, direction-aware, and the gate changes', async () => {
    for (const [i, id] of CYCLES.entries()) {
      const prevId = CYCLES[i + 1];
      const { tree } = await readPage(out, `cycles/${id}/`);
      const section = select('section.since-previous', tree);
      if (!prevId) {
        expect(section).toBeFalsy();
        expect(toString(select('main', tree)!)).toContain('This is the first cycle in the archive');
        continue;
      }
      expect(section, id).toBeTruthy();
      const heading = select('h2 a', section!)!;
      expect(attr(heading, 'href')).toBe(`${BASE}cycles/${prevId}/`);
      const cur = core.get(id)!;
      const prev = core.get(prevId)!;
      const before = afters(prev);
      const expected = [...afters(cur)].filter(([k]) => before.has(k));
      const rows = selectAll('tr[data-kpi-change]', section!);
      expect(
        rows.map((r) => attr(r, 'data-kpi-change')),
        id,
      ).toEqual(expected.map(([k]) => k));
      expected.forEach(([k, d], j) => {
        const p = before.get(k)!;
        expect(values(rows[j]!), `${id} ${k}`).toEqual(
          [p.after, d.after, improvement(p.after, d.after, d.direction)].map(String),
        );
      });
      const gates = selectAll('tr[data-gate-change]', section!).map((r) =>
        selectAll('.badge', r).map((b) =>
          toString(b)
            .replace(/^\S+\s/, '')
            .toLowerCase(),
        ),
      );
      expect(gates, id).toEqual(
        cur.gates.map((g) => [prev.gates.find((x) => x.gate === g.gate)!.status, g.status]),
      );
    }
    // The failed cycle: gate 3 went from pass to fail, the KPI got worse, the SLO objective was loosened.
    const { tree } = await readPage(out, 'cycles/site-2026-08/');
    const summary = toString(select('.diff-summary', tree)!);
    expect(summary).toContain('gate 3 Optimization pass → fail');
    expect(summary).toMatch(/1 loosened/);
    const slo = select('tr[data-slo-change="checkout-api:latency_p95_ms"]', tree)!;
    const objective = async (c: string) =>
      JSON.parse(await readFile(path.join(SITE_FIXTURES, 'archive', c, 'slo-update-record.json'), 'utf8'))
        .slos[0].objective_after as number;
    expect(values(slo).slice(0, 2)).toEqual([
      String(await objective('site-2026-05')),
      String(await objective('site-2026-08')),
    ]);
    expect(toString(slo)).toContain('loosened');
  });

  it('links each cycle to the one before and the one after it', async () => {
    for (const [i, id] of CYCLES.entries()) {
      const { tree } = await readPage(out, `cycles/${id}/`);
      const chain = select('nav.cycle-chain', tree)!;
      expect(attr(select('a[rel="prev"]', chain) ?? chain, 'href'), id).toBe(
        CYCLES[i + 1] ? `${BASE}cycles/${CYCLES[i + 1]}/` : undefined,
      );
      expect(attr(select('a[rel="next"]', chain) ?? chain, 'href'), id).toBe(
        CYCLES[i - 1] ? `${BASE}cycles/${CYCLES[i - 1]}/` : undefined,
      );
    }
  });
});

describe('the home page', () => {
  it('says what the sign of its KPI changes means, as the cycle pages do', async () => {
    const home = (await readPage(out, '')).tree;
    expect(toString(select('#sign-note', home)!)).toContain('positive means better');
    expect(selectAll('ul.kpis', home).length).toBeGreaterThan(0);
  });
});

describe('search', () => {
  it('titles each result without repeating a word or the cycle id', async () => {
    let seen = 0;
    for (const page of pages) {
      const meta = select('meta[data-pagefind-meta="title[content]"]', (await readPage(out, page)).tree);
      if (!meta) continue;
      seen++;
      const parts = attr(meta, 'content')!.split(' · ');
      expect(new Set(parts).size, `${page}: ${parts.join(' · ')}`).toBe(parts.length);
      for (const id of CYCLES) expect(attr(meta, 'content')!.split(id).length, page).toBeLessThanOrEqual(2);
    }
    expect(seen).toBeGreaterThan(20);
  });
});

describe('who decided', () => {
  it('each cycle page names the perfgate version that decided it and when', async () => {
    const version = (
      JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }
    ).version;
    // site-2026-02 was frozen before reports recorded `perfgate_version`: its manifest's `tool` says.
    const manifest = JSON.parse(
      await readFile(path.join(SITE_FIXTURES, 'archive/site-2026-02/evidence-manifest.json'), 'utf8'),
    ) as { tool: string };
    const expected: Record<string, RegExp> = {
      'site-2026-11': new RegExp(
        `Evaluated by this build \\(perfgate ${version}\\) as of 2026-11-21 00:00 UTC`,
      ),
      'site-2026-02': new RegExp(
        `Decided by ${manifest.tool} on \\S+ \\S+ UTC \\(frozen validation-report\\.json\\)`,
      ),
      'site-2026-05': new RegExp(`Evaluated by this build \\(perfgate ${version}\\) as of the period end`),
    };
    for (const [id, re] of Object.entries(expected)) {
      const verdict = select('section.verdict', (await readPage(out, `cycles/${id}/`)).tree)!;
      expect(toString(verdict), id).toMatch(re);
    }
  });
});

describe('one vocabulary', () => {
  // Issue 25: the job summary (and PR comment) and the site say the same words for the same state.
  // The expected words are the issue's, written here by hand.
  const EXPECTED: Record<string, [string, string]> = {
    'site-2026-02': ['All gates passed', '4 of 4 gates pass'],
    'site-2026-05': ['Passed with waivers', '3 of 4 gates pass, 1 waived'],
    'site-2026-08': ['A gate failed', '3 of 4 gates pass, 1 failed'],
    'site-2026-11': ['In progress', '2 of 4 gates pass, 2 pending'],
  };

  it('the job summary and each cycle page name the verdict and count the gates alike, for pass, waived, fail and in progress', async () => {
    // The current cycle's report as the action gets it: `perfgate gates --json` (exit 2: phases 3 and 4 not reached).
    const current = await perfgate([
      'gates',
      '--json',
      '--artifacts',
      path.join(SITE_FIXTURES, 'protocol-18'),
      '--config',
      path.join(SITE_FIXTURES, 'gates.yaml'),
      '--as-of',
      AS_OF,
    ]);
    expect(current.code).toBe(2);
    const reports: Record<string, GatesReport> = {
      'site-2026-11': JSON.parse(current.stdout) as GatesReport,
    };
    for (const id of ['site-2026-02', 'site-2026-05', 'site-2026-08']) {
      const e = core.get(id)!;
      const gateStatuses = e.gates.map((g) => g.status);
      reports[id] = {
        cycle_id: id,
        evaluated_at: e.evaluated_at,
        exit_code: decideExit({ diagnostics: [], gateStatuses }),
        gates: e.gates,
        deltas: { kpis: [] },
        diagnostics: [],
      } as unknown as GatesReport;
    }
    for (const id of CYCLES) {
      const [label, count] = EXPECTED[id]!;
      const headline = summaryMarkdown(reports[id]!).split('\n')[0]!;
      expect(headline, id).toMatch(new RegExp(`— \\S+ ${label}: ${count}$`));
      const verdict = select('section.verdict', (await readPage(out, `cycles/${id}/`)).tree)!;
      expect(toString(select('strong', verdict)!), id).toBe(label);
      expect(toString(select('p', verdict)!).trim(), id).toMatch(new RegExp(`^${count}\\.`));
    }
  });
});

describe('the archive of all cycles', () => {
  it('lists every cycle newest first with its verdict and the core gate statuses, linked from home', async () => {
    const home = (await readPage(out, '')).tree;
    expect(selectAll('a', home).some((a) => attr(a, 'href') === `${BASE}cycles/`)).toBe(true);
    const { tree } = await readPage(out, 'cycles/');
    const rows = selectAll('tr[data-cycle]', tree);
    expect(rows.map((r) => attr(r, 'data-cycle'))).toEqual(CYCLES);
    for (const row of rows) {
      const evaluation = core.get(attr(row, 'data-cycle')!)!;
      const badges = selectAll('td .badge', row).map((b) =>
        toString(b)
          .replace(/^\S+\s/, '')
          .toLowerCase(),
      );
      expect(badges.slice(1)).toEqual(evaluation.gates.map((g) => g.status));
      expect(values(row)).toEqual(
        evaluation.deltas.kpis.filter((d) => d.role === 'target').map((d) => String(d.improvement)),
      );
    }
    // One page is enough for four cycles: no pager, no /cycles/page/2/.
    expect(select('nav.pager', tree)).toBeFalsy();
    expect(files.some((f) => f.startsWith('cycles/page/'))).toBe(false);
  });

  it('lists every target after value of every cycle on the trends page', async () => {
    const { tree } = await readPage(out, 'trends/');
    const shown = values(select('main', tree)!);
    for (const [id, evaluation] of core)
      for (const d of evaluation.deltas.kpis.filter((x) => x.role === 'target'))
        expect(shown, `${id} ${d.kpi}`).toContain(String(d.after));
  });
});

describe('scripts', () => {
  const CHART_PAGES = [
    'index.html',
    'cycles/site-2026-08/index.html',
    'cycles/site-2026-05/index.html',
    'cycles/site-2026-02/index.html',
  ];

  // The compare page's script picks any pair (issue 26); the quarterly view and the trends page chart.
  const SCRIPT_PAGES = [
    'search/index.html',
    'compare/index.html',
    'quarters/index.html',
    'trends/index.html',
  ];

  it('ships no script at all on pages without a chart (only the search page loads Pagefind)', async () => {
    for (const page of pages) {
      if (CHART_PAGES.includes(page) || SCRIPT_PAGES.includes(page)) continue;
      expect((await readPage(out, page)).html, page).not.toMatch(/<script/i);
    }
    // The in-progress cycle has no before/after yet: its overview has no chart, hence no script.
    expect(pages).toContain('cycles/site-2026-11/index.html');
  });

  it('ships one bundled chart module on chart pages and never define:vars or chart.js/auto', async () => {
    for (const page of CHART_PAGES) {
      const { tree } = await readPage(out, page);
      const scripts = selectAll('script', tree);
      const modules = scripts.filter((el) => attr(el, 'type') === 'module');
      expect(modules, page).toHaveLength(1);
      expect(attr(modules[0]!, 'src')).toMatch(new RegExp(`^${BASE}_astro/.+\\.js$`));
      // Besides it, only Chart.astro's one line that keeps each chart's room from the first paint.
      for (const el of scripts.filter((x) => x !== modules[0]))
        expect(toString(el).trim(), page).toBe("document.documentElement.classList.add('js-charts');");
      for (const canvas of selectAll('canvas', tree)) {
        expect(() => JSON.parse(attr(canvas, 'data-chart')!)).not.toThrow();
        expect(attr(canvas, 'aria-describedby')).toBeTruthy();
      }
    }
    // Bars of KPIs the core flagged as regressions are drawn in the failure colour.
    const failed = (await readPage(out, 'cycles/site-2026-08/')).tree;
    const canvas = selectAll('canvas', failed).find((c) => attr(c, 'id') === 'kpi-improvement')!;
    const spec = JSON.parse(attr(canvas, 'data-chart')!);
    const regressions = core.get('site-2026-08')!.deltas.kpis.map((d) => (d.regression ? 'fail' : 'after'));
    expect(spec.datasets[0].tones).toEqual(regressions);
    const search = (await readPage(out, 'search/')).html;
    expect(search).toContain(`${BASE}pagefind/pagefind-ui.js`);
    expect(files).toContain('pagefind/pagefind-ui.js');
    expect(files.some((f) => f.startsWith('pagefind/index/'))).toBe(true);
  });
});

describe('hostile Markdown', () => {
  it('neutralises scripts, event handlers, javascript:/data: links and SVG payloads', async () => {
    const { html, tree } = await readPage(out, 'cycles/site-2026-08/artifacts/instrumentation-update-log/');
    const article = select('article', tree)!;
    expect(selectAll('script, iframe, svg, object, embed', article)).toHaveLength(0);
    for (const el of selectAll('*', article)) {
      for (const key of Object.keys(el.properties))
        expect(key.toLowerCase().startsWith('on'), key).toBe(false);
      for (const a of ['href', 'src'])
        expect(attr(el, a) ?? '', a).not.toMatch(/^\s*(javascript|data|vbscript|file):/i);
    }
    // Raw HTML is shown as text, never run.
    expect(toString(article)).toContain("<script>window.__pwned = 'script-tag'");
    // Links out of the cycle are plain text; links in the cycle point at its pages or evidence copies.
    const hrefs = selectAll('a', article).map((a) => attr(a, 'href'));
    expect(hrefs).toEqual([
      `${BASE}cycles/site-2026-08/artifacts/profiling-report/`,
      'https://example.com/runbook',
    ]);
    // The hostile SVG evidence is shown only through <img>, never inlined.
    expect(selectAll('img', article).map((i) => attr(i, 'src'))).toEqual([
      `${BASE}cycles/site-2026-08/files/diagnostics/evil.svg`,
    ]);
    expect(html).not.toContain('evidence-svg-script');
  });
});

describe('docs', () => {
  it('generates the artifact reference from every schema (every top-level field)', async () => {
    const { tree } = await readPage(out, 'docs/reference/');
    const schemas = readdirSync(path.join(ROOT, 'schemas')).filter((f) => f.endsWith('.schema.json'));
    expect(schemas.length).toBeGreaterThan(10);
    for (const file of schemas) {
      const schema = JSON.parse(await readFile(path.join(ROOT, 'schemas', file), 'utf8'));
      const section = select(`section#${file.replace('.schema.json', '')}`, tree);
      expect(section, file).toBeTruthy();
      const fields = new Set(selectAll('tr[data-field]', section!).map((r) => attr(r, 'data-field')));
      for (const key of Object.keys(schema.properties ?? {}))
        if (key !== '$schema') expect(fields.has(key), `${file} ${key}`).toBe(true);
    }
  });
});

describe('history that answers questions (issue 26)', () => {
  it('prebuilds each cycle against the previous one, with the core numbers and no script', async () => {
    const { tree, html } = await readPage(out, 'cycles/site-2026-08/compare/');
    expect(html).not.toMatch(/<script/i);
    const previous = core.get('site-2026-05')!;
    const current = core.get('site-2026-08')!;
    const rows = selectAll('tr[data-kpi-compare]', tree);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const [service, kpi, endpoint] = attr(row, 'data-kpi-compare')!.split(':');
      const find = (e: CycleEvaluation) =>
        e.deltas.kpis.find(
          (d) => d.service === service && d.kpi === kpi && (d.endpoint ?? undefined) === endpoint,
        ) ?? e.deltas.kpis.find((d) => d.service === service && d.kpi === kpi);
      const [a, b] = [find(previous)!, find(current)!];
      const [va, vb, change] = values(row);
      expect(Number(va)).toBe(a.after);
      expect(Number(vb)).toBe(b.after);
      expect(Number(change)).toBe(improvement(a.after, b.after, b.direction));
    }
    const overview = (await readPage(out, 'cycles/site-2026-08/')).tree;
    const link = select('a[data-compare-previous]', overview)!;
    expect(attr(link, 'href')).toBe(`${BASE}cycles/site-2026-08/compare/`);
    expect(toString(link)).toBe('Compare with the previous cycle');
  });

  it('publishes what the compare page reads, and a picker that names every cycle', async () => {
    const side = JSON.parse(await readFile(path.join(out, 'cycles/site-2026-08/compare.json'), 'utf8'));
    expect(side.cycle_id).toBe('site-2026-08');
    expect(side.kpis.map((k: { after: number }) => k.after)).toEqual(
      core.get('site-2026-08')!.deltas.kpis.map((d) => d.after),
    );
    const { tree } = await readPage(out, 'compare/');
    const form = select('form[data-compare-form]', tree)!;
    expect(attr(form, 'data-base')).toBe(BASE);
    expect(selectAll('select[name="a"] option', tree).map((o) => attr(o, 'value'))).toEqual(CYCLES);
  });

  it('lists the quarters with their gate pass rates', async () => {
    const { tree } = await readPage(out, 'quarters/');
    expect(selectAll('tr[data-quarter]', tree).length).toBeGreaterThan(0);
    expect(selectAll('canvas', tree).length).toBe(2);
  });
});
