/**
 * Build progress (issue 12 item 5): nothing for work that ends within a second; after that, one
 * plain line per phase with its count and time (not a terminal), or one line redrawn in place (a
 * terminal). The clock is a counter the test moves, so the expected lines are worked out by hand.
 */
import { describe, expect, it } from 'vitest';
import { phaseLines, phaseReporter } from '../../src/core/emit/progress.ts';

function harness(tty: boolean) {
  let t = 0;
  const out: string[] = [];
  const r = phaseReporter(
    (s) => out.push(s),
    tty,
    () => t,
  );
  return { r, out, at: (ms: number) => void (t = ms) };
}

describe('phaseReporter', () => {
  it('prints nothing for a build that ends within a second', () => {
    const { r, out, at } = harness(false);
    at(300);
    r.done('read and evaluated the history', 7, 300);
    at(900);
    r.done('rendered the pages', 99, 600);
    r.end();
    expect(out).toEqual([]);
  });

  it('without a terminal: holds the first second back, then one plain line per phase', () => {
    const { r, out, at } = harness(false);
    at(400);
    r.done('read and evaluated the history', 200, 400);
    expect(out).toEqual([]);
    at(5400);
    r.update('copied the evidence', 10, 20); // no progress line off a terminal
    r.done('rendered the pages', 2412, 5000);
    r.end();
    expect(out.join('')).toBe(
      'perfgate: read and evaluated the history (200) in 0.4 s\nperfgate: rendered the pages (2,412) in 5.0 s\n',
    );
  });

  it('on a terminal: one line redrawn in place, cleared at the end', () => {
    const { r, out, at } = harness(true);
    at(500);
    r.update('copied the evidence', 1, 4);
    at(1500);
    r.update('copied the evidence', 3, 4);
    at(1550);
    r.update('copied the evidence', 4, 4); // within 100 ms of the last draw: skipped
    at(2000);
    r.done('copied the evidence', 4, 2000);
    r.end();
    expect(out).toEqual([
      '\r\x1b[2Kperfgate: copied the evidence: 3 of 4',
      '\r\x1b[2Kperfgate: copied the evidence (4) in 2.0 s',
      '\r\x1b[2K',
    ]);
  });
});

describe('phaseLines (report off a terminal)', () => {
  it('prints each byte-counting phase once it ends, with its size and time', () => {
    let t = 0;
    const out: string[] = [];
    const p = phaseLines(
      (s) => out.push(s),
      true,
      () => t,
    );
    p.update('hashing', 3 * 1024 ** 3);
    t = 1200;
    p.update('hashing', 3 * 1024 ** 3);
    t = 3400;
    p.update('bundling', 3 * 1024 ** 3);
    t = 5900;
    p.finish();
    expect(out.join('')).toBe('perfgate: hashing 3.0 GiB in 3.4 s\nperfgate: bundling 3.0 GiB in 2.5 s\n');
  });
});
