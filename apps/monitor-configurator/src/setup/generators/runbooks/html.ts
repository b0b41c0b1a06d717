/**
 * HTML built from data: text is escaped where it is placed, so a value (an alert's summary, an
 * expression with `<`) can never become markup. Only `el` and `page` make markup.
 */
const MARKUP: unique symbol = Symbol('markup');

/** Markup made here; there is no way to make one from a string outside this file. */
export interface Html {
  readonly [MARKUP]: string;
}

const trusted = (markup: string): Html => ({ [MARKUP]: markup });
const isHtml = (child: object): child is Html => MARKUP in child;

/** What an element holds: text (escaped), elements, or nothing (`undefined`/`false` are left out). */
export type Child = string | Html | undefined | false | readonly Child[];

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** The one escaping function: text and attribute values alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

function render(child: Child): string {
  if (child === undefined || child === false) return '';
  if (typeof child === 'string') return escapeHtml(child);
  if (Array.isArray(child)) return (child as readonly Child[]).map(render).join('');
  return isHtml(child) ? child[MARKUP] : '';
}

/** `<tag attr="value">children</tag>`; tag and attribute names are this code's constants, values escaped. */
export function el(tag: string, attrs: Readonly<Record<string, string>>, ...children: Child[]): Html {
  const attributes = Object.entries(attrs)
    .map(([name, value]) => ` ${name}="${escapeHtml(value)}"`)
    .join('');
  return trusted(`<${tag}${attributes}>${render(children)}</${tag}>`);
}

const STYLE = [
  'body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1b1f24}',
  'pre{background:#f4f5f7;padding:.75rem;overflow-x:auto;white-space:pre-wrap}',
  'table{border-collapse:collapse}td,th{border:1px solid #d0d7de;padding:.25rem .5rem;text-align:left;vertical-align:top}',
  '.page{color:#b42318;font-weight:600}.ticket{color:#8a6d00;font-weight:600}',
].join('');

/** A whole document: `<!doctype html>`, a title, a little style, the body. */
export function page(title: string, ...body: Child[]): string {
  const head = el('head', {}, trusted('<meta charset="utf-8">'), trusted('<meta name="viewport" content="width=device-width, initial-scale=1">'), el('title', {}, title), el('style', {}, trusted(STYLE)));
  return `<!doctype html>\n${el('html', { lang: 'en' }, head, el('body', {}, ...body))[MARKUP]}\n`;
}
