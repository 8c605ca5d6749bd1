#!/usr/bin/env node
/**
 * Generates content/docs/diagnostics.mdx from the catalogue of diagnostic codes
 * (src/core/diagnostic-codes.ts), so that the page lists exactly the codes perfgate reports.
 *
 *   node scripts/gen-diagnostics-doc.mjs          write the page
 *   node scripts/gen-diagnostics-doc.mjs --check  exit 1 if the page on disk differs from what would be written
 *
 * Runs on Node 24 (the pinned devDependency), which imports the TypeScript module directly.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DIAGNOSTIC_CODES } from '../src/core/diagnostic-codes.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outFile = join(root, 'content', 'docs', 'diagnostics.mdx');

/** Text for MDX outside code spans: no JSX, no expressions (refused), no table cell breaks (escaped). */
function escapeText(s) {
  if (/[<>{}]/.test(s)) throw new Error(`write <, >, { and } only inside a code span: ${s}`);
  return s.replace(/[|\\]/g, (c) => `\\${c}`);
}

/** A description as MDX: code spans kept as they are, the text around them escaped. */
function inline(s) {
  return s
    .split(/(`[^`]*`)/)
    .map((part) => {
      if (!part.startsWith('`')) return escapeText(part);
      if (part.includes('|')) throw new Error(`a code span in a table cell cannot hold |: ${part}`);
      return part;
    })
    .join('');
}

/** How a key is shown: `schema.*` as `schema.<keyword>`. */
function shown(key) {
  return key.endsWith('.*') ? `${key.slice(0, -1)}<keyword>` : key;
}

function cmp(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The page's text. */
export function generate() {
  const keys = Object.keys(DIAGNOSTIC_CODES).sort(cmp);
  const groups = new Map();
  for (const key of keys) {
    const prefix = key.slice(0, key.indexOf('.'));
    if (!groups.has(prefix)) groups.set(prefix, []);
    groups.get(prefix).push(key);
  }
  const codes = keys.filter((k) => !k.endsWith('.*')).length;
  const families = keys.length - codes;
  const lines = [
    '---',
    'title: Diagnostic codes',
    `description: Every code perfgate reports (${codes} codes and ${families} families), with its severity and what it means.`,
    'order: 30',
    '---',
    '',
    'Every problem perfgate finds in a cycle or its config is a diagnostic: a stable code, a severity,',
    'the file (and where in it), what is wrong and how to fix it. This page lists every code, generated',
    'from the catalogue in `src/core/diagnostic-codes.ts`, which the code that reports them is checked against.',
    '',
    '**Severities.** `critical` means the cycle cannot be evaluated yet (a prerequisite is missing); `error`',
    'blocks a pass; `warning` and `info` are shown but never block a pass. A code listed with two',
    'severities takes one of them depending on where the problem is.',
    '',
    '**Families.** A code written `prefix.<keyword>` stands for a family: the rest of the code is the JSON',
    'Schema keyword that failed, e.g. `schema.required` or `config.enum`.',
    '',
    '**Summaries.** When one file has more than 20 diagnostics of one code, the first 20 are listed and',
    'one more diagnostic of the same code counts the rest.',
  ];
  for (const [prefix, members] of groups) {
    lines.push('', `## ${prefix}`, '', '| Code | Severity | Meaning |', '|---|---|---|');
    for (const key of members) {
      const entry = DIAGNOSTIC_CODES[key];
      const severities = entry.severities.map((s) => `\`${s}\``).join(' or ');
      lines.push(`| \`${shown(key)}\` | ${severities} | ${inline(entry.description)} |`);
    }
  }
  lines.push(
    '',
    '---',
    '',
    '_Generated from `src/core/diagnostic-codes.ts` by `npm run gen:docs` (scripts/gen-diagnostics-doc.mjs): edit the catalogue, not this page._',
  );
  return `${lines.join('\n')}\n`;
}

async function main() {
  const check = process.argv.includes('--check');
  const text = generate();
  const shownPath = relative(process.cwd(), outFile) || outFile;
  if (check) {
    const current = await readFile(outFile, 'utf8').catch(() => null);
    if (current === null || current.replace(/\r\n/g, '\n') !== text) {
      process.stderr.write(
        `${shownPath} is ${current === null ? 'missing' : 'out of date'}: run \`npm run gen:docs\` and commit the result.\n`,
      );
      process.exitCode = 1;
    }
    return;
  }
  await writeFile(outFile, text);
  process.stdout.write(`wrote ${shownPath}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error) => {
    process.stderr.write(`gen-diagnostics-doc: ${error.message}\n`);
    process.exitCode = 2;
  });
}
