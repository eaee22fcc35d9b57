#!/usr/bin/env node
// Runs the same compiled integration suite in desktop VS Code through
// @vscode/test-electron, for contributors whose machines can download VS Code
// (or who pass their own build). The offline CI uses run-code-server.mjs.
//
//   node test/integration/run-electron.mjs [--tests out/test/integration/index.js]
//     [--workspace examples/workspace] [--extension .] [--theme NAME]
//     [--workspace-trust] [--vscode-version stable] [--vscode-executable PATH]
//
// --vscode-executable (or VSCODE_EXECUTABLE) skips the download. On Linux
// without a display, run it under `xvfb-run -a`. Screenshots requested by
// tests are skipped here (takeScreenshot() returns undefined): there is no
// page to take them from.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import testElectron from '@vscode/test-electron';
import { DEFAULT_TESTS_PATH, DEFAULT_WORKSPACE, REPO_ROOT } from '../../scripts/vscode-server/layout.mjs';
import { writeUserSettings } from '../../scripts/vscode-server/server.mjs';

const { downloadAndUnzipVSCode, runTests } = testElectron;
const DOWNLOAD_TIMEOUT_MS = 15_000;

const say = (message) => console.log(`[run-electron] ${message}`);

class SetupError extends Error {}

async function main() {
  const options = parseOptions();
  const vscodeExecutablePath = options.vscodeExecutable ?? await downloadVsCode(options.vscodeVersion);
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'threadwise-electron-'));
  try {
    writeUserSettings(userDataDir, { colorTheme: options.theme });
    return await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: options.extensionPath,
      extensionTestsPath: options.testsPath,
      launchArgs: [
        options.workspace,
        '--user-data-dir', userDataDir,
        '--disable-extensions', // other installed extensions; the one under test still loads
        ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
      ],
    });
  } catch (error) {
    // runTests rejects with the exit code text when the suite fails.
    say(`suite FAILED: ${error instanceof Error ? error.message : error}`);
    return 1;
  } finally {
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
}

function parseOptions() {
  const { values } = parseArgs({
    options: {
      tests: { type: 'string', default: DEFAULT_TESTS_PATH },
      workspace: { type: 'string', default: DEFAULT_WORKSPACE },
      extension: { type: 'string', default: REPO_ROOT },
      theme: { type: 'string' },
      'workspace-trust': { type: 'boolean', default: false },
      'vscode-version': { type: 'string', default: 'stable' },
      'vscode-executable': { type: 'string', default: process.env.VSCODE_EXECUTABLE },
    },
  });
  const options = {
    testsPath: path.resolve(values.tests),
    workspace: path.resolve(values.workspace),
    extensionPath: path.resolve(values.extension),
    theme: values.theme,
    workspaceTrust: values['workspace-trust'],
    vscodeVersion: values['vscode-version'],
    vscodeExecutable: values['vscode-executable'] && path.resolve(values['vscode-executable']),
  };
  for (const [file, what] of [[options.testsPath, 'compiled suite (build it first)'], [options.workspace, 'workspace folder'], [options.vscodeExecutable, 'VS Code executable']]) {
    if (file && !fs.existsSync(file)) throw new SetupError(`${what} not found: ${file}`);
  }
  return options;
}

// A cached download is reused offline; without one, fail within seconds with
// a pointer to the launcher that needs no download.
async function downloadVsCode(version) {
  try {
    return await downloadAndUnzipVSCode({ version, timeout: DOWNLOAD_TIMEOUT_MS });
  } catch (error) {
    throw new SetupError(
      `cannot download VS Code desktop (${version}): ${error instanceof Error ? error.message : error}\n`
      + 'This machine may be offline or limited to package registries. Either pass an installed VS Code with\n'
      + '  --vscode-executable /path/to/code   (or VSCODE_EXECUTABLE=...)\n'
      + 'or run the same suite in the VS Code server, which installs from npm:\n'
      + '  node scripts/vscode-server/install.mjs && node test/integration/run-code-server.mjs',
    );
  }
}

main().then(
  (exitCode) => process.exit(exitCode),
  (error) => {
    console.error(`[run-electron] ${isUsageProblem(error) ? error.message : error.stack}`);
    process.exit(2);
  },
);

// Our own setup checks, and parseArgs' unknown or malformed options.
function isUsageProblem(error) {
  return error instanceof SetupError || String(error?.code).startsWith('ERR_PARSE_ARGS');
}
