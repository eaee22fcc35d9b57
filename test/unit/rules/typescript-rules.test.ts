/**
 * Every TypeScript/JavaScript rule with code it must flag (invalid) and code it must leave alone
 * (valid), in the style of typescript-eslint's rule tests. Each case is a small realistic file.
 */
import * as assert from 'node:assert/strict';
import { analyzeSource, analyzeSources } from '../helpers';

interface Case {
  name: string;
  code: string;
  /** expected `rule@line` findings of the rule under test; empty for valid cases */
  expect: string[];
  config?: unknown;
}

function ruleTests(rule: string, cases: { valid: Case[]; invalid: Case[] }): void {
  describe(rule, () => {
    for (const testCase of [...cases.valid.map((c) => ({ ...c, expect: [] })), ...cases.invalid]) {
      it(`${testCase.expect.length === 0 ? 'valid' : 'invalid'}: ${testCase.name}`, async () => {
        const report = await analyzeSource(testCase.code, testCase.config);
        const actual = report.findings.filter((finding) => finding.rule === rule).map((finding) => `${finding.rule}@${finding.range.line}`);
        assert.deepEqual(actual, testCase.expect, report.findings.map((f) => `${f.rule}@${f.range.line}: ${f.message}`).join('\n'));
      });
    }
  });
}

ruleTests('cpu-on-event-loop', {
  valid: [
    { name: 'a cheap loop over a small literal bound', code: 'export function f() {\n  let t = 0;\n  for (let i = 0; i < 1000; i++) t += i;\n  return t;\n}\n', expect: [] },
    { name: 'fibonacci(10) is cheap', code: 'function fib(n: number) {\n  const s = [0, 1];\n  for (let i = 2; i < n; i++) s.push(s[i - 1] + s[i - 2]);\n  return s;\n}\nconsole.log(fib(10));\n', expect: [] },
    { name: 'heavy work inside a worker module', code: "import { parentPort } from 'node:worker_threads';\nparentPort?.on('message', (n: number) => {\n  let t = 0;\n  for (let i = 0; i < 100_000_000; i++) t += i;\n  parentPort?.postMessage(t);\n});\n", expect: [] },
    { name: 'pbkdf2 (async) runs on the threadpool', code: "import { pbkdf2 } from 'node:crypto';\nexport function hash(p: string, cb: (e: Error | null, k: Buffer) => void) {\n  pbkdf2(p, 'salt', 600_000, 64, 'sha512', cb);\n}\n", expect: [] },
    { name: 'suppressed with a comment above the reported line', code: '// threadwise-ignore-next-line cpu-on-event-loop\nexport function f() {\n  let t = 0;\n  for (let i = 0; i < 1e9; i++) t += i;\n  return t;\n}\n', expect: [] },
  ],
  invalid: [
    { name: 'fibonacci(10_000_000) is heavy, at the call', code: 'function fib(n: number) {\n  const s = [0, 1];\n  for (let i = 2; i < n; i++) s.push(s[i - 1] + s[i - 2]);\n  return s;\n}\nconsole.log(fib(10_000_000).length);\n', expect: ['cpu-on-event-loop@6'] },
    { name: 'a constant-bound loop, at the declaration', code: 'export function crunch() {\n  let t = 0;\n  for (let i = 0; i < 50_000_000; i++) t += i % 3;\n  return t;\n}\n', expect: ['cpu-on-event-loop@1'] },
    { name: 'exponential recursion with a large argument', code: 'function fib(n: number): number {\n  return n < 2 ? n : fib(n - 1) + fib(n - 2);\n}\nexport const x = fib(40);\n', expect: ['cpu-on-event-loop@4'] },
    { name: 'pbkdf2Sync in a request handler is an error', code: "import { createServer } from 'node:http';\nimport { pbkdf2Sync } from 'node:crypto';\nfunction hash(p: string) {\n  return pbkdf2Sync(p, 'salt', 600_000, 64, 'sha512');\n}\ncreateServer((req, res) => {\n  res.end(hash(String(req.url)));\n}).listen(1);\n", expect: ['cpu-on-event-loop@3', 'cpu-on-event-loop@7'] },
    { name: 'constants from the module and nested loops', code: 'const SIZE = 3000;\nexport function grid() {\n  let t = 0;\n  for (let i = 0; i < SIZE; i++) {\n    for (let j = 0; j < SIZE; j++) t += i * j;\n  }\n  return t;\n}\n', expect: ['cpu-on-event-loop@2'] },
  ],
});

ruleTests('blocking-sync-io', {
  valid: [
    { name: 'sync read at start-up (module level)', code: "import { readFileSync } from 'node:fs';\nexport const config = JSON.parse(readFileSync('config.json', 'utf8'));\n", expect: [] },
    { name: 'sync read in a plain CLI function', code: "import * as fs from 'fs';\nexport function main() {\n  console.log(fs.readFileSync('a.txt', 'utf8'));\n}\n", expect: [] },
    { name: 'the async API in a handler', code: "import { createServer } from 'node:http';\nimport { readFile } from 'node:fs/promises';\ncreateServer(async (req, res) => {\n  res.end(await readFile('a.html'));\n}).listen(1);\n", expect: [] },
  ],
  invalid: [
    { name: 'readFileSync in an async function', code: "import { readFileSync } from 'node:fs';\nexport async function load() {\n  return readFileSync('a.txt', 'utf8');\n}\n", expect: ['blocking-sync-io@3'] },
    { name: 'execSync in an express handler', code: "import express from 'express';\nimport { execSync } from 'child_process';\nconst app = express();\napp.get('/version', (req, res) => {\n  res.send(execSync('git rev-parse HEAD').toString());\n});\n", expect: ['blocking-sync-io@5'] },
    { name: 'statSync in a loop', code: "const fs = require('fs');\nfunction sizes(files) {\n  const out = [];\n  for (const f of files) out.push(fs.statSync(f).size);\n  return out;\n}\nmodule.exports = { sizes };\n", expect: ['blocking-sync-io@4'] },
    { name: 'sync I/O in a helper reached from a handler', code: "import { createServer } from 'node:http';\nimport { readFileSync } from 'node:fs';\nfunction template() {\n  return readFileSync('t.html', 'utf8');\n}\ncreateServer((req, res) => res.end(template())).listen(1);\n", expect: ['blocking-sync-io@4'] },
  ],
});

ruleTests('sequential-awaits', {
  valid: [
    { name: 'pagination through a cursor', code: 'export async function all(url: string) {\n  const items = [];\n  let next: string | undefined = url;\n  while (next) {\n    const page = await (await fetch(next)).json();\n    items.push(...page.items);\n    next = page.next;\n  }\n  return items;\n}\n', expect: [] },
    { name: 'a loop that stops on a result', code: 'export async function firstOk(urls: string[]) {\n  for (const url of urls) {\n    const response = await fetch(url);\n    if (response.ok) return response;\n  }\n  return undefined;\n}\n', expect: [] },
    { name: 'an accumulator carried between iterations', code: 'export async function chain(urls: string[]) {\n  let token = "";\n  for (const url of urls) {\n    token = await (await fetch(url + token)).text();\n  }\n  return token;\n}\n', expect: [] },
    { name: 'a deliberate delay between requests', code: "import { setTimeout as sleep } from 'node:timers/promises';\nexport async function polite(urls: string[]) {\n  for (const url of urls) {\n    await sleep(1000);\n  }\n}\n", expect: [] },
  ],
  invalid: [
    { name: 'independent fetches pushed into an array', code: 'export async function all(urls: string[]) {\n  const bodies = [];\n  for (const url of urls) {\n    const response = await fetch(url);\n    bodies.push(await response.text());\n  }\n  return bodies;\n}\n', expect: ['sequential-awaits@4'] },
    { name: 'independent file reads', code: "import { readFile } from 'node:fs/promises';\nexport async function readAll(files: string[]) {\n  const out: string[] = [];\n  for (const file of files) {\n    out.push(await readFile(file, 'utf8'));\n  }\n  return out;\n}\n", expect: ['sequential-awaits@5'] },
  ],
});

ruleTests('worker-per-task', {
  valid: [
    { name: 'one worker for the whole job', code: "import { Worker } from 'node:worker_threads';\nexport function start(data: number[]) {\n  return new Worker('./job.js', { workerData: data });\n}\n", expect: [] },
  ],
  invalid: [
    { name: 'new Worker per item in a loop', code: "import { Worker } from 'node:worker_threads';\nexport function all(items: string[]) {\n  for (const item of items) {\n    new Worker('./job.js', { workerData: item });\n  }\n}\n", expect: ['worker-per-task@4'] },
    { name: 'fork per item in map', code: "import { fork } from 'node:child_process';\nexport function all(items: string[]) {\n  return items.map((item) => fork('./job.js', [item]));\n}\n", expect: ['worker-per-task@3'] },
  ],
});

ruleTests('io-in-worker', {
  valid: [
    { name: 'a worker that computes', code: "import { parentPort } from 'node:worker_threads';\nparentPort?.on('message', (n: number) => {\n  let t = 0;\n  for (let i = 0; i < n * 1000; i++) for (let j = 0; j < 1000; j++) t += i ^ j;\n  parentPort?.postMessage(t);\n});\n", expect: [] },
  ],
  invalid: [
    { name: 'a worker that only fetches', code: "import { parentPort } from 'node:worker_threads';\nparentPort?.on('message', async (url: string) => {\n  const response = await fetch(url);\n  parentPort?.postMessage(await response.text());\n});\n", expect: ['io-in-worker@3'] },
  ],
});

ruleTests('unbounded-concurrency', {
  valid: [
    { name: 'a small literal list', code: "export async function three() {\n  return Promise.all(['/a', '/b', '/c'].map((p) => fetch(p)));\n}\n", expect: [] },
    { name: 'CPU-only mapping', code: 'export async function doubled(xs: number[]) {\n  return Promise.all(xs.map(async (x) => x * 2));\n}\n', expect: [] },
  ],
  invalid: [
    { name: 'fetch for every element of a parameter', code: 'export async function all(urls: string[]) {\n  return Promise.all(urls.map((url) => fetch(url)));\n}\n', expect: ['unbounded-concurrency@2'] },
  ],
});

describe('rules across files', () => {
  it('reports a CPU-heavy callee in another file where the work originates, with related information', async () => {
    const reports = await analyzeSources({
      'src/math.ts': 'export function sumSquares(n: number) {\n  let t = 0;\n  for (let i = 0; i < n; i++) t += i * i;\n  return t;\n}\n',
      'src/main.ts': "import { sumSquares } from './math';\nexport function main() {\n  console.log(sumSquares(20_000_000));\n}\n",
    });
    const main = reports.get('src/main.ts')!;
    const finding = main.findings.find((f) => f.rule === 'cpu-on-event-loop');
    assert.ok(finding, 'reported in main.ts');
    assert.equal(finding.range.line, 3);
    assert.ok(finding.related.some((related) => related.file.endsWith('math.ts') && related.line === 1));
    // Evidence points at the call in this function (line 3) and names the callee's file and line.
    const evidence = main.functions.find((fn) => fn.name === 'main')!.evidence[0];
    assert.equal(evidence.line, 3);
    assert.match(evidence.message, /sumSquares\(\) in src\/math\.ts:1, which runs loop over n/);
  });

  it('per-rule severity configuration and "off"', async () => {
    const code = "import { readFileSync } from 'node:fs';\nexport async function load() {\n  return readFileSync('a.txt', 'utf8');\n}\n";
    assert.equal((await analyzeSource(code, { rules: { 'blocking-sync-io': 'error' } })).findings[0].severity, 'error');
    assert.deepEqual((await analyzeSource(code, { rules: { 'blocking-sync-io': 'off' } })).findings, []);
  });

  it('file-level suppression', async () => {
    const code = "// threadwise-ignore-file blocking-sync-io\nimport { readFileSync } from 'node:fs';\nexport async function load() {\n  return readFileSync('a.txt', 'utf8');\n}\n";
    assert.deepEqual((await analyzeSource(code)).findings, []);
  });
});
