/**
 * What the cost model reads from the code besides loop counts: whether an allocation is kept or
 * dies young (summarize/retention.ts), and the size of the data a per-KB kernel is given
 * (summarize/sizes.ts): a regular expression over a joined text, gzip of a repeated string, JSON
 * of rows pushed in a loop. No timings: the estimates are compared with each other.
 */
import * as assert from 'node:assert/strict';
import { analyzeSource, analyzeSources, functionIn } from '../support';
import { beginsWithLiteralText } from '../../../src/core/python/evaluate';
import type { FileReport } from '../../../src/core/model';
import { estimateMs, formatBytes, nsPer } from '../../../src/core/cost/time';

function fn(report: FileReport, name: string) {
  const found = report.functions.find((candidate) => candidate.name === name);
  assert.ok(found, `no report for ${name}`);
  return found;
}

const msOf = (report: FileReport, name: string): number => fn(report, name).cost.ms!;
const evidenceOf = (report: FileReport, name: string): string => fn(report, name).evidence.map((item) => item.message).join(' | ');

describe('cost model: kept and temporary allocations', () => {
  it('prices a value that dies young (a look-up key) an order of magnitude below one kept in a result', async () => {
    const report = await analyzeSource(`export function countWords(words = 200_000) {
  const counts = new Map();
  for (let i = 0; i < words; i++) {
    const word = \`w\${(i * 31) % 5000}\`;
    counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return counts.size;
}

export function collectWords(words = 200_000) {
  const out = [];
  for (let i = 0; i < words; i++) {
    const word = \`w\${(i * 31) % 5000}\`;
    out.push(word);
  }
  return out.length;
}
`);
    assert.ok(nsPer('js.alloc-temporary') * 5 < nsPer('js.alloc'), 'the table prices temporaries well below kept values');
    assert.ok(msOf(report, 'collectWords') > 5 * msOf(report, 'countWords'), `${msOf(report, 'collectWords')} vs ${msOf(report, 'countWords')}`);
  });

  it('keeps what is stored under a new key, and counts a key read back as a look-up', async () => {
    const report = await analyzeSource(`export function settingsByKey(entries = 50_000) {
  const settings = {};
  for (let i = 0; i < entries; i++) settings[\`key\${i}\`] = i;
  return settings;
}

export function tally(entries = 50_000) {
  const counts = {};
  for (let i = 0; i < entries; i++) counts[\`key\${i % 10}\`] = (counts[\`key\${i % 10}\`] || 0) + 1;
  return counts;
}
`);
    assert.ok(msOf(report, 'settingsByKey') > 3 * msOf(report, 'tally'), `${msOf(report, 'settingsByKey')} vs ${msOf(report, 'tally')}`);
  });
});

describe('cost model: sizes the code shows', () => {
  it('prices a global regular expression over a text joined from rows of known number and size', async () => {
    const report = await analyzeSource(`export function countHits(lines = 20_000) {
  const entries = [];
  for (let i = 0; i < lines; i++) entries.push(\`10.0.0.\${i % 250} GET /item/\${i} HTTP/1.1 200\`);
  const text = entries.join('\\n');
  return (text.match(/GET \\/item\\/\\d+/g) ?? []).length;
}
`);
    assert.match(evidenceOf(report, 'countHits'), /text\.match\(\) runs a regular expression over ≈ \d+ KB of text/);
  });

  it('weighs gzip and JSON by the size shown: a literal repeated, rows pushed in a loop', async () => {
    const report = await analyzeSource(`import { gzipSync } from 'node:zlib';
export function packSmall() {
  return gzipSync('a line of ordinary text\\n'.repeat(40)).length;
}

export function packLarge() {
  return gzipSync('a line of ordinary text\\n'.repeat(40_000)).length;
}

export function serialise(rows = 20_000) {
  const records = [];
  for (let i = 0; i < rows; i++) records.push({ id: i, customer: \`customer-\${i % 500}\`, paid: i % 3 === 0 });
  return JSON.stringify(records).length;
}
`);
    assert.match(evidenceOf(report, 'packLarge'), /gzipSync\(\) over ≈ 9\d\d KB/);
    assert.ok(msOf(report, 'packLarge') > 500 * msOf(report, 'packSmall'), `${msOf(report, 'packLarge')} vs ${msOf(report, 'packSmall')}`);
    assert.match(evidenceOf(report, 'serialise'), /JSON\.stringify\(\) over ≈ 1\.\d MB/);
    assert.equal(fn(report, 'serialise').cost.dataDependent, false);
  });

  it('says a kernel of unknown input size costs so much per KB of its input', async () => {
    const report = await analyzeSource(`export function parseBody(text) {
  return JSON.parse(text);
}
`);
    const perKB = estimateMs({ 'js.json-parse-kb': 1 });
    assert.ok(evidenceOf(report, 'parseBody').includes(`per KB of its input`), evidenceOf(report, 'parseBody'));
    assert.ok(perKB > 0);
    assert.equal(formatBytes(1536), '≈ 1.5 KB');
    assert.equal(formatBytes(3 * 1024 * 1024), '≈ 3 MB');
  });
});

describe('cost model: sizes Python code shows', () => {
  it('prices re.findall per KB of a joined text, faster for a pattern that begins with literal text', async () => {
    const reports = await analyzeSources({
      'scan.py': `import re

def literal_led(lines=20_000):
    text = "\\n".join(f"10.0.0.{i % 250} GET /item/{i} HTTP/1.1 200" for i in range(lines))
    return len(re.findall(r"GET /item/(\\d+)", text))

def class_led(lines=20_000):
    text = "\\n".join(f"10.0.0.{i % 250} GET /item/{i} HTTP/1.1 200" for i in range(lines))
    return len(re.findall(r"[\\w.]+ GET", text))

def unknown(text):
    return len(re.findall(r"[\\w.]+ GET", text))
`,
    });
    const literal = functionIn(reports, 'scan.py', 'literal_led').cost.ms!;
    const classLed = functionIn(reports, 'scan.py', 'class_led').cost.ms!;
    // about 780 KB of text: the class-led scan alone is priced at py.regex-kb for all of it
    assert.ok(classLed > estimateMs({ 'py.regex-kb': 700 }), `${classLed}`);
    assert.ok(literal < classLed / 5, `${literal} vs ${classLed}`);
    assert.ok(functionIn(reports, 'scan.py', 'unknown').cost.ms! < classLed / 100);
  });

  it('tells a pattern that begins with literal text from one that begins with a class or an optional character', () => {
    assert.equal(beginsWithLiteralText(String.raw`r'"GET /item/\d+'`), true);
    assert.equal(beginsWithLiteralText(String.raw`r"HTTP/1\.1"`), true);
    assert.equal(beginsWithLiteralText(String.raw`r"[\w.+-]+@"`), false);
    assert.equal(beginsWithLiteralText(String.raw`r"ab?c"`), false);
    assert.equal(beginsWithLiteralText(String.raw`"\d+ items"`), false);
  });
});
