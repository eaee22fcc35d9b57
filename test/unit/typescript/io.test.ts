/**
 * I/O the analysis must see and weigh: naming conventions for calls it cannot resolve, streams and
 * events, loops around blocking calls, child processes, CPU that is only bookkeeping around I/O,
 * kernels over a whole buffer, and how sure `none` is.
 */
import * as assert from 'node:assert/strict';
import { analyzeSources, assertKinds, functionIn, kindIn } from '../support';

describe('I/O: conventions for unresolved calls', () => {
  it('a *Sync method on an fs-like receiver blocks, with less certainty than fs itself', async () => {
    const reports = await analyzeSources({
      'mkdir.js': `const fs = require('node:fs');
function mkdirNative(path, opts) {
  return opts.mkdirSync(path, { recursive: true });
}
function mkdirDirect(path) {
  return fs.mkdirSync(path, { recursive: true });
}
function walk(path) {
  const entry = path.lstatSync();
  return entry.isDirectory() ? path.readdirSync() : [];
}
module.exports = { mkdirNative, mkdirDirect, walk };
`,
    });
    assertKinds(reports, 'mkdir.js', { mkdirNative: 'io-sync', mkdirDirect: 'io-sync', walk: 'io-sync' });
    assert.ok(functionIn(reports, 'mkdir.js', 'mkdirNative').confidence < functionIn(reports, 'mkdir.js', 'mkdirDirect').confidence);
  });

  it('the sync API of a package the catalog does not describe blocks; a described package is not guessed at', async () => {
    const reports = await analyzeSources({
      'resolve.js': `const which = require('which');
const zlib = require('node:zlib');
function resolveCommand(command) {
  try {
    return which.sync(command, { nothrow: true });
  } catch {
    return null;
  }
}
function flush(chunk) {
  const gzip = zlib.createGzip();
  return gzip._handle.writeSync(zlib.constants.Z_FINISH, chunk, 0, chunk.length);
}
module.exports = { resolveCommand, flush };
`,
    });
    // createGzip is offloaded (io); the internal handle's writeSync is not taken for a blocking call
    assertKinds(reports, 'resolve.js', { resolveCommand: 'io-sync', flush: 'io' });
  });

  it('a method of the project named like a sync API is judged by its body', async () => {
    const reports = await analyzeSources({
      'enoent.js': `function notFoundError(original) {
  return Object.assign(new Error(original.command + ' ENOENT'), { code: 'ENOENT' });
}
function verifyENOENTSync(status, parsed) {
  return status === 1 && !parsed.file ? notFoundError(parsed.original) : null;
}
module.exports = { verifyENOENTSync };
`,
    });
    assert.equal(kindIn(reports, 'enoent.js', 'verifyENOENTSync'), 'none');
  });
});

describe('I/O: streams and events', () => {
  it('listening for stream data, piping, events.once, finished() and a promise resolved by an end event', async () => {
    const reports = await analyzeSources({
      'streams.js': `const { once } = require('node:events');
const { finished } = require('node:stream');
function getStdin() {
  return new Promise((resolve) => {
    const chunks = [];
    process.stdin.on('data', (chunk) => chunks.push(chunk));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString()));
  });
}
function sendFile(file, res) {
  file.on('error', (error) => res.destroy(error));
  file.pipe(res);
}
async function waitForExit(child) {
  const [code] = await once(child, 'exit');
  return code;
}
function drain(stream, callback) {
  finished(stream, callback);
  stream.resume();
}
function readAll(stream) {
  return new Promise((resolve) => stream.on('end', resolve));
}
module.exports = { getStdin, sendFile, waitForExit, drain, readAll };
`,
    });
    assertKinds(reports, 'streams.js', { getStdin: 'io', sendFile: 'io', waitForExit: 'io', drain: 'io', readAll: 'io' });
  });

  it('writing to a socket kept on the instance is I/O; RxJS pipes and stream flow control are not', async () => {
    const reports = await analyzeSources({
      'connection.js': `class Connection {
  constructor(stream) {
    this.stream = stream;
  }
  send(buffer) {
    if (!this.stream.writable) return false;
    return this.stream.write(buffer);
  }
  pause() {
    this.stream.pause();
  }
}
function double(source, map) {
  return source.pipe(map((value) => value * 2));
}
module.exports = { Connection, double };
`,
    });
    assertKinds(reports, 'connection.js', { 'Connection.send': 'io', 'Connection.pause': 'none', double: 'none' });
  });
});

describe('I/O: loops and processes', () => {
  it('a loop around blocking calls is io-sync, not mixed; around awaits it is io', async () => {
    const reports = await analyzeSources({
      'files.js': `const fs = require('node:fs');
const path = require('node:path');
function sizes(files) {
  const out = [];
  for (const file of files) {
    const resolved = path.resolve(file);
    if (resolved.includes('..')) continue;
    out.push(fs.statSync(resolved).size);
  }
  return out;
}
function copyDir(src, dest) {
  const dir = fs.opendirSync(src);
  let dirent;
  while ((dirent = dir.readSync()) !== null) {
    const from = path.join(src, dirent.name);
    const to = path.join(dest, dirent.name);
    if (dirent.isDirectory()) copyDir(from, to);
    else fs.copyFileSync(from, to);
  }
  dir.closeSync();
}
async function loadAll(urls) {
  const bodies = [];
  for (const url of urls) bodies.push(await (await fetch(url)).text());
  return bodies;
}
module.exports = { sizes, copyDir, loadAll };
`,
    });
    assertKinds(reports, 'files.js', { sizes: 'io-sync', copyDir: 'io-sync', loadAll: 'io' });
  });

  it('starting a child process is io even when preparing its arguments reads a file synchronously', async () => {
    const reports = await analyzeSources({
      'lib/shebang.js': `const fs = require('node:fs');
module.exports = function readShebang(command) {
  const buffer = Buffer.alloc(150);
  const fd = fs.openSync(command, 'r');
  fs.readSync(fd, buffer, 0, 150, 0);
  fs.closeSync(fd);
  return buffer.toString().startsWith('#!') ? buffer.toString().split('\\n')[0] : null;
};
`,
      'lib/parse.js': `const readShebang = require('./shebang');
function detectShebang(parsed) {
  const shebang = readShebang(parsed.command);
  return shebang ? shebang.slice(2) : parsed.command;
}
module.exports = function parse(command, args) {
  const parsed = { command, args };
  parsed.file = detectShebang(parsed);
  return parsed;
};
`,
      'index.js': `const cp = require('node:child_process');
const parse = require('./lib/parse');
function spawn(command, args, options) {
  const parsed = parse(command, args, options);
  return cp.spawn(parsed.file, parsed.args, options);
}
function spawnSync(command, args, options) {
  const parsed = parse(command, args, options);
  return cp.spawnSync(parsed.file, parsed.args, options);
}
module.exports = { spawn, spawnSync };
`,
    });
    assertKinds(reports, 'index.js', { spawn: 'io', spawnSync: 'io-sync' });
    assert.equal(kindIn(reports, 'lib/parse.js', 'detectShebang'), 'io-sync');
  });
});

describe('I/O: computation next to I/O', () => {
  it('bookkeeping of guessed size around a request stays io; heavy computation of its own makes it mixed', async () => {
    const reports = await analyzeSources({
      'request.js': `function merge(target, ...sources) {
  for (const source of sources) {
    for (const key of Object.keys(source)) {
      for (const part of String(key).split('.')) target[part] = source[key];
    }
  }
  return target;
}
async function request(config, defaults) {
  const merged = merge({}, defaults, config);
  const response = await fetch(merged.url, merged);
  return response.json();
}
async function render(path) {
  const fs = require('node:fs/promises');
  const text = await fs.readFile(path, 'utf8');
  let hash = 0;
  for (let i = 0; i < 30_000_000; i++) hash = (hash * 31 + text.charCodeAt(i % text.length)) | 0;
  await fs.writeFile(path + '.hash', String(hash));
}
module.exports = { request, render };
`,
    });
    assertKinds(reports, 'request.js', { request: 'io', render: 'mixed' });
  });

  it('a dense loop over a whole buffer is a CPU kernel; a compare or a sum over the data passed is cpu too', async () => {
    const reports = await analyzeSources({
      'crc.js': `const TABLE = new Int32Array(256);
function crc32(crc, buf, len, pos) {
  const end = pos + len;
  crc ^= -1;
  for (let i = pos; i < end; i++) crc = (crc >>> 8) ^ TABLE[(crc ^ buf[i]) & 0xff];
  return crc ^ -1;
}
function safeCompare(known, given) {
  let right = 0;
  for (let i = 0; i < known.length; ++i) right |= known.charCodeAt(i) ^ given.charCodeAt(i);
  return right === 0;
}
function total(items) {
  let sum = 0;
  for (const item of items) sum += item.price;
  return sum;
}
module.exports = { crc32, safeCompare, total };
`,
    });
    // a loop over the strings or items passed grows with them too: data-dependent cpu, of lower confidence than the kernel
    assertKinds(reports, 'crc.js', { crc32: 'cpu', safeCompare: 'cpu', total: 'cpu' });
  });

  it('the kinds of functions calling a kernel follow it, and a wrapper with I/O becomes mixed', async () => {
    const reports = await analyzeSources({
      'gzip.js': `const fs = require('node:fs/promises');
const TABLE = new Int32Array(256);
function crc32(buf) {
  let crc = -1;
  for (let i = 0; i < buf.length; i++) crc = TABLE[(crc ^ buf[i]) & 0xff] ^ (crc >>> 8);
  return crc ^ -1;
}
function checksum(buf) {
  return crc32(buf) >>> 0;
}
async function checksumFile(path) {
  const data = await fs.readFile(path);
  return crc32(data);
}
module.exports = { checksum, checksumFile };
`,
    });
    assertKinds(reports, 'gzip.js', { checksum: 'cpu', checksumFile: 'mixed' });
  });
});

describe('confidence of none', () => {
  it('is lower the more calls went unresolved', async () => {
    const reports = await analyzeSources({
      'none.js': `function add(a, b) {
  return a + b;
}
function opaque(a, b, c) {
  return a.transform(b.normalize(c.value), b.options, c.compute(a.seed));
}
module.exports = { add, opaque };
`,
    });
    assertKinds(reports, 'none.js', { add: 'none', opaque: 'none' });
    assert.ok(functionIn(reports, 'none.js', 'opaque').confidence < functionIn(reports, 'none.js', 'add').confidence - 0.1);
  });
});
