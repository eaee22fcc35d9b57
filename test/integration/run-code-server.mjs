#!/usr/bin/env node
// Runs the extension's compiled integration suite inside a real VS Code: the
// VS Code server from the code-server npm package, its web workbench opened in
// headless Chromium. Builds nothing: dist/ and the compiled suite must exist,
// and `node scripts/vscode-server/install.mjs` must have run.
//
//   node test/integration/run-code-server.mjs [--tests out/test/integration/index.js]
//     [--workspace examples/workspace] [--extension .] [--timeout 600]
//     [--theme "Default Dark Modern"] [--workspace-trust] [--copy-workspace]
//     [--results test-results] [--verbose]
//
// Exits with the suite's code (0 passed). Saves test-results/failure.png when
// it fails, and serves screenshot requests from tests (support/screenshot.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { format, parseArgs } from 'node:util';
import { launchChromium, newWorkbenchPage } from '../../scripts/vscode-server/browser.mjs';
import { DEFAULT_TESTS_PATH, DEFAULT_WORKSPACE, REPO_ROOT, TEST_RESULTS_DIR } from '../../scripts/vscode-server/layout.mjs';
import { startServer } from '../../scripts/vscode-server/server.mjs';

// Keep in sync with test/integration/support/screenshot.ts.
const SCREENSHOT_DIR_ENV = 'THREADWISE_SCREENSHOT_DIR';
const SCREENSHOT_REQUEST = /\[threadwise:screenshot\] ([A-Za-z0-9._-]{1,100}) ([0-9a-f-]{36})/;
const ACK_FOLDER = '.screenshot-acks';

const say = (message) => console.log(`[run-code-server] ${message}`);

async function main() {
  const options = parseOptions(process.argv.slice(2));
  const started = Date.now();
  const workspace = options.copyWorkspace ? copyToTemp(options.workspace) : options.workspace;
  prepareResultsDir(options.resultsDir);

  let server;
  let browser;
  try {
    server = await startServer({
      workspaceTrust: options.workspaceTrust,
      colorTheme: options.theme,
      env: { [SCREENSHOT_DIR_ENV]: options.resultsDir },
      logFile: path.join(options.resultsDir, 'vscode-server.log'),
      keepLogsIn: path.join(options.resultsDir, 'vscode-logs'),
      onOutput: options.verbose ? (line) => console.log(`[server] ${line}`) : undefined,
    });
    say(`VS Code server on ${server.baseUrl} (ready in ${seconds(started)})`);
    browser = await launchChromium();
    const exitCode = await runSuite(await newWorkbenchPage(browser), server, { ...options, workspace });
    say(`suite ${exitCode === 0 ? 'passed' : `FAILED (exit code ${exitCode})`} in ${seconds(started)}`);
    return exitCode;
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop();
    if (workspace !== options.workspace) fs.rmSync(workspace, { recursive: true, force: true });
  }
}

function parseOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      tests: { type: 'string', default: DEFAULT_TESTS_PATH },
      workspace: { type: 'string', default: DEFAULT_WORKSPACE },
      extension: { type: 'string', default: REPO_ROOT },
      timeout: { type: 'string', default: '600' },
      theme: { type: 'string' },
      'workspace-trust': { type: 'boolean', default: false },
      'copy-workspace': { type: 'boolean', default: false },
      results: { type: 'string', default: TEST_RESULTS_DIR },
      verbose: { type: 'boolean', default: false },
    },
  });
  const options = {
    testsPath: path.resolve(values.tests),
    workspace: path.resolve(values.workspace),
    extensionPath: path.resolve(values.extension),
    timeoutMs: Number(values.timeout) * 1000,
    theme: values.theme,
    workspaceTrust: values['workspace-trust'],
    copyWorkspace: values['copy-workspace'],
    resultsDir: path.resolve(values.results),
    verbose: values.verbose,
  };
  validate(options);
  return options;
}

function validate({ testsPath, workspace, extensionPath, timeoutMs }) {
  const problems = [];
  if (!fs.existsSync(testsPath)) problems.push(`compiled suite not found: ${testsPath} (build it first)`);
  if (!fs.statSync(workspace, { throwIfNoEntry: false })?.isDirectory()) problems.push(`workspace folder not found: ${workspace}`);
  if (!fs.existsSync(path.join(extensionPath, 'package.json'))) problems.push(`no package.json in extension folder ${extensionPath}`);
  if (!(timeoutMs > 0)) problems.push('--timeout must be a positive number of seconds');
  if (problems.length > 0) throw new UsageError(problems.join('\n'));
}

class UsageError extends Error {}

function copyToTemp(folder) {
  const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'threadwise-workspace-')), path.basename(folder));
  fs.cpSync(folder, copy, { recursive: true });
  return copy;
}

function prepareResultsDir(resultsDir) {
  fs.mkdirSync(resultsDir, { recursive: true });
  fs.rmSync(path.join(resultsDir, ACK_FOLDER), { recursive: true, force: true });
  fs.mkdirSync(path.join(resultsDir, ACK_FOLDER));
  fs.rmSync(path.join(resultsDir, 'vscode-server.log'), { force: true });
}

// ---- the run ---------------------------------------------------------------

async function runSuite(page, server, options) {
  const screenshots = new ScreenshotService(page, options.resultsDir);
  let reportExit;
  const finished = new Promise((resolve) => { reportExit = resolve; });
  await page.exposeFunction('codeAutomationExit', (code, logs) => reportExit({ code, logs }));
  await page.exposeFunction('codeAutomationLog', (level, args) => {
    const text = formatLogArgs(args);
    const request = SCREENSHOT_REQUEST.exec(text);
    if (request) screenshots.take(request[1], request[2]);
    else if (options.verbose || !isOfflineNoise(text)) printLog(level, text);
  });
  page.on('pageerror', (error) => say(`page error: ${error.message}`));

  const payload = [
    ['extensionDevelopmentPath', server.remoteUri(options.extensionPath)],
    ['extensionTestsPath', server.remoteUri(options.testsPath)],
  ];
  // The suite's own timeout bounds the run. The page's "load" event alone took over Playwright's
  // default 30 s on a busy 2-core machine and failed a run whose tests had not started yet.
  await page.goto(server.workbenchUrl(options.workspace, payload), { waitUntil: 'commit', timeout: options.timeoutMs });

  const outcome = await Promise.race([finished, timeout(options.timeoutMs), serverExit(server)]);
  await screenshots.settled();
  if (outcome.code !== 0) await saveFailureEvidence(page, server, outcome, options.resultsDir);
  return outcome.code;
}

function timeout(ms) {
  return new Promise((resolve) => {
    setTimeout(() => {
      say(`TIMEOUT: the suite did not finish within ${ms / 1000}s`);
      resolve({ code: 1 });
    }, ms).unref();
  });
}

async function serverExit(server) {
  const { code, signal } = await server.exited;
  if (server.stopping) return new Promise(() => {}); // our own stop(), after the race
  say(`VS Code server exited unexpectedly (code ${code}, signal ${signal}):\n${server.recentOutput()}`);
  return { code: 1 };
}

async function saveFailureEvidence(page, server, outcome, resultsDir) {
  const screenshot = path.join(resultsDir, 'failure.png');
  try {
    await page.screenshot({ path: screenshot, timeout: 10_000 });
    say(`failure screenshot: ${path.relative(process.cwd(), screenshot)}`);
  } catch (error) {
    say(`could not take the failure screenshot: ${error.message}`);
  }
  // The workbench hands over its browser-side logs on exit; the extension
  // host's and the server's are in the throwaway user-data-dir, deleted on stop.
  const logsDir = path.join(resultsDir, 'vscode-logs');
  fs.rmSync(logsDir, { recursive: true, force: true });
  for (const { relativePath, contents } of outcome.logs ?? []) {
    const file = path.join(logsDir, 'browser', relativePath);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, contents);
  }
  const serverLogs = path.join(server.userDataDir, 'logs');
  if (fs.existsSync(serverLogs)) fs.cpSync(serverLogs, path.join(logsDir, 'server'), { recursive: true });
  say(`VS Code logs: ${path.relative(process.cwd(), logsDir)}/`);
}

// ---- screenshots requested by tests ----------------------------------------

class ScreenshotService {
  constructor(page, resultsDir) {
    this.page = page;
    this.resultsDir = resultsDir;
    this.handledTokens = new Set();
    this.inFlight = new Set();
  }

  take(name, token) {
    if (this.handledTokens.has(token)) return; // the same log line can arrive twice
    this.handledTokens.add(token);
    const work = this.#capture(name, token).finally(() => this.inFlight.delete(work));
    this.inFlight.add(work);
  }

  settled() {
    return Promise.all([...this.inFlight]);
  }

  async #capture(name, token) {
    const file = path.join(this.resultsDir, `${name}.png`);
    let ack;
    try {
      await waitForFrames(this.page);
      await this.page.screenshot({ path: file, timeout: 15_000 });
      say(`screenshot: ${path.relative(process.cwd(), file)}`);
      ack = { file };
    } catch (error) {
      say(`screenshot "${name}" failed: ${error.message}`);
      ack = { error: error.message };
    }
    writeAck(path.join(this.resultsDir, ACK_FOLDER, `${token}.json`), ack);
  }
}

// Two animation frames: whatever the test just did (open an editor, switch
// theme) has been laid out and painted before the picture is taken.
function waitForFrames(page) {
  return page.evaluate(() => new Promise((resolve) => globalThis.requestAnimationFrame(() => globalThis.requestAnimationFrame(resolve))));
}

// Written under a temporary name and renamed: the test never reads half a file.
function writeAck(ackFile, ack) {
  fs.writeFileSync(`${ackFile}.tmp`, JSON.stringify(ack));
  fs.renameSync(`${ackFile}.tmp`, ackFile);
}

// ---- log lines --------------------------------------------------------------

// Arguments as console.log got them (mocha's reporter passes '%s' formats).
function formatLogArgs(args) {
  return Array.isArray(args) ? format(...args) : format(args);
}

// Harmless here: the workbench looks up the extension gallery (unreachable
// offline) and registers the code-server wrapper's PWA service worker (not
// served: we run server-main.js without the wrapper).
function isOfflineNoise(text) {
  return /getaddrinfo (ENOTFOUND|EAI_AGAIN)/.test(text) || text.startsWith('[Service Worker] registration');
}

// One stream keeps the suite's lines in order; the level shows where it matters.
function printLog(level, text) {
  process.stdout.write(level === 'error' || level === 'warn' ? `[${level}] ${text}\n` : `${text}\n`);
}

function seconds(since) {
  return `${((Date.now() - since) / 1000).toFixed(1)}s`;
}

main().then(
  (exitCode) => process.exit(exitCode),
  (error) => {
    console.error(`[run-code-server] ${isUsageProblem(error) ? error.message : error.stack}`);
    process.exit(2);
  },
);

// Our own setup checks, and parseArgs' unknown or malformed options.
function isUsageProblem(error) {
  return error instanceof UsageError || String(error?.code).startsWith('ERR_PARSE_ARGS');
}
