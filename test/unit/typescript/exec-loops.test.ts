/**
 * A loop that takes the next match of a global regular expression over the input each turn is a
 * loop over the input (#10.1, data-dependent `cpu`), however its exit is written: in the header
 * (`while ((m = re.exec(text)) !== null)`) or in the body (`for (;;) { const m = re.exec(text);
 * if (!m) break; … }`, `while (true)`). Over a literal it is bounded; a regular expression
 * without the `g` flag matches once.
 */
import { analyzeSources, assertKinds } from '../support';

describe('regular-expression exec loops', () => {
  it('a for(;;) or while(true) loop taking every match over the input is cpu, like the while form; without g, or over a literal, none', async function () {
    this.timeout(20_000);
    const reports = await analyzeSources({
      'auth.js': `const PAIR = /([a-z0-9_-]+)=(?:"([^"]+)"|([a-z0-9_-]+))/gi;
function parseDigestHeader(response) {
  const params = {};
  const header = (response.headers && response.headers.get('www-authenticate')) || '';
  for (;;) {
    const match = PAIR.exec(header);
    if (!match) break;
    params[match[1]] = match[2] || match[3];
  }
  return params;
}
function cookieNames(cookieHeader) {
  const re = /(?:^|;\\s*)([^=;\\s]+)=/g;
  const names = [];
  while (true) {
    const found = re.exec(cookieHeader);
    if (found === null) return names;
    names.push(found[1]);
  }
}
function words(text) {
  const re = /\\w+/g;
  const out = [];
  let m;
  while ((m = re.exec(text)) !== null) out.push(m[0]);
  return out;
}
function defaultRealm() {
  const re = /realm="([^"]*)"/g;
  const found = [];
  for (;;) {
    const match = re.exec('Digest realm="api", nonce="x"');
    if (!match) break;
    found.push(match[1]);
  }
  return found;
}
module.exports = { parseDigestHeader, cookieNames, words, defaultRealm };
`,
      // a regular expression without g matches once (in its own file: global regular expressions are known by name per file)
      'pairs.js': `function firstPair(header) {
  const re = /([a-z]+)=([a-z]+)/i;
  for (;;) {
    const match = re.exec(header);
    if (!match) return undefined;
    return match[1];
  }
}
module.exports = { firstPair };
`,
    });
    assertKinds(reports, 'auth.js', { parseDigestHeader: 'cpu', cookieNames: 'cpu', words: 'cpu', defaultRealm: 'none' });
    assertKinds(reports, 'pairs.js', { firstPair: 'none' });
  });
});
