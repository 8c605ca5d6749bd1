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

/** Reports the phases of a long command (a build): each finished phase with its count and time. */
export interface PhaseReporter {
  /** Progress inside a phase (counts of items, not bytes). */
  update(label: string, done: number, total: number): void;
  /** A phase finished. */
  done(label: string, count: number, ms: number): void;
  /** Clears the progress line; prints nothing more. */
  end(): void;
}

/**
 * On a terminal, one line redrawn in place (`perfgate: rendered the pages (2,412) in 4.1 s`);
 * elsewhere, one plain line per finished phase. Nothing is shown for work that ends within a
 * second: the lines of the first second are held back and printed once it has passed.
 */
export function phaseReporter(
  write: (s: string) => void,
  tty: boolean,
  now: () => number = () => Date.now(),
): PhaseReporter {
  const start = now();
  const held: string[] = [];
  let drawn = false;
  let lastDraw = 0;
  const late = () => now() - start >= 1000;
  const draw = (s: string) => {
    write(`\r\x1b[2Kperfgate: ${s}`);
    drawn = true;
  };
  return {
    update(label, done, total) {
      const t = now();
      if (!tty || !late() || t - lastDraw < 100) return;
      lastDraw = t;
      draw(`${label}: ${done} of ${total}`);
    },
    done(label, count, ms) {
      const line = `${label}${count > 0 ? ` (${count.toLocaleString('en-US')})` : ''} in ${(ms / 1000).toFixed(1)} s`;
      if (tty) {
        if (late()) draw(line);
        return;
      }
      held.push(`perfgate: ${line}\n`);
      if (late()) write(held.splice(0).join(''));
    },
    end() {
      if (drawn) write('\r\x1b[2K');
      drawn = false;
    },
  };
}

/**
 * Plain phase lines for byte-counting work (report: hashing, then bundling): `update` on every
 * progress call; a phase ends when the next begins or on `finish`, and is printed as
 * `perfgate: hashing 1.2 GiB in 3.4 s` through `phaseReporter` (held back for the first second).
 */
export function phaseLines(
  write: (s: string) => void,
  enabled: boolean,
  now: () => number = () => Date.now(),
): { update(phase: string, total: number): void; finish(): void } {
  const reporter = phaseReporter(write, false, now);
  let current: { phase: string; total: number; since: number } | undefined;
  const close = () => {
    if (current && enabled)
      reporter.done(`${current.phase} ${formatBytes(current.total)}`, 0, now() - current.since);
    current = undefined;
  };
  return {
    update(phase, total) {
      if (current?.phase === phase) return;
      close();
      current = { phase, total, since: now() };
    },
    finish: close,
  };
}
