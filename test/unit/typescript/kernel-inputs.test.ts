/**
 * A kernel (serialise, hash, parse) costs what its input weighs: over data that grows with the
 * inputs it is computation, over values of constant size (literals, an object literal of them, a
 * counter, a value a caller passes as `{}`) it is a small constant.
 */
import { analyzeSources, assertKinds } from '../support';

describe('kernels over inputs of constant size', () => {
  it('serialising a literal next to a blocking write is io-sync; serialising the data passed is mixed', async () => {
    const reports = await analyzeSources({
      'status.js': `const fs = require('node:fs');
const VERSION = '2.1.0';
function writeStatus(file, pid) {
  fs.writeFileSync(file, JSON.stringify({ ok: true, version: VERSION, retries: 3, tags: ['ready', 'idle'], pid: Number(pid) }));
}
function writeLock(file) {
  fs.writeFileSync(file, JSON.stringify({ created: \`at \${VERSION}\` }, null, 2));
}
function writeReport(file, rows) {
  fs.writeFileSync(file, JSON.stringify({ generated: true, rows }));
}
module.exports = { writeStatus, writeLock, writeReport };
`,
    });
    assertKinds(reports, 'status.js', { writeStatus: 'io-sync', writeLock: 'io-sync', writeReport: 'mixed' });
  });

  it('a hash of a few scalars names a file; a hash of the data passed is computation', async () => {
    const reports = await analyzeSources({
      'names.js': `const crypto = require('node:crypto');
let sequence = 0;
function uniqueName(prefix) {
  const digest = crypto.createHash('sha1').update(__filename).update(String(++sequence)).digest('hex');
  return prefix + '-' + digest.slice(0, 8);
}
function fingerprint(contents) {
  return crypto.createHash('sha256').update(contents).digest('hex');
}
module.exports = { uniqueName, fingerprint };
`,
    });
    assertKinds(reports, 'names.js', { uniqueName: 'none', fingerprint: 'cpu' });
  });

  it('a setter that serialises what it is given weighs what each caller passes', async () => {
    const reports = await analyzeSources({
      'store.js': `const fs = require('node:fs');
class SettingsFile {
  constructor(file) { this.file = file; }
  set contents(value) {
    fs.writeFileSync(this.file, JSON.stringify(value, undefined, '\\t'));
  }
  reset() {
    this.contents = {};
  }
  replace(settings) {
    this.contents = settings;
  }
}
module.exports = { SettingsFile };
`,
    });
    assertKinds(reports, 'store.js', { 'SettingsFile.reset': 'io-sync', 'SettingsFile.replace': 'mixed' });
  });

  it('a string that starts empty and grows keeps its parse over the data', async () => {
    const reports = await analyzeSources({
      'body.js': `function collect(stream, done) {
  let text = '';
  stream.on('data', (chunk) => { text += chunk; });
  stream.on('end', () => done(JSON.parse(text)));
}
function parseAll(parts) {
  let text = '';
  for (const part of parts) text += part;
  return JSON.parse(text);
}
module.exports = { collect, parseAll };
`,
    });
    assertKinds(reports, 'body.js', { parseAll: 'cpu' });
  });
});

describe('kernels joined into a string', () => {
  it('a template without words only joins values (a cipher\'s output is computation); one with words formats a message', async () => {
    const reports = await analyzeSources({
      'vault.js': `const crypto = require('node:crypto');
function decrypt(ciphertext, key, nonce) {
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, nonce);
  return \`\${decipher.update(ciphertext)}\${decipher.final()}\`;
}
function describe(options) {
  return \`options: \${JSON.stringify(options)}\`;
}
module.exports = { decrypt, describe };
`,
    });
    assertKinds(reports, 'vault.js', { decrypt: 'cpu', describe: 'none' });
  });
});
