/**
 * The panel's HTML shell. Static: all content is drawn by the webview script from messages, so the
 * document never contains anything from the user's code. The policy allows exactly one script (ours,
 * by nonce), styles and fonts only from the extension's own files, and nothing else: no inline
 * handlers, no inline styles, no network.
 * No `vscode` import: the caller passes the webview's cspSource and resource URIs as strings.
 */
import { randomBytes } from 'node:crypto';
import { html } from './escape';

export interface PanelResources {
  /** `webview.cspSource` */
  cspSource: string;
  /** webview URIs (from `asWebviewUri`) */
  scriptUri: string;
  styleUri: string;
  codiconsUri: string;
}

/** A fresh nonce for every render: 128 random bits, base64 (a valid CSP nonce value). */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export function renderPanelHtml(resources: PanelResources, nonce: string = createNonce()): string {
  return html`<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(resources.cspSource, nonce)}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${resources.codiconsUri}" id="vscode-codicon-stylesheet">
  <link rel="stylesheet" href="${resources.styleUri}">
  <title>Threadwise: Concurrency Guide</title>
</head>
<body>
  <main id="app" aria-busy="true">
    <p class="loading">Loading the concurrency guide…</p>
  </main>
  <script nonce="${nonce}" src="${resources.scriptUri}"></script>
</body>
</html>`.markup;
}
