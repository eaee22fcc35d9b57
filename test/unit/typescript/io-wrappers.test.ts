/**
 * A wrapper of a function that does I/O (#10.1): calling it is an I/O operation, whatever the
 * callee computes around its own round trip (builds headers, serialises the request it sends,
 * hashes a key into a file name), so a thin wrapper of a client's request core is `io`. It is
 * `mixed` with the callee when the callee's computation is the work beside its I/O: a parse of
 * what it read, a serialisation of what it writes.
 */
import { analyzeSources, assertKinds } from '../support';

describe('wrappers of functions that do I/O', () => {
  it('a wrapper of a read-then-parse or a serialise-then-write is mixed; of a core hashing a key for its file name, io', async () => {
    const reports = await analyzeSources({
      'store.js': `const fs = require('node:fs/promises');
const path = require('node:path');
const crypto = require('node:crypto');

class Store {
  constructor(dir) {
    this.dir = dir;
  }
  fileOf(key) {
    return path.join(this.dir, crypto.createHash('sha256').update(key).digest('hex'));
  }
  async write(key, value) {
    const text = JSON.stringify(value);
    await fs.writeFile(this.fileOf(key), text);
  }
  async read(key) {
    const text = await fs.readFile(this.fileOf(key), 'utf8');
    return JSON.parse(text);
  }
  async remove(key) {
    await fs.unlink(this.fileOf(key));
  }
  setUser(user) {
    return this.write('user:' + user.id, user);
  }
  getUser(id) {
    return this.read('user:' + id);
  }
  removeUser(id) {
    return this.remove('user:' + id);
  }
}
module.exports = { Store };
`,
    });
    assertKinds(reports, 'store.js', { 'Store.read': 'mixed', 'Store.write': 'mixed', 'Store.getUser': 'mixed', 'Store.setUser': 'mixed', 'Store.removeUser': 'io' });
  });

  it('thin wrappers of a request core are io, whatever the core serialises and builds around its round trip', async () => {
    const reports = await analyzeSources({
      'api.js': `const https = require('node:https');

class Api {
  constructor(host) {
    this.host = host;
  }
  send(method, route, body) {
    const payload = JSON.stringify(body);
    const headers = { 'content-type': 'application/json' };
    for (const name of Object.keys(this.extraHeaders || {})) headers[name.toLowerCase()] = this.extraHeaders[name];
    return new Promise((resolve, reject) => {
      const req = https.request({ host: this.host, method, path: route, headers }, resolve);
      req.on('error', reject);
      req.end(payload);
    });
  }
  getUser(id) {
    return this.send('GET', '/users/' + encodeURIComponent(id));
  }
  deleteUser(id) {
    return this.send('DELETE', '/users/' + encodeURIComponent(id));
  }
  importUsers(users) {
    return this.send('POST', '/users/_bulk', users);
  }
}
module.exports = { Api };
`,
    });
    assertKinds(reports, 'api.js', { 'Api.getUser': 'io', 'Api.deleteUser': 'io' });
  });
});
