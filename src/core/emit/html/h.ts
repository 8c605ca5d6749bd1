/**
 * A small HTML writer for report.html. Markup exists only as `Html` values made here: every string
 * child and attribute value is escaped, so text from an artifact can never become markup. The two
 * ways around escaping are named: `raw` for perfgate's own constants and SVG drawn by perfgate
 * (escaped where it was written), `sanitized` for rehype-sanitize's output.
 */
import { xmlText } from '../../format/xml.ts';

declare const brand: unique symbol;

/** Markup that is safe to emit as it is. */
export interface Html {
  readonly [brand]: true;
  readonly html: string;
}

export type Child = Html | string | number | null | undefined | false | readonly Child[];
export type AttrValue = string | number | boolean | null | undefined;

const make = (html: string): Html => ({ html }) as Html;

/** Text escaped for HTML content and attribute values: perfgate's one markup escaping. */
export const esc = xmlText;

const VOID = new Set(['br', 'col', 'hr', 'img', 'meta', 'wbr', 'link']);
const TAG = /^[a-z][a-z0-9-]*$/;
const ATTR = /^[a-zA-Z][a-zA-Z0-9-]*$/;

function render(c: Child): string {
  if (c === null || c === undefined || c === false) return '';
  if (typeof c === 'string') return esc(c);
  if (typeof c === 'number') return esc(String(c));
  if (Array.isArray(c)) return (c as readonly Child[]).map(render).join('');
  return (c as Html).html;
}

/** An element: `attrs` with a null, undefined or false value are left out, `true` is a bare attribute. */
export function h(tag: string, attrs: Record<string, AttrValue> | null, ...children: Child[]): Html {
  if (!TAG.test(tag)) throw new Error(`perfgate: not an element name: ${tag}`);
  let open = `<${tag}`;
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (!ATTR.test(k)) throw new Error(`perfgate: not an attribute name: ${k}`);
    if (v === null || v === undefined || v === false) continue;
    open += v === true ? ` ${k}` : ` ${k}="${esc(String(v))}"`;
  }
  if (VOID.has(tag)) return make(`${open}>`);
  return make(`${open}>${render(children)}</${tag}>`);
}

/** Children side by side, without an element around them. */
export function frag(...children: Child[]): Html {
  return make(render(children));
}

/** Items joined by a separator (text or markup). */
export function join(items: readonly Child[], sep: Child = ', '): Html {
  return frag(items.flatMap((item, i) => (i === 0 ? [item] : [sep, item])));
}

/** perfgate's own markup (a constant, or SVG whose text perfgate escaped as it drew it). */
export function raw(html: string): Html {
  return make(html);
}

/** The output of rehype-sanitize (render-markdown.ts): untrusted Markdown, already made safe. */
export function sanitized(html: string): Html {
  return make(html);
}

/** The markup of a fragment, for the page's bytes. */
export function toString(c: Child): string {
  return render(c);
}
