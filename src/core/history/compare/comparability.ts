/**
 * When two cycles' numbers are not comparable: their load tests ran in another environment, with
 * another tool or tool version, or, for a service tested in both, other scenarios, another peak
 * concurrency or a duration more than `DURATION_TOLERANCE` apart. Each is a warning beside the
 * numbers, never a reason to hide them.
 */
import { cmp } from '../../diagnostics.ts';
import { plain } from '../../format/number.ts';
import type { ComparabilityWarning, CompareSide } from './types.ts';

/** Durations within this share of each other count as the same load shape. */
export const DURATION_TOLERANCE = 0.1;

type Run = NonNullable<CompareSide['load']>['runs'][number];

const warning = (
  w: Omit<ComparabilityWarning, 'service' | 'scenario'> & { service?: string; scenario?: string },
): ComparabilityWarning => ({
  kind: w.kind,
  service: w.service ?? null,
  scenario: w.scenario ?? null,
  a: w.a,
  b: w.b,
  message: w.message,
});

function settingWarnings(a: CompareSide, b: CompareSide): ComparabilityWarning[] {
  const out: ComparabilityWarning[] = [];
  const la = a.load;
  const lb = b.load;
  if (la && lb && la.environment !== lb.environment)
    out.push(
      warning({
        kind: 'environment',
        a: la.environment,
        b: lb.environment,
        message: `The load tests ran in different environments (A: ${la.environment}; B: ${lb.environment}).`,
      }),
    );
  const va = a.validation_environment;
  const vb = b.validation_environment;
  if (va !== null && vb !== null && va !== vb)
    out.push(
      warning({
        kind: 'environment',
        a: va,
        b: vb,
        message: `The before and after values were validated in different environments (A: ${va}; B: ${vb}).`,
      }),
    );
  if (la && lb && la.tool !== lb.tool)
    out.push(
      warning({
        kind: 'tool',
        a: la.tool,
        b: lb.tool,
        message: `Different load tools (A: ${la.tool}; B: ${lb.tool}) measure latency at different points.`,
      }),
    );
  else if (la && lb && la.tool_version !== lb.tool_version)
    out.push(
      warning({
        kind: 'tool_version',
        a: la.tool_version,
        b: lb.tool_version,
        message: `Different ${la.tool} versions (A: ${la.tool_version ?? 'not recorded'}; B: ${lb.tool_version ?? 'not recorded'}).`,
      }),
    );
  return out;
}

const group = (runs: readonly Run[]) => {
  const m = new Map<string, Run[]>();
  for (const r of runs) m.set(r.service, [...(m.get(r.service) ?? []), r]);
  return m;
};

/** Scenarios, peak concurrency and duration of the services load-tested in both cycles. */
function shapeWarnings(a: CompareSide, b: CompareSide): ComparabilityWarning[] {
  const out: ComparabilityWarning[] = [];
  const byA = group(a.load?.runs ?? []);
  const byB = group(b.load?.runs ?? []);
  for (const service of [...byA.keys()].filter((s) => byB.has(s)).sort(cmp)) {
    const ra = byA.get(service)!;
    const rb = byB.get(service)!;
    const sa = [...new Set(ra.map((r) => r.scenario))].sort(cmp);
    const sb = [...new Set(rb.map((r) => r.scenario))].sort(cmp);
    if (sa.join('\n') !== sb.join('\n'))
      out.push(
        warning({
          kind: 'scenario',
          service,
          a: sa.join(', '),
          b: sb.join(', '),
          message: `${service} was load-tested with other scenarios (A: ${sa.join(', ')}; B: ${sb.join(', ')}).`,
        }),
      );
    for (const x of ra) {
      const y = rb.find((r) => r.scenario === x.scenario && r.kind === x.kind && r.phase === x.phase);
      if (!y) continue;
      const at = `${service} ${x.scenario} (${x.phase} ${x.kind})`;
      if (x.peak_concurrency !== y.peak_concurrency)
        out.push(
          warning({
            kind: 'peak_concurrency',
            service,
            scenario: x.scenario,
            a: String(x.peak_concurrency),
            b: String(y.peak_concurrency),
            message: `${at} peaked at other concurrency (A: ${x.peak_concurrency}; B: ${y.peak_concurrency} virtual users).`,
          }),
        );
      const longer = Math.max(x.duration_s, y.duration_s);
      if (longer > 0 && Math.abs(x.duration_s - y.duration_s) / longer > DURATION_TOLERANCE)
        out.push(
          warning({
            kind: 'duration',
            service,
            scenario: x.scenario,
            a: `${plain(x.duration_s)} s`,
            b: `${plain(y.duration_s)} s`,
            message: `${at} ran for other durations (A: ${plain(x.duration_s)} s; B: ${plain(y.duration_s)} s).`,
          }),
        );
    }
  }
  return out;
}

/** Every reason the two cycles' numbers may not be comparable (none: same setting). */
export function comparability(a: CompareSide, b: CompareSide): ComparabilityWarning[] {
  return [...settingWarnings(a, b), ...shapeWarnings(a, b)];
}
