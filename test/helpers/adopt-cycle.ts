/**
 * A team's first cycle as the README's "A first cycle, step by step" tells it (issue 25): the
 * service under test, the hot path it profiles, and what the team writes into the scaffold between
 * the README's commands. Every number comes from the imported runs; nothing is typed twice.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The block of README commands the adoption test runs, comment lines included, in order. */
export function adoptionBlock(readme: string): string[] {
  const m = /<!-- adoption-commands: [^\n]*-->\n```sh\n([\s\S]*?)\n```/.exec(readme);
  if (!m) throw new Error('README.md has no adoption-commands block');
  return m[1]!
    .split('\n')
    .map((l) => l.replace(/\s+#\s.*$/, '').trimEnd()) // a trailing ` # comment` explains, it is not part of the command
    .filter(Boolean);
}

/** The checkout total: the hot path, slow before the optimization (a quadratic loop), fast after. */
export function checkoutTotal(items: number, optimized: boolean): number {
  let total = 0;
  if (optimized) for (let i = 0; i < items; i++) total += (i % 7) * 1.5;
  else for (let i = 0; i < items; i++) for (let j = 0; j <= i; j++) if (j === i) total += (i % 7) * 1.5;
  return total;
}

/** The script the README profiles with `node --cpu-prof`: the hot path as the service runs it (`checkoutTotal`, before). */
export const HOT_PATH_SCRIPT = `// checkout-hot-path.js: the checkout total as the service computes it before the optimization
function checkoutTotal(items) {
  let total = 0;
  for (let i = 0; i < items; i++) for (let j = 0; j <= i; j++) if (j === i) total += (i % 7) * 1.5;
  return total;
}
let sum = 0;
for (let n = 0; n < 400; n++) sum += checkoutTotal(1500);
console.log('total', sum);
`;

export interface CheckoutServer {
  url: string;
  /** Switch to the optimized hot path, as a deploy would. */
  optimize(): void;
  close(): Promise<void>;
}

/** The service under test on 127.0.0.1: GET /checkout computes a total with the current hot path. */
export async function checkoutServer(): Promise<CheckoutServer> {
  let optimized = false;
  const server = http.createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ total: checkoutTotal(1500, optimized) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    optimize: () => void (optimized = true),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

interface Run {
  id: string;
  phase: string;
  started_at: string;
  throughput_rps: number;
  error_rate_pct: number;
  latency_ms: Record<string, number>;
}

const SERVICE = 'checkout-api';
const now = () => new Date().toISOString();

async function editJson(file: string, edit: (doc: Record<string, unknown>) => void): Promise<void> {
  const doc = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  edit(doc);
  await writeFile(file, JSON.stringify(doc, null, 2) + '\n');
}

async function editText(file: string, pairs: [string | RegExp, string][]): Promise<void> {
  let text = await readFile(file, 'utf8');
  for (const [from, to] of pairs) text = text.replace(from, to);
  await writeFile(file, text);
}

/** Phase 1 before measuring: the intake (its service and the three telemetry sources the scaffold lists). */
export async function fillIntake(cycle: string): Promise<void> {
  const start = new Date(Date.now() - 86_400_000).toISOString();
  await editJson(path.join(cycle, 'performance-intake-report.json'), (d) => {
    Object.assign(d, {
      cycle_id: '2026-12-checkout-latency',
      title: 'Checkout latency under load',
      generated_at: now(),
      period: { start, end: now() },
      services: [{ name: SERVICE, critical: true, prioritized: true, owner: 'Dana Kim' }],
      pain_points: [{ service: SERVICE, symptom: 'p90 latency of GET /checkout grows with the cart size' }],
      business_impact: 'Slow checkouts abandon carts.',
    });
    const names: Record<string, string> = {
      logging: 'checkout-api logs',
      profiling: 'node --cpu-prof',
      synthetic: 'autocannon runs',
    };
    for (const s of d.telemetry_sources as { name: string; kind: string; services: string[] }[]) {
      s.name = names[s.kind] ?? s.kind;
      s.services = [SERVICE];
    }
  });
}

/** Phases 1-3 after the baseline run: baseline row from that run, hypotheses, profiling notes, capacity, plan. */
export async function fillBaselineAndPlan(cycle: string): Promise<void> {
  const runs = (
    JSON.parse(await readFile(path.join(cycle, 'load-test-results.json'), 'utf8')) as { runs: Run[] }
  ).runs;
  const base = runs.find((r) => r.phase === 'baseline')!;
  const csv = path.join(cycle, 'baseline-metrics.csv');
  const [, header] = (await readFile(csv, 'utf8')).split('\n');
  const value: Record<string, string> = {
    service: SERVICE,
    endpoint: 'GET /checkout',
    environment: 'staging',
    collected_at: base.started_at,
    source: `autocannon run ${base.id}`,
    latency_p50_ms: String(base.latency_ms.p50),
    latency_p90_ms: String(base.latency_ms.p90),
    throughput_rps: String(base.throughput_rps),
    error_rate_pct: String(base.error_rate_pct),
  };
  const row = header!.split(',').map((column) => value[column] ?? '');
  await writeFile(
    csv,
    `# Method: autocannon -c 10 -d 5 against staging, one run\n${header}\n${row.join(',')}\n`,
  );
  await editText(path.join(cycle, 'hypothesis-log.md'), [
    [/<fill: text>/, 'The cart total is computed in quadratic time'],
    [/<fill: name>/, 'Dana Kim'],
    [/<fill: risk [^>]*>/, 'low'],
    [/<fill: text>/, 'p90 of GET /checkout improves by 15 % or more in the after run'],
    [/<fill: service>/, SERVICE],
    [/<fill: text>/, 'JSON serialisation dominates'],
    [/<fill: name>/, 'Dana Kim'],
    [/<fill: risk [^>]*>/, 'low'],
    [/<fill: text>/, 'The profile shows JSON.stringify on top'],
    [/<fill: text>/, 'Connection setup dominates'],
    [/<fill: name>/, 'Sam Lee'],
    [/<fill: risk [^>]*>/, 'medium'],
    [/<fill: text>/, 'Keep-alive runs are not faster'],
  ]);
  await editText(path.join(cycle, 'profiling-report.md'), [
    ['<fill: text>', 'node --cpu-prof (V8 CPU profile)'],
    ['<fill: text>', 'the hot path script, 400 checkouts'],
    ['<fill: text>', 'checkoutTotal (nested loop over the cart)'],
  ]);
  await editText(path.join(cycle, 'capacity-analysis.md'), [
    ['<fill: service>', SERVICE],
    ['<fill: text>', '100 % of one core at 10 connections'],
    ['<fill: text>', 'one replica, no autoscaling'],
    ['<fill: text>', 'none'],
  ]);
  await editJson(path.join(cycle, 'optimization-plan.json'), (d) => {
    Object.assign((d.tasks as object[])[0]!, {
      title: 'Compute the cart total in one pass',
      service: SERVICE,
      owner: 'Dana Kim',
      risk: 'low',
      kpi: 'latency_p90_ms',
      expected_gain_pct: 50,
      status: 'in_progress',
    });
  });
}

/** Phases 3-4 after the second run: the decision's inputs, referencing the runs, and the upstream artifacts. */
export async function fillValidationAndGovernance(cycle: string): Promise<void> {
  const runs = (
    JSON.parse(await readFile(path.join(cycle, 'load-test-results.json'), 'utf8')) as { runs: Run[] }
  ).runs;
  const ids = (phase: string) => ({ runs: runs.filter((r) => r.phase === phase).map((r) => r.id) });
  await editJson(path.join(cycle, 'optimization-plan.json'), (d) => {
    (d.tasks as { status: string }[])[0]!.status = 'done';
  });
  await editJson(path.join(cycle, 'optimization-validation-report.json'), (d) => {
    Object.assign(d, {
      validated_at: now(),
      environment: 'staging',
      targets: [
        {
          service: SERVICE,
          kpi: 'latency_p90_ms',
          task: 'OPT-1',
          before: ids('baseline'),
          after: ids('after'),
        },
      ],
      monitored: [{ service: SERVICE, kpi: 'throughput_rps', before: ids('baseline'), after: ids('after') }],
    });
  });
  await editText(path.join(cycle, 'instrumentation-update-log.md'), [
    ['<fill: text>', 'p90 of GET /checkout on the service dashboard'],
    ['<fill: text>', 'p90 above 20 ms for 10 minutes pages the on-call'],
  ]);
  const signedAt = now();
  await editJson(path.join(cycle, 'slo-update-record.json'), (d) => {
    Object.assign(d, {
      slos: [
        { service: SERVICE, sli: 'latency_p90_ms', objective_before: 50, objective_after: 20, window: '28d' },
      ],
      approval: {
        status: 'approved',
        approvals: [{ name: 'Ana Ruiz', role: 'SRE Lead', signed_at: signedAt }],
      },
    });
  });
  await editJson(path.join(cycle, 'reviewer-signoff.json'), (d) => {
    for (const [i, r] of (d.reviews as Record<string, string>[]).entries())
      Object.assign(r, {
        reviewer: i === 0 ? 'Lee Park' : 'Ana Ruiz',
        rationale: 'The runs show the gain; no regression.',
        signed_at: signedAt,
      });
  });
  await editText(path.join(cycle, 'continuous-improvement-notes.md'), [
    ['<fill: text>', 'Profile the payment call next cycle'],
    ['<fill: text>', 'Checkout team'],
  ]);
  await editJson(path.join(cycle, 'governance/distribution-log.json'), (d) => {
    d.deliveries = [
      { group: 'Checkout team', channel: 'slack', delivered_at: signedAt },
      { group: 'Product', channel: 'email', delivered_at: signedAt },
      { group: 'SRE', channel: 'wiki', delivered_at: signedAt },
    ];
  });
  for (const [dir, file, title] of [
    ['protocol-15', 'DEPLOYMENT-REPORT.md', 'Deployment report'],
    ['protocol-16', 'OBSERVABILITY-BASELINE.md', 'Observability baseline'],
  ] as const) {
    await mkdir(path.join(cycle, '..', dir), { recursive: true });
    await writeFile(path.join(cycle, '..', dir, file), `# ${title}\n\ncheckout-api on staging.\n`);
  }
}
