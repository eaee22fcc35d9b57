#!/usr/bin/env node
// `npm test`: every check a change must pass, in order, with one closing line that sums them up:
// type-check, lint, build, unit tests (mocha), and the integration suite inside a real VS Code
// (installed on first use by scripts/vscode-server/install.mjs). Each step's output streams live.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const skipIntegration = process.argv.includes('--unit-only');

function run(command, args, { capture = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: capture ? ['inherit', 'pipe', 'inherit'] : 'inherit', env: process.env });
    let output = '';
    if (capture) {
      child.stdout.on('data', (chunk) => {
        output += chunk;
        process.stdout.write(chunk);
      });
    }
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

/** Reads mocha's "N passing / N failing / N pending" summary. */
function mochaCounts(output) {
  const count = (word) => Number(new RegExp(`(\\d+) ${word}`).exec(output)?.[1] ?? 0);
  return { passed: count('passing'), failed: count('failing'), skipped: count('pending') };
}

const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

async function step(name, command, args, { counted = false } = {}) {
  console.log(`\n── ${name} ──`);
  const { code, output } = await run(command, args, { capture: counted });
  if (counted) {
    const counts = mochaCounts(output);
    totals.passed += counts.passed;
    totals.failed += counts.failed;
    totals.skipped += counts.skipped;
    if (code !== 0 && counts.failed === 0) totals.failed += 1; // crashed before reporting
  } else if (code === 0) {
    totals.passed += 1;
  } else {
    totals.failed += 1;
  }
  if (code !== 0) failures.push(name);
}

await step('example workspace dependencies', 'npm', ['install', '--prefix', 'examples/workspace', '--no-audit', '--no-fund']);
await step('type-check', 'npx', ['tsc', '--noEmit', '-p', '.']);
await step('type-check (webview, browser types only)', 'npx', ['tsc', '--noEmit', '-p', 'src/webview']);
await step('lint', 'npx', ['eslint', '.']);
await step('build', 'node', ['esbuild.js']);
await step('unit tests', 'npx', ['mocha'], { counted: true });
if (!skipIntegration && existsSync('test/integration/index.ts')) {
  await step('install VS Code server', 'node', ['scripts/vscode-server/install.mjs']);
  await step('integration tests (real VS Code)', 'node', [
    'test/integration/run-code-server.mjs', '--tests', 'out/test/integration/index.js',
    '--workspace', 'examples/workspace', '--copy-workspace',
  ], { counted: true });
}

console.log(`\n${failures.length === 0 ? 'All checks passed.' : `Failed: ${failures.join(', ')}`}`);
console.log(`total: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failures.length === 0 ? 0 : 1);
