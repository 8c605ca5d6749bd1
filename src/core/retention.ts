/** The retention policy (protocol section 10): active cycles 120 days, archives 24 months. Pure. */
import type { ResolvedRetentionConfig } from './types/artifacts.generated.ts';
import { plural } from './format/plural.ts';

export interface RetentionCandidate {
  cycle_id: string;
  /** Directory relative to the working directory. */
  dir: string;
  kind: 'active' | 'archived';
  /** The cycle's intake period end; null when the intake is unreadable. */
  period_end: string | null;
  /** For an active cycle: whether a frozen copy with the same id exists in the archive. */
  archived_copy?: boolean;
  /** For an active cycle with a frozen copy: why that copy cannot stand in for it (it does not verify, or differs). */
  archived_copy_problem?: string;
  /** For an archived cycle: why it cannot leave a valid tombstone (it does not verify, or lacks what one keeps). */
  tombstone_problem?: string;
}

export interface RetentionDecision extends RetentionCandidate {
  action: 'keep' | 'delete' | 'blocked';
  /** Date after which the cycle falls outside retention. */
  expires_at: string | null;
  reason: string;
}

/** Adds whole calendar months in UTC, clamping to the month's last day. */
export function addMonths(iso: string, months: number): string {
  const d = new Date(iso);
  const target = new Date(
    Date.UTC(
      d.getUTCFullYear(),
      d.getUTCMonth() + months,
      1,
      d.getUTCHours(),
      d.getUTCMinutes(),
      d.getUTCSeconds(),
    ),
  );
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return target.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function addDays(iso: string, days: number): string {
  return new Date(Date.parse(iso) + days * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Decides, for each cycle, whether retention keeps it. An active cycle past its window is deleted
 * only when its frozen copy in the archive verifies and holds the same files (nothing is lost); an
 * archived one only when it verifies and can leave its tombstone (the chain stays whole); a cycle
 * without a readable period is always kept.
 */
export function decideRetention(
  cycles: readonly RetentionCandidate[],
  asOf: string,
  policy: ResolvedRetentionConfig,
): RetentionDecision[] {
  const now = Date.parse(asOf);
  return cycles.map((c) => {
    if (c.period_end === null)
      return { ...c, action: 'keep', expires_at: null, reason: 'no readable intake period: kept' };
    const expires =
      c.kind === 'active'
        ? addDays(c.period_end, policy.active_days)
        : addMonths(c.period_end, policy.archive_months);
    const window =
      c.kind === 'active' ? plural(policy.active_days, 'day') : plural(policy.archive_months, 'month');
    if (Date.parse(expires) > now)
      return { ...c, action: 'keep', expires_at: expires, reason: `within ${window} of its period end` };
    if (c.kind === 'active' && !c.archived_copy) {
      return {
        ...c,
        action: 'blocked',
        expires_at: expires,
        reason: `older than ${window} but not archived: run \`perfgate archive\` first`,
      };
    }
    if (c.kind === 'active' && c.archived_copy_problem !== undefined)
      return {
        ...c,
        action: 'blocked',
        expires_at: expires,
        reason: `older than ${window}, but its archived copy cannot replace it: ${c.archived_copy_problem}`,
      };
    if (c.kind === 'archived' && c.tombstone_problem !== undefined)
      return {
        ...c,
        action: 'blocked',
        expires_at: expires,
        reason: `older than ${window}, but it cannot leave a valid tombstone: ${c.tombstone_problem}`,
      };
    return {
      ...c,
      action: 'delete',
      expires_at: expires,
      reason: `period ended ${c.period_end.slice(0, 10)}, more than ${window} ago${c.kind === 'archived' ? ' (its tombstone is kept)' : ''}`,
    };
  });
}
