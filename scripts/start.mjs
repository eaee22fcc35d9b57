#!/usr/bin/env node
// `npm start`: try Threadwise on the example workspace.
//  1. installs the project's npm dependencies when node_modules is missing;
//  2. builds (npm run build);
//  3. copies examples/workspace to a fresh folder outside the repository (so trying a quick fix
//     never dirties the git tree) and installs its one dev dependency there;
//  4. with desktop VS Code (`code` on PATH): opens it with the extension loaded
//     from source; otherwise installs the VS Code server into .vscode-test/
//     (once) and serves the workbench on 127.0.0.1 until Ctrl+C / SIGTERM, which stop
//     every process this script started.
// `npm start -- --help` lists the options.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium, newWorkbenchPage, waitForWorkbench } from './vscode-server/browser.mjs';
import { ensureInstalled, isInstalled } from './vscode-server/install.mjs';
import { DEFAULT_WORKSPACE, REPO_ROOT } from './vscode-server/layout.mjs';
import { startServer } from './vscode-server/server.mjs';

const say = (message) => console.log(`[start] ${message}`);

const HELP = `Usage: npm start [-- options]

Builds Threadwise and opens it in a real VS Code on a copy of the example workspace.

Options:
  --workspace DIR     open DIR instead of a fresh copy of examples/workspace
                      (nothing is installed into it unless --install is given)
  --install           with --workspace: run \`npm install\` in DIR when it has a package.json
                      and no node_modules
  --server            use the VS Code server even when desktop VS Code (\`code\`) is on PATH
  --port N            port of the VS Code server (default: a free one)
  --workspace-trust   keep Restricted Mode on (the workspace starts untrusted)
  --no-build          skip \`npm ci\` and \`npm run build\`
  --extension DIR     load the extension from DIR (default: this repository)
  --screenshot FILE   headless check: open the workbench in Chromium, save a picture, stop
  -h, --help          this text`;

async function main() {
  const options = parseOptions();
  if (options.help) {
    console.log(HELP);
    return;
  }
  const useDesktop = !options.server && commandExists('code');
  if (!useDesktop) sayFirstRunEstimate();
  if (options.build) {
    installProjectDependencies();
    run('npm', ['run', 'build']);
  }
  const workspace = options.workspace ?? copyExampleWorkspace();
  if (options.workspace === undefined || options.install) installWorkspaceDependencies(workspace);
  if (useDesktop) {
    openDesktopVsCode({ ...options, workspace });
    return;
  }
  await ensureInstalled();
  await serveWorkbench({ ...options, workspace });
}

// Measured on the 2-core machines this project runs on: code-server's install took 2 to 13 minutes
// (it compiles native modules; the longer figure with other builds running), Chromium 1 to 3.
function sayFirstRunEstimate() {
  if (isInstalled()) return;
  say('first run: installing a VS Code server (about 600 MB) and, if missing, Chromium and build tools.');
  say('On a 2-core machine this takes 5 to 15 minutes (longer while other work loads it); later runs start in seconds.');
}

function parseOptions() {
  const { values } = parseArgs({
    options: {
      server: { type: 'boolean', default: false },
      port: { type: 'string', default: '0' },
      'workspace-trust': { type: 'boolean', default: false },
      build: { type: 'boolean', default: true },
      extension: { type: 'string', default: REPO_ROOT },
      workspace: { type: 'string' },
      install: { type: 'boolean', default: false },
      screenshot: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowNegative: true, // --no-build
  });
  return {
    help: values.help,
    install: values.install,
    server: values.server || values.screenshot !== undefined,
    port: Number(values.port),
    workspaceTrust: values['workspace-trust'],
    build: values.build,
    extensionPath: path.resolve(values.extension),
    workspace: values.workspace === undefined ? undefined : existingFolder(values.workspace),
    screenshot: values.screenshot && path.resolve(values.screenshot),
  };
}

function installProjectDependencies() {
  if (fs.existsSync(path.join(REPO_ROOT, 'node_modules', '.package-lock.json'))) return;
  say('installing the project\'s npm dependencies (npm ci)');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

function existingFolder(folder) {
  const resolved = path.resolve(folder);
  if (!fs.statSync(resolved, { throwIfNoEntry: false })?.isDirectory()) {
    throw new Error(`workspace folder not found: ${resolved}`);
  }
  return resolved;
}

/** A fresh copy of examples/workspace in the temp folder: quick fixes tried there never touch the repository. */
function copyExampleWorkspace() {
  const target = fs.mkdtempSync(path.join(os.tmpdir(), 'threadwise-example-'));
  fs.cpSync(DEFAULT_WORKSPACE, target, {
    recursive: true,
    filter: (source) => !['node_modules', 'build'].includes(path.basename(source)),
  });
  say(`example workspace copied to ${target}`);
  return target;
}

// The example workspace declares @types/node so VS Code's own TypeScript service shows no
// missing-module errors next to Threadwise's findings.
function installWorkspaceDependencies(workspace) {
  const manifest = path.join(workspace, 'package.json');
  if (fs.existsSync(manifest) && !fs.existsSync(path.join(workspace, 'node_modules'))) {
    say(`installing the workspace's dependencies in ${workspace}`);
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
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') console.error('[start] `npm start -- --help` lists the options');
  process.exit(1);
});
