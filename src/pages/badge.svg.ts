/** `/badge.svg`: a status badge of the latest cycle (text and colour, like a CI badge). */
import type { APIRoute } from 'astro';
import { siteData } from '../site/data.ts';
import { verdictInfo } from '../site/format.ts';
import { xmlText } from '../core/format/xml.ts';

const esc = xmlText;
const COLOURS: Record<string, string> = {
  pass: '#1a7f37',
  waived: '#6639ba',
  fail: '#cf222e',
  pending: '#9a6700',
};

/** Approximate text width in Verdana 11px (enough for a badge; no font metrics at build time). */
const width = (s: string) => Math.round(s.length * 6.6 + 12);

export const GET: APIRoute = () => {
  const latest = siteData().cycles[0];
  const label = 'perf gates';
  const info = latest ? verdictInfo(latest.verdict) : null;
  const message = latest && info ? `${latest.cycle_id}: ${info.label.toLowerCase()}` : 'no cycles';
  const colour = info ? (COLOURS[info.tone] ?? '#57606a') : '#57606a';
  const lw = width(label);
  const mw = width(message);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${lw + mw}" height="20" role="img" aria-label="${esc(`${label}: ${message}`)}">
  <title>${esc(`${label}: ${message}`)}</title>
  <rect width="${lw}" height="20" fill="#555"/>
  <rect x="${lw}" width="${mw}" height="20" fill="${colour}"/>
  <g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11" text-anchor="middle">
    <text x="${lw / 2}" y="14">${esc(label)}</text>
    <text x="${lw + mw / 2}" y="14">${esc(message)}</text>
  </g>
</svg>
`;
  return new Response(svg, { headers: { 'Content-Type': 'image/svg+xml' } });
};
