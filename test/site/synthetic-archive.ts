/**
 * A synthetic archive of many cycles, generated from `test/fixtures/valid/protocol-18` for the
 * scale test: each cycle is the fixture with its dates shifted (one cycle every two weeks), its
 * own cycle id, after values and SLO objectives that drift from cycle to cycle, and a few gate
 * outcomes changed on purpose (gate 3 failing, gate 4 failing).
 */
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { FIXTURES } from '../helpers/cli.ts';

const SOURCE = path.join(FIXTURES, 'valid', 'protocol-18');
const DAY_MS = 24 * 60 * 60 * 1000;
/** The fixture's own period end: shifts are relative to it. */
const FIXTURE_END = Date.parse('2026-11-20T00:00:00Z');
const RFC3339 = /\b(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z)\b/g;

export interface SyntheticCycle {
  cycle_id: string;
  /** Index from the oldest (0). */
  index: number;
  period_end: string;
  /** Gates this generator made fail on purpose (the rest pass). */
  failing: number[];
}

/** Every 17th cycle misses the improvement threshold; every 23rd lacks the SRE Lead's approval. */
export function plannedFailures(index: number): number[] {
  const failing: number[] = [];
  if (index % 17 === 16) failing.push(3);
  if (index % 23 === 22) failing.push(4);
  return failing;
}

function shiftDates(text: string, deltaMs: number): string {
  return text.replace(RFC3339, (t) => new Date(Date.parse(t) + deltaMs).toISOString().replace('.000Z', 'Z'));
}

/** A deterministic wobble in [-1, 1] (no randomness: the archive is the same on every run). */
function wobble(i: number, k: number): number {
  return Math.sin(i * 0.37 + k * 1.91);
}

interface Sample {
  value: number;
  n?: number;
  stdev?: number;
}
type Measure = number | Sample;
const scale = (m: Measure, f: number): Measure => {
  const r = (v: number) => Math.round(v * f * 100) / 100;
  return typeof m === 'number' ? r(m) : { ...m, value: r(m.value) };
};

/**
 * Writes `count` cycles into `archiveDir` (`syn-000` oldest … ), the newest ending on `lastEnd`,
 * one every 14 days. Returns what each cycle is expected to show.
 */
export async function writeSyntheticArchive(
  archiveDir: string,
  count: number,
  lastEnd = '2026-11-20T00:00:00Z',
): Promise<SyntheticCycle[]> {
  const files = (await readdir(SOURCE, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => path.relative(SOURCE, path.join(e.parentPath, e.name)));
  const texts = new Map(
    await Promise.all(files.map(async (f) => [f, await readFile(path.join(SOURCE, f), 'utf8')] as const)),
  );
  const cycles: SyntheticCycle[] = [];
  for (let i = 0; i < count; i++) {
    const cycle_id = `syn-${String(i).padStart(3, '0')}`;
    const delta = Date.parse(lastEnd) - FIXTURE_END - (count - 1 - i) * 14 * DAY_MS;
    const dir = path.join(archiveDir, cycle_id);
    await mkdir(dir, { recursive: true });
    const failing = plannedFailures(i);
    for (const [f, text] of texts) {
      const dest = path.join(dir, f);
      await mkdir(path.dirname(dest), { recursive: true });
      let out = shiftDates(text, delta);
      if (f === 'performance-intake-report.json') {
        const intake = JSON.parse(out);
        intake.cycle_id = cycle_id;
        intake.title = `Synthetic cycle ${i + 1}`;
        out = JSON.stringify(intake, null, 2);
      } else if (f === 'optimization-validation-report.json') {
        const report = JSON.parse(out) as {
          environment: string;
          targets: { before: Measure; after: Measure }[];
        };
        // Validated in production, against the production baseline: the fixture's staging load tests
        // are not evidence of the drifting after values (gates.mdx, "Typed numbers").
        report.environment = 'production';
        report.targets.forEach((t, k) => {
          // After values improve slowly over the years, with some noise (0.57-0.81 of before)...
          t.after = scale(t.before, 0.75 - (0.12 * i) / count + 0.06 * wobble(i, k));
          // ...except when gate 3 is meant to fail: a 5 % improvement, under the 15 % threshold.
          if (failing.includes(3) && k === 0) t.after = scale(t.before, 0.95);
        });
        out = JSON.stringify(report, null, 2);
      } else if (f === 'slo-update-record.json') {
        const slo = JSON.parse(out) as { slos: { objective_after: number }[] };
        slo.slos.forEach((s, k) => {
          s.objective_after = Math.round(s.objective_after * (1 + 0.1 * wobble(i, k + 5)));
        });
        out = JSON.stringify(slo, null, 2);
      } else if (f === 'reviewer-signoff.json' && failing.includes(4)) {
        const signoff = JSON.parse(out) as { reviews: { role: string }[] };
        signoff.reviews = signoff.reviews.filter((r) => r.role !== 'SRE Lead');
        out = JSON.stringify(signoff, null, 2);
      }
      await writeFile(dest, out);
    }
    cycles.push({
      cycle_id,
      index: i,
      period_end: new Date(FIXTURE_END + delta).toISOString().replace('.000Z', 'Z'),
      failing,
    });
  }
  return cycles;
}

/** The fixture's upstream folders (protocol-15, -16) beside a current cycle directory. */
export async function writeUpstream(besideDir: string): Promise<void> {
  for (const p of ['protocol-15', 'protocol-16'])
    await cp(path.join(FIXTURES, 'valid', p), path.join(path.dirname(besideDir), p), { recursive: true });
}
