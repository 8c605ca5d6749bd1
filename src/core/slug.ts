/**
 * Slugs: the names the schemas allow for cycle ids and services (`$defs/slug`), which the site uses
 * as URL segments and file names.
 */

/** A slug as the schemas define it. */
export const SLUG = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/**
 * A URL segment (and file name) for `raw`: itself when it is a slug, else a cleaned form (lower case,
 * other characters as "-", starting with a letter or digit), or `fallback` when nothing is left.
 * Never ".", "..", empty, or with a "/": names from artifacts cannot lead a page out of its folder.
 */
export function urlSegment(raw: string, fallback: string): string {
  if (SLUG.test(raw)) return raw;
  return (
    raw
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^[^a-z0-9]+/, '')
      .slice(0, 60) || fallback
  );
}
