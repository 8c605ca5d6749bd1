/**
 * The renderer's entry: `perfgate build` bundles the site once per template fingerprint, base path
 * and site URL as an Astro server bundle (core/publish/renderer.ts), then renders every page of a
 * build from it, with no bundler at all. It lists the site's pages for a build's data (routes.ts)
 * and renders one page at a time.
 */
import { createApp } from 'astro/app/entrypoint';
import { encodePath, joinBase, type PagesData } from '../core/history/site-data.ts';
import { setSiteData } from './data.ts';
import { DYNAMIC_ROUTES } from './routes.ts';

const app = createApp({ streaming: false });
/** Requests never leave the process: this origin only carries the path. */
const ORIGIN = 'http://perfgate.invalid';

/** A page of the site: its site path (pages end in `/`) and the file it is written to. */
export interface SitePage {
  path: string;
  file: string;
}

/** Hands the pages their data, and lists every page and endpoint the site has with it. */
export async function sitePages(data: PagesData): Promise<SitePage[]> {
  setSiteData(data);
  const out: SitePage[] = [];
  for (const route of app.manifestData.routes) {
    if (route.origin !== 'project' || (route.type !== 'page' && route.type !== 'endpoint')) continue;
    let paths: string[];
    if (route.params.length === 0) {
      const p = (route.pathname ?? '/').replace(/^\/+/, '');
      paths = [route.type === 'page' && p !== '' && !p.endsWith('/') ? `${p}/` : p];
    } else {
      const list = DYNAMIC_ROUTES[route.component];
      if (!list)
        throw new Error(
          `perfgate: the route ${route.component} has no list of its pages in src/site/routes.ts`,
        );
      paths = await list();
    }
    for (const p of paths) out.push({ path: p, file: route.type === 'page' ? `${p}index.html` : p });
  }
  return out;
}

/** Renders one page (a site path from `sitePages`): its bytes, or an error naming it. */
export async function renderPage(page: SitePage): Promise<Uint8Array> {
  const url = ORIGIN + joinBase(import.meta.env.BASE_URL, encodePath(page.path));
  const res = await app.render(new Request(url));
  if (res.status !== 200)
    throw new Error(
      `perfgate: rendering /${page.path} gave HTTP ${res.status}: ${(await res.text()).slice(0, 300)}`,
    );
  return new Uint8Array(await res.arrayBuffer());
}
