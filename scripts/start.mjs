#!/usr/bin/env node
// `npm start`: try Threadwise on the example workspace.
//  1. installs the project's npm dependencies when node_modules is missing;
//  2. builds (npm run build);
//  3. with desktop VS Code (`code` on PATH): opens it with the extension loaded
//     from source; otherwise installs the VS Code server into .vscode-test/
//     (once, ~2 minutes) and serves the workbench on 127.0.0.1 until Ctrl+C.
//
// Options: --server (use the VS Code server even if `code` exists), --port N,
// --workspace-trust (keep Restricted Mode on), --no-build, --extension DIR,
// --workspace DIR, --screenshot FILE (headless check: open the printed URL in
// Chromium, save a picture, stop).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium, newWorkbenchPage, waitForWorkbench } from './vscode-server/browser.mjs';
import { ensureInstalled } from './vscode-server/install.mjs';
import { DEFAULT_WORKSPACE, REPO_ROOT } from './vscode-server/layout.mjs';
import { startServer } from './vscode-server/server.mjs';

const say = (message) => console.log(`[start] ${message}`);

async function main() {
  const options = parseOptions();
  if (options.build) {
    installProjectDependencies();
    run('npm', ['run', 'build']);
  }
  ensureWorkspace(options.workspace);
  if (!options.server && commandExists('code')) {
    openDesktopVsCode(options);
    return;
  }
  await ensureInstalled();
  await serveWorkbench(options);
}

function parseOptions() {
  const { values } = parseArgs({
    options: {
      server: { type: 'boolean', default: false },
      port: { type: 'string', default: '0' },
      'workspace-trust': { type: 'boolean', default: false },
      build: { type: 'boolean', default: true },
      extension: { type: 'string', default: REPO_ROOT },
      workspace: { type: 'string', default: DEFAULT_WORKSPACE },
      screenshot: { type: 'string' },
    },
    allowNegative: true, // --no-build
  });
  return {
    server: values.server || values.screenshot !== undefined,
    port: Number(values.port),
    workspaceTrust: values['workspace-trust'],
    build: values.build,
    extensionPath: path.resolve(values.extension),
    workspace: path.resolve(values.workspace),
    screenshot: values.screenshot && path.resolve(values.screenshot),
  };
}

function installProjectDependencies() {
  if (fs.existsSync(path.join(REPO_ROOT, 'node_modules', '.package-lock.json'))) return;
  say('installing the project\'s npm dependencies (npm ci)');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

// The example workspace declares @types/node so VS Code's own TypeScript service shows no
// missing-module errors next to Threadwise's findings.
function ensureWorkspace(workspace) {
  if (!fs.existsSync(workspace)) throw new Error(`workspace folder not found: ${workspace}`);
  const manifest = path.join(workspace, 'package.json');
  if (fs.existsSync(manifest) && !fs.existsSync(path.join(workspace, 'node_modules'))) {
    say(`installing the example workspace's dependencies in ${workspace}`);
    run('npm', ['install', '--prefix', workspace, '--no-audit', '--no-fund']);
  }
}

function openDesktopVsCode({ extensionPath, workspace }) {
  say(`opening desktop VS Code: code --extensionDevelopmentPath=${extensionPath} ${workspace}`);
  run('code', [`--extensionDevelopmentPath=${extensionPath}`, workspace]);
}

async function serveWorkbench(options) {
  let extensionLoaded = false;
  const server = await startServer({
    port: options.port,
    workspaceTrust: options.workspaceTrust,
    onOutput: (line) => { extensionLoaded ||= line.includes(`Loading development extension at ${options.extensionPath}`); },
  });
  // server-main.js ignores --extensionDevelopmentPath; the workbench takes it
  // from the URL's payload (honoured thanks to --enable-smoke-test-driver), so
  // the URL itself loads the extension from source, reloads included.
  const url = server.workbenchUrl(options.workspace, [['extensionDevelopmentPath', server.remoteUri(options.extensionPath)]]);
  if (options.screenshot) {
    try {
      await screenshotWorkbench(url, options.screenshot);
      if (!extensionLoaded) throw new Error(`the server never loaded the development extension at ${options.extensionPath}:\n${server.recentOutput()}`);
      say('the server loaded the development extension');
    } finally {
      await server.stop();
    }
    return;
  }
  say(`VS Code server with the extension loaded from ${options.extensionPath}`);
  console.log(`\nOpen ${url}\n`);
  say('Ctrl+C to stop');
  const { code, signal } = await server.exited;
  if (!server.stopping) throw new Error(`VS Code server exited (code ${code}, signal ${signal}):\n${server.recentOutput()}`);
}

// What a person sees at the printed URL, without a person: for checking
// that the workbench comes up with the extension in it.
async function screenshotWorkbench(url, file) {
  const browser = await launchChromium();
  try {
    const page = await newWorkbenchPage(browser);
    await page.goto(url);
    await waitForWorkbench(page);
    await page.waitForTimeout(5_000); // extension activation and first notifications
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await page.screenshot({ path: file });
    say(`screenshot of ${url}: ${file}`);
  } finally {
    await browser.close();
  }
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: REPO_ROOT, stdio: 'inherit' });
  if (result.error) throw new Error(`${command} could not start: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`\`${command} ${args.join(' ')}\` failed with exit code ${result.status}`);
}

function commandExists(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

main().catch((error) => {
  console.error(`[start] ${error.message}`);
  process.exit(1);
});
