/**
 * A package that ships its code twice, as CommonJS and as ES modules (a dual build), is analysed
 * once: each layout of the same package (dist/cjs + dist/esm, dist + dist/esm, lib + es, .cjs/.mjs
 * twins beside each other) gives the same findings as the CommonJS copy alone, the copy
 * package.json's entry points name is the one kept, and the copy left out is named on stderr and
 * in the JSON's `buildOutput`. Code that is not a twin (a thin ES-module wrapper, a test folder
 * with a file of the same name, TypeScript sources beside their compiled JavaScript) stays.
 * Declaration files (`.d.cts`, `.d.mts`) are never analysed: they hold types, no code.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/main';

async function analyze(files: Record<string, string>): Promise<{ stderr: string; output: JsonResult }> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'threadwise-dual-'));
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(root, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  let stdout = '';
  let stderr = '';
  await runCli(['analyze', '.', '--format', 'json'], { cwd: root, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), isTty: false });
  return { stderr, output: JSON.parse(stdout) as JsonResult };
}

interface JsonResult {
  buildOutput?: Record<string, unknown>[];
  files: { path: string; diagnostics: { rule: string; line: number }[] }[];
}

/** The findings as `rule file-name:line`, the folder left out: the same whatever copy reports them. */
function findings(output: JsonResult): string[] {
  return output.files.flatMap((file) => file.diagnostics.map((d) => `${d.rule} ${path.basename(file.path).replace(/\.(c|m)?js$/, '')}:${d.line}`)).sort();
}

// A small scheduler's file store, compiled twice (the line numbers of both copies agree).
const STORE_CJS = `"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.serveJob = serveJob;
const fs = require("fs");
const http = require("http");
function serveJob(port, folder) {
    const server = http.createServer((req, res) => {
        const text = fs.readFileSync(folder + "/" + req.url, "utf8");
        res.end(text);
    });
    server.listen(port);
    return server;
}
`;
const STORE_ESM = `
// compiled from src/store.ts
import * as fs from "fs";
import * as http from "http";

export function serveJob(port, folder) {
    const server = http.createServer((req, res) => {
        const text = fs.readFileSync(folder + "/" + req.url, "utf8");
        res.end(text);
    });
    server.listen(port);
    return server;
}

`;
const INDEX_CJS = `"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
const store_1 = require("./store");
function start(port) {
    return (0, store_1.serveJob)(port, "/var/jobs");
}
exports.default = { start };
`;
const INDEX_ESM = `
import { serveJob } from "./store.js";

function start(port) {
    return serveJob(port, "/var/jobs");
}
export default { start };
`;

const manifest = (fields: Record<string, unknown>) => JSON.stringify({ name: 'tiny-scheduler', version: '1.0.0', ...fields });

describe('dual builds: one copy of CommonJS + ES-module output is analysed', () => {
  const layouts: { name: string; files: Record<string, string>; skipped: string; kept: string }[] = [
    {
      name: 'dist/cjs + dist/esm, exports by condition',
      files: {
        'package.json': manifest({ main: './dist/cjs/index.js', exports: { '.': { import: './dist/esm/index.js', require: './dist/cjs/index.js' } } }),
        'dist/cjs/index.js': INDEX_CJS, 'dist/cjs/store.js': STORE_CJS,
        'dist/esm/index.js': INDEX_ESM, 'dist/esm/store.js': STORE_ESM, 'dist/esm/package.json': '{"type":"module"}',
      },
      skipped: 'dist/esm/', kept: 'dist/cjs/',
    },
    {
      name: 'dist + dist/esm, main only',
      files: {
        'package.json': manifest({ main: 'dist/index.js', module: 'dist/esm/index.js' }),
        'dist/index.js': INDEX_CJS, 'dist/store.js': STORE_CJS,
        'dist/esm/index.js': INDEX_ESM, 'dist/esm/store.js': STORE_ESM,
      },
      skipped: 'dist/esm/', kept: 'dist/',
    },
    {
      name: 'lib + es (not build folders), exports with nested conditions',
      files: {
        'package.json': manifest({ exports: { node: { import: './es/index.js', require: './lib/index.js' } } }),
        'lib/index.js': INDEX_CJS, 'lib/store.js': STORE_CJS,
        'es/index.js': INDEX_ESM, 'es/store.js': STORE_ESM, 'es/package.json': '{"type":"module","sideEffects":false}',
      },
      skipped: 'es/', kept: 'lib/',
    },
    {
      name: '.cjs/.mjs twins beside each other, no entry point',
      files: {
        'package.json': manifest({}),
        'dist/index.cjs': INDEX_CJS, 'dist/store.cjs': STORE_CJS,
        'dist/index.mjs': INDEX_ESM, 'dist/store.mjs': STORE_ESM,
        'dist/index.d.cts': 'export declare function start(port: number): unknown;\n',
        'dist/index.d.mts': 'export declare function start(port: number): unknown;\n',
      },
      skipped: 'dist/*.mjs', kept: 'dist/*.cjs',
    },
  ];

  const single = () => analyze({ 'package.json': manifest({ main: 'dist/index.js' }), 'dist/index.js': INDEX_CJS, 'dist/store.js': STORE_CJS });

  it('reports the findings of one copy, whatever the layout (invariance)', async () => {
    const expected = findings((await single()).output);
    assert.ok(expected.includes('blocking-sync-io store:8'), `the single copy's per-request readFileSync: ${expected.join(', ')}`);
    for (const layout of layouts) {
      const { output } = await analyze(layout.files);
      assert.deepEqual(findings(output), expected, layout.name);
    }
  });

  it('says which copy was skipped and why, on stderr and in buildOutput', async () => {
    for (const layout of layouts) {
      const { stderr, output } = await analyze(layout.files);
      const entry = output.buildOutput?.find((item) => 'skipped' in item);
      assert.ok(entry, `${layout.name}: ${JSON.stringify(output.buildOutput)}`);
      assert.equal(entry.skipped, layout.skipped, layout.name);
      assert.equal(entry.kept, layout.kept, layout.name);
      assert.equal(entry.files, 2, layout.name);
      assert.match(String(entry.why), /another module format/);
      assert.ok(output.files.every((file) => !/\.d\.[cm]?ts$/.test(file.path)), 'declaration files hold no code');
      assert.match(stderr, new RegExp(`skipping 2 files \\(${layout.skipped.replace(/[.*/]/g, '\\$&')}\\), a copy of`), layout.name);
    }
  });

  it('keeps the copy the entry points name: the ES-module copy when only it is named', async () => {
    const { output } = await analyze({
      'package.json': manifest({ exports: { '.': { import: './dist/esm/index.js' } } }),
      'dist/cjs/index.js': INDEX_CJS, 'dist/cjs/store.js': STORE_CJS,
      'dist/esm/index.js': INDEX_ESM, 'dist/esm/store.js': STORE_ESM,
    });
    assert.deepEqual(output.files.map((file) => file.path).sort(), ['dist/esm/index.js', 'dist/esm/store.js']);
    const entry = output.buildOutput?.find((item) => 'skipped' in item);
    assert.equal(entry?.skipped, 'dist/cjs/');
    assert.match(String(entry?.why), /exports\["\."\]\.import points to the other copy \(dist\/esm\/index\.js\)/);
  });

  it('analyses every copy with THREADWISE_DUAL_BUILDS=all (the evaluation: labels name either copy)', async () => {
    process.env.THREADWISE_DUAL_BUILDS = 'all';
    try {
      const { output } = await analyze(layouts[0].files);
      assert.equal(output.buildOutput?.find((item) => 'skipped' in item), undefined);
      assert.equal(output.files.filter((file) => file.path.endsWith('store.js')).length, 2);
    } finally {
      delete process.env.THREADWISE_DUAL_BUILDS;
    }
  });

  it('leaves alone what is not a twin: a thin wrapper, same-named files of different code, TypeScript beside its output', async () => {
    const wrapper = await analyze({
      'package.json': manifest({ main: 'index.js' }),
      'index.js': STORE_CJS,
      'index.mjs': 'import store from "./index.js";\nexport const serveJob = store.serveJob;\n',
    });
    assert.deepEqual(wrapper.output.files.map((file) => file.path).sort(), ['index.js', 'index.mjs']);
    assert.equal(wrapper.output.buildOutput, undefined);
    const sameNames = await analyze({
      'package.json': manifest({ main: 'src/store.js' }),
      'src/store.js': STORE_CJS,
      'src/index.js': INDEX_CJS,
      'test/store.js': 'import { strict as assert } from "node:assert";\nimport { serveJob } from "../src/store.js";\nassert.ok(serveJob);\n',
    });
    assert.equal(sameNames.output.files.length, 3);
    assert.equal(sameNames.output.buildOutput, undefined);
    const typescript = await analyze({
      'package.json': manifest({ main: 'lib/store.js' }),
      'src/store.ts': STORE_ESM.replace('(port, folder)', '(port: number, folder: string)'),
      'lib/store.js': STORE_CJS,
    });
    assert.deepEqual(typescript.output.files.map((file) => file.path).sort(), ['lib/store.js', 'src/store.ts']);
  });
});
