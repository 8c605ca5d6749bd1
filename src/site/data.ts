/** The site's only data source: the records the core computed, handed over by `perfgate build`. */
import { readFileSync } from 'node:fs';
import type { SiteData } from '../core/site-data.ts';

let cached: SiteData | undefined;

/** Reads the site data file named by PERFGATE_SITE_DATA (written by `perfgate build`). */
export function siteData(): SiteData {
  if (cached) return cached;
  const file = process.env.PERFGATE_SITE_DATA;
  if (!file)
    throw new Error(
      'PERFGATE_SITE_DATA is not set: build the site with `perfgate build` (npm run build), not `astro build`.',
    );
  cached = JSON.parse(readFileSync(file, 'utf8')) as SiteData;
  return cached;
}

/** Joins the site base and a path: the one helper for every internal link (works under a sub-path). */
export function href(path: string): string {
  const base = import.meta.env.BASE_URL.replace(/\/+$/, '');
  return `${base}/${path.replace(/^\/+/, '')}`;
}
