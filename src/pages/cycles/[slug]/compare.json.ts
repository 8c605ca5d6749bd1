/**
 * `/cycles/<slug>/compare.json`: what comparing this cycle with another needs (`compareSide`), read
 * by the compare page's script for any pair a reader picks.
 */
import type { APIRoute } from 'astro';
import { compareSide } from '../../../core/history/compare/side.ts';
import { cycleBySlug } from '../../../site/data.ts';

export const GET: APIRoute = ({ params }) =>
  new Response(`${JSON.stringify(compareSide(cycleBySlug(params.slug)), null, 2)}\n`, {
    headers: { 'Content-Type': 'application/json' },
  });
