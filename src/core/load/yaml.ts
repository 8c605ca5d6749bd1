/** The gate config (YAML) with line numbers per JSON pointer. */
import {
  isAlias,
  isCollection,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Node as YamlNode,
} from 'yaml';
import { diag, pointerSegment, type Diagnostic } from '../diagnostics.ts';
import type { Parsed } from './json.ts';

/** Parses YAML strictly (duplicate keys are errors, aliases capped); never throws on bad input. */
export function parseYaml(text: string, file: string): Parsed {
  const lineCounter = new LineCounter();
  const lines = new Map<string, number>([['', 1]]);
  const diagnostics: Diagnostic[] = [];
  // logLevel 'error': the library never emits a process warning (printed raw, outside perfgate's
  // escaping); what it would warn about is a diagnostic below, with its line.
  const doc = parseDocument(text, {
    uniqueKeys: true,
    lineCounter,
    prettyErrors: true,
    strict: true,
    logLevel: 'error',
  });
  for (const err of [...doc.errors, ...doc.warnings]) {
    const line = err.linePos?.[0]?.line;
    // The parser recurses per nesting level and reports running out of stack as an error of its own.
    if (/call stack|stack overflow/i.test(err.message)) {
      if (!diagnostics.some((d) => d.code === 'yaml.too-deep'))
        diagnostics.push(
          diag(
            'yaml.too-deep',
            'error',
            file,
            'Unexpected nesting: the YAML document is nested too deeply to read',
            'The gate config is a shallow mapping of sections and keys; remove the nesting.',
            { line },
          ),
        );
      continue;
    }
    diagnostics.push(
      diag(
        err.code === 'DUPLICATE_KEY' ? 'yaml.duplicate-key' : 'yaml.syntax',
        'error',
        file,
        err.code === 'DUPLICATE_KEY'
          ? 'Unexpected duplicate key: a YAML reader would silently keep only one of the values'
          : `Invalid YAML: ${(err.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')}`,
        err.code === 'DUPLICATE_KEY'
          ? 'Keep exactly one entry for this key.'
          : 'Fix the YAML syntax (indentation with spaces, `key: value` pairs).',
        { line },
      ),
    );
  }
  if (diagnostics.length > 0) return { data: undefined, lines, diagnostics };

  const walk = (node: unknown, pointer: string): void => {
    const n = node as YamlNode | null;
    if (n && n.range) lines.set(pointer, lineCounter.linePos(n.range[0]).line);
    if (isMap(n)) {
      for (const pair of n.items) {
        const target = isAlias(pair.key) ? pair.key.resolve(doc) : pair.key;
        if (isCollection(target)) {
          const at = (pair.key as YamlNode).range?.[0] ?? 0;
          diagnostics.push(collectionKey(file, lineCounter.linePos(at).line));
          continue;
        }
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const child = `${pointer}/${pointerSegment(key)}`;
        const keyNode = pair.key as YamlNode | null;
        if (keyNode?.range) lines.set(child, lineCounter.linePos(keyNode.range[0]).line);
        walk(pair.value, child);
        if (keyNode?.range) lines.set(child, lineCounter.linePos(keyNode.range[0]).line);
      }
    } else if (isSeq(n)) n.items.forEach((item, i) => walk(item, `${pointer}/${i}`));
  };
  walk(doc.contents, '');
  if (diagnostics.length > 0) return { data: undefined, lines, diagnostics };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (e) {
    diagnostics.push(
      diag(
        'yaml.aliases',
        'error',
        file,
        `Invalid YAML: ${(e as Error).message}`,
        'Remove excessive alias expansion.',
      ),
    );
    return { data: undefined, lines, diagnostics };
  }
  return { data, lines, diagnostics };
}

/** A list or mapping (or an alias of one) used as a key: the YAML library would stringify it, with a warning. */
function collectionKey(file: string, line: number): Diagnostic {
  return diag(
    'yaml.collection-key',
    'error',
    file,
    'Unexpected list or mapping as a key, expected a plain name such as `baseline:`',
    'Write each key of the gate config as a plain name (`? [a, b]` and `{[a]: 1}` are keys no config reads).',
    { line },
  );
}
