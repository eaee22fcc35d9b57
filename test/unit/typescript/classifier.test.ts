/**
 * The classifier: each kind, cost estimates (known and call-site bounds, nested loops, recursion,
 * iteration callbacks, constants), propagation across files, and which functions run on a
 * request path for the common server frameworks.
 */
import * as assert from 'node:assert/strict';
import { analyzeSources, assertKinds, functionIn, kindIn } from '../support';

describe('classifier: kinds', () => {
  it('tells cpu, io, io-sync, mixed and none apart', async () => {
    const reports = await analyzeSources({
      'main.ts': `import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

export function crunch(): number {
  let total = 0;
  for (let i = 0; i < 50_000_000; i++) total += i % 7;
  return total;
}

export async function loadUser(id: string) {
  const response = await fetch(\`https://api.example.com/users/\${id}\`);
  return response.json();
}

export function loadConfig(): unknown {
  return JSON.parse(readFileSync('config.json', 'utf8'));
}

export function loadNotes(): string {
  return readFileSync('notes.txt', 'utf8');
}

export async function buildIndex(path: string): Promise<number> {
  const text = await readFile(path, 'utf8');
  let hash = 0;
  for (let i = 0; i < 20_000_000; i++) hash = (hash * 31 + text.charCodeAt(i % text.length)) | 0;
  return hash;
}

export function formatName(first: string, last: string): string {
  return \`\${last.toUpperCase()}, \${first}\`;
}
`,
    });
    // reading a file and parsing all of it is both: mixed, blocking or not (README "What a verdict means")
    assertKinds(reports, 'main.ts', { crunch: 'cpu', loadUser: 'io', loadConfig: 'mixed', loadNotes: 'io-sync', buildIndex: 'mixed', formatName: 'none' });
    assert.equal(functionIn(reports, 'main.ts', 'crunch').recommendation.strategy, 'worker-thread');
    assert.equal(functionIn(reports, 'main.ts', 'loadNotes').recommendation.strategy, 'async-io');
    assert.ok(functionIn(reports, 'main.ts', 'crunch').confidence >= 0.85, 'a known bound is sure evidence');
  });

  it('calls a timer-only function io and a function with only cheap calls none', async () => {
    const reports = await analyzeSources({
      'retry.ts': `export async function sleep(ms: number) {
  await new Promise((resolve) => setTimeout(resolve, ms));
}
export function clamp(value: number, low: number, high: number) {
  return Math.min(high, Math.max(low, value));
}
`,
    });
    assertKinds(reports, 'retry.ts', { sleep: 'io', clamp: 'none' });
  });
});

describe('classifier: cost estimates', () => {
  const fibonacci = `export function fibonacci(n: number): number[] {
  const sequence = [0, 1];
  for (let i = 2; i < n; i++) sequence.push(sequence[i - 1] + sequence[i - 2]);
  return sequence;
}
`;

  it('fibonacci(10) is cheap, fibonacci(10_000_000) is heavy: call-site arguments decide', async () => {
    const small = await analyzeSources({ 'fib.ts': `${fibonacci}export const first = () => fibonacci(10);\n` });
    const large = await analyzeSources({ 'fib.ts': `${fibonacci}export const many = () => fibonacci(10_000_000).length;\n` });
    assert.equal(kindIn(small, 'fib.ts', 'fibonacci'), 'none');
    assert.equal(kindIn(large, 'fib.ts', 'fibonacci'), 'cpu');
    assert.equal(kindIn(large, 'fib.ts', 'many'), 'cpu');
    // in time on the calibrated machine class: ten pushes take microseconds, ten million take tens of milliseconds
    assert.ok(functionIn(small, 'fib.ts', 'fibonacci').cost.ms! < 0.05);
    assert.ok(functionIn(large, 'fib.ts', 'fibonacci').cost.ms! > 10);
    assert.equal(functionIn(large, 'fib.ts', 'fibonacci').cost.dataDependent, false);
  });

  it('multiplies nested loops: quadratic in an input is heavy, a small square is not', async () => {
    const reports = await analyzeSources({
      'loops.ts': `export function pairwise(values: number[]): number {
  let best = 0;
  for (let i = 0; i < values.length; i++) {
    for (let j = 0; j < values.length; j++) best = Math.max(best, Math.abs(values[i] - values[j]));
  }
  return best;
}
export function grid(): number {
  let cells = 0;
  for (let x = 0; x < 2_000; x++) for (let y = 0; y < 2_000; y++) cells += x ^ y;
  return cells;
}
export function board(): number {
  let cells = 0;
  for (let x = 0; x < 8; x++) for (let y = 0; y < 8; y++) cells += x * y;
  return cells;
}
`,
    });
    assertKinds(reports, 'loops.ts', { pairwise: 'cpu', grid: 'cpu', board: 'none' });
    assert.equal(functionIn(reports, 'loops.ts', 'pairwise').cost.dataDependent, true);
    assert.ok(functionIn(reports, 'loops.ts', 'pairwise').confidence < functionIn(reports, 'loops.ts', 'grid').confidence, 'guessed sizes are less sure');
  });

  it('models linear and exponential recursion', async () => {
    const reports = await analyzeSources({
      'recursion.ts': `export function sumTo(n: number): number {
  return n === 0 ? 0 : n + sumTo(n - 1);
}
export function fib(n: number): number {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}
export const small = () => sumTo(100) + fib(5);
export const large = () => fib(40);
`,
    });
    assertKinds(reports, 'recursion.ts', { sumTo: 'none', fib: 'cpu', small: 'none', large: 'cpu' });
    assert.match(functionIn(reports, 'recursion.ts', 'fib').cost.description, /exponential/);
  });

  it('recursion over the input is linear in it, recursion on constants is a few levels', async () => {
    const reports = await analyzeSources({
      'tree.js': `function depth(node) {
  if (!node) return 0;
  let deepest = 0;
  for (const child of node.children) deepest = Math.max(deepest, depth(child));
  return deepest + 1;
}
function setting(app, name, value) {
  app.settings[name] = value;
  if (name === 'etag') setting(app, 'etag fn', value);
  return app;
}
module.exports = { depth, setting };
`,
    });
    assert.match(functionIn(reports, 'tree.js', 'depth').cost.description, /input/);
    assert.equal(kindIn(reports, 'tree.js', 'setting'), 'none');
  });

  it('runs iteration callbacks once per element, with the element as argument', async () => {
    const reports = await analyzeSources({
      'batch.ts': `export function sumOfSquares(n: number): number {
  let total = 0;
  for (let i = 0; i < n; i++) total += i * i;
  return total;
}
const inputs = [10_000_000, 10_000_000, 10_000_000];
export const results = () => inputs.map(sumOfSquares);
export const labels = (items: { name: string }[]) => items.map((item) => item.name.trim());
`,
    });
    // labels works on every item it is given: data-dependent cpu
    assertKinds(reports, 'batch.ts', { sumOfSquares: 'cpu', results: 'cpu', labels: 'cpu' });
  });

  it('reads loop bounds from module constants, local constants and call-site constants', async () => {
    const reports = await analyzeSources({
      'constants.ts': `const ITERATIONS = 30_000_000;
export function spin(): number {
  let x = 0;
  for (let i = 0; i < ITERATIONS; i++) x = (x + i) % 1_000_003;
  return x;
}
export function window(size: number): number {
  const end = size * 2;
  let x = 0;
  for (let i = 0; i < end; i++) x += i;
  return x;
}
export const callWindow = () => window(ITERATIONS);
export function countdown(): number {
  let x = 0;
  for (let i = 10; i > 0; i--) x += i;
  return x;
}
`,
    });
    assertKinds(reports, 'constants.ts', { spin: 'cpu', window: 'cpu', callWindow: 'cpu', countdown: 'none' });
  });

  it('bounds for-loops written with an assigned counter and extra stop conditions', async () => {
    const reports = await analyzeSources({
      'bounds.js': `function compare(x, y, n) {
  var i, d = 0;
  for (i = 0; i < n; i++) d |= x[i] ^ y[i];
  return (1 & ((d - 1) >>> 8)) - 1;
}
function verify16(x, y) {
  return compare(x, y, 16);
}
function find(roots, name) {
  var found;
  for (var i = 0; i < 64 && !found; i++) found = roots[i] === name ? roots[i] : undefined;
  return found;
}
module.exports = { compare, verify16, find };
`,
    });
    assertKinds(reports, 'bounds.js', { compare: 'none', verify16: 'none', find: 'none' });
  });
});

describe('classifier: across files', () => {
  it('propagates a heavy callee and its argument through imports', async () => {
    const reports = await analyzeSources({
      'src/math.ts': `export function crunch(n: number): number {
  let total = 0;
  for (let i = 0; i < n; i++) total += Math.sqrt(i);
  return total;
}
`,
      'src/report.ts': `import { crunch } from './math';
export function nightly() {
  return crunch(80_000_000);
}
export function quick() {
  return crunch(100);
}
`,
      'src/index.ts': `import * as report from './report';
export const run = () => report.nightly();
`,
    });
    assert.equal(kindIn(reports, 'src/math.ts', 'crunch'), 'cpu');
    assertKinds(reports, 'src/report.ts', { nightly: 'cpu', quick: 'none' });
    assert.equal(kindIn(reports, 'src/index.ts', 'run'), 'cpu');
    const evidence = functionIn(reports, 'src/report.ts', 'nightly').evidence[0];
    assert.match(evidence.message, /crunch\(\)/);
    assert.ok(evidence.file?.endsWith('src/report.ts') === false || evidence.file === undefined);
  });

  it('propagates I/O through CommonJS requires and re-exports', async () => {
    const reports = await analyzeSources({
      'lib/store.js': `const fs = require('fs');
exports.load = function load(file) { return fs.readFileSync(file, 'utf8'); };
`,
      'lib/index.js': `module.exports = require('./store');
`,
      'app.js': `const store = require('./lib');
function boot() { return store.load('settings.json'); }
module.exports = { boot };
`,
    });
    assert.equal(kindIn(reports, 'app.js', 'boot'), 'io-sync');
  });
});

describe('classifier: request paths', () => {
  const heavy = `function hash(input: string): number {
  let h = 0;
  for (let i = 0; i < 5_000_000; i++) h = (h * 33 + input.length + i) | 0;
  return h;
}
`;

  it('http.createServer handlers and what they call', async () => {
    const reports = await analyzeSources({
      'server.ts': `import { createServer } from 'node:http';
${heavy}
createServer((req, res) => {
  res.end(String(hash(req.url ?? '')));
}).listen(8080);
`,
    });
    const handler = functionIn(reports, 'server.ts', 'createServer handler');
    assert.equal(handler.inRequestPath, true);
    assert.equal(functionIn(reports, 'server.ts', 'hash').inRequestPath, true);
    assert.equal(handler.kind, 'cpu');
  });

  it('express, fastify and koa routes', async () => {
    const reports = await analyzeSources({
      'express.ts': `import express from 'express';
${heavy}
const app = express();
app.get('/report', (req, res) => res.json({ value: hash(String(req.query.q)) }));
export function unused() { return 1; }
`,
      'fastify.ts': `import Fastify from 'fastify';
${heavy}
const fastify = Fastify();
fastify.get('/a', async (request) => hash(String(request.url)));
fastify.route({ method: 'POST', url: '/b', handler: async (request) => hash(String(request.body)) });
`,
      'koa.ts': `import Koa from 'koa';
${heavy}
const app = new Koa();
app.use(async (ctx) => {
  ctx.body = String(hash(ctx.path));
});
`,
    });
    assert.equal(functionIn(reports, 'express.ts', "app.get('/report') handler").inRequestPath, true);
    assert.equal(functionIn(reports, 'express.ts', 'hash').inRequestPath, true);
    assert.equal(functionIn(reports, 'express.ts', 'unused').inRequestPath, false);
    assert.equal(functionIn(reports, 'fastify.ts', "fastify.get('/a') handler").inRequestPath, true);
    assert.equal(functionIn(reports, 'fastify.ts', "fastify.route('/b') handler").inRequestPath, true);
    assert.equal(functionIn(reports, 'koa.ts', 'app.use handler').inRequestPath, true);
    assert.equal(functionIn(reports, 'koa.ts', 'hash').inRequestPath, true);
  });

  it('Next.js route files and NestJS controller methods', async () => {
    const reports = await analyzeSources({
      'app/api/report/route.ts': `${heavy}
export async function GET(request: Request) {
  return Response.json({ value: hash(request.url) });
}
`,
      'pages/api/legacy.ts': `${heavy}
export default function handler(req: any, res: any) {
  res.json({ value: hash(req.url) });
}
`,
      'src/report.controller.ts': `import { Controller, Get } from '@nestjs/common';
${heavy}
@Controller('report')
export class ReportController {
  @Get()
  report() {
    return hash('report');
  }
  helper() {
    return 1;
  }
}
`,
    });
    assert.equal(functionIn(reports, 'app/api/report/route.ts', 'GET').inRequestPath, true);
    assert.equal(functionIn(reports, 'app/api/report/route.ts', 'hash').inRequestPath, true);
    assert.equal(functionIn(reports, 'pages/api/legacy.ts', 'handler').inRequestPath, true);
    assert.equal(functionIn(reports, 'src/report.controller.ts', 'ReportController.report').inRequestPath, true);
    assert.equal(functionIn(reports, 'src/report.controller.ts', 'ReportController.helper').inRequestPath, false);
  });
});

describe('classifier: countdown loops', () => {
  it('bounds while (i--) by the counter', async () => {
    const reports = await analyzeSources({
      'seeds.js': `function lookup(map, env) {
  const seeds = [env.Request, env.Response, env.fetch, env.Blob];
  let i = seeds.length;
  let target = map;
  while (i--) target = target.get(seeds[i]) || target;
  return target;
}
function spin(n) {
  let x = 0;
  while (n-- > 0) x = (x * 31) ^ (n >>> 2) ^ (x << 1) ^ (n * 7) ^ (x & 255) ^ (x | 3);
  return x;
}
module.exports = { lookup, spin, run: () => spin(40_000_000) };
`,
    });
    assertKinds(reports, 'seeds.js', { lookup: 'none', spin: 'cpu' });
    assert.equal(functionIn(reports, 'seeds.js', 'spin').cost.dataDependent, false);
  });
});

describe('classifier: kernels over the data (#10.1)', () => {
  it('calls a parse or a serialisation of the data passed cpu, with a data-dependent cost', async () => {
    const reports = await analyzeSources({
      'kernels.js': `const yaml = require('js-yaml');
function parse(buffer) {
  return JSON.parse(buffer.toString('utf8'));
}
function toYaml(document) {
  return yaml.dump(document);
}
function defaults() {
  return JSON.parse('{"retries":3}');
}
function check(code) {
  if (typeof code !== 'number') throw new TypeError('Invalid status code: ' + JSON.stringify(code));
  return code;
}
module.exports = { parse, toYaml, defaults, check };
`,
    });
    assertKinds(reports, 'kernels.js', { parse: 'cpu', toYaml: 'cpu', defaults: 'none', check: 'none' });
    const parse = functionIn(reports, 'kernels.js', 'parse');
    assert.equal(parse.cost.dataDependent, true, 'the size of the data is not known');
    assert.ok(parse.confidence < 0.85, 'less sure than a known bound');
  });

  it('calls reading then parsing mixed, whether the read waits or blocks', async () => {
    const reports = await analyzeSources({
      'load.ts': `import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
function parse(text: string): unknown {
  return JSON.parse(text);
}
export async function loadJson(path: string): Promise<unknown> {
  return parse(await readFile(path, 'utf8'));
}
export function loadJsonSync(path: string): unknown {
  return parse(readFileSync(path, 'utf8'));
}
`,
    });
    assertKinds(reports, 'load.ts', { parse: 'cpu', loadJson: 'mixed', loadJsonSync: 'mixed' });
  });

  it('calls a wrapper of a mixed function mixed, however many wrappers away, and reads accessors as calls', async () => {
    const reports = await analyzeSources({
      'store.js': `const fs = require('node:fs');
class Store {
  constructor(path) { this.path = path; }
  get all() { return JSON.parse(fs.readFileSync(this.path, 'utf8')); }
  set all(value) { fs.writeFileSync(this.path, JSON.stringify(value)); }
  get(key) { return this.all[key]; }
  set(key, value) {
    const data = this.all;
    data[key] = value;
    this.all = data;
  }
  has(key) { return this.get(key) !== undefined; }
}
function rename(path) {
  return path + '.bak';
}
module.exports = { Store, rename };
`,
    });
    assertKinds(reports, 'store.js', { 'Store.get': 'mixed', 'Store.set': 'mixed', 'Store.has': 'mixed', 'Store.constructor': 'none', rename: 'none' });
  });

  it('wraps a callback API chosen at run time (options.fs || fs) like the module itself', async () => {
    const reports = await analyzeSources({
      'json.js': `let _fs;
try { _fs = require('graceful-fs'); } catch (_) { _fs = require('fs'); }
const universalify = require('universalify');
async function readJson(file, options = {}) {
  const fs = options.fs || _fs;
  const data = await universalify.fromCallback(fs.readFile)(file, options);
  return JSON.parse(data);
}
async function readText(file, options = {}) {
  const fs = options.fs || _fs;
  return universalify.fromCallback(fs.readFile)(file, options);
}
module.exports = { readJson, readText };
`,
    });
    assertKinds(reports, 'json.js', { readJson: 'mixed', readText: 'io' });
  });
});
