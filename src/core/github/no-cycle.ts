/**
 * The job summary of a run with no current cycle: none started yet, or the last one archived and
 * pruned. That is a normal state between cycles, not a failure: the site publishes the history and
 * the summary says so (issue 25). Pure.
 */
import type { Anchors } from './anchors.ts';
import { markdownText as text } from './escape.ts';
import { plural } from '../format/plural.ts';

export interface NoCycleContext {
  /** The cycle directory input, as given. */
  artifacts: string;
  /** False when the build failed (the log says why). */
  built: boolean;
  /** Archived cycles the site published (from its cycles.json), null when unknown. */
  published: number | null;
  anchors: Anchors | null;
  /** The newest archived cycle's id, when there is one. */
  newest: string | null;
  /** The site's URL, when known. */
  siteUrl: string | null;
}

/** Markdown: what happened, what to do next, the trust anchors and the link to the site. */
export function noCycleMarkdown(c: NoCycleContext): string {
  const history = !c.built
    ? 'the site was not built (the log says why; the last published site stays)'
    : c.published === null
      ? 'the site publishes the history of archived cycles'
      : c.published === 0
        ? 'the site is published with no cycle yet'
        : `the site publishes the history: ${plural(c.published, 'archived cycle')}`;
  const lines = [
    `## perfgate: no current cycle — ${c.built ? 'history published' : '⛔ site not built'}`,
    '',
    `No cycle in \`${text(c.artifacts)}\` (none started yet, or the last one archived and pruned): no gate to decide, and ${history}. Start the next cycle with \`npx perfgate init\`.`,
  ];
  if (c.newest) lines.push('', `The newest archived cycle: ${text(c.newest)}.`);
  if (c.anchors?.chainHead) {
    lines.push(
      '',
      '### Record',
      '',
      `- Chain head (SHA-256 of the newest archived cycle's evidence-manifest.json): \`${c.anchors.chainHead.sha256}\``,
    );
    if (c.anchors.headBundle)
      lines.push(
        `- The newest archived cycle's performance-evidence-bundle.zip: SHA-256 \`${c.anchors.headBundle.sha256}\``,
      );
  }
  if (c.siteUrl) lines.push('', `[The site](<${c.siteUrl}>)`);
  return lines.join('\n') + '\n';
}

/**
 * True when there is no current cycle: the gates found no cycle directory, or the directory holds
 * nothing but dot-files (git keeps no empty folder; `prune --apply` removes the folder).
 */
export function isNoCycle(
  report: { diagnostics?: { code?: unknown }[] } | undefined,
  entries: string[] | null,
): boolean {
  if (report?.diagnostics?.some((d) => d.code === 'prereq.cycle-dir')) return true;
  return entries !== null && entries.every((e) => e.startsWith('.'));
}
