/**
 * HTML escaping for the concept panel. Everything the panel shows is rendered from string
 * templates, so the one rule is: a value interpolated into `html` is escaped unless it is already
 * `SafeHtml` (our own static fragments, or the output of another `html` template).
 * Runs in both the extension host and the webview: no `vscode`, no DOM.
 */

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Escapes text for use in element content and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (character) => HTML_ESCAPES[character] ?? character);
}

/** A string known to be markup we wrote (or escaped); the only thing `html` inserts verbatim. */
export class SafeHtml {
  constructor(readonly markup: string) {}
  toString(): string {
    return this.markup;
  }
}

/**
 * Marks one of OUR static fragments as markup. Never call it on anything derived from the user's
 * code or from a message: that is what `html` interpolation is for.
 */
export function trustedHtml(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

function renderValue(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.markup;
  if (Array.isArray(value)) return value.map((item: HtmlValue) => renderValue(item)).join('');
  // `false`, `null` and `undefined` render nothing so `${condition && html`...`}` reads naturally
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/** Tagged template: `html\`<h2>${name}</h2>\`` escapes `name`; nested templates pass through. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let markup = strings[0] ?? '';
  values.forEach((value, index) => {
    markup += renderValue(value) + (strings[index + 1] ?? '');
  });
  return new SafeHtml(markup);
}

/** Joins fragments (a list rendered with `map`) into one. */
export function joinHtml(fragments: readonly SafeHtml[], separator = ''): SafeHtml {
  return new SafeHtml(fragments.map((fragment) => fragment.markup).join(separator));
}
