/** Independent readings of the fixture profiles: a few lines per format, sharing no code with perfgate. */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { Profile } from 'pprof-format';

export interface Expected {
  total: number;
  /** Self weight per frame name. */
  self: Map<string, number>;
}

function bump(m: Map<string, number>, k: string, v: number) {
  m.set(k, (m.get(k) ?? 0) + v);
}

/** The name with the largest self weight (ties: smallest name). */
export function topSelf(e: Expected): string {
  return [...e.self].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0];
}

/** Folded stacks: sum of the trailing counts; self of the last frame. */
export function expectFolded(file: string): Expected {
  const self = new Map<string, number>();
  let total = 0;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const sp = line.lastIndexOf(' ');
    const n = Number(line.slice(sp + 1));
    total += n;
    bump(self, line.slice(0, sp).split(';').at(-1)!, n);
  }
  return { total, self };
}

/** .cpuprofile: samples counted per node id. */
export function expectCpuprofile(file: string): Expected {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as {
    nodes: { id: number; callFrame: { functionName: string } }[];
    samples: number[];
  };
  const byId = new Map(doc.nodes.map((n) => [n.id, n.callFrame.functionName || '(anonymous)']));
  const self = new Map<string, number>();
  for (const id of doc.samples) bump(self, byId.get(id)!, 1);
  self.delete('(root)');
  return { total: doc.samples.length, self };
}

/** pprof: values of the last sample type; self of the innermost line of the leaf location. */
export function expectPprof(file: string): Expected {
  const p = Profile.decode(gunzipSync(readFileSync(file)));
  const s = (i: number | bigint) => p.stringTable.strings[Number(i)]!;
  const k = p.sampleType.length - 1;
  const fn = new Map(p.function.map((f) => [Number(f.id), s(f.name)]));
  const loc = new Map(p.location.map((l) => [Number(l.id), fn.get(Number(l.line[0]!.functionId))!]));
  const self = new Map<string, number>();
  let total = 0;
  for (const smp of p.sample) {
    const v = Number(smp.value[k]);
    total += v;
    bump(self, loc.get(Number(smp.locationId[0]))!, v);
  }
  return { total, self };
}
