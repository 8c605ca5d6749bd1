/** The Markdown lines of an imported profile, and their insertion under the service's `## <service>` section. */

export interface ProfileLinks {
  service: string;
  phase: 'baseline' | 'after';
  /** Paths relative to the cycle directory, with forward slashes. */
  profile: string;
  flameGraph: string;
}

/** The bullet lines that link the raw profile and its flame graph (ARTIFACTS.md section 2). */
export function profileLines(l: ProfileLinks): string[] {
  const base = (p: string) => p.split('/').pop() ?? p;
  return [
    `- Profile (${l.phase}): [${base(l.profile)}](${l.profile})`,
    `- Flame graph (${l.phase}): [${base(l.flameGraph)}](${l.flameGraph})`,
  ];
}

/** The flame-graph line of the `perfgate init` scaffold, which `--append` replaces with its links. */
export const FLAME_GRAPH_PLACEHOLDER =
  '- Flame graph: <fill: link an .svg under diagnostics/, or run npx perfgate import profile FILE --service NAME --append>';

/** The heading of the scaffold's unnamed section. */
const SCAFFOLD_HEADING = '<fill: service>';

/** Offsets of the `## ` headings outside code fences. */
function headingStarts(text: string): number[] {
  const starts: number[] = [];
  let fence: string | undefined;
  for (let i = 0; i < text.length;) {
    const nl = text.indexOf('\n', i);
    const end = nl < 0 ? text.length : nl + 1;
    const line = text.slice(i, end).replace(/\r?\n$/, '');
    const f = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (f) fence = fence === undefined ? f[1]![0] : fence === f[1]![0] ? undefined : fence;
    else if (fence === undefined && /^ {0,3}## /.test(line)) starts.push(i);
    i = end;
  }
  return starts;
}

const lineEnd = (text: string, at: number) =>
  text.indexOf('\n', at) < 0 ? text.length : text.indexOf('\n', at);

function headingName(text: string, at: number): string {
  return text
    .slice(at, lineEnd(text, at))
    .replace(/\r$/, '')
    .replace(/^ {0,3}## +/, '')
    .replace(/ +#* *$/, '');
}

/**
 * The scaffold's placeholders that an import answers: the unnamed section's heading becomes the
 * service (when the service has no section of its own), and the section's flame-graph placeholder
 * line becomes the import's lines (`placed`).
 */
function fillScaffold(text: string, service: string, block: string): { text: string; placed: boolean } {
  let starts = headingStarts(text);
  let k = starts.findIndex((s) => headingName(text, s) === service);
  if (k < 0) {
    k = starts.findIndex((s) => headingName(text, s) === SCAFFOLD_HEADING);
    if (k < 0) return { text, placed: false };
    const at = starts[k]!;
    const end = lineEnd(text, at);
    text = `${text.slice(0, at)}## ${service}${text.slice(text[end - 1] === '\r' ? end - 1 : end)}`;
    starts = headingStarts(text);
  }
  const to = starts[k + 1] ?? text.length;
  for (let i = starts[k]!; i < to;) {
    const end = lineEnd(text, i);
    if (text.slice(i, end).replace(/\r$/, '') === FLAME_GRAPH_PLACEHOLDER)
      return {
        text: `${text.slice(0, i)}${block}${text.slice(text[end - 1] === '\r' ? end - 1 : end)}`,
        placed: true,
      };
    i = end + 1;
  }
  return { text, placed: false };
}

/**
 * `text` with `lines` added at the end of the `## <service>` section (created at the end when absent).
 * Only inserts, except for the scaffold's placeholders it answers (`fillScaffold`): every other byte
 * of the original stays, in order, so nothing else in the file changes.
 */
export function appendToSection(text: string, service: string, lines: readonly string[]): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const block = lines.join(eol);
  const scaffold = fillScaffold(text, service, block);
  if (scaffold.placed) return scaffold.text;
  text = scaffold.text;
  const starts = headingStarts(text);
  const k = starts.findIndex((s) => headingName(text, s) === service);
  if (k < 0) {
    const lead = text === '' ? '' : text.endsWith('\n') ? eol : eol + eol;
    return `${text}${lead}## ${service}${eol}${eol}${block}${eol}`;
  }
  const sectionEnd = starts[k + 1] ?? text.length;
  // Insert right after the section's last non-blank character, so its trailing blank lines stay after us.
  let at = sectionEnd;
  while (at > starts[k]! && /\s/.test(text[at - 1]!)) at--;
  // Right after lines of an earlier import, continue that list instead of starting a new one.
  const lastLine = text.slice(text.lastIndexOf('\n', at - 1) + 1, at);
  const sep = /^- (?:Profile|Flame graph) \((?:baseline|after)\): \[/.test(lastLine) ? eol : eol + eol;
  return `${text.slice(0, at)}${sep}${block}${text.slice(at)}${at === text.length ? eol : ''}`;
}
