/** performance-report-manifest.json: the report's digest, the attachments it references, its distribution. */
import { cmp } from '../diagnostics.ts';
import type { EvaluationInput } from '../evaluate/types.ts';
import { resolveCycleLink } from '../validate/rules/index.ts';
import type { HashedFile } from './evidence.ts';

export const REPORT_MANIFEST = 'performance-report-manifest.json' as const;

export interface ReportManifest {
  cycle_id: string | null;
  generated_at: string;
  tool: string;
  report: HashedFile;
  attachments: (HashedFile & { referenced_as: string[] })[];
  distribution: {
    group: string;
    channel: string;
    delivered_at: string;
    recipients: string[] | number | null;
  }[];
}

/** Cycle files the report links as attachments: flame graphs, other profiling links, raw load-test output. */
export function referencedAttachments(
  input: EvaluationInput,
  files: ReadonlySet<string>,
): Map<string, string[]> {
  const refs = new Map<string, Set<string>>();
  const add = (file: string, as: string) => {
    if (!files.has(file)) return;
    refs.set(file, (refs.get(file) ?? new Set()).add(as));
  };
  const sections = input.artifacts['profiling-report']?.sections ?? [];
  sections.forEach((s, i) => {
    for (const g of input.flameGraphs[i] ?? []) add(g, `flame graph of ${s.service}`);
    for (const url of s.links) {
      const t = resolveCycleLink(url, 'profiling-report.md');
      if (t.kind === 'file' && !(input.flameGraphs[i] ?? []).includes(t.path))
        add(t.path, `profiling link of ${s.service}`);
    }
  });
  for (const run of input.artifacts['load-test-results']?.runs ?? []) {
    if (run.source_file === undefined) continue;
    const t = resolveCycleLink(run.source_file, '');
    if (t.kind === 'file') add(t.path, `raw output of load-test run ${run.id}`);
  }
  return new Map([...refs].map(([f, s]) => [f, [...s].sort(cmp)]));
}

export function reportManifest(m: {
  input: EvaluationInput;
  generatedAt: string;
  tool: string;
  report: HashedFile;
  evidence: readonly HashedFile[];
}): ReportManifest {
  const byPath = new Map(m.evidence.map((e) => [e.path, e]));
  const refs = referencedAttachments(m.input, new Set(byPath.keys()));
  const attachments = [...refs]
    .sort((a, b) => cmp(a[0], b[0]))
    .map(([path, as]) => {
      const e = byPath.get(path)!;
      return { path, sha256: e.sha256, bytes: e.bytes, referenced_as: as };
    });
  return {
    cycle_id: m.input.cycleId,
    generated_at: m.generatedAt,
    tool: m.tool,
    report: { path: m.report.path, sha256: m.report.sha256, bytes: m.report.bytes },
    attachments,
    distribution: (m.input.artifacts['distribution-log']?.deliveries ?? []).map((d) => ({
      group: d.group,
      channel: d.channel,
      delivered_at: d.delivered_at,
      recipients: d.recipients ?? null,
    })),
  };
}
