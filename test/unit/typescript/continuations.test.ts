/**
 * A promise's `.then(onFulfilled)` callback is the code after an `await` of it, written another
 * way (#10, invariance): it runs on the caller's thread with what the promise settles to. So
 * `readFile(f).then((text) => parse(text))` reads and parses (`mixed`) as `parse(await
 * readFile(f))` does, whether the callback is inline, a named function or a built-in kernel
 * (`.then(JSON.parse)`), and whether the promise is chained in place or kept in a name first. A
 * continuation that only logs or passes the text on keeps the function `io`, and a rejection
 * handler is not the continuation of the read.
 */
import { analyzeSources, assertKinds } from '../support';

describe('promise continuations', () => {
  it('a read continued by a parse is mixed as its awaited form is; a cheap continuation or a rejection handler keeps it io', async function () {
    this.timeout(20_000);
    const reports = await analyzeSources({
      'settings.js': `const { readFile } = require('fs/promises');

function parseLines(text) {
  const out = {};
  for (const line of text.split('\\n')) {
    const index = line.indexOf('=');
    if (index > 0) out[line.slice(0, index).trim()] = line.slice(index + 1).trim();
  }
  return out;
}

async function loadAwaited(file) {
  const text = await readFile(file, 'utf8');
  return parseLines(text);
}

function loadInline(file) {
  return readFile(file, 'utf8').then((text) => parseLines(text));
}

function loadNamed(file) {
  return readFile(file, 'utf8').then(parseLines);
}

function loadJson(file) {
  return readFile(file, 'utf8').then(JSON.parse);
}

function loadKept(file) {
  const pending = readFile(file, 'utf8');
  return pending.then((text) => parseLines(text));
}

function loadLogged(file) {
  return readFile(file, 'utf8').then((text) => {
    console.log('read', file, text.length);
    return text;
  });
}

function loadOrDefault(file) {
  return readFile(file, 'utf8').then((text) => text, () => JSON.parse('{"theme":"dark"}'));
}

module.exports = { loadAwaited, loadInline, loadNamed, loadJson, loadKept, loadLogged, loadOrDefault };
`,
    });
    assertKinds(reports, 'settings.js', {
      loadAwaited: 'mixed',
      loadInline: 'mixed',
      loadNamed: 'mixed',
      loadJson: 'mixed',
      loadKept: 'mixed',
      loadLogged: 'io',
      loadOrDefault: 'io',
    });
  });

  it('a client method that continues its own request with a parse of the reply is mixed', async function () {
    this.timeout(20_000);
    const reports = await analyzeSources({
      'client.js': `const https = require('https');

class StatsClient {
  text(path) {
    return new Promise((resolve, reject) => {
      const req = https.request({ host: 'stats.example.com', path }, (res) => {
        let body = '';
        res.on('data', (chunk) => { body += chunk; });
        res.on('end', () => resolve(body));
      });
      req.on('error', reject);
      req.end();
    });
  }

  json(path) {
    return this.text(path).then((body) => JSON.parse(body));
  }

  async jsonAwaited(path) {
    const body = await this.text(path);
    return JSON.parse(body);
  }
}

module.exports = { StatsClient };
`,
    });
    assertKinds(reports, 'client.js', { 'StatsClient.text': 'io', 'StatsClient.json': 'mixed', 'StatsClient.jsonAwaited': 'mixed' });
  });
});
