/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * DOM checks used after rendering. The analysis view is built only from our templates, so it can
 * never legitimately contain these elements or any `on…` attribute: finding one means something
 * from the user's code was interpreted as markup, and the extension logs it (tests assert zero).
 */
const FORBIDDEN_SELECTOR = 'script, iframe, frame, object, embed, img, link, style, meta, base, form, svg image';

export function countUnexpectedElements(container: Element): number {
  let count = container.querySelectorAll(FORBIDDEN_SELECTOR).length;
  for (const element of container.querySelectorAll('*')) {
    if (element.getAttributeNames().some((name) => name.toLowerCase().startsWith('on'))) count += 1;
  }
  return count;
}
