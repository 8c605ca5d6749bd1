/** The site's only data source: the records the core computed, handed over by `perfgate build`. */
import { readFileSync } from 'node:fs';
import { encodePath, joinBase, type CycleRecord, type SiteData } from '../core/history/site-data.ts';

let cached: SiteData | undefined;
let bySlug: Map<string, CycleRecord> | undefined;

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
  return joinBase(import.meta.env.BASE_URL, path);
}

/** Link to a copied file (a site path as the core records it, not yet URL-encoded). */
export function fileHref(copy: string): string {
  return href(encodePath(copy));
}

/** Site paths of a cycle's pages. */
export const cyclePath = {
  overview: (c: Pick<CycleRecord, 'slug'>) => `cycles/${c.slug}/`,
  gate: (c: Pick<CycleRecord, 'slug'>, name: string) => `cycles/${c.slug}/gates/${name}/`,
  traceability: (c: Pick<CycleRecord, 'slug'>) => `cycles/${c.slug}/traceability/`,
  evidence: (c: Pick<CycleRecord, 'slug'>) => `cycles/${c.slug}/evidence/`,
  artifact: (c: Pick<CycleRecord, 'slug'>, name: string) => `cycles/${c.slug}/artifacts/${name}/`,
  report: (c: Pick<CycleRecord, 'slug'>) => `cycles/${c.slug}/report/`,
};

/** The cycle with this slug (pages get it from getStaticPaths). */
export function cycleBySlug(slug: string): CycleRecord {
  // One lookup table for the build: thousands of cycle pages each find their cycle in constant time.
  bySlug ??= new Map(siteData().cycles.map((x) => [x.slug, x]));
  const c = bySlug.get(slug);
  if (!c) throw new Error(`no cycle ${slug}`);
  return c;
}
