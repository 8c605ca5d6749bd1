/**
 * Where the site is served on GitHub Pages, when the workflow does not say: a project site under
 * `/<repository>/`, a user or organisation site (`<owner>.github.io`) at `/`. A custom domain
 * cannot be told from the repository: the README's workflow passes the `base_path` output of
 * actions/configure-pages, which knows all three.
 */

/** The default base path for `owner/name` (GITHUB_REPOSITORY); `/` when unknown. */
export function defaultPagesBase(repository: string | undefined): string {
  const [owner, name] = repository?.split('/') ?? [];
  if (!owner || !name) return '/';
  return name.toLowerCase() === `${owner.toLowerCase()}.github.io` ? '/' : `/${name}/`;
}

/**
 * The base input as the site needs it: configure-pages gives `/repo` or `` (a user site or a
 * custom domain), so `${{ steps.pages.outputs.base_path }}/` is `/repo/` or `/`; a missing leading
 * or trailing slash is added.
 */
export function normalisePagesBase(base: string): string {
  const trimmed = base.trim();
  const lead = trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
  return lead.endsWith('/') ? lead : `${lead}/`;
}
