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

/**
 * `text` with `lines` added at the end of the `## <service>` section (created at the end when absent).
 * Only inserts: every byte of the original stays, in order, so nothing else in the file changes.
 */
export function appendToSection(text: string, service: string, lines: readonly string[]): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const block = lines.join(eol);
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
  const headingName = (at: number) =>
    text
      .slice(at, text.indexOf('\n', at) < 0 ? text.length : text.indexOf('\n', at))
      .replace(/\r$/, '')
      .replace(/^ {0,3}## +/, '')
      .replace(/ +#* *$/, '');
  const k = starts.findIndex((s) => headingName(s) === service);
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
