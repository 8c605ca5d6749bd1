/** The site's only data source: the records the core computed, handed over by `perfgate build`. */
import {
  encodePath,
  joinBase,
  type CycleRecord,
  type PagesData,
  type SiteData,
} from '../core/history/site-data.ts';

let file: PagesData | undefined;
let bySlug: Map<string, CycleRecord> | undefined;

/** Hands the pages their data (the renderer does, before it renders a page: renderer-entry.ts). */
export function setSiteData(next: PagesData): void {
  file = next;
  bySlug = undefined;
}

/** The site data of this build. */
export function siteData(): SiteData {
  if (!file) throw new Error('perfgate: the pages were rendered before the site data was set');
  return file.data;
}

/**
 * The cycles whose pages this build renders: the others' pages come from the page cache
 * (core/publish/page-cache.ts), whose key covers exactly what a cycle's pages read: the cycle's
 * record (`cycleBySlug`), `chainHead()`, the base path and the templates. Cycle pages read nothing
 * else from the site data.
 */
export function renderedCycles(): CycleRecord[] {
  const data = siteData();
  const skip = new Set(file?.cached_slugs ?? []);
  return data.cycles.filter((c) => !skip.has(c.slug));
}

/** The archive's chain head (the newest archived manifest's SHA-256), shown on evidence pages. */
export function chainHead(): string | null {
  return siteData().chain_head;
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
  profile: (c: Pick<CycleRecord, 'slug'>, id: string) => `cycles/${c.slug}/profiles/${id}/`,
  /** The previous cycle and this one side by side. */
  compare: (c: Pick<CycleRecord, 'slug'>) => `cycles/${c.slug}/compare/`,
  /** What the compare page's script reads of a cycle. */
  compareJson: (c: Pick<CycleRecord, 'slug'>) => `cycles/${c.slug}/compare.json`,
};

/** The cycle with this slug (the pages' `slug` parameter). */
export function cycleBySlug(slug: string | undefined): CycleRecord {
  // One lookup table for the build: thousands of cycle pages each find their cycle in constant time.
  bySlug ??= new Map(siteData().cycles.map((x) => [x.slug, x]));
  const c = slug === undefined ? undefined : bySlug.get(slug);
  if (!c) throw new Error(`no cycle ${slug}`);
  return c;
}
