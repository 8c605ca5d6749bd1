/**
 * Where a link or image of a cycle's Markdown artifact goes on the site: to the artifact's own page,
 * to the copy of a cycle file, to the web (http, https and mailto links only), or nowhere (plain
 * text) when it leaves the cycle or names a file that is not copied. Plain data in, so that a
 * worker thread renders with the same resolver as the main thread.
 */
import type { LinkResolver } from '../render-markdown.ts';
import { resolveCycleLink } from '../validate/rules/links.ts';
import { copyPath } from './evidence.ts';
import { encodePath, joinBase } from './site-data.ts';

export interface CycleLinks {
  /** Normalised base path of the site (`/` or `/repo/`). */
  base: string;
  slug: string;
  /** The cycle-relative path of the document the links are in. */
  fromFile: string;
  /** Cycle-relative paths of the files the site copies. */
  copied: readonly string[];
  /** Cycle-relative path → page name, for the Markdown artifacts that have a page of their own. */
  pages: Readonly<Record<string, string>>;
}

export function cycleLinkResolver(links: CycleLinks): LinkResolver {
  const copied = new Set(links.copied);
  return (url, kind) => {
    const trimmed = url.trim();
    const target = resolveCycleLink(trimmed, links.fromFile);
    if (target.kind === 'external')
      return kind === 'link' && /^(https?:|mailto:)/i.test(trimmed) ? trimmed : null;
    if (target.kind === 'outside' || !copied.has(target.path)) return null;
    const page = Object.hasOwn(links.pages, target.path) ? links.pages[target.path] : undefined;
    if (kind === 'link' && page) return joinBase(links.base, `cycles/${links.slug}/artifacts/${page}/`);
    return joinBase(links.base, encodePath(copyPath(links.slug, target.path)));
  };
}
