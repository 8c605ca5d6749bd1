/**
 * A reader of GitHub Actions workflow commands written from the runner's documented behaviour
 * (docs.github.com "Workflow commands for GitHub Actions"; actions/runner ActionCommand.cs and
 * ActionCommandManager.cs), NOT from perfgate's escaping code:
 * - the runner reads stdout line by line (.NET ReadLine: a line ends at LF, CR or CRLF);
 * - `::name props::data` is a command when the line, after leading white space, starts with `::`;
 *   properties are `k=v` split on `,`, unescaped %0D %0A %3A %2C %25; data unescaped %0D %0A %25;
 * - otherwise `##[name props]data` is a command wherever the first `##[` of the line is;
 * - only registered names are commands (case-insensitive);
 * - `::stop-commands::TOKEN` stops all processing until a line that parses as command `TOKEN`.
 */

export interface WorkflowCommand {
  form: '::' | '##[';
  name: string;
  properties: Record<string, string>;
  data: string;
  /** 1-based line number in the log (after splitting as the runner does). */
  line: number;
}

const REGISTERED = [
  'add-mask',
  'add-path',
  'add-matcher',
  'remove-matcher',
  'debug',
  'warning',
  'error',
  'notice',
  'group',
  'endgroup',
  'echo',
  'set-env',
  'set-output',
  'save-state',
  'stop-commands',
  'internal-set-repo-path',
];

const unescape = (s: string, pairs: [string, string][]) =>
  pairs.reduce((acc, [from, to]) => acc.replaceAll(from, to), s);
const DATA: [string, string][] = [
  ['%0D', '\r'],
  ['%0A', '\n'],
  ['%25', '%'],
];
const PROPERTY: [string, string][] = [
  ['%0D', '\r'],
  ['%0A', '\n'],
  ['%3A', ':'],
  ['%2C', ','],
  ['%25', '%'],
];
const LEGACY: [string, string][] = [
  ['%3B', ';'],
  ['%0D', '\r'],
  ['%0A', '\n'],
  ['%5D', ']'],
  ['%25', '%'],
];

function parseLine(line: string, names: Set<string>): Omit<WorkflowCommand, 'line'> | null {
  const trimmed = line.trimStart();
  if (trimmed.startsWith('::')) {
    const end = trimmed.indexOf('::', 2);
    if (end >= 0) {
      const info = trimmed.slice(2, end);
      const space = info.indexOf(' ');
      const name = space < 0 ? info : info.slice(0, space);
      if (names.has(name.toLowerCase())) {
        const properties: Record<string, string> = {};
        if (space > 0)
          for (const p of info
            .slice(space + 1)
            .trim()
            .split(',')
            .filter(Boolean)) {
            const eq = p.indexOf('=');
            if (eq > 0 && eq < p.length - 1) properties[p.slice(0, eq)] = unescape(p.slice(eq + 1), PROPERTY);
          }
        return { form: '::', name, properties, data: unescape(trimmed.slice(end + 2), DATA) };
      }
    }
  }
  const at = line.indexOf('##[');
  if (at < 0) return null;
  const close = line.indexOf(']', at);
  if (close < 0) return null;
  const info = line.slice(at + 3, close);
  const space = info.indexOf(' ');
  const name = space < 0 ? info : info.slice(0, space);
  if (!names.has(name.toLowerCase())) return null;
  const properties: Record<string, string> = {};
  if (space > 0)
    for (const p of info
      .slice(space + 1)
      .split(';')
      .filter(Boolean)) {
      const eq = p.indexOf('=');
      if (eq > 0 && eq < p.length - 1) properties[p.slice(0, eq)] = unescape(p.slice(eq + 1), LEGACY);
    }
  return { form: '##[', name, properties, data: unescape(line.slice(close + 1), LEGACY) };
}

/** Every command the runner would process in `log`, in order (the stop and resume lines included). */
export function workflowCommands(log: string): WorkflowCommand[] {
  const names = new Set(REGISTERED);
  const out: WorkflowCommand[] = [];
  let stopToken: string | null = null;
  log.split(/\r\n|\r|\n/).forEach((text, i) => {
    const c = parseLine(text, names);
    if (!c) return;
    if (stopToken !== null) {
      if (c.name.toLowerCase() === stopToken.toLowerCase()) {
        names.delete(stopToken.toLowerCase());
        stopToken = null;
        out.push({ ...c, line: i + 1 });
      }
      return;
    }
    if (c.name.toLowerCase() === 'stop-commands') {
      stopToken = c.data;
      names.add(stopToken.toLowerCase());
    }
    out.push({ ...c, line: i + 1 });
  });
  return out;
}
