/**
 * The one escaping of everything perfgate prints for a person: the CLI's human output and errors,
 * and (loaded first by bin/perfgate.mjs) the process warnings of any library. No imports: the entry
 * point loads it before anything else.
 */

/** Control characters, C1 controls and bidirectional overrides: in a terminal they recolour, move the cursor or reorder text. */
const UNSAFE_FOR_TERMINAL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

const escapeChar = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * Human output quotes artifact text (headings, cell values, zip entry names): every character that
 * could drive the terminal is shown as an escape (`\u001b`), so a hostile file cannot rewrite
 * what the person at the terminal sees. Line breaks and tabs stay (a lone CR is escaped: CI log
 * readers split lines on it).
 *
 * The same output lands in CI logs, where the GitHub runner treats `::name::` at the start of a line
 * (after leading blanks) and `##[name]` anywhere in a line as workflow commands: the first `:` of
 * such a line start and the `[` of every `##[` are escaped, so quoted artifact text is never a command.
 */
export function terminalSafe(s: string): string {
  return s
    .replace(UNSAFE_FOR_TERMINAL, escapeChar)
    .replace(/^([^\S\n]*):(?=:)/gm, (_m, blank: string) => `${blank}\\u003a`)
    .replaceAll('##[', '##\\u005b');
}

/**
 * `terminalSafe` for text that arrives in chunks (a child process's stderr): each line is escaped
 * once it is whole, so that a `::` line start or a `##[` split across two chunks is still caught.
 * `end` writes what is left of a last line without its line break.
 */
export function safeLineWriter(write: (s: string) => void): { write: (s: string) => void; end: () => void } {
  let pending = '';
  return {
    write(s) {
      pending += s;
      const cut = pending.lastIndexOf('\n') + 1;
      if (cut === 0) return;
      write(terminalSafe(pending.slice(0, cut)));
      pending = pending.slice(cut);
    },
    end() {
      if (pending !== '') write(terminalSafe(pending));
      pending = '';
    },
  };
}
