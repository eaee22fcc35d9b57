// Lets a test inside the extension host ask the harness for a screenshot of the
// workbench. The extension host has no handle on the browser page, so the test
// logs a marker line (it reaches the harness through codeAutomationLog), and the
// harness (test/integration/run-code-server.mjs) saves the PNG and writes an
// acknowledgement file into the folder it named in THREADWISE_SCREENSHOT_DIR
// (the extension host and the harness share the file system).
//
//   await takeScreenshot('panel-dark');   // -> test-results/panel-dark.png
//
// Under a launcher without screenshot support (@vscode/test-electron) the
// variable is unset and takeScreenshot() does nothing and returns undefined.
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Keep these three in sync with test/integration/run-code-server.mjs. */
export const SCREENSHOT_DIR_ENV = 'THREADWISE_SCREENSHOT_DIR';
export const SCREENSHOT_MARKER = '[threadwise:screenshot]';
export const ACK_FOLDER = '.screenshot-acks';

const NAME_PATTERN = /^[A-Za-z0-9._-]{1,100}$/;
const POLL_INTERVAL_MS = 100;

export interface ScreenshotOptions {
  /** How long to wait for the harness to save the picture. Default 20 s. */
  timeoutMs?: number;
}

/** Resolves with the PNG's path once it is saved, or undefined when no harness takes screenshots. */
export async function takeScreenshot(name: string, options: ScreenshotOptions = {}): Promise<string | undefined> {
  if (!NAME_PATTERN.test(name)) {
    throw new Error(`Screenshot name "${name}" must match ${NAME_PATTERN} (it becomes a file name)`);
  }
  const screenshotDir = process.env[SCREENSHOT_DIR_ENV];
  if (!screenshotDir) return undefined;

  // A fresh token per request: a repeated name never matches an old ack.
  const token = randomUUID();
  console.log(`${SCREENSHOT_MARKER} ${name} ${token}`);
  const ack = await waitForAck(path.join(screenshotDir, ACK_FOLDER, `${token}.json`), options.timeoutMs ?? 20_000);
  if (ack.error !== undefined) throw new Error(`Screenshot "${name}" failed: ${ack.error}`);
  return ack.file;
}

/**
 * For a mocha afterEach hook: a picture of the workbench as a test left it when it failed.
 *   afterEach(function () { return screenshotIfFailed(this.currentTest); });
 */
export async function screenshotIfFailed(test: { state?: string; fullTitle(): string } | undefined): Promise<void> {
  if (test?.state !== 'failed') return;
  const name = `failed-${test.fullTitle()}`.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 100);
  try {
    await takeScreenshot(name);
  } catch (error) {
    console.warn(`Could not take the failure screenshot: ${String(error)}`);
  }
}

interface Ack {
  file?: string;
  error?: string;
}

async function waitForAck(ackFile: string, timeoutMs: number): Promise<Ack> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ack = readAck(ackFile);
    if (ack) return ack;
    if (Date.now() > deadline) {
      throw new Error(`No screenshot acknowledgement at ${ackFile} after ${timeoutMs} ms (is the suite running under run-code-server.mjs?)`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}

function readAck(ackFile: string): Ack | undefined {
  try {
    return JSON.parse(fs.readFileSync(ackFile, 'utf8')) as Ack;
  } catch {
    return undefined; // not there yet (the harness renames it into place whole)
  }
}
