/**
 * I/O data reaches computation (#10.1): a function that reads (a file, a response, a query) and
 * hands what it read to a helper that computes over all of it (parses every line, hashes it) does
 * both, so it is `mixed`, however many lines or calls apart the read and the computation are.
 * What does not carry data read (a request handle, a parameter of its own) does not make it so.
 */
import { analyzeSources, assertKinds } from '../support';

describe('I/O data reaches computation', () => {
  it('a blocking read passed to a parser of every line is mixed, and so are wrappers up to two calls above it', async () => {
    const reports = await analyzeSources({
      'env.js': `const fs = require('node:fs');
const LINE = /^\\s*([\\w.-]+)\\s*=\\s*(.*)$/;
function parse(src) {
  const out = {};
  const lines = src.toString().split('\\n');
  for (const line of lines) {
    const match = LINE.exec(line);
    if (match) out[match[1]] = match[2].trim();
  }
  return out;
}
function loadEnv(file) {
  const parsed = parse(fs.readFileSync(file, { encoding: 'utf8' }));
  return parsed;
}
function config(options) { return loadEnv(options.path); }
function configure(options) { return config(options); }
function start(options) { return configure(options); }
module.exports = { parse, loadEnv, config, configure, start };
`,
    });
    assertKinds(reports, 'env.js', { parse: 'cpu', loadEnv: 'mixed', config: 'mixed', configure: 'mixed', start: 'io-sync' });
  });

  it('awaited data converted first still reaches the parser; data only measured does not', async () => {
    const reports = await analyzeSources({
      'bucket.ts': `import { readFile } from 'node:fs/promises';
function entries(text: string): string[] {
  const found: string[] = [];
  text.split('\\n').forEach((line) => {
    const [key, value] = line.split('\\t');
    if (value) found.push(key.trim() + value.trim());
  });
  return found;
}
function isEmpty(text: string): boolean {
  return text.length === 0;
}
export async function listBucket(path: string): Promise<string[]> {
  const raw = await readFile(path);
  const text = raw.toString('utf8');
  return entries(text);
}
export async function bucketIsEmpty(path: string): Promise<boolean> {
  const text = await readFile(path, 'utf8');
  return isEmpty(text);
}
`,
    });
    assertKinds(reports, 'bucket.ts', { listBucket: 'mixed', bucketIsEmpty: 'io' });
  });

  it('a request handle is not data read, and a loop over an argument of its own next to a read is not over the data', async () => {
    const reports = await analyzeSources({
      'send.js': `const http = require('node:http');
const fs = require('node:fs');
function writeAll(target, lines) {
  for (const line of lines) target.write(line.trim() + '\\n');
}
function post(url, lines) {
  const request = http.request(url, { method: 'POST' });
  writeAll(request, lines);
  return request;
}
function normalise(names) {
  return names.map((name) => name.trim().toLowerCase().replace(/\\s+/g, '-'));
}
function readWithNames(file, names) {
  const text = fs.readFileSync(file, 'utf8');
  return { text, names: normalise(names) };
}
module.exports = { post, readWithNames };
`,
    });
    assertKinds(reports, 'send.js', { post: 'io', readWithNames: 'io-sync' });
  });
});

describe('file-system calls through a swappable module and on descriptors', () => {
  it('a module variable a hook may swap (`setFs(customFs) { fs = customFs }`) still holds fs; fs.read and fs.fstat on a descriptor are I/O', async () => {
    const reports = await analyzeSources({
      'archive.js': `let fs = require('fs');
function Archive(fd) { this.fd = fd; }
Archive.prototype.size = function (callback) {
  fs.fstat(this.fd, (err, stat) => callback(err, stat && stat.size));
};
Archive.prototype.readChunk = function (buffer, position, callback) {
  fs.read(this.fd, buffer, 0, buffer.length, position, callback);
};
Archive.prototype.readChunkSync = function (buffer, position) {
  return fs.readSync(this.fd, buffer, 0, buffer.length, position);
};
Archive.setFs = function (customFs) {
  fs = customFs;
};
module.exports = Archive;
`,
    });
    assertKinds(reports, 'archive.js', { 'Archive.size': 'io', 'Archive.readChunk': 'io', 'Archive.readChunkSync': 'io-sync' });
  });
});
