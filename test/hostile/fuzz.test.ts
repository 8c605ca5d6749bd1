/**
 * Fuzzing with fast-check (fixed seed, bounded runs; more under `npm run test:full`): valid artifacts of the fixture cycle,
 * mutated structurally (keys dropped, inserted, replaced, types swapped) and textually (truncated,
 * bytes flipped, hostile tokens spliced in), go through the whole pipeline — load, validate,
 * evaluate, the Markdown report, the site's Markdown renderer — which must never throw, never
 * pass a criterion on an artifact with an error diagnostic, and never turn artifact text into
 * markup. Failures print the seed and path to replay them.
 */
import { fcSeed } from '../helpers/seed.ts';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import type { Element, Root as HastRoot } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import type { Root as MdastRoot } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS } from '../../src/core/artifacts.ts';
import { renderReport } from '../../src/core/emit/report/index.ts';
import { evaluateCycle } from '../../src/core/evaluate/index.ts';
import { buildEvaluationInput } from '../../src/core/evaluate/input.ts';
import { loadCycle } from '../../src/core/load/cycle.ts';
import { loadConfig, type LoadedConfig } from '../../src/core/load/config.ts';
import { renderMarkdown } from '../../src/core/render-markdown.ts';
import { validateCycle } from '../../src/core/validate/index.ts';
import { copyFixture } from '../helpers/cli.ts';
import { fullSweep } from '../helpers/skip.ts';
import { NEEDS } from '../helpers/criteria-needs.ts';

const SEED = fcSeed(18);
const AS_OF = '2026-11-20T12:00:00Z';

const PATH_OF = new Map(ARTIFACTS.map((a) => [a.name, a.path]));
const REQUIRED = ARTIFACTS.filter((a) => a.required);

let root: string;
let cycleDir: string;
let config: LoadedConfig;
const pristine = new Map<string, Buffer>();

beforeAll(async () => {
  root = await copyFixture('valid');
  cycleDir = path.join(root, 'protocol-18');
  config = await loadConfig(path.join(root, 'no-config.yaml'));
  for (const a of REQUIRED) pristine.set(a.path, await readFile(path.join(cycleDir, a.path)));
});
afterAll(() => rm(root, { recursive: true, force: true }));

// ------------------------------------------------------------------ mutations

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every path into a JSON value (the root included). */
function paths(
  x: Json,
  prefix: (string | number)[] = [],
  out: (string | number)[][] = [],
): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(x)) x.forEach((v, i) => paths(v, [...prefix, i], out));
  else if (x !== null && typeof x === 'object')
    for (const [k, v] of Object.entries(x)) paths(v, [...prefix, k], out);
  return out;
}

type JsonEdit =
  | { op: 'drop'; at: number }
  | { op: 'replace'; at: number; value: Json }
  | { op: 'insert'; at: number; key: string; value: Json }
  | { op: 'swap-type'; at: number };

function applyEdit(doc: Json, e: JsonEdit): Json {
  const all = paths(doc);
  const p = all[e.at % all.length]!;
  if (p.length === 0) return e.op === 'replace' ? e.value : doc;
  const parent = p.slice(0, -1).reduce<Json>((cur, k) => (cur as Record<string | number, Json>)[k]!, doc) as
    Json[] | Record<string, Json>;
  const key = p[p.length - 1]!;
  const current = (parent as Record<string | number, Json>)[key]!;
  if (e.op === 'drop') {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key as string];
  } else if (e.op === 'replace') (parent as Record<string | number, Json>)[key] = e.value;
  else if (e.op === 'insert') {
    if (current !== null && typeof current === 'object' && !Array.isArray(current)) current[e.key] = e.value;
    else if (Array.isArray(current)) current.push(e.value);
  } else {
    // The same content as another type: 480 -> "480", "approved" -> ["approved"], {} -> [].
    const swapped: Json =
      typeof current === 'number'
        ? String(current)
        : typeof current === 'string'
          ? Number(current) || [current]
          : typeof current === 'boolean'
            ? Number(current)
            : Array.isArray(current)
              ? Object.fromEntries(current.map((v, i) => [String(i), v]))
              : current === null
                ? false
                : Object.values(current);
    (parent as Record<string | number, Json>)[key] = swapped;
  }
  return doc;
}

const oddValue: fc.Arbitrary<Json> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
  fc.constantFrom<Json>(
    0,
    -1,
    1e308,
    -0,
    0.1 + 0.2,
    Number.MAX_SAFE_INTEGER,
    '',
    ' ',
    'approved',
    'checkout-api',
    '2026-02-30T00:00:00Z',
    '2026-11-20T12:00:00Z',
    'javascript:alert(1)',
    '<img src=x onerror=alert(1)>',
    '=HYPERLINK("http://evil")',
    '| a | b |\n\n# heading',
    '\u202e\u0000\u001b[31m',
    [],
    {},
    null,
  ),
);

const KEYS = [
  '__proto__',
  'constructor',
  'status',
  'service',
  'before',
  'after',
  'value',
  'approved',
  'x',
  '',
];

const jsonEdit: fc.Arbitrary<JsonEdit> = fc.oneof(
  fc.record({ op: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('replace' as const), at: fc.nat(), value: oddValue }),
  fc.record({
    op: fc.constant('insert' as const),
    at: fc.nat(),
    key: fc.oneof(fc.constantFrom(...KEYS), fc.string()),
    value: oddValue,
  }),
  fc.record({ op: fc.constant('swap-type' as const), at: fc.nat() }),
);

/** Tokens that have broken parsers before: literals JSON lacks, escapes, markup, separators. */
const TOKENS = [
  'NaN',
  '-Infinity',
  '1e400',
  '9007199254740993',
  '"\\ud800"',
  '"__proto__": {"x": 1},',
  '"status": "approved",',
  '\u0000',
  '\uFEFF',
  '\r',
  '"',
  ',',
  ';',
  '\n## H-7: <script>alert(1)</script>\n- Owner: x\n- Risk: low\n- Validation: y\n',
  '\n## checkout-api\n\n![x](diagnostics/checkout-cpu.svg)\n',
  '[x](javascript:alert(1))',
  '<!--><img src=x onerror=alert(1)>-->',
  '\n> > > > > quote\n',
  '=cmd|/c calc',
  '\n- Action: <b onclick=alert(1)>x</b> Consumer: y\n',
];

type TextEdit =
  | { op: 'truncate'; at: number }
  | { op: 'flip'; at: number; xor: number }
  | { op: 'splice'; at: number; token: string }
  | { op: 'delete-line'; at: number }
  | { op: 'duplicate-line'; at: number };

const textEdit: fc.Arbitrary<TextEdit> = fc.oneof(
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }),
  fc.record({
    op: fc.constant('splice' as const),
    at: fc.nat(),
    token: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ unit: 'binary', maxLength: 20 })),
  }),
  fc.record({ op: fc.constant('delete-line' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('duplicate-line' as const), at: fc.nat() }),
);

function applyTextEdit(buf: Buffer, e: TextEdit): Buffer {
  const at = buf.length === 0 ? 0 : e.at % buf.length;
  switch (e.op) {
    case 'truncate':
      return buf.subarray(0, at);
    case 'flip': {
      const out = Buffer.from(buf);
      if (out.length > 0) out[at] = out[at]! ^ e.xor;
      return out;
    }
    case 'splice':
      return Buffer.concat([buf.subarray(0, at), Buffer.from(e.token), buf.subarray(at)]);
    default: {
      const lines = buf.toString('latin1').split('\n');
      const i = e.at % lines.length;
      if (e.op === 'delete-line') lines.splice(i, 1);
      else lines.splice(i, 0, lines[i]!);
      return Buffer.from(lines.join('\n'), 'latin1');
    }
  }
}

interface Mutation {
  file: string;
  json: JsonEdit[];
  text: TextEdit[];
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  file: fc.constantFrom(...REQUIRED.map((a) => a.path)),
  json: fc.array(jsonEdit, { maxLength: 3 }),
  text: fc.array(textEdit, { maxLength: 2 }),
});

function mutate(m: Mutation): Buffer {
  let buf = pristine.get(m.file)!;
  if (m.file.endsWith('.json') && m.json.length > 0) {
    let doc = JSON.parse(buf.toString('utf8')) as Json;
    for (const e of m.json) doc = applyEdit(doc, e);
    buf = Buffer.from(JSON.stringify(doc, null, 2));
  }
  for (const e of m.text) buf = applyTextEdit(buf, e);
  return buf;
}

// ------------------------------------------------------------------ the pipeline

const parseMd = (text: string): MdastRoot => unified().use(remarkParse).use(remarkGfm).parse(text);

/**
 * load -> validate -> evaluate -> report -> site rendering, with the properties checked at each
 * step. Rendering the whole report for the site is the slowest step (remark, ~0.1 s): `siteReport`.
 */
async function pipeline(mutations: Mutation[], siteReport: boolean): Promise<void> {
  for (const m of mutations) await writeFile(path.join(cycleDir, m.file), mutate(m));
  try {
    const cycle = await loadCycle(cycleDir);
    const validation = validateCycle(cycle, config);
    for (const d of validation.diagnostics) {
      expect(typeof d.code).toBe('string');
      expect(d.message.length).toBeGreaterThan(0);
      expect(d.hint.length).toBeGreaterThan(0);
    }
    const input = buildEvaluationInput(cycle, validation, AS_OF);
    const evaluation = evaluateCycle(input);
    JSON.stringify(evaluation);

    // No pass on invalid data: a criterion whose input artifact has an error diagnostic never passes.
    const broken = new Set(
      validation.diagnostics
        .filter((d) => d.severity === 'error' || d.severity === 'critical')
        .map((d) => d.file),
    );
    for (const c of evaluation.gates.flatMap((g) => g.criteria)) {
      const bad = (NEEDS[c.id] ?? []).map((n) => PATH_OF.get(n)!).filter((f) => broken.has(f));
      if (bad.length > 0)
        expect(c.status, `${c.id} passed with errors in ${bad.join(', ')}`).not.toBe('pass');
      if (c.status === 'pass') expect(c.actual).not.toBeNull();
    }

    // The report: artifact text stays text (the only raw HTML is perfgate's own marker), and every
    // link points at a file of the cycle.
    const files = new Set(cycle.files.map((f) => f.path));
    const report = renderReport({
      input,
      evaluation,
      exitCode: 1,
      diagnostics: validation.diagnostics,
      evidence: cycle.files.map((f) => ({
        path: f.path,
        sha256: '0'.repeat(64),
        bytes: f.bytes,
        role: 'input' as const,
      })),
      upstream: [],
      files,
      tool: 'perfgate fuzz',
    }).toString('utf8');
    const tree = parseMd(report);
    const html: string[] = [];
    visit(tree, (n) => {
      if (n.type === 'html') html.push(n.value);
      // Links go to cycle files; a bare URL quoted from an artifact may become a GFM autolink (text only).
      if (n.type === 'link' && !files.has(n.url))
        expect(n.url, `report links ${n.url}`).toMatch(/^(https?:\/\/|mailto:)[^\s<>]*$/i);
    });
    expect(html).toHaveLength(1);

    // The site's renderer on the mutated Markdown artifacts and on the report: only the safe subset.
    for (const a of ARTIFACTS.filter(
      (x) => x.format === 'markdown' && mutations.some((m) => m.file === x.path),
    )) {
      const text = cycle.artifacts[a.name]?.text;
      if (text !== undefined) assertSafeHtml(renderMarkdown(text, resolveInCycle(files)).html);
    }
    if (siteReport) assertSafeHtml(renderMarkdown(report, resolveInCycle(files)).html);
  } finally {
    for (const m of mutations) await writeFile(path.join(cycleDir, m.file), pristine.get(m.file)!);
  }
}

/** A resolver like the site's: cycle files map to copies, http(s) links stay, the rest is text. */
function resolveInCycle(files: ReadonlySet<string>) {
  return (url: string, kind: 'link' | 'image'): string | null => {
    if (/^https?:\/\//i.test(url.trim())) return kind === 'link' ? url.trim() : null;
    return files.has(url) ? `/cycles/x/files/${url}` : null;
  };
}

const ACTIVE = new Set([
  'script',
  'iframe',
  'object',
  'embed',
  'style',
  'svg',
  'math',
  'form',
  'base',
  'meta',
  'link',
  'noscript',
  'template',
]);

/** Sanitized output: no active element, no event handler, no script-capable URL. */
function assertSafeHtml(html: string): void {
  const tree = fromHtml(html, { fragment: true }) as HastRoot;
  visit(tree, 'element', (el: Element) => {
    expect(ACTIVE.has(el.tagName), `<${el.tagName}> in ${html.slice(0, 300)}`).toBe(false);
    for (const [k, v] of Object.entries(el.properties)) {
      expect(k.toLowerCase().startsWith('on'), `${k} on <${el.tagName}>`).toBe(false);
      if (k === 'href' || k === 'src') {
        const url = String(v).replace(/[\u0000-\u0020\u007f]+/g, '');
        expect(url, `${k} of <${el.tagName}>`).not.toMatch(/^(javascript|vbscript|data):/i);
      }
    }
  });
}

// ------------------------------------------------------------------ properties

describe('fuzzing the pipeline (fast-check, seed 18)', () => {
  it('never throws, never passes on invalid data, never turns artifact text into markup (one artifact mutated)', async () => {
    await fc.assert(
      fc.asyncProperty(mutation, (m) => pipeline([m], false)),
      { seed: SEED, numRuns: fullSweep ? 400 : 100 },
    );
  }, 60_000);

  it('holds with several artifacts mutated at once, and the report renders safely on the site', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 2, maxLength: 4 }), (ms) => {
        const seen = new Set<string>();
        return pipeline(
          ms.filter((m) => !seen.has(m.file) && seen.add(m.file)),
          true,
        );
      }),
      { seed: SEED + 1, numRuns: fullSweep ? 120 : 30 },
    );
  }, 60_000);

  it('renders any mix of hostile Markdown fragments to the safe subset only', () => {
    const fragment = fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...TOKENS, ...PAYLOADS) },
      { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          '<',
          '>',
          '"',
          "'",
          '`',
          '&#',
          ';',
          ':',
          '(',
          ')',
          '[',
          ']',
          '\n',
          '\n\n',
          ' ',
          '\t',
        ),
      },
    );
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 40 }), (parts) => {
        const md = parts.join('');
        const out = renderMarkdown(md, resolveInCycle(new Set(['diagnostics/checkout-cpu.svg'])));
        assertSafeHtml(out.html);
      }),
      { seed: SEED + 2, numRuns: 500 },
    );
  });
});

/** Shapes from the XSS literature, in pieces that the fragment arbitrary recombines. */
const PAYLOADS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<svg onload=alert(1)>',
  '<svg><style><img src=x onerror=alert(1)></style></svg>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<iframe srcdoc="<script>alert(1)</script>">',
  '<a href="javascript:alert(1)">x</a>',
  '[x](javascript:alert(1))',
  '[x](JaVaScRiPt:alert(1))',
  '[x](&#106;avascript:alert(1))',
  '[x](java&#x09;script:alert(1))',
  '[x](<java\nscript:alert(1)>)',
  '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[x](vbscript:msgbox(1))',
  '![x](javascript:alert(1))',
  '![x](data:image/svg+xml,<svg onload=alert(1)>)',
  '<javascript:alert(1)>',
  '[r]: javascript:alert(1)\n\n[x][r]',
  '<!-- x --!><img src=x onerror=alert(1)>',
  '<details open ontoggle=alert(1)>',
  '<form action=javascript:alert(1)><button>x',
  '<base href=//evil.example/>',
  '<meta http-equiv=refresh content="0;url=javascript:alert(1)">',
  '[^1]\n\n[^1]: <img src=x onerror=alert(1)>',
  '| <img src=x onerror=alert(1)> |\n|---|\n| x |',
  '```html\n<script>alert(1)</script>\n```',
  '<a href="#x" id="__proto__">x</a>',
];
