/**
 * The profiles a cycle's profiling-report.md links (raw profile files of the cycle), parsed for the
 * site: a compact tree for the interactive flame graph, the static SVG, top frames, and a differential
 * graph for each service with a baseline and an after profile. Bounded: at most MAX_PROFILES files of
 * at most MAX_PROFILE_BYTES each; a file that does not parse is reported, never fatal.
 */
import type { LoadedCycle } from '../load/cycle.ts';
import type { ValidLoaded } from '../validate/validated.ts';
import { resolveCycleLink } from '../validate/rules/index.ts';
import { urlSegment } from '../slug.ts';
import { compactDiffTree, compactTree, type CompactTree } from '../import/profile/compact.ts';
import { diffFlameGraph, flameGraphSvg } from '../import/profile/flamegraph-svg.ts';
import { readProfile, type ProfileFormat, type ProfileTree } from '../import/profile/index.ts';
import { functionStats, shareChanges, type FunctionStat, type ShareChange } from '../import/profile/stats.ts';

export const PROFILE_EXTENSIONS = [
  '.cpuprofile',
  '.speedscope.json',
  '.folded',
  '.collapsed',
  '.pprof',
  '.pb.gz',
];
export const MAX_PROFILES = 24;
export const MAX_PROFILE_BYTES = 64 * 1024 * 1024;

export interface ProfileRecord {
  /** URL segment of the profile page, unique in the cycle. */
  id: string;
  service: string;
  phase: 'baseline' | 'after' | null;
  /** Path in the cycle directory. */
  file: string;
  format: ProfileFormat;
  unit: string;
  total: number;
  tree: CompactTree;
  /** The static flame graph (inline SVG markup, no XML declaration). */
  svg: string;
  top_self: FunctionStat[];
  top_total: FunctionStat[];
}

export interface ProfileDiffRecord {
  id: string;
  service: string;
  baseline: string;
  after: string;
  /** The interactive graph's data: the after profile's shape, each frame with its baseline weight. */
  tree: CompactTree;
  /** The static differential graph (inline SVG markup, no XML declaration). */
  svg: string;
  gained: ShareChange[];
  lost: ShareChange[];
}

export interface CycleProfiles {
  profiles: ProfileRecord[];
  diffs: ProfileDiffRecord[];
  /** Linked profiles that could not be shown, with the reason. */
  problems: { file: string; message: string }[];
}

/** baseline/after from the file name (`-baseline`, `-before`, `-after` as a name part). */
export function phaseOf(file: string): 'baseline' | 'after' | null {
  const base = (file.split('/').pop() ?? file).toLowerCase();
  const m = /(?:^|[-_.])(baseline|before|after)(?=[-_.]|$)/.exec(base);
  return m ? (m[1] === 'after' ? 'after' : 'baseline') : null;
}

const inline = (svg: string) => svg.replace(/^<\?xml[^>]*\?>\n/, '');

/** The profiles of a cycle, or null when its profiling report links none. */
export async function cycleProfiles(
  cycle: LoadedCycle,
  validation: { valid: Pick<ValidLoaded, 'profiling-report'> },
): Promise<CycleProfiles | null> {
  const prof = validation.valid['profiling-report'];
  if (!prof) return null;
  const sections = prof.data.sections;
  const files = new Map(cycle.files.map((f) => [f.path, f]));
  const out: CycleProfiles = { profiles: [], diffs: [], problems: [] };
  // Page ids: URL segments made from the service headings, which an archived cycle may hold unchecked.
  const ids = new Set<string>();
  const unique = (id: string) => {
    let u = id;
    for (let k = 2; ids.has(u); k++) u = `${id}-${k}`;
    ids.add(u);
    return u;
  };
  const trees = new Map<string, ProfileTree>();
  for (const s of sections) {
    const service = s.service;
    for (const url of s.links) {
      const t = resolveCycleLink(url, prof.file);
      if (t.kind !== 'file' || !PROFILE_EXTENSIONS.some((e) => t.path.toLowerCase().endsWith(e))) continue;
      const entry = files.get(t.path);
      if (!entry || out.profiles.some((p) => p.file === t.path && p.service === service)) continue;
      if (out.profiles.length >= MAX_PROFILES) {
        out.problems.push({
          file: t.path,
          message: `not shown: the site shows at most ${MAX_PROFILES} profiles per cycle`,
        });
        continue;
      }
      if (entry.bytes > MAX_PROFILE_BYTES) {
        out.problems.push({
          file: t.path,
          message: `not shown: larger than ${MAX_PROFILE_BYTES / 2 ** 20} MiB`,
        });
        continue;
      }
      let tree: ProfileTree;
      try {
        tree = await readProfile(entry.abs);
      } catch (e) {
        out.problems.push({ file: t.path, message: (e as Error).message });
        continue;
      }
      const phase = phaseOf(t.path);
      const id = unique(`${urlSegment(service, 'profile')}-${phase ?? 'profile'}`);
      trees.set(id, tree);
      const stats = functionStats(tree.root);
      out.profiles.push({
        id,
        service,
        phase,
        file: t.path,
        format: tree.format,
        unit: tree.unit,
        total: tree.root.total,
        tree: compactTree(tree.root),
        svg: inline(flameGraphSvg(tree, `${service} · ${phase ?? 'profile'} · ${t.path}`)),
        top_self: stats.slice(0, 15),
        top_total: [...stats].sort((a, b) => b.total - a.total || (a.name < b.name ? -1 : 1)).slice(0, 15),
      });
    }
  }
  for (const service of [...new Set(out.profiles.map((p) => p.service))]) {
    const base = out.profiles.find((p) => p.service === service && p.phase === 'baseline');
    const after = out.profiles.find((p) => p.service === service && p.phase === 'after');
    if (!base || !after) continue;
    const b = trees.get(base.id)!;
    const a = trees.get(after.id)!;
    const changes = shareChanges(b.root, a.root);
    const graph = diffFlameGraph(b, a, `${service} · baseline → after`);
    out.diffs.push({
      id: unique(`${urlSegment(service, 'profile')}-diff`),
      service,
      baseline: base.id,
      after: after.id,
      tree: compactDiffTree(b.root, a.root, graph.scale),
      svg: inline(graph.svg),
      gained: changes.filter((c) => c.delta > 0).slice(0, 10),
      lost: changes
        .filter((c) => c.delta < 0)
        .reverse()
        .slice(0, 10),
    });
  }
  return out;
}
