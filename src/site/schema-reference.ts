/**
 * The artifact reference, generated at build time from schemas/*.schema.json (bundled by Vite),
 * so that the documentation cannot drift from the schemas that validation uses.
 */

type Schema = {
  $id?: string;
  $ref?: string;
  $defs?: Record<string, Schema>;
  title?: string;
  description?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  default?: unknown;
  required?: string[];
  properties?: Record<string, Schema>;
  patternProperties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
};

export interface FieldRow {
  /** Dotted path; `[]` marks the items of an array, `{*}` any other key. */
  field: string;
  depth: number;
  type: string;
  required: boolean;
  default: string | null;
  description: string;
}

export interface SchemaDoc {
  /** File name, e.g. `optimization-plan.schema.json`. */
  file: string;
  /** Anchor id, e.g. `optimization-plan`. */
  slug: string;
  id: string;
  title: string;
  description: string;
  fields: FieldRow[];
}

const modules = import.meta.glob<Schema>('../../schemas/*.schema.json', { eager: true, import: 'default' });

function resolve(s: Schema, root: Schema): Schema {
  const m = s.$ref ? /^#\/\$defs\/(.+)$/.exec(s.$ref) : null;
  if (!m) return s;
  const target = root.$defs?.[m[1] ?? ''];
  // The referencing node's own description wins over the definition's.
  return target ? { ...resolve(target, root), ...(s.description ? { description: s.description } : {}) } : s;
}

function bounds(s: Schema): string {
  const parts: string[] = [];
  if (s.minimum !== undefined) parts.push(`≥ ${s.minimum}`);
  if (s.exclusiveMinimum !== undefined) parts.push(`> ${s.exclusiveMinimum}`);
  if (s.maximum !== undefined) parts.push(`≤ ${s.maximum}`);
  if (s.exclusiveMaximum !== undefined) parts.push(`< ${s.exclusiveMaximum}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

function typeOf(raw: Schema, root: Schema): string {
  const s = resolve(raw, root);
  const alts = s.anyOf ?? s.oneOf;
  if (alts) return alts.map((a) => typeOf(a, root)).join(' or ');
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (s.const !== undefined) return JSON.stringify(s.const);
  const t = Array.isArray(s.type) ? s.type.join(' or ') : (s.type ?? 'any');
  if (t === 'array' && s.items) return `array of ${typeOf(s.items, root)}`;
  if (t === 'string' && s.format) return `string (${s.format})`;
  return `${t}${bounds(s)}`;
}

function walk(raw: Schema, root: Schema, prefix: string, depth: number, out: FieldRow[]): void {
  if (depth > 8) return; // a recursive schema would never end
  const s = resolve(raw, root);
  const required = new Set(s.required ?? []);
  const children: [string, Schema, boolean][] = [
    ...Object.entries(s.properties ?? {}).map(([k, v]): [string, Schema, boolean] => [k, v, required.has(k)]),
    ...Object.entries(s.patternProperties ?? {}).map(([, v]): [string, Schema, boolean] => ['{*}', v, false]),
  ];
  if (typeof s.additionalProperties === 'object') children.push(['{*}', s.additionalProperties, false]);
  for (const [key, child, req] of children) {
    if (key === '$schema') continue;
    const c = resolve(child, root);
    const field = prefix ? `${prefix}.${key}` : key;
    out.push({
      field,
      depth,
      type: typeOf(child, root),
      required: req,
      default: c.default === undefined ? null : JSON.stringify(c.default),
      description: c.description ?? '',
    });
    const item = c.items ? resolve(c.items, root) : undefined;
    if (item && (item.properties || item.patternProperties)) walk(item, root, `${field}[]`, depth + 1, out);
    else if (c.properties || c.patternProperties || typeof c.additionalProperties === 'object')
      walk(c, root, field, depth + 1, out);
    else
      for (const alt of c.anyOf ?? c.oneOf ?? []) {
        const a = resolve(alt, root);
        if (a.properties) walk(a, root, field, depth + 1, out);
      }
  }
}

/** Every schema with its fields, sorted by file name. */
export function schemaDocs(): SchemaDoc[] {
  return Object.entries(modules)
    .map(([p, schema]) => {
      const file = p.split('/').at(-1) ?? p;
      const fields: FieldRow[] = [];
      walk(schema, schema, '', 0, fields);
      return {
        file,
        slug: file.replace(/\.schema\.json$/, ''),
        id: schema.$id ?? '',
        title: schema.title ?? file,
        description: schema.description ?? '',
        fields,
      };
    })
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}
