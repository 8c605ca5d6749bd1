/** Where a cycle sits in the chain, read from its intake's bytes: its id and period end. Pure. */
import { parseStrictJson } from '../load/json.ts';
import { decodeUtf8 } from '../load/text.ts';
import { periodEndInstant, type Placed } from './order.ts';

export const INTAKE = 'performance-intake-report.json';

/** A placed cycle with its period end as written (for messages), or why the intake cannot place it. */
export type IntakePlace = (Placed & { endText: string }) | { problem: string };

/** The cycle id and period end of an intake's bytes. */
export function intakePlace(bytes: Buffer): IntakePlace {
  const text = decodeUtf8(bytes);
  const parsed = text.ok ? parseStrictJson(text.text, INTAKE) : undefined;
  const data =
    parsed?.diagnostics.length === 0 && typeof parsed.data === 'object' && parsed.data !== null
      ? (parsed.data as Record<string, unknown>)
      : undefined;
  const period = data?.period as { end?: unknown } | undefined;
  const end = typeof period?.end === 'string' ? periodEndInstant(period.end) : undefined;
  if (typeof data?.cycle_id !== 'string' || end === undefined)
    return { problem: `${INTAKE} has no valid cycle_id and period.end` };
  return { cycleId: data.cycle_id, end, endText: period!.end as string };
}
