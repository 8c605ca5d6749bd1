/**
 * The cycle's Markdown artifacts, rendered as the site renders them: through `render-markdown.ts`
 * (raw HTML shown as text, links kept inside the bundle, rehype-sanitize last), with images turned
 * into links so that the page loads nothing, and ids prefixed per document. A document above
 * MAX_RENDERED_BYTES is linked, not rendered: the page never grows with one file's size.
 */
import { ARTIFACTS } from '../../artifacts.ts';
import type { LoadedCycle } from '../../load/cycle.ts';
import { renderMarkdown, type LinkResolver } from '../../render-markdown.ts';
import { resolveCycleLink } from '../../validate/rules/links.ts';
import { formatBytes } from '../../format/index.ts';
import { h, sanitized, type Html } from './h.ts';
import { fileLink, fileUrl, type OfflineDocument, type OfflineModel } from './model.ts';

export const MAX_RENDERED_BYTES = 256 * 1024;

/** Links of a document: to a file of the bundle (relative), to the web (http, https, mailto links), or plain text. */
function bundleResolver(bundled: ReadonlySet<string>, fromFile: string): LinkResolver {
  return (url, kind) => {
    const trimmed = url.trim();
    const t = resolveCycleLink(trimmed, fromFile);
    // As on the site: a web image is never offered (a tracking pixel stays text), a web link stays a link.
    if (t.kind === 'external') return kind === 'link' && /^(https?:|mailto:)/i.test(trimmed) ? trimmed : null;
    return t.kind === 'file' && bundled.has(t.path) ? fileUrl(t.path) : null;
  };
}

/** The page id of a document. */
export const documentAnchor = (file: string) => `doc-${file.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`;

/** The Markdown artifacts of the cycle, rendered and sanitized (or too large, linked). */
export function renderDocuments(cycle: LoadedCycle, bundled: ReadonlySet<string>): OfflineDocument[] {
  const out: OfflineDocument[] = [];
  for (const spec of ARTIFACTS) {
    const a = spec.format === 'markdown' ? cycle.artifacts[spec.name] : undefined;
    if (!a) continue;
    const bytes = Buffer.byteLength(a.text, 'utf8');
    if (bytes > MAX_RENDERED_BYTES) {
      out.push({
        file: a.file,
        html: null,
        note: `${formatBytes(bytes)}, more than this page renders (${formatBytes(MAX_RENDERED_BYTES)}): open the file`,
      });
      continue;
    }
    const anchor = documentAnchor(a.file);
    const r = renderMarkdown(a.text, bundleResolver(bundled, a.file), {
      images: 'link',
      idPrefix: `${anchor}-`,
      tableLabel: (n) => `Table ${n} of ${a.file}`,
      // Under the document's own h3: its `#` is an h4.
      headingBase: 4,
    });
    out.push({ file: a.file, html: r.html });
  }
  return out;
}

/** The Markdown artifacts, each under its file name (null when the cycle has none). */
export function documentsSection(m: OfflineModel): Html | null {
  if (m.documents.length === 0) return null;
  return h(
    'section',
    null,
    h('h2', { id: 'documents' }, 'Documents'),
    h(
      'p',
      { class: 'muted' },
      'The cycle’s Markdown artifacts as the site shows them. Raw HTML in them is shown as text; links lead to files of this bundle.',
    ),
    m.documents.map((d) =>
      h(
        'article',
        { class: 'document', id: documentAnchor(d.file), 'aria-labelledby': `${documentAnchor(d.file)}-h` },
        // The file names the document; its own headings follow, as written.
        h('h3', { id: `${documentAnchor(d.file)}-h` }, fileLink(m, d.file, d.file)),
        d.html === null
          ? h('p', { class: 'muted' }, d.note ?? 'Not rendered.')
          : h('div', { class: 'prose' }, sanitized(d.html)),
      ),
    ),
  );
}
