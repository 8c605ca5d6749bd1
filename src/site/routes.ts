/**
 * Every page the site renders, by route: the one list that `perfgate build` renders from (through
 * the renderer's entry, `renderer-entry.ts`). A route without parameters is rendered once; a route
 * with parameters is rendered once for each site path its function below lists, and a dynamic route
 * missing here stops the build (a new page cannot be left out silently).
 */
import { getCollection } from 'astro:content';
import { archivePageCount, archivePath } from './archive.ts';
import { cyclePath, renderedCycles, siteData } from './data.ts';

/** Site paths (no base, no leading slash) of the pages of each dynamic route, by its source file. */
export const DYNAMIC_ROUTES: Record<string, () => string[] | Promise<string[]>> = {
  'src/pages/cycles/page/[page].astro': () =>
    Array.from({ length: archivePageCount(siteData().cycles.length) - 1 }, (_, i) => archivePath(i + 2)),
  'src/pages/cycles/[slug]/index.astro': () => renderedCycles().map((c) => cyclePath.overview(c)),
  'src/pages/cycles/[slug]/gates/[gate].astro': () =>
    renderedCycles().flatMap((c) => c.evaluation.gates.map((g) => cyclePath.gate(c, g.name))),
  'src/pages/cycles/[slug]/traceability.astro': () => renderedCycles().map((c) => cyclePath.traceability(c)),
  'src/pages/cycles/[slug]/evidence.astro': () => renderedCycles().map((c) => cyclePath.evidence(c)),
  'src/pages/cycles/[slug]/report.astro': () =>
    renderedCycles()
      .filter((c) => c.report)
      .map((c) => cyclePath.report(c)),
  'src/pages/cycles/[slug]/artifacts/[name].astro': () =>
    renderedCycles().flatMap((c) => c.artifacts.map((a) => cyclePath.artifact(c, a.name))),
  'src/pages/cycles/[slug]/profiles/[id].astro': () =>
    renderedCycles().flatMap((c) => {
      const p = c.details.profiles;
      if (!p) return [];
      return [...p.profiles.map((x) => x.id), ...p.diffs.map((d) => d.id)].map((id) =>
        cyclePath.profile(c, id),
      );
    }),
  'src/pages/cycles/[slug]/compare.astro': () =>
    renderedCycles()
      .filter((c) => c.compare_previous)
      .map((c) => cyclePath.compare(c)),
  'src/pages/cycles/[slug]/compare.json.ts': () => renderedCycles().map((c) => cyclePath.compareJson(c)),
  'src/pages/docs/[...slug].astro': async () =>
    (await getCollection('docs')).map((d: { id: string }) => `docs/${d.id}/`),
};
