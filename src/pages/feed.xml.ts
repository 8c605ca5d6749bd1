/**
 * `/feed.xml`: an Atom feed of the newest cycles (`FEED_LIMIT` of them; cycles.json lists them all).
 * With --site its links and ids are absolute URLs; without, links are root-relative (under the base)
 * and ids are URNs (an Atom id must be an absolute IRI).
 */
import type { APIRoute } from 'astro';
import { FEED_LIMIT } from '../site/archive.ts';
import { cyclePath, href, siteData } from '../site/data.ts';
import { verdictInfo } from '../site/format.ts';
import { xmlText } from '../core/format/xml.ts';

const esc = xmlText;

export const GET: APIRoute = ({ site }) => {
  const data = siteData();
  const url = (p: string) => (site ? new URL(href(p), site).href : href(p));
  const entries = data.cycles.slice(0, FEED_LIMIT).map((c) => {
    const gates = c.evaluation.gates.map((g) => `gate ${g.gate} ${g.name}: ${g.status}`).join('; ');
    const updated = c.decision.at || data.generated_at;
    return `  <entry>
    <title>${esc(`${c.cycle_id}: ${verdictInfo(c.verdict).label}`)}</title>
    <id>${esc(site ? url(cyclePath.overview(c)) : `urn:perfgate:cycle:${c.slug}`)}</id>
    <link rel="alternate" type="text/html" href="${esc(url(cyclePath.overview(c)))}"/>
    <updated>${esc(updated)}</updated>
    <summary>${esc(`${c.title}. ${gates}.`)}</summary>
  </entry>`;
  });
  const xml = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>perfgate: performance cycles</title>
  <id>${esc(site ? url('') : 'urn:perfgate:cycles')}</id>
  <link rel="self" type="application/atom+xml" href="${esc(url('feed.xml'))}"/>
  <link rel="alternate" type="text/html" href="${esc(url(''))}"/>
  <updated>${esc(data.generated_at)}</updated>
  <author><name>perfgate</name></author>
${entries.join('\n')}
</feed>
`;
  return new Response(xml, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
};
