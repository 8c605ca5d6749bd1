/** A one-line progress display for long hashing and bundling work (terminal only, on stderr). */
import { formatBytes } from '../format/index.ts';

export interface Progress {
  update(phase: string, done: number, total: number): void;
  /** Clears the line if one was drawn. */
  end(): void;
}

/**
 * Draws `perfgate: hashing 1.2 GiB of 3.4 GiB (35%)` with carriage returns, only once the work
 * has taken more than a second, at most ten times a second. Disabled: does nothing at all.
 */
export function progressLine(
  write: (s: string) => void,
  enabled: boolean,
  now: () => number = () => Date.now(),
): Progress {
  const start = now();
  let last = 0;
  let drawn = false;
  return {
    update(phase, done, total) {
      if (!enabled) return;
      const t = now();
      if (t - start < 1000 || t - last < 100) return;
      last = t;
      drawn = true;
      const pct = Math.min(100, Math.floor((done / total) * 100));
      const of = total > 0 ? ` of ${formatBytes(total)} (${pct}%)` : '';
      write(`\r\x1b[2Kperfgate: ${phase} ${formatBytes(done)}${of}`);
    },
    end() {
      if (drawn) write('\r\x1b[2K');
      drawn = false;
    },
  };
}
