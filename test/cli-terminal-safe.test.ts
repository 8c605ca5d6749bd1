/**
 * The build relays its children's messages (Astro's, any library's warnings) through the CLI's
 * escaping line by line: a workflow command split across two chunks of a pipe is still escaped.
 */
import { describe, expect, it } from 'vitest';
import { safeLineWriter } from '../src/cli/terminal-safe.ts';
import { workflowCommands } from './helpers/workflow-commands.ts';

describe('safeLineWriter', () => {
  it('escapes `::` line starts and `##[` split across chunks, and keeps a last line without a break', () => {
    let out = '';
    const w = safeLineWriter((s) => void (out += s));
    for (const chunk of ['warn: x\n:', ':error::a\nfoo ##', '[error]b\n  ', '::notice::c\ntail'])
      w.write(chunk);
    expect(out).toBe('warn: x\n\\u003a:error::a\nfoo ##\\u005berror]b\n  \\u003a:notice::c\n');
    w.end();
    expect(out.endsWith('\ntail')).toBe(true);
    expect(workflowCommands(out)).toEqual([]);
    // Unescaped, the same chunks are three commands: the reader does see them.
    expect(workflowCommands('::error::a\nfoo ##[error]b\n  ::notice::c\n').length).toBe(3);
  });
});
