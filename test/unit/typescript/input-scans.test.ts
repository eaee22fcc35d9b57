/**
 * Computation over the input data is `cpu` however small today's input (README "What a verdict
 * means"): a loop doing work per item over a parameter's data, a global regular expression run
 * over a string passed, an array passed joined. Bounded work stays `none`: loops over a literal
 * collection or over the fields of an object passed (a record: options, headers, a row), memoised
 * work, a bisection, a trim, a regular expression that stops at its first match, a join of a
 * fixed list.
 */
import { analyzeSources, assertKinds } from '../support';

describe('computation over the input data', () => {
  it('a loop doing work per item over the items a parameter holds is cpu; over a literal list or the keys of a map passed it is none', async () => {
    const reports = await analyzeSources({
      'items.js': `function countLongWords(words) {
  let count = 0;
  for (const word of words) {
    if (word.trim().toLowerCase().length > 3) count++;
  }
  return count;
}
function findHeader(map, name) {
  name = name.toLowerCase();
  for (const key in map) {
    if (key.toLowerCase() === name) return key;
  }
  return undefined;
}
function defaultHeaders() {
  const out = {};
  for (const name of ['accept', 'user-agent', 'connection']) out[name.toLowerCase()] = '';
  return out;
}
module.exports = { countLongWords, findHeader, defaultHeaders };
`,
    });
    assertKinds(reports, 'items.js', { countLongWords: 'cpu', findHeader: 'none', defaultHeaders: 'none' });
  });

  it('a global regular expression over a string passed is cpu; one that stops at its first match, or over a literal, is none', async () => {
    const reports = await analyzeSources({
      'escape.js': `const AMP = /&/g;
const ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
function escapeHtml(text) {
  return text.replace(/[&<>]/g, (ch) => ENTITIES[ch]);
}
function escapeAmp(text) {
  return String(text).replace(AMP, '&amp;');
}
function escapeRegExp(text) {
  return text.replace(new RegExp('[.*+?^$]', 'g'), '\\\\$&');
}
function isAbsolute(url) {
  return /^[a-z][a-z0-9+.-]*:\\/\\//i.test(url);
}
function stripBom(text) {
  return text.replace(/^\\uFEFF/, '');
}
function fixedLabel() {
  return 'a-b-c'.replace(/-/g, ' ');
}
module.exports = { escapeHtml, escapeAmp, escapeRegExp, isAbsolute, stripBom, fixedLabel };
`,
    });
    assertKinds(reports, 'escape.js', {
      escapeHtml: 'cpu', escapeAmp: 'cpu', escapeRegExp: 'cpu', isAbsolute: 'none', stripBom: 'none', fixedLabel: 'none',
    });
  });

  it('joining an array passed is cpu; joining a list of known length is none', async () => {
    const reports = await analyzeSources({
      'join.js': `function csvLine(cells) {
  return cells.join(',');
}
function basicAuth(user, pass) {
  return 'Basic ' + [user, pass].join(':');
}
module.exports = { csvLine, basicAuth };
`,
    });
    assertKinds(reports, 'join.js', { csvLine: 'cpu', basicAuth: 'none' });
  });

  it('memoised work, a bisection, a halving loop and a trim are bounded: none', async () => {
    const reports = await analyzeSources({
      'bounded.js': `const reverse = {};
function indexIn(alphabet, ch) {
  if (!reverse[alphabet]) {
    reverse[alphabet] = {};
    for (let i = 0; i < alphabet.length; i++) reverse[alphabet][alphabet.charAt(i)] = i;
  }
  return reverse[alphabet][ch];
}
function insertionPoint(sorted, value) {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] < value) low = middle + 1;
    else high = middle;
  }
  return low;
}
function trimSlashes(url) {
  let end = url.length;
  while (end > 0 && url.charCodeAt(end - 1) === 47) end--;
  return url.slice(0, end);
}
function repeat(text, count) {
  let out = '';
  while (count > 0) {
    if (count & 1) out += text;
    count >>>= 1;
    if (count > 0) text += text;
  }
  return out;
}
module.exports = { indexIn, insertionPoint, trimSlashes, repeat };
`,
    });
    assertKinds(reports, 'bounded.js', { indexIn: 'none', insertionPoint: 'none', trimSlashes: 'none', repeat: 'none' });
  });

  it('a helper looping over what the caller passes makes the caller cpu; a loop over one row\'s fields, or passing only the object itself, does not', async () => {
    const reports = await analyzeSources({
      'registry.js': `function render(rows) {
  return rows.map((row) => formatRow(row));
}
function formatRow(row) {
  const cells = [];
  for (const key of Object.keys(row)) cells.push(String(row[key]).trim().toUpperCase());
  return cells;
}
function syncEntries(registry) {
  for (const entry of registry.list) {
    if (entry && entry.id !== undefined) registry.byId.set(entry.id, entry.handler.toString());
  }
}
class Registry {
  constructor() { this.list = []; this.byId = new Map(); }
  use(handler) {
    syncEntries(this);
    this.list.push({ id: this.list.length, handler });
    return this.list.length - 1;
  }
}
module.exports = { render, formatRow, syncEntries, Registry };
`,
    });
    assertKinds(reports, 'registry.js', { render: 'cpu', formatRow: 'none', syncEntries: 'cpu', 'Registry.use': 'none' });
  });

  it('a function called with a short literal list somewhere and with data elsewhere is cpu', async () => {
    const reports = await analyzeSources({
      'toObject.js': `function arrayToObject(source) {
  const obj = {};
  for (let i = 0; i < source.length; ++i) {
    if (typeof source[i] !== 'undefined') obj[i] = String(source[i]).trim();
  }
  return obj;
}
function pair(a, b) {
  return arrayToObject([a, b]);
}
function all(items) {
  return arrayToObject(items);
}
module.exports = { arrayToObject, pair, all };
`,
    });
    assertKinds(reports, 'toObject.js', { arrayToObject: 'cpu', pair: 'none', all: 'cpu' });
  });
});
