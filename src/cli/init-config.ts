/**
 * The gate config `perfgate init` writes (config/protocol_gates/18.yaml): every key of the config
 * schema with its default value and, above it, its meaning, generated from the schema so that the
 * file always parses to exactly the defaults.
 */
import { rawSchema } from '../core/validate/schemas.ts';
import { starterFor } from './init-starter.ts';

interface SchemaNode {
  title?: string;
  description?: string;
  default?: unknown;
  properties?: Record<string, SchemaNode>;
  patternProperties?: Record<string, SchemaNode>;
}

/** A YAML flow value for a default (JSON is valid YAML; strings stay unquoted where safe). */
function flow(v: unknown): string {
  if (typeof v === 'string') return /^[A-Za-z][A-Za-z0-9 _-]*$/.test(v) ? v : JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(flow).join(', ')}]`;
  if (v !== null && typeof v === 'object')
    return Object.keys(v).length === 0
      ? '{}'
      : `{ ${Object.entries(v)
          .map(([k, x]) => `${k}: ${flow(x)}`)
          .join(', ')} }`;
  return JSON.stringify(v);
}

/** `# text` lines wrapped at about 100 columns. */
function comment(text: string, indent: string): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && `${indent}# ${line} ${word}`.length > 100) {
      out.push(`${indent}# ${line}`);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(`${indent}# ${line}`);
  return out;
}

/** Example values for keys that have no default (shown commented out). */
const EXAMPLES: Record<string, string> = {
  store: 's3://my-bucket/perfgate',
  endpoint: 'https://minio.example.com:9000',
  region: 'us-east-1',
};

function keyLines(key: string, node: SchemaNode, indent: string, parent = ''): string[] {
  const lines = comment(node.description ?? key, indent);
  const starter = starterFor(`${parent}${key}`);
  if (starter) {
    // A value for a small team instead of the protocol's: the reason says which and when to change.
    lines.push(...comment(`init: ${starter.why}`, indent), `${indent}${key}: ${flow(starter.value)}`);
    return lines;
  }
  if (node.default === undefined && !node.properties) {
    lines.push(`${indent}${key}: ${EXAMPLES[key] ?? '""'}`);
    return lines;
  }
  if (node.properties) {
    lines.push(`${indent}${key}:`);
    for (const [k, child] of Object.entries(node.properties))
      lines.push(...keyLines(k, child, `${indent}  `, `${parent}${key}.`));
    return lines;
  }
  if (node.patternProperties)
    lines.push(`${indent}# e.g. ${key}: { conversion_pct: { direction: higher }, queue_lag_s: lower }`);
  lines.push(`${indent}${key}: ${flow(node.default)}`);
  return lines;
}

/** The YAML text of the default gate config, every key commented. */
export function defaultConfigYaml(): string {
  const schema = rawSchema('gates-config') as SchemaNode | undefined;
  const props = schema?.properties ?? {};
  const lines = [
    '# Gate configuration for protocol 18 (performance optimization), written by `perfgate init`.',
    "# Every key is optional: a key left out takes perfgate's default, which is the protocol's value.",
    '# The values below are those defaults, except the three whose comment starts with `init:`',
    '# (required KPIs, required telemetry, profiled critical services): there init writes what one',
    '# service measured with one load tool can meet honestly, and says what the protocol asks.',
    '# Shares are fractions (0.95 = 95 %); keys ending in _pct are percentages. Command-line flags',
    '# (--threshold, --coverage, --improvement-threshold) override a value for one run.',
  ];
  for (const [key, node] of Object.entries(props)) {
    if (key === '$schema') continue;
    // A section without a default (evidence: nothing stored unless a store is named) is shown
    // commented out: remove the leading `# ` of its lines to use it.
    const section = keyLines(key, node, '');
    const optional = node.default === undefined && node.properties !== undefined;
    lines.push(
      '',
      ...(optional
        ? section.map((l) => (l.startsWith('#') && !l.startsWith(`# ${key}:`) ? l : `# ${l}`))
        : section),
    );
  }
  return lines.join('\n') + '\n';
}
