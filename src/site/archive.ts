/**
 * How the site lays out a long history: the newest cycles as cards on the home page, every cycle in
 * a compact table split over static pages (`/cycles/`, `/cycles/page/2/`, …), the feed capped.
 * Layout only: which cycles go on which page, never a result.
 */

/** Cycles shown as cards on the home page (the newest). */
export const HOME_CARDS = 12;
/** Rows per page of the archive table. */
export const ARCHIVE_PAGE_SIZE = 50;
/** Entries in the Atom feed (the newest); cycles.json stays complete. */
export const FEED_LIMIT = 50;

export interface ArchivePage<T> {
  /** 1-based page number. */
  page: number;
  pages: number;
  /** Rank of the page's first row among all cycles (1-based, newest first). */
  first: number;
  items: T[];
}

/** Site path of an archive page: the first is `/cycles/`, the others `/cycles/page/N/`. */
export function archivePath(page: number): string {
  return page <= 1 ? 'cycles/' : `cycles/page/${page}/`;
}

/** Number of archive pages for `count` cycles (at least one, so that /cycles/ always exists). */
export function archivePageCount(count: number): number {
  return Math.max(1, Math.ceil(count / ARCHIVE_PAGE_SIZE));
}

/** The rows of archive page `page` (1-based). */
export function archivePage<T>(all: readonly T[], page: number): ArchivePage<T> {
  const start = (page - 1) * ARCHIVE_PAGE_SIZE;
  return {
    page,
    pages: archivePageCount(all.length),
    first: start + 1,
    items: all.slice(start, start + ARCHIVE_PAGE_SIZE),
  };
}
