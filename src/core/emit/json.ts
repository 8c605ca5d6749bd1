/** Deterministic JSON bytes for the generated files. */

/**
 * 2-space JSON with a trailing newline. Key order is the insertion order, which the builders fix
 * explicitly, so the same data always gives the same bytes.
 */
export function jsonBytes(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value, null, 2) + '\n', 'utf8');
}
