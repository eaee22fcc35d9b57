import assert from 'node:assert/strict';
import { escapeHtml, html, joinHtml, trustedHtml } from '../../../src/extension/panel/escape';
import { HOSTILE } from './fixtures';

describe('panel escaping', () => {
  it('escapes every character that can open markup or end an attribute', () => {
    assert.equal(escapeHtml(`<a href="x" title='y'>&\`</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&#96;&lt;/a&gt;');
  });

  it('escapes interpolated strings in html templates, in text and in attributes', () => {
    const rendered = html`<p title="${HOSTILE}">${HOSTILE}</p>`.markup;
    assert.ok(!rendered.includes('<img'), rendered);
    assert.ok(!rendered.includes('</script>'), rendered);
    assert.ok(!rendered.includes('<script>'), rendered);
    assert.match(rendered, /&lt;img src=x onerror=alert\(1\)&gt;&lt;\/script&gt;/);
    assert.equal((rendered.match(/"/g) ?? []).length, 2, 'only the template quotes remain');
  });

  it('inserts nested templates and trusted fragments verbatim, but escapes their interpolations', () => {
    const inner = html`<b>${'<i>'}</b>`;
    assert.equal(html`<p>${inner}${trustedHtml('<br>')}</p>`.markup, '<p><b>&lt;i&gt;</b><br></p>');
  });

  it('renders lists, numbers and skips false, null and undefined', () => {
    const items = ['<a>', 'b'].map((item) => html`<li>${item}</li>`);
    assert.equal(html`<ul>${items}</ul>${0}${false}${null}${undefined}`.markup, '<ul><li>&lt;a&gt;</li><li>b</li></ul>0');
    assert.equal(joinHtml(items, ' ').markup, '<li>&lt;a&gt;</li> <li>b</li>');
  });
});
