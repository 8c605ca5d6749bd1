/** `/cycles.json`: a machine-readable index of the cycles, newest first. */
import type { APIRoute } from 'astro';
import { encodePath } from '../core/history/site-data.ts';
import { cyclePath, href, siteData } from '../site/data.ts';

export const GET: APIRoute = ({ site }) => {
  const data = siteData();
  const url = (p: string) => (site ? new URL(href(p), site).href : href(p));
  const body = {
    generated_at: data.generated_at,
    cycles: data.cycles.map((c) => ({
      cycle_id: c.cycle_id,
      title: c.title,
      period: c.period,
      source: c.source,
      services: c.services,
      verdict: c.verdict,
      phase: c.evaluation.phase,
      decided: c.decision,
      gates: c.evaluation.gates.map((g) => ({ gate: g.gate, name: g.name, status: g.status })),
      url: url(cyclePath.overview(c)),
      bundle: c.evidence.bundle?.copy ? url(encodePath(c.evidence.bundle.copy)) : null,
    })),
  };
  return new Response(`${JSON.stringify(body, null, 2)}\n`, {
    headers: { 'Content-Type': 'application/json' },
  });
};
