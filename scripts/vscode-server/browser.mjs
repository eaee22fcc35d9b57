// Headless Debian Chromium driven by playwright-core from the cache folder.
// playwright-core lives in .vscode-test/tools rather than in the project's
// devDependencies: only the real-VS-Code runs need it, install.mjs pins it next
// to the server it drives, and `npm ci` for lint/unit work stays lighter.
// Never `playwright install`: it downloads a browser, which fails offline.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHROMIUM_BIN, PLAYWRIGHT_CORE_DIR } from './layout.mjs';

const CHROMIUM_ARGS = [
  '--no-sandbox', // root in a container: the setuid sandbox is unavailable
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const VIEWPORT = Object.freeze({ width: 1440, height: 900 });

export async function launchChromium() {
  for (const [file, hint] of [
    [path.join(PLAYWRIGHT_CORE_DIR, 'index.mjs'), 'run `node scripts/vscode-server/install.mjs`'],
    [CHROMIUM_BIN, 'run `node scripts/vscode-server/install.mjs` as root (apt-get install chromium), or set CHROMIUM_PATH'],
  ]) {
    if (!fs.existsSync(file)) throw new Error(`${file} is missing: ${hint}`);
  }
  const { chromium } = await import(pathToFileURL(path.join(PLAYWRIGHT_CORE_DIR, 'index.mjs')).href);
  return chromium.launch({ executablePath: CHROMIUM_BIN, headless: true, args: CHROMIUM_ARGS });
}

export async function newWorkbenchPage(browser) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  return context.newPage();
}

/** Waits until the workbench has rendered its main parts (not for extensions). */
export async function waitForWorkbench(page, timeoutMs = 60_000) {
  await page.waitForSelector('.monaco-workbench .part.statusbar', { timeout: timeoutMs });
}
