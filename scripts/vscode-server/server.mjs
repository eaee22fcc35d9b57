// Starts and stops the VS Code server from the code-server npm package
// (server-main.js run directly with Node 24; the code-server wrapper rejects
// --enable-smoke-test-driver, which the test runs need).
//
//   const server = await startServer({ workspaceTrust: false, colorTheme: 'Default Dark Modern' });
//   server.workbenchUrl(folder, payload)  ->  http://127.0.0.1:<port>/?folder=...&payload=...
//   await server.stop();
//
// Every started server runs in its own process group, and is killed with its
// children on stop(), on SIGINT/SIGTERM/SIGHUP, and when this process exits.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NODE24_BIN, SERVER_MAIN } from './layout.mjs';

const READY_PATTERN = /Extension host agent listening on (\d+)/;
const DEFAULT_READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 5_000;
const OUTPUT_TAIL_LINES = 60;

const runningServers = new Set();

/**
 * @param {object} [options]
 * @param {boolean} [options.workspaceTrust=true]  false passes --disable-workspace-trust (every folder trusted);
 *   true keeps the trust feature on, so a fresh folder opens in Restricted Mode (no startup prompt).
 * @param {string} [options.colorTheme]  e.g. 'Default Light Modern', 'Default Dark Modern'.
 * @param {Record<string, unknown>} [options.settings]  extra user settings.
 * @param {boolean} [options.smokeTestDriver=true]  makes the workbench honour the URL `payload`, the only
 *   way to load a development extension or a test suite (server-main.js ignores --extensionDevelopmentPath).
 * @param {Record<string, string>} [options.env]  extra environment for the server and so its extension host.
 * @param {(line: string) => void} [options.onOutput]  receives every server output line.
 * @param {string} [options.logFile]  also append server output there.
 * @param {string} [options.keepLogsIn]  on stop, copy VS Code's log folder (extension hosts, output
 *   channels such as Threadwise's language server log) there before the temporary folder goes.
 * @param {number} [options.port=0]  0: a free port chosen by the server.
 * @param {number} [options.readyTimeoutMs]
 */
export async function startServer(options = {}) {
  assertInstalled();
  const tempRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'threadwise-vscode-'));
  const userDataDir = path.join(tempRoot, 'user-data');
  const extensionsDir = path.join(tempRoot, 'extensions');
  writeUserSettings(userDataDir, options);
  fs.mkdirSync(extensionsDir, { recursive: true });

  const child = spawn(NODE24_BIN, [SERVER_MAIN, ...serverArgs({ ...options, userDataDir, extensionsDir })], {
    // Own process group: stop() kills the extension host, pty host and file
    // watcher with the server, by the group id of the process we started.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...serverEnv(), ...options.env },
  });
  const server = new RunningServer(child, tempRoot, { userDataDir, extensionsDir, keepLogsIn: options.keepLogsIn });
  runningServers.add(server);
  installExitHandlers();
  forwardOutput(child, server, options);

  try {
    server.port = await waitUntilListening(child, server, options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

class RunningServer {
  constructor(child, tempRoot, dirs) {
    this.child = child;
    this.tempRoot = tempRoot;
    this.userDataDir = dirs.userDataDir;
    this.extensionsDir = dirs.extensionsDir;
    this.keepLogsIn = dirs.keepLogsIn;
    this.port = undefined;
    this.outputTail = [];
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => resolve({ code, signal }));
      // A process that never started emits 'error' and no 'exit'.
      child.once('error', () => { if (child.pid === undefined) resolve({ code: null, signal: null }); });
    });
    this.stopping = undefined;
  }

  get baseUrl() {
    return `http://127.0.0.1:${this.port}`;
  }

  /** A vscode-remote URI string for a path on this machine, as the workbench payload expects. */
  remoteUri(fsPath) {
    return `vscode-remote://127.0.0.1:${this.port}${path.resolve(fsPath)}`;
  }

  /** @param {string} folder  @param {Array<[string, string]>} [payload] */
  workbenchUrl(folder, payload) {
    const query = new URLSearchParams({ folder: path.resolve(folder) });
    if (payload) query.set('payload', JSON.stringify(payload));
    return `${this.baseUrl}/?${query}`;
  }

  recentOutput() {
    return this.outputTail.join('\n');
  }

  stop() {
    this.stopping ??= this.#terminate();
    return this.stopping;
  }

  async #terminate() {
    signalGroup(this.child, 'SIGTERM');
    const timer = setTimeout(() => signalGroup(this.child, 'SIGKILL'), STOP_GRACE_MS);
    await this.exited;
    clearTimeout(timer);
    // The server may exit before its children: sweep the group once more.
    signalGroup(this.child, 'SIGKILL');
    this.#keepLogs();
    fs.rmSync(this.tempRoot, { recursive: true, force: true });
    runningServers.delete(this);
  }

  #keepLogs() {
    const logs = path.join(this.userDataDir, 'logs');
    if (!this.keepLogsIn || !fs.existsSync(logs)) return;
    try {
      fs.cpSync(logs, this.keepLogsIn, { recursive: true });
    } catch (error) {
      console.error(`could not keep VS Code's logs: ${error.message}`);
    }
  }

  /** Synchronous last resort for process 'exit', where nothing can be awaited. */
  killNow() {
    signalGroup(this.child, 'SIGKILL');
    fs.rmSync(this.tempRoot, { recursive: true, force: true });
  }
}

function serverArgs({ workspaceTrust = true, smokeTestDriver = true, port = 0, userDataDir, extensionsDir }) {
  return [
    '--host', '127.0.0.1',
    // 0: the server picks a free port and prints it, no race with a pre-probed one.
    '--port', String(port),
    '--without-connection-token',
    '--accept-server-license-terms',
    '--disable-telemetry',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    ...(smokeTestDriver ? ['--enable-smoke-test-driver'] : []),
    ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
  ];
}

// Quiet, offline-friendly defaults for a throwaway profile. With trust on,
// the startup prompt would be a modal dialog over the workbench: tests and
// screenshots want Restricted Mode without it.
function userSettings({ colorTheme, settings = {} }) {
  return {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'update.mode': 'none',
    'security.workspace.trust.startupPrompt': 'never',
    'chat.disableAIFeatures': true,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    ...(colorTheme ? { 'workbench.colorTheme': colorTheme } : {}),
    ...settings,
  };
}

/**
 * Writes <userDataDir>/User/settings.json: what the web workbench reads
 * (code-server keeps user data on the server side), and the same layout
 * desktop VS Code uses, so run-electron.mjs shares it.
 * @param {string} userDataDir
 * @param {{ colorTheme?: string, settings?: Record<string, unknown> }} options
 */
export function writeUserSettings(userDataDir, options) {
  const userDir = path.join(userDataDir, 'User');
  fs.mkdirSync(userDir, { recursive: true });
  fs.writeFileSync(path.join(userDir, 'settings.json'), `${JSON.stringify(userSettings(options), null, 2)}\n`);
}

// Variables of the calling Node (npm scripts, NODE_OPTIONS from a debugger)
// would leak into the Node 24 server and the extension host.
function serverEnv() {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  delete env.ELECTRON_RUN_AS_NODE;
  for (const name of Object.keys(env)) if (name.startsWith('npm_')) delete env[name];
  return env;
}

function forwardOutput(child, server, { onOutput, logFile }) {
  const logStream = logFile ? fs.createWriteStream(logFile, { flags: 'a' }) : undefined;
  child.once('exit', () => logStream?.end());
  for (const stream of [child.stdout, child.stderr]) {
    let pending = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      logStream?.write(chunk);
      const lines = (pending + chunk).split('\n');
      pending = lines.pop();
      for (const line of lines) recordLine(server, line, onOutput);
    });
  }
}

function recordLine(server, line, onOutput) {
  server.outputTail.push(line);
  if (server.outputTail.length > OUTPUT_TAIL_LINES) server.outputTail.shift();
  onOutput?.(line);
  const port = READY_PATTERN.exec(line)?.[1];
  if (port) server.child.emit('threadwise:listening', Number(port));
}

function waitUntilListening(child, server, timeoutMs) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(`did not report "Extension host agent listening" within ${timeoutMs / 1000}s`), timeoutMs);
    const onExit = (code, signal) => fail(`exited early (code ${code}, signal ${signal})`);
    child.once('error', (error) => fail(`could not start: ${error.message}`));
    child.once('exit', onExit);
    child.once('threadwise:listening', (port) => {
      clearTimeout(timer);
      child.off('exit', onExit);
      resolve(port);
    });
    function fail(reason) {
      clearTimeout(timer);
      reject(new Error(`VS Code server ${reason}. Last output:\n${server.recentOutput()}`));
    }
  });
}

function signalGroup(child, signal) {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch (error) {
    if (error.code !== 'ESRCH') throw error; // ESRCH: the group is already gone
  }
}

function assertInstalled() {
  for (const file of [NODE24_BIN, SERVER_MAIN]) {
    if (!fs.existsSync(file)) {
      throw new Error(`${file} is missing: run \`node scripts/vscode-server/install.mjs\` first.`);
    }
  }
}

let exitHandlersInstalled = false;

function installExitHandlers() {
  if (exitHandlersInstalled) return;
  exitHandlersInstalled = true;
  process.once('exit', () => {
    for (const server of runningServers) server.killNow();
  });
  for (const [signal, exitCode] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
    process.once(signal, () => {
      stopAllServers().finally(() => process.exit(exitCode));
    });
  }
}

export function stopAllServers() {
  return Promise.all([...runningServers].map((server) => server.stop()));
}
