/**
 * Callback-style reads followed by computation (#10.1): a promise made by hand around a
 * callback read (`await new Promise((resolve) => fs.readFile(f, (err, data) => resolve(data)))`)
 * brings what the read delivered, as `await readFile(f)` does, so a parse of it makes the
 * function `mixed`; and a completion callback that reads in turn and parses what it read
 * (`fs.exists(f, (ok) => fs.readFile(f, (err, text) => parse(text)))`) makes the function that
 * starts the chain `mixed`, whatever the first callback is handed. Resolving with something else
 * than the data (a flag, a count), or reading without computing, stays `io`.
 */
import { analyzeSources, assertKinds } from '../support';

describe('callback-style reads followed by computation', () => {
  it('an awaited promise made around a callback read brings the data: parsing it is mixed, and so are its callers', async function () {
    this.timeout(20_000);
    const reports = await analyzeSources({
      'config.js': `const fs = require('fs');
function parseIni(text) {
  const result = {};
  let section = result;
  for (const line of String(text).split(/\\r?\\n/)) {
    const header = /^\\s*\\[([^\\]]+)\\]\\s*$/.exec(line);
    if (header) { section = result[header[1]] = {}; continue; }
    const pair = /^\\s*([^=#;]+?)\\s*=\\s*(.*?)\\s*$/.exec(line);
    if (pair) section[pair[1].toLowerCase()] = pair[2];
  }
  return result;
}
async function loadConfig(file) {
  const contents = await new Promise((resolve) => {
    fs.readFile(file, 'utf8', (err, text) => {
      resolve(err ? '' : text);
    });
  });
  return parseIni(contents);
}
async function loadAll(files) {
  const configs = [];
  for (const file of files) configs.push(await loadConfig(file));
  return configs;
}
async function configExists(file) {
  const found = await new Promise((resolve) => {
    fs.stat(file, (err) => resolve(!err));
  });
  return found ? parseIni('') : null;
}
async function readRaw(file) {
  const contents = await new Promise((resolve, reject) => {
    fs.readFile(file, (err, buffer) => (err ? reject(err) : resolve(buffer)));
  });
  return contents.length;
}
module.exports = { loadConfig, loadAll, configExists, readRaw };
`,
    });
    assertKinds(reports, 'config.js', { loadConfig: 'mixed', loadAll: 'mixed', configExists: 'io', readRaw: 'io' });
  });

  it('a completion callback that reads in turn and parses what it read makes the whole chain mixed; one that only reads stays io', async function () {
    this.timeout(20_000);
    const reports = await analyzeSources({
      'store.js': `const fs = require('fs');
function Store(file) {
  this.file = file;
  this.data = {};
}
Store.prototype.parse = function (text) {
  return JSON.parse(text);
};
Store.prototype.load = function (callback) {
  const self = this;
  fs.access(self.file, function (missing) {
    if (missing) return callback(null, {});
    fs.readFile(self.file, 'utf8', function (err, text) {
      if (err) return callback(err);
      try {
        self.data = self.parse(text);
      } catch (error) {
        return callback(error);
      }
      callback(null, self.data);
    });
  });
};
Store.prototype.size = function (callback) {
  const self = this;
  fs.access(self.file, function (missing) {
    if (missing) return callback(null, 0);
    fs.stat(self.file, function (err, stat) {
      callback(err, stat ? stat.size : 0);
    });
  });
};
module.exports = Store;
`,
    });
    assertKinds(reports, 'store.js', { 'Store.load': 'mixed', 'Store.size': 'io' });
  });
});
