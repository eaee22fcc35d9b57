import assert from 'node:assert/strict';
import { contentSecurityPolicy, createNonce, renderPanelHtml } from '../../../src/extension/panel/html';

const resources = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/panel.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/panel/panel.css',
  codiconsUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/codicons/codicon.css',
};

/** The CSP as the browser reads it (the attribute value with entities decoded). */
function policyOf(page: string): string {
  const match = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(page);
  assert.ok(match, 'the page has a CSP meta tag');
  return match[1]!.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

describe('panel HTML shell', () => {
  it('has a strict policy: nothing by default, our script by nonce, styles and fonts from the webview only', () => {
    const page = renderPanelHtml(resources, 'abc123+/=');
    const policy = policyOf(page);
    const directives = new Map(policy.split('; ').map((directive) => [directive.split(' ')[0], directive]));
    assert.equal(directives.get('default-src'), "default-src 'none'");
    assert.equal(directives.get('script-src'), "script-src 'nonce-abc123+/='");
    assert.equal(directives.get('style-src'), `style-src ${resources.cspSource}`);
    assert.equal(directives.get('font-src'), `font-src ${resources.cspSource}`);
    assert.ok(!policy.includes('unsafe-inline') && !policy.includes('unsafe-eval'), policy);
    assert.equal(policy, contentSecurityPolicy(resources.cspSource, 'abc123+/='));
  });

  it('loads exactly one script, carrying the nonce, and no inline script or style', () => {
    const page = renderPanelHtml(resources, 'n0nce');
    const scripts = page.match(/<script\b[^>]*>/g) ?? [];
    assert.deepEqual(scripts, [`<script nonce="n0nce" src="${resources.scriptUri}">`]);
    assert.ok(!/<script[^>]*>[^<]+<\/script>/.test(page), 'no inline script body');
    assert.ok(!/<style\b/.test(page), 'no inline <style>');
    assert.ok(!/\sstyle=/.test(page), 'no style attributes');
  });

  it('has no inline event handlers', () => {
    assert.ok(!/\son[a-z]+\s*=/i.test(renderPanelHtml(resources)));
  });

  it('uses a fresh nonce for every render', () => {
    const nonces = new Set(Array.from({ length: 20 }, () => createNonce()));
    assert.equal(nonces.size, 20);
    const first = /nonce="([^"]+)"/.exec(renderPanelHtml(resources))![1];
    const second = /nonce="([^"]+)"/.exec(renderPanelHtml(resources))![1];
    assert.notEqual(first, second);
    assert.match(first!, /^[A-Za-z0-9+/]{22}==$/, '128 random bits in base64');
  });

  it('escapes the resource URIs it is given', () => {
    const page = renderPanelHtml({ ...resources, styleUri: 'x"><script>alert(1)</script>' }, 'n');
    assert.ok(!page.includes('<script>alert(1)'));
    assert.ok(page.includes('x&quot;&gt;&lt;script&gt;'));
  });

  it('marks the codicon stylesheet so the icon component finds it', () => {
    assert.ok(renderPanelHtml(resources).includes(`href="${resources.codiconsUri}" id="vscode-codicon-stylesheet"`));
  });
});
