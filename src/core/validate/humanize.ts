/** Turns ajv's raw errors into diagnostics a person can act on (never raw ajv text). */
import type { ErrorObject } from 'ajv';
import type { FamilyPrefix } from '../diagnostic-codes.ts';
import { diag, type Diagnostic } from '../diagnostics.ts';
import { lineOf } from '../load/json.ts';
import { singularOf } from '../format/plural.ts';

interface Context {
  file: string;
  data: unknown;
  lines: Map<string, number>;
  /** Diagnostic code prefix, e.g. `schema` or `config`: a family of the catalogue (`schema.*`). */
  code: FamilyPrefix;
}

const PATTERN_WORDS: Record<string, string> = {
  '^[a-z0-9][a-z0-9._-]{0,63}$': 'a slug (lowercase letters, digits, `.`, `_`, `-`; at most 64 characters)',
  '^H-[0-9]+$': 'a hypothesis id like `H-1`',
  '^OPT-[0-9]+$': 'a task id like `OPT-1`',
  '^[a-z0-9_]+_(ms|s|rps|pct|count|mb|usd|ratio)$':
    'a KPI name ending in its unit (_ms, _s, _rps, _pct, _count, _mb, _usd, _ratio), e.g. `latency_p95_ms`',
};

function valueAt(data: unknown, pointer: string): unknown {
  let cur: unknown = data;
  for (const seg of pointer.split('/').slice(1)) {
    const key = seg.replaceAll('~1', '/').replaceAll('~0', '~');
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** Shows a received value briefly: strings quoted, long values cut. */
export function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  // JSON would print NaN and Infinity (YAML `.nan`, `.inf`) as null.
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  const s = typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v));
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** "in run `peak-checkout`" / "in row 3": names the item that holds a pointer. */
export function whereIn(data: unknown, pointer: string, file: string): string {
  const segs = pointer.split('/').slice(1);
  for (let i = segs.length; i > 0; i--) {
    const seg = segs[i - 1] ?? '';
    if (!/^\d+$/.test(seg)) continue;
    const container = segs[i - 2] ?? '';
    const item = valueAt(data, '/' + segs.slice(0, i).join('/'));
    const singular = singularOf(container);
    if (file.endsWith('.csv') && container === 'rows') return ` in row ${Number(seg) + 1}`;
    if (item && typeof item === 'object') {
      const o = item as Record<string, unknown>;
      const name =
        o.id ?? o.name ?? (singular === 'section' ? o.service : undefined) ?? o.group ?? o.reviewer;
      if (typeof name === 'string' && name) return ` in ${singular || 'item'} \`${name}\``;
    }
    return ` in ${singular || 'item'} ${Number(seg) + 1}`;
  }
  return '';
}

function fieldName(pointer: string): string {
  const last = pointer.split('/').at(-1) ?? '';
  return last === '' ? 'the document' : `\`${last.replaceAll('~1', '/').replaceAll('~0', '~')}\``;
}

function typeWords(schema: unknown): string {
  const s = schema as { type?: string | string[]; properties?: Record<string, unknown>; enum?: unknown[] };
  if (s?.enum) return `one of ${s.enum.map((e) => JSON.stringify(e)).join(', ')}`;
  const t = Array.isArray(s?.type) ? s.type : s?.type ? [s.type] : [];
  return t
    .map((x) =>
      x === 'object' && s.properties
        ? `an object {${Object.keys(s.properties).join(', ')}}`
        : x === 'integer'
          ? 'an integer'
          : x === 'null'
            ? 'null'
            : `a ${x}`,
    )
    .join(' or ');
}

/** Converts ajv errors to diagnostics, merging the branches of anyOf/oneOf into one line. */
export function humanizeAjvErrors(errors: readonly ErrorObject[], ctx: Context): Diagnostic[] {
  const combinators = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    // Drop branch errors of a combinator; the combinator's own error speaks for them.
    if (combinators.some((c) => c !== e && e.schemaPath.startsWith(c.schemaPath + '/'))) continue;
    const d = toDiagnostic(e, ctx);
    const key = `${d.pointer}|${d.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(d);
    }
  }
  return out;
}

function toDiagnostic(e: ErrorObject, ctx: Context): Diagnostic {
  const pointer = e.instancePath;
  const value = valueAt(ctx.data, pointer);
  const field = fieldName(pointer);
  const where = whereIn(ctx.data, pointer, ctx.file);
  const params = e.params as Record<string, unknown>;
  let message: string;
  let hint: string;
  let at = pointer;
  switch (e.keyword) {
    case 'required': {
      const missing = String(params.missingProperty);
      at = `${pointer}/${missing}`;
      message = `Missing required field \`${missing}\`${where}`;
      const desc = (e.parentSchema as { properties?: Record<string, { description?: string }> })
        ?.properties?.[missing]?.description;
      hint = `Add \`${missing}\`${desc ? ` (${desc.replace(/\.$/, '')})` : ''}.`;
      break;
    }
    case 'type':
      message = `Unexpected ${show(value)} for ${field}${where}, expected ${typeWords(e.parentSchema)}`;
      hint = `Write ${field} as ${typeWords(e.parentSchema)}.`;
      break;
    case 'enum':
      message = `Unexpected ${show(value)} for ${field}${where}, expected one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
      hint = 'Use one of the listed values (they are case-sensitive).';
      break;
    case 'const':
      message = `Unexpected ${show(value)} for ${field}${where}, expected ${JSON.stringify(params.allowedValue)}`;
      hint = `Set ${field} to ${JSON.stringify(params.allowedValue)}.`;
      break;
    case 'pattern': {
      const words = PATTERN_WORDS[String(params.pattern)] ?? `text matching ${String(params.pattern)}`;
      message = `Unexpected ${show(value)} for ${field}${where}, expected ${words}`;
      hint = `Rewrite ${field} as ${words}.`;
      break;
    }
    case 'format':
      if (params.format === 'date-time') {
        message = `Unexpected ${show(value)} for ${field}${where}, expected an RFC 3339 date-time with an offset, e.g. 2026-11-02T09:30:00Z`;
        hint =
          typeof value === 'string' && /T\d{2}:\d{2}:60/i.test(value)
            ? 'A leap second (:60) has no place on the timeline perfgate computes with: write :59 or the next minute.'
            : 'Write a real calendar date and time, with `Z` or an offset such as `+01:00`.';
      } else {
        message = `Unexpected ${show(value)} for ${field}${where}, expected a valid ${String(params.format)}`;
        hint = `Write ${field} as a valid ${String(params.format)}.`;
      }
      break;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const op = { minimum: '>=', maximum: '<=', exclusiveMinimum: '>', exclusiveMaximum: '<' }[e.keyword];
      message = `Unexpected ${show(value)} for ${field}${where}, expected a value ${op} ${String(params.limit)}`;
      hint = `Use a value ${op} ${String(params.limit)}.`;
      break;
    }
    case 'minItems':
      message = `Expected at least ${String(params.limit)} item(s) in ${field}${where}, found ${Array.isArray(value) ? value.length : 0}`;
      hint = `Add entries to ${field}.`;
      break;
    case 'minLength':
      message = `Unexpected empty ${field}${where}`;
      hint = `Fill in ${field}.`;
      break;
    case 'additionalProperties': {
      const extra = String(params.additionalProperty);
      at = `${pointer}/${extra}`;
      if (ctx.file.endsWith('.csv')) {
        message = `Unexpected column \`${extra}\`: it is neither a known column nor a KPI name ending in a unit`;
        hint =
          'Name KPI columns with their unit suffix (_ms, _s, _rps, _pct, _count, _mb, _usd, _ratio), or use one of service, collected_at, source, endpoint, environment, method.';
      } else {
        const known = Object.keys(
          (e.parentSchema as { properties?: Record<string, unknown> })?.properties ?? {},
        );
        message = `Unexpected key \`${extra}\`${where}${pointer ? ` under ${field}` : ''}`;
        hint = known.length ? `Check the spelling; known keys here: ${known.join(', ')}.` : 'Remove the key.';
      }
      break;
    }
    case 'anyOf':
    case 'oneOf': {
      const branches = ((e.parentSchema as Record<string, unknown[]>)?.[e.keyword] ?? [])
        .map(typeWords)
        .filter(Boolean);
      message = `Unexpected ${show(value)} for ${field}${where}, expected ${branches.join(', or ') || 'a different value'}`;
      hint = `Write ${field} in one of the accepted forms.`;
      break;
    }
    case 'not': {
      // `not: {properties: {a: false, b: false}}` is the schemas' way to say "at least one of a, b".
      const banned = Object.keys((e.schema as { properties?: Record<string, unknown> })?.properties ?? {});
      message = `Missing ${field}${where}: expected at least one of ${banned.map((b) => `\`${b}\``).join(', ')}`;
      hint = `Add the values the tool reported (${banned.join(', ')}); leave out only what it did not report.`;
      break;
    }
    default:
      message = `Invalid ${field}${where}: ${e.message ?? e.keyword}`;
      hint = `See the schema of ${ctx.file} for the accepted form.`;
  }
  return diag(`${ctx.code}.${e.keyword}`, 'error', ctx.file, message, hint, {
    pointer: at,
    line: lineOf(ctx.lines, at),
  });
}
