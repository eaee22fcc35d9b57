/**
 * Delegation the linker must follow: `this` in classes, constructor functions and object
 * literals, class emulation (`Base.extend({...})`), statics, factory chains, higher-order
 * functions, parameters fed by call sites, callbacks a callee runs, return values, re-exports,
 * interop helpers, declared types and, for what syntax cannot see, the type checker.
 */
import * as assert from 'node:assert/strict';
import { analyzeOnly, analyzeSources, assertKinds, functionIn, kindIn } from '../support';
import { MAX_PROGRAM_FILES } from '../../../src/core/typescript/types';

/** A block compression round: fixed-size, dense (what a hash does per 64-byte block). */
const ROUND = `for (var r = 0; r < 64; r++) {
      var t = (words[offset + (r & 15)] ^ (state << 5) ^ (state >>> 27)) + r * 0x5a827999;
      state = (state + t) | 0;
      words[offset + (r & 15)] = t & 0xffffffff;
    }`;

describe('linking: this and classes', () => {
  it('follows this.method() in a class, through a base class', async () => {
    const reports = await analyzeSources({
      'hash.ts': `abstract class BlockHash {
  protected state = 0;
  update(words: number[]): this {
    this.process(words);
    return this;
  }
  protected process(words: number[]): void {
    for (let offset = 0; offset < words.length; offset += 16) this.block(words, offset);
  }
  protected block(words: number[], offset: number): void {
    let state = this.state;
    ${ROUND}
    this.state = state;
  }
}
export class Sha extends BlockHash {
  digest(): number {
    return this.state;
  }
}
export function hashAll(chunks: number[][]) {
  const hash = new Sha();
  for (const chunk of chunks) hash.update(chunk);
  return hash.digest();
}
`,
    });
    assertKinds(reports, 'hash.ts', { 'BlockHash.update': 'cpu', 'BlockHash.process': 'cpu', 'Sha.digest': 'none', hashAll: 'cpu' });
  });

  it('follows this.method() in constructor functions and their prototypes', async () => {
    const reports = await analyzeSources({
      'md5.js': `function Md5() {
  this.reset();
}
Md5.prototype.reset = function () {
  this.buffer = [];
  return this;
};
Md5.prototype.append = function (words) {
  this.appendBinary(words);
  return this;
};
Md5.prototype.appendBinary = function (words) {
  var state = 0;
  for (var offset = 0; offset + 16 <= words.length; offset += 16) {
    ${ROUND}
  }
  this.state = state;
  return this;
};
Md5.hash = function (words) {
  return new Md5().append(words).state;
};
module.exports = Md5;
`,
    });
    assertKinds(reports, 'md5.js', { 'Md5.append': 'cpu', 'Md5.appendBinary': 'cpu', 'Md5.reset': 'none', 'Md5.hash': 'cpu' });
  });

  it('follows sibling methods of an object literal that names itself, inside an IIFE', async () => {
    const reports = await analyzeSources({
      'lz.js': `var LZ = (function () {
  var fromCode = String.fromCharCode;
  var LZ = {
    compress: function (input) {
      return LZ._compress(input, 16, function (a) { return fromCode(a); });
    },
    _compress: function (input, bits, toChar) {
      var dictionary = {}, out = [], value = 0;
      for (var i = 0; i < input.length; i++) {
        var c = input.charCodeAt(i);
        value = (value << 1) | (c & 1);
        out.push(toChar((value ^ (c >> 3)) & ((1 << bits) - 1)));
        dictionary[c] = (dictionary[c] | 0) + 1;
      }
      return out.join('');
    }
  };
  return LZ;
})();
module.exports = LZ;
`,
      'use.js': `const LZ = require('./lz');
exports.pack = function pack(text) { return LZ.compress(text); };
`,
    });
    assertKinds(reports, 'lz.js', { 'LZ.compress': 'cpu', 'LZ._compress': 'cpu' });
    assert.equal(kindIn(reports, 'use.js', 'pack'), 'cpu');
  });

  it('follows members assigned to an object after its creation', async () => {
    const reports = await analyzeSources({
      'ns.js': `var C = {};
C.lib = {};
C.lib.inflate = function (data) {
  var out = 0;
  for (var i = 0; i < data.length; i++) out = (out * 31 + data[i] * (i | 1)) ^ (out >>> 7) ^ (data[i] << 3);
  return out;
};
C.decode = function (data) {
  return C.lib.inflate(data);
};
module.exports = C;
`,
    });
    assertKinds(reports, 'ns.js', { 'C.lib.inflate': 'cpu', 'C.decode': 'cpu' });
  });

  it('follows class emulation: Base.extend({...}), implementations in subtypes, create() factories', async () => {
    const reports = await analyzeSources({
      'core.js': `var Base = {
  extend: function (overrides) {
    var subtype = Object.create(this);
    for (var key in overrides) subtype[key] = overrides[key];
    return subtype;
  },
  create: function () {
    var instance = this.extend();
    instance.init.apply(instance, arguments);
    return instance;
  },
  init: function () {}
};
var Hasher = Base.extend({
  update: function (words) {
    this._append(words);
    this._process();
    return this;
  },
  _append: function (words) {
    this._data = (this._data || []).concat(words);
  },
  _process: function () {
    var words = this._data;
    for (var offset = 0; offset < words.length; offset += 16) this._doProcessBlock(words, offset);
  }
});
module.exports = { Base: Base, Hasher: Hasher };
`,
      'sha.js': `var core = require('./core');
var SHA = core.Hasher.extend({
  _doProcessBlock: function (words, offset) {
    var state = this._state | 0;
    ${ROUND}
    this._state = state;
  }
});
var PBKDF2 = core.Base.extend({
  compute: function (password) {
    var block = [0];
    // every iteration runs a compression round over the block, as PBKDF2's HMAC does
    for (var i = 0; i < 250000; i++) {
      for (var round = 0; round < 64; round++) block[0] = (block[0] * 33 + password.length + round) | 0;
    }
    return block;
  }
});
exports.sha = function (words) { return SHA.create().update(words); };
exports.pbkdf2 = function (password) { return PBKDF2.create({ keySize: 8 }).compute(password); };
`,
    });
    assertKinds(reports, 'core.js', { 'Hasher.update': 'cpu', 'Hasher._process': 'cpu', 'Hasher._append': 'none' });
    assertKinds(reports, 'sha.js', { 'SHA._doProcessBlock': 'none', 'PBKDF2.compute': 'cpu', sha: 'cpu', pbkdf2: 'cpu' });
  });

  it('tells static members from prototype members of the same name', async () => {
    const reports = await analyzeSources({
      'png.js': `function PNG(width, height) {
  this.width = width;
  this.height = height;
  this.data = new Uint8Array(width * height * 4);
}
PNG.adjustGamma = function (src) {
  for (var y = 0; y < src.height; y++) {
    for (var x = 0; x < src.width; x++) {
      var idx = (src.width * y + x) << 2;
      for (var i = 0; i < 3; i++) src.data[idx + i] = Math.pow(src.data[idx + i] / 255, 1 / 2.2) * 255;
    }
  }
};
PNG.prototype.adjustGamma = function () {
  PNG.adjustGamma(this);
};
PNG.prototype.size = function () {
  return this.width * this.height;
};
module.exports = PNG;
`,
    });
    assert.equal(kindIn(reports, 'png.js', 'PNG.adjustGamma', 6), 'cpu');
    assert.equal(kindIn(reports, 'png.js', 'PNG.adjustGamma', 14), 'cpu');
    assert.equal(kindIn(reports, 'png.js', 'PNG.size'), 'none');
  });
});

describe('linking: values that flow', () => {
  it('follows higher-order functions that return closures over their parameters', async () => {
    const reports = await analyzeSources({
      'marked.ts': `class Lexer {
  static lex(src: string): number[] {
    const tokens: number[] = [];
    for (let i = 0; i < src.length; i++) tokens.push((src.charCodeAt(i) * 7) ^ (i << 2) ^ (tokens.length & 15) ^ (i >> 1));
    return tokens;
  }
}
class Parser {
  static parse(tokens: number[]): string {
    return tokens.join(',');
  }
}
function parseMarkdown(lexer: (src: string) => number[], parser: (tokens: number[]) => string) {
  return (src: string) => parser(lexer(src));
}
export function marked(src: string): string {
  return parseMarkdown(Lexer.lex, Parser.parse)(src);
}
`,
    });
    assertKinds(reports, 'marked.ts', { 'Lexer.lex': 'cpu', marked: 'cpu' });
  });

  it('follows a parameter to what its callers pass (constructor injection)', async () => {
    const reports = await analyzeSources({
      'hasher.mjs': `import { createHash } from 'node:crypto';
class NodeHasher {
  constructor(hash) {
    this.hash = hash;
  }
  update(message) {
    this.hash.update(message);
    return this;
  }
  hex() {
    return this.hash.digest('hex');
  }
}
export function sha256() {
  return new NodeHasher(createHash('sha256'));
}
`,
    });
    assertKinds(reports, 'hasher.mjs', { 'NodeHasher.update': 'cpu', 'NodeHasher.hex': 'none' });
  });

  it('runs callbacks a callee invokes as part of the call', async () => {
    const reports = await analyzeSources({
      'client.js': `const net = require('node:net');
function traceConnect(fn, context) {
  if (!context) return fn();
  return Promise.resolve().then(() => fn());
}
class Client {
  connect() {
    return traceConnect(() => this._connect(), null);
  }
  _connect() {
    return new Promise((resolve) => {
      this.socket = net.connect(6379, 'localhost', resolve);
    });
  }
}
function settle(resolve, reject, response) {
  if (response.status < 400) resolve(response);
  else reject(new Error(String(response.status)));
}
module.exports = { Client, settle };
`,
    });
    assertKinds(reports, 'client.js', { 'Client.connect': 'io', 'Client._connect': 'io', settle: 'none' });
  });

  it('follows return values: a table of adapters picked by name', async () => {
    const reports = await analyzeSources({
      'adapters.js': `const http = require('node:http');
function httpAdapter(config) {
  return new Promise((resolve) => http.request(config.url, resolve).end());
}
function fetchAdapter(config) {
  return fetch(config.url);
}
const known = { http: httpAdapter, fetch: fetchAdapter };
function getAdapter(name) {
  const adapter = known[String(name).toLowerCase()];
  if (!adapter) throw new Error('unknown adapter ' + name);
  return adapter;
}
function dispatchRequest(config) {
  const adapter = getAdapter(config.adapter || 'http');
  return adapter(config).then((response) => response);
}
module.exports = { dispatchRequest };
`,
    });
    assert.equal(kindIn(reports, 'adapters.js', 'dispatchRequest'), 'io');
  });

  it('carries a module through re-exporting wrappers and interop helpers', async () => {
    const reports = await analyzeSources({
      'lib/fs/index.js': `const fs = require('graceful-fs');
Object.assign(exports, fs);
exports.exists = function (file) { return new Promise((resolve) => fs.access(file, (error) => resolve(!error))); };
`,
      'lib/copy.js': `const fs = require('./fs');
async function copyFile(src, dest) {
  await fs.copyFile(src, dest);
  return fs.stat(dest);
}
function copyFileSync(src, dest) {
  fs.copyFileSync(src, dest);
}
module.exports = { copyFile, copyFileSync };
`,
      'lib/compiled.js': `"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
  return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const fs_1 = __importDefault(require("fs"));
function readConfig(file) {
  return JSON.parse(fs_1.default.readFileSync(file, "utf8"));
}
exports.readConfig = readConfig;
`,
    });
    assertKinds(reports, 'lib/copy.js', { copyFile: 'io', copyFileSync: 'io-sync' });
    // the blocking read is found through the interop helper (without it, JSON.parse alone: cpu)
    assert.equal(kindIn(reports, 'lib/compiled.js', 'readConfig'), 'mixed');
  });

  it('keeps apart the modules one interop helper wraps: path.extname is not a file-system call because fs/promises was imported too', async () => {
    const reports = await analyzeSources({
      'dist/Explorer.js': `"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.Explorer = void 0;
const promises_1 = __importDefault(require("fs/promises"));
const path_1 = __importDefault(require("path"));
const os_1 = __importDefault(require("os"));
function loaderKey(filepath) {
    const extension = path_1.default.extname(filepath);
    return path_1.default.basename(filepath, extension) === 'package' ? 'package' : extension || 'noExt';
}
function homeConfig(name) {
    return path_1.default.join(os_1.default.homedir(), name);
}
async function readConfig(filepath) {
    return promises_1.default.readFile(filepath, { encoding: 'utf-8' });
}
exports.loaderKey = loaderKey;
exports.homeConfig = homeConfig;
exports.readConfig = readConfig;
`,
    });
    assertKinds(reports, 'dist/Explorer.js', { loaderKey: 'none', homeConfig: 'none', readConfig: 'io' });
  });

  it('wraps functions passed through external higher-order helpers (promisify, universalify)', async () => {
    const reports = await analyzeSources({
      'exists.js': `const u = require('universalify').fromPromise;
const { promisify } = require('node:util');
const fs = require('node:fs');
const stat = promisify(fs.stat);
async function pathExists(path) {
  return fs.promises.access(path).then(() => true).catch(() => false);
}
module.exports = { pathExists: u(pathExists), stat };
`,
      'use.js': `const { pathExists, stat } = require('./exists');
async function ensure(dir) {
  if (await pathExists(dir)) return stat(dir);
  return null;
}
module.exports = { ensure };
`,
    });
    assert.equal(kindIn(reports, 'use.js', 'ensure'), 'io');
  });

  it('uses declared types of parameters and fields', async () => {
    const reports = await analyzeSources({
      'repo.ts': `import type { Pool, PoolClient } from 'pg';
export class UserRepository {
  constructor(private readonly pool: Pool) {}
  async count(): Promise<number> {
    const result = await this.pool.query('select count(*) from users');
    return Number(result.rows[0].count);
  }
}
export async function inTransaction(client: PoolClient) {
  await client.query('begin');
}
`,
    });
    assertKinds(reports, 'repo.ts', { 'UserRepository.count': 'io', inTransaction: 'io' });
  });

  it('resolves to the implementation beside a declaration file', async () => {
    const reports = await analyzeSources({
      'dist/parse.js': `exports.parse = function parse(text) {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (h * 33) ^ text.charCodeAt(i) ^ (h >>> 5) ^ (i << 1);
  return h;
};
`,
      'dist/parse.d.ts': 'export declare function parse(text: string): number;\n',
      'dist/index.js': `const parser = require('./parse.js');
exports.load = function load(text) { return parser.parse(text); };
`,
    });
    assert.equal(kindIn(reports, 'dist/index.js', 'load'), 'cpu');
  });
});

describe('linking: the type checker, on demand', () => {
  it('finds a package client behind a generic container (Map<string, Pool>)', async () => {
    const reports = await analyzeOnly({
      'node_modules/pg/package.json': '{ "name": "pg", "version": "8.0.0", "types": "index.d.ts" }\n',
      'node_modules/pg/index.d.ts': 'export declare class Pool { query(text: string): Promise<{ rows: unknown[] }>; end(): Promise<void>; }\n',
      'pools.ts': `import type { Pool } from 'pg';
const pools = new Map<string, Pool>();
export async function load(id: string) {
  const pool = pools.get('main')!;
  return pool.query('select * from items where id = ' + id);
}
`,
    }, ['pools.ts']);
    assert.equal(kindIn(reports, 'pools.ts', 'load'), 'io');
    assert.match(functionIn(reports, 'pools.ts', 'load').evidence[0].message, /pool\.query/);
  });

  it('picks the right one of several project methods with the same name', async () => {
    const reports = await analyzeSources({
      'codecs.ts': `export class Crc {
  readonly name = 'crc';
  encode(data: Uint8Array): number {
    let crc = -1;
    for (let i = 0; i < data.length; i++) crc = TABLE[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
    return crc ^ -1;
  }
}
export class Identity {
  readonly name = 'identity';
  encode(data: Uint8Array): number {
    return data.length;
  }
}
const TABLE = new Int32Array(256);
const crcs: Crc[] = [new Crc()];
export function checksum(data: Uint8Array) {
  const codec = crcs.find((candidate) => candidate.name === 'crc')!;
  return codec.encode(data);
}
`,
    });
    assertKinds(reports, 'codecs.ts', { 'Crc.encode': 'cpu', 'Identity.encode': 'none', checksum: 'cpu' });
  });

  it('asks only about files whose imports fit the program budget; the others keep what syntax resolved', async () => {
    const codecs = `export class Crc {
  readonly name = 'crc';
  encode(data: Uint8Array): number {
    let crc = -1;
    for (let i = 0; i < data.length; i++) crc = TABLE[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
    return crc ^ -1;
  }
}
export class Identity {
  readonly name = 'identity';
  encode(data: Uint8Array): number {
    return data.length;
  }
}
const TABLE = new Int32Array(256);
`;
    const caller = (chainStart: string) => `import { Crc } from './codecs';
import { step } from './chain/${chainStart}';
const crcs: Crc[] = [new Crc()];
export function checksum(data: Uint8Array) {
  const codec = crcs.find((candidate) => candidate.name === 'crc')!;
  return codec.encode(data) + step(1);
}
`;
    // a chain of modules longer than the budget: a file importing its start brings all of them into a program
    const chain: Record<string, string> = {};
    for (let index = 0; index <= MAX_PROGRAM_FILES; index++) {
      chain[`chain/m${index}.ts`] = index < MAX_PROGRAM_FILES
        ? `import { step as next } from './m${index + 1}';\nexport function step(n: number): number { return next(n) + 1; }\n`
        : 'export function step(n: number): number { return n; }\n';
    }
    const reports = await analyzeSources({ 'codecs.ts': codecs, 'a-heavy.ts': caller('m0'), 'b-lean.ts': caller(`m${MAX_PROGRAM_FILES}`), ...chain });
    assert.equal(kindIn(reports, 'b-lean.ts', 'checksum'), 'cpu', 'within the budget: the checker says which encode()');
    assert.notEqual(kindIn(reports, 'a-heavy.ts', 'checksum'), 'cpu', 'over the budget: not asked');
  });
});
