/**
 * The action's opt-in archiving step (input `archive-cycle`): when a push to the default branch
 * brings a cycle whose four gates are decided and pass, the action freezes it with `perfgate
 * archive` and commits the result through a pull request or a bot commit. Never on a pull request
 * (a fork's code must not write to the repository), never a cycle in progress or one that fails.
 * This module decides, and words the outcome; the I/O is in archive-commit.ts. Pure.
 */
import { markdownText as text } from './escape.ts';
import { safeLinkUrl } from './summary.ts';
import type { GatesReport } from './types.ts';

export type ArchiveMode = 'pull-request' | 'commit';

export interface ArchiveInputs {
  /** The `archive-cycle` input: `false` (default), `pull-request` or `commit`. */
  mode: string;
  eventName: string | undefined;
  /** GITHUB_REF, e.g. `refs/heads/main`. */
  ref: string | undefined;
  /** `repository.default_branch` of the event payload. */
  defaultBranch: string | null;
  report: GatesReport | undefined;
  /** True when the archive already holds a folder of the cycle's id. */
  archived: boolean;
  token: string;
}

export type ArchiveDecision =
  | { archive: true; mode: ArchiveMode; cycleId: string; branch: string }
  | {
      archive: false;
      reason: string;
      /** The input is wrong (a warning annotation says so). */
      misconfigured: boolean;
      /** Nothing to say: the input is off, or the run is not a push (pull requests never archive). */
      quiet: boolean;
    };

const skip = (reason: string, how: { misconfigured?: boolean; quiet?: boolean } = {}): ArchiveDecision => ({
  archive: false,
  reason,
  misconfigured: how.misconfigured === true,
  quiet: how.quiet === true,
});

/** Whether this run archives the current cycle, and why not. */
export function archiveDecision(i: ArchiveInputs): ArchiveDecision {
  const mode = i.mode.trim();
  if (mode === '' || mode === 'false') return skip('archive-cycle is off', { quiet: true });
  if (mode !== 'pull-request' && mode !== 'commit')
    return skip(`Unexpected archive-cycle ${JSON.stringify(mode)}, expected false, pull-request or commit`, {
      misconfigured: true,
    });
  if (i.eventName !== 'push')
    return skip(
      `this is a ${i.eventName ?? 'unknown'} event; the cycle is archived only on a push to the default branch, never from a pull request`,
      { quiet: true },
    );
  if (!i.defaultBranch || i.ref !== `refs/heads/${i.defaultBranch}`)
    return skip(`${i.ref ?? 'this ref'} is not the default branch (${i.defaultBranch ?? 'unknown'})`);
  const r = i.report;
  if (!r || typeof r.cycle_id !== 'string')
    return skip('there is no current cycle to archive', { quiet: true });
  const pending = r.gates.filter((g) => g.status === 'pending').map((g) => g.gate);
  if (pending.length > 0) return skip(`${r.cycle_id} is in progress (gate ${pending.join(', ')} pending)`);
  if (r.exit_code !== 0)
    return skip(
      `${r.cycle_id} does not pass its gates; a failed cycle is archived only by hand (\`npx perfgate archive --allow-failed\`)`,
    );
  if (i.archived) return skip(`${r.cycle_id} is already archived`);
  if (!i.token) return skip('the github-token input is empty', { misconfigured: true });
  return { archive: true, mode, cycleId: r.cycle_id, branch: i.defaultBranch };
}

export type ArchiveOutcome =
  | { kind: 'pull-request'; url: string | null; branch: string; existing: boolean }
  | { kind: 'commit'; sha: string; branch: string }
  | { kind: 'failed'; reason: string };

/** The summary's lines about archiving (empty when the input is off). */
export function archiveSummary(
  d: ArchiveDecision,
  outcome: ArchiveOutcome | null,
  archiveDir: string,
): string[] {
  if (!d.archive) return d.quiet ? [] : ['', '### Archive', '', `Not archived: ${text(d.reason)}.`];
  const where = `${text(archiveDir)}/${text(d.cycleId)}`;
  const lines = ['', '### Archive', ''];
  if (!outcome) lines.push(`Archiving ${text(d.cycleId)} did not finish.`);
  else if (outcome.kind === 'failed') lines.push(`Not archived: ${text(outcome.reason)}.`);
  else if (outcome.kind === 'commit')
    lines.push(
      `Archived ${text(d.cycleId)} into ${where}: commit \`${outcome.sha}\` on ${text(outcome.branch)}.`,
    );
  else
    lines.push(
      `Archived ${text(d.cycleId)} into ${where} on branch ${text(outcome.branch)}: ${
        safeLinkUrl(outcome.url) ? `[the pull request](<${outcome.url}>)` : 'a pull request'
      } ${outcome.existing ? 'was updated' : 'was opened'}; merge it to keep the cycle in the history.`,
    );
  return lines;
}
