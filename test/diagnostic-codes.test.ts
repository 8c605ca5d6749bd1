/**
 * The catalogue of diagnostic codes (src/core/diagnostic-codes.ts) is the one list: every code src/
 * reports is declared in it, with the severity it is reported with; every declared code is reported
 * somewhere; and the docs page generated from it is up to date. The compiler holds `diag()` to the
 * catalogue too: the `@ts-expect-error` lines at the end are checked by `npm run typecheck`.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DIAGNOSTIC_CODES, type CatalogueKey, type Severity } from '../src/core/diagnostic-codes.ts';
import { diag } from '../src/core/diagnostics.ts';
import type { LoadedArtifact } from '../src/core/load/cycle.ts';
import { Reporter } from '../src/core/validate/rules/context.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const SRC = path.join(ROOT, 'src');
const CATALOGUE = path.join(SRC, 'core', 'diagnostic-codes.ts');
const KEYS = Object.keys(DIAGNOSTIC_CODES) as CatalogueKey[];
const FAMILIES = new Set(KEYS.filter((k) => k.endsWith('.*')).map((k) => k.slice(0, -2)));
/** A string that looks like a code: `prefix.name`. */
const CODE_SHAPE = /^[a-z][a-z0-9]*\.[a-z0-9][a-z0-9-]*$/;

/** Every TypeScript and JavaScript module of src/ but the catalogue and the generated types. */
const SOURCES = readdirSync(SRC, { recursive: true, encoding: 'utf8' })
  .filter((f) => /\.(ts|mjs)$/.test(f) && !f.endsWith('.generated.ts'))
  .map((f) => path.join(SRC, f))
  .filter((f) => f !== CATALOGUE)
  .map((file) => ({ file: path.relative(ROOT, file), text: readFileSync(file, 'utf8') }));

/** The arguments of the call whose `(` is at `open`, as source text, split at top-level commas. */
function argsAt(text: string, open: number): string[] {
  const args: string[] = [];
  let depth = 0;
  let start = open + 1;
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i]!;
    if (c === "'" || c === '"' || c === '`') {
      // Skip a string (a template's `${...}` holds no quote of its kind in these sources).
      for (i++; i < text.length && text[i] !== c; i++) if (text[i] === '\\') i++;
    } else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) {
      if (depth === 0) {
        if (text.slice(start, i).trim()) args.push(text.slice(start, i).trim());
        return args;
      }
      depth--;
    } else if (c === ',' && depth === 0) {
      args.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  return args;
}

/** The single-quoted literals of a piece of source. */
const literals = (s: string) => [...s.matchAll(/'([^'\\\n]*)'/g)].map((m) => m[1]!);

interface Site {
  at: string;
  /** The code argument as written. */
  code: string;
  /** The severity argument as written ('' when left to its default). */
  severity: string;
}

/**
 * Every call that hands a code on to a diagnostic: `diag(code, severity, ...)`, the cross-file rules'
 * `r.error(artifact, code, pointer, message, hint, severity?)`, the reference problems of
 * contract/kpi-evidence (`problem(code, ...)`, validation reports them as errors) and
 * `notJson(file, code)`.
 */
const SITES: Site[] = SOURCES.flatMap(({ file, text }) =>
  [...text.matchAll(/(?:(?<![\w$.])(diag|problem|notJson)|\.(error))\(/g)].flatMap((m) => {
    const args = argsAt(text, m.index + m[0].length - 1);
    const at = `${file}:${text.slice(0, m.index).split('\n').length}`;
    switch (m[1] ?? m[2]) {
      case 'diag':
        return [{ at, code: args[0] ?? '', severity: args[1] ?? '' }];
      case 'error':
        return [{ at, code: args[1] ?? '', severity: args[5] ?? "'error'" }];
      case 'problem':
        return [{ at, code: args[0] ?? '', severity: "'error'" }];
      default:
        return [{ at, code: args[1] ?? '', severity: "'error'" }];
    }
  }),
);

/** The code literals of the call sites, with where each is used. */
const USED = new Map<string, string[]>();
for (const s of SITES)
  for (const code of literals(s.code).filter((l) => CODE_SHAPE.test(l)))
    USED.set(code, [...(USED.get(code) ?? []), s.at]);

/** The families src/ builds codes of: the `code` prefixes handed to humanizeAjvErrors. */
const FAMILIES_USED = new Set(
  SOURCES.flatMap(({ text }) =>
    [...text.matchAll(/humanizeAjvErrors\([^;]*?\bcode: '([^']+)'/gs)].map((m) => m[1]!),
  ),
);

const entry = (code: string) =>
  (DIAGNOSTIC_CODES as Record<string, { severities: readonly Severity[]; description: string }>)[code];

describe('the catalogue of diagnostic codes', () => {
  it('finds the call sites it checks', () => {
    expect(SITES.length).toBeGreaterThan(60);
    expect(USED.size).toBeGreaterThan(60);
    expect(USED.get('json.duplicate-key')).toEqual(['src/core/load/json.ts:106']);
    expect(USED.has('ref.unknown-run')).toBe(true);
    expect(USED.has('kpi.disagrees-with-evidence')).toBe(true);
  });

  it('declares every code src/ reports', () => {
    const undeclared = [...USED].filter(([code]) => !(code in DIAGNOSTIC_CODES));
    expect(undeclared, 'add these codes to src/core/diagnostic-codes.ts').toEqual([]);
    // A family's members are never written out: a literal code has an entry of its own.
    expect([...FAMILIES_USED].sort()).toEqual([...FAMILIES].sort());
  });

  it('declares every code of a family prefix that src/ compares or maps (no misspelt code)', () => {
    const prefixes = new Set(KEYS.map((k) => k.slice(0, k.indexOf('.'))));
    const misspelt = SOURCES.flatMap(({ file, text }) =>
      literals(text)
        .filter(
          (l) => CODE_SHAPE.test(l) && prefixes.has(l.slice(0, l.indexOf('.'))) && !(l in DIAGNOSTIC_CODES),
        )
        .map((l) => `${file}: ${l}`),
    );
    expect(misspelt).toEqual([]);
  });

  it('reports every declared code somewhere in src/ (no dead entries)', () => {
    const dead = KEYS.filter((k) => (k.endsWith('.*') ? !FAMILIES_USED.has(k.slice(0, -2)) : !USED.has(k)));
    expect(dead, 'remove these entries or report the codes').toEqual([]);
  });

  it('allows the severity each call site reports its code with', () => {
    const wrong: string[] = [];
    for (const s of SITES) {
      const codes = literals(s.code).filter((l) => CODE_SHAPE.test(l) && l in DIAGNOSTIC_CODES);
      const severities = literals(s.severity);
      for (const code of codes)
        for (const severity of severities)
          if (!entry(code)!.severities.includes(severity as Severity))
            wrong.push(`${s.at}: ${code} as ${severity}`);
    }
    expect(wrong).toEqual([]);
  });

  it('writes every entry as the docs page expects it', () => {
    for (const key of KEYS) {
      expect(key, key).toMatch(/^[a-z][a-z0-9]*\.([a-z0-9][a-z0-9-]*|\*)$/);
      const { severities, description } = entry(key)!;
      expect(new Set(severities).size, key).toBe(severities.length);
      expect(description, key).toMatch(/^[A-Z`].*\.$/);
      expect(description, key).not.toContain('\n');
    }
    expect(KEYS).toEqual([...KEYS].sort());
  });

  it('keeps content/docs/diagnostics.mdx up to date (npm run gen:docs)', async () => {
    const script = path.join(ROOT, 'scripts', 'gen-diagnostics-doc.mjs');
    const r = await promisify(execFile)(process.execPath, [script, '--check'], { cwd: ROOT }).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const page = readFileSync(path.join(ROOT, 'content', 'docs', 'diagnostics.mdx'), 'utf8');
    for (const key of KEYS) expect(page).toContain(`\`${key.replace(/\*$/, '<keyword>')}\``);
  });
});

describe('the compiler holds diag() to the catalogue', () => {
  it('takes declared codes with their severities (the rest does not compile)', () => {
    const a = { file: 'f.json', lines: new Map() } as unknown as LoadedArtifact;
    const r = new Reporter();
    expect(diag('kpi.direction-unknown', 'warning', 'f', 'm', 'h').severity).toBe('warning');
    expect(diag('schema.required', 'error', 'f', 'm', 'h').code).toBe('schema.required');
    r.error(a, 'kpi.typed-agrees', '/x', 'm', 'h', 'info');
    r.error(a, 'ref.unknown-run', '/x', 'm', 'h');
    // @ts-expect-error an undeclared code
    diag('json.sintax', 'error', 'f', 'm', 'h');
    // @ts-expect-error a severity the catalogue does not allow for the code
    diag('json.syntax', 'warning', 'f', 'm', 'h');
    // @ts-expect-error a family's severity
    diag('schema.required', 'warning', 'f', 'm', 'h');
    // @ts-expect-error a code's own entry wins over its family's (slo.unsupported is a warning)
    diag('slo.unsupported', 'error', 'f', 'm', 'h');
    // @ts-expect-error a code that is never an error needs its severity
    r.error(a, 'kpi.typed-agrees', '/x', 'm', 'h');
    // @ts-expect-error a severity the catalogue does not allow for the code
    r.error(a, 'ref.unknown-run', '/x', 'm', 'h', 'warning');
    expect(r.out.map((d) => [d.code, d.severity])).toEqual([
      ['kpi.typed-agrees', 'info'],
      ['ref.unknown-run', 'error'],
      ['kpi.typed-agrees', 'error'],
      ['ref.unknown-run', 'warning'],
    ]);
  });
});
