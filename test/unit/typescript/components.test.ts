/**
 * Edits cost the edited file's component (files connected by imports), not the project: an edit
 * leaves every other component's analysis as it was, and still gives exactly what a fresh
 * analysis gives. One case per kind of summary delta: a body-only change, a signature change, an
 * added or removed call, an added or removed export, an import that joins two components or
 * splits one, a renamed file, an import cycle.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { Analyzer } from '../../../src/core/engine';
import { TypeScriptAnalyzer } from '../../../src/core/typescript/analyzer';

/** Two services that share nothing: orders (a handler and its pricing library) and reports. */
const PROJECT: Record<string, string> = {
  'orders/server.ts': `import * as http from 'node:http';
import { price } from './pricing';
http.createServer((req, res) => {
  res.end(String(price(Number(req.url))));
}).listen(8080);
`,
  'orders/pricing.ts': `export function price(quantity: number): number {
  let total = 0;
  for (let i = 0; i < quantity; i++) total += i % 7;
  return total;
}
export function discount(rate: number): number {
  return rate / 100;
}
`,
  'reports/main.ts': `import { checksum } from './hash';
export function nightly(): number {
  return checksum(50_000_000);
}
`,
  'reports/hash.ts': `export function checksum(rounds: number): number {
  let hash = 0;
  for (let i = 0; i < rounds; i++) hash = (hash * 31 + i) | 0;
  return hash;
}
`,
};

describe('edits cost their component', function () {
  this.timeout(60_000);
  let folder: string;
  const file = (name: string) => path.join(folder, name);

  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'threadwise-components-'));
    for (const [name, text] of Object.entries(PROJECT)) write(file(name), text);
  });
  afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

  /** A TypeScriptAnalyzer over the project, with both components analysed. */
  function loaded(): TypeScriptAnalyzer {
    const analyzer = new TypeScriptAnalyzer(folder, DEFAULT_CONFIG);
    for (const name of Object.keys(PROJECT)) analyzer.setFile(file(name), PROJECT[name]);
    return analyzer;
  }

  /** Applies edits (a text, or null to delete) through the incremental path; checks every file against a fresh analysis. */
  async function editAndCompare(edits: Record<string, string | null>): Promise<void> {
    const incremental = new Analyzer({ root: folder, config: DEFAULT_CONFIG });
    await incremental.analyzeFiles(Object.keys(PROJECT).map(file));
    for (const [name, text] of Object.entries(edits)) {
      if (text === null) {
        fs.rmSync(file(name));
        incremental.removeFile(file(name));
      } else {
        write(file(name), text);
        await incremental.updateFile(file(name), text);
      }
    }
    const names = Object.keys({ ...PROJECT, ...edits }).filter((name) => edits[name] !== null);
    const fresh = await new Analyzer({ root: folder, config: DEFAULT_CONFIG }).analyzeFiles(names.map(file));
    for (const report of fresh) assert.deepEqual(incremental.report(report.path), report, `${path.relative(folder, report.path)} differs from a fresh analysis`);
  }

  it('a body-only change leaves the other component analysed as it was', async () => {
    const analyzer = loaded();
    const reports = analyzer.analyze(file('reports/main.ts'));
    const orders = analyzer.analyze(file('orders/server.ts'));
    const edited = PROJECT['orders/pricing.ts'].replace('total += i % 7', 'total += i % 11');
    analyzer.setFile(file('orders/pricing.ts'), edited);
    assert.equal(analyzer.analyze(file('reports/main.ts')), reports, 'the reports component was analysed again');
    assert.notEqual(analyzer.analyze(file('orders/server.ts')), orders, 'the edited component kept a stale analysis');
    assert.deepEqual([...analyzer.filesAffectedBy(file('orders/pricing.ts'))].sort(), [file('orders/pricing.ts'), file('orders/server.ts')]);
    await editAndCompare({ 'orders/pricing.ts': edited });
  });

  it('while files load, a component that no new file touches keeps its analysis; one a new file joins does not', () => {
    const analyzer = loaded();
    const reports = analyzer.analyze(file('reports/main.ts'));
    const orders = analyzer.analyze(file('orders/server.ts'));
    analyzer.setFile(file('orders/refunds.ts'), "import { price } from './pricing';\nexport const refund = (n: number) => -price(n);\n");
    analyzer.setFile(file('misc/clock.ts'), 'export const now = () => Date.now();\n');
    assert.equal(analyzer.analyze(file('reports/main.ts')), reports, 'an untouched component was analysed again');
    assert.notEqual(analyzer.analyze(file('orders/server.ts')), orders, 'the component a new file joined kept a stale analysis');
    assert.ok(analyzer.filesAffectedBy(file('orders/server.ts')).has(file('orders/refunds.ts')));
    assert.ok(!analyzer.filesAffectedBy(file('orders/server.ts')).has(file('misc/clock.ts')));
  });

  it('a component found untouched by the files loaded so far still sees a later file join it, or an earlier one import it', () => {
    const analyzer = loaded();
    const reports = analyzer.analyze(file('reports/main.ts'));
    analyzer.setFile(file('misc/clock.ts'), 'export const now = () => Date.now();\n');
    assert.equal(analyzer.analyze(file('reports/main.ts')), reports, 'an untouched component was analysed again');
    // a file already checked against the component whose new imports reach it
    analyzer.setFile(file('misc/clock.ts'), "import { checksum } from '../reports/hash';\nexport const now = () => checksum(Date.now());\n");
    assert.notEqual(analyzer.analyze(file('reports/main.ts')), reports, 'a checked file whose imports joined the component went unseen');
    assert.ok(analyzer.filesAffectedBy(file('reports/main.ts')).has(file('misc/clock.ts')));
    const joined = analyzer.analyze(file('reports/main.ts'));
    analyzer.setFile(file('misc/calendar.ts'), 'export const today = () => new Date();\n');
    assert.equal(analyzer.analyze(file('reports/main.ts')), joined, 'an untouched component was analysed again');
    analyzer.setFile(file('misc/nightly.ts'), "import { nightly } from '../reports/main';\nexport const run = () => nightly();\n");
    assert.notEqual(analyzer.analyze(file('reports/main.ts')), joined, 'a file loaded after the last look-up joined unseen');
    assert.ok(analyzer.filesAffectedBy(file('reports/main.ts')).has(file('misc/nightly.ts')));
  });

  it('a signature change reaches the importer and nothing else', async () => {
    const edited = PROJECT['orders/pricing.ts'].replace('price(quantity: number)', 'price(quantity: number, unit = 1_000_000)').replace('i < quantity', 'i < quantity * unit');
    await editAndCompare({ 'orders/pricing.ts': edited });
  });

  it('an added or removed call changes the caller, as a fresh analysis says', async () => {
    const added = PROJECT['orders/server.ts'].replace("import { price } from './pricing';", "import { price, discount } from './pricing';")
      .replace('price(Number(req.url))', 'price(Number(req.url)) + discount(5)');
    await editAndCompare({ 'orders/server.ts': added });
    await editAndCompare({ 'reports/main.ts': PROJECT['reports/main.ts'].replace('return checksum(50_000_000);', 'return 0;') });
  });

  it('an added or removed export changes what importers resolve', async () => {
    await editAndCompare({ 'orders/pricing.ts': PROJECT['orders/pricing.ts'].replace('export function price', 'function price') });
    await editAndCompare({ 'reports/hash.ts': `${PROJECT['reports/hash.ts']}export function spin(): number {\n  let s = 0;\n  for (let i = 0; i < 90_000_000; i++) s += i;\n  return s;\n}\n` });
  });

  it('an import that joins two components makes one; removing it splits them again', async () => {
    const analyzer = loaded();
    const joined = `import { checksum } from '../reports/hash';\n${PROJECT['orders/pricing.ts']}`;
    analyzer.setFile(file('orders/pricing.ts'), joined);
    assert.ok(analyzer.filesAffectedBy(file('orders/server.ts')).has(file('reports/main.ts')), 'the components were not joined');
    analyzer.setFile(file('orders/pricing.ts'), PROJECT['orders/pricing.ts']);
    assert.ok(!analyzer.filesAffectedBy(file('orders/server.ts')).has(file('reports/main.ts')), 'the components were not split again');
    await editAndCompare({ 'orders/pricing.ts': joined });
  });

  it('a renamed file is a removal and an addition: its importers follow the new name', async () => {
    await editAndCompare({
      'orders/pricing.ts': null,
      'orders/prices.ts': PROJECT['orders/pricing.ts'],
      'orders/server.ts': PROJECT['orders/server.ts'].replace("'./pricing'", "'./prices'"),
    });
  });

  it('a file that appears is what an importer\'s failed import named: the importer follows it', async () => {
    await editAndCompare({
      'orders/server.ts': PROJECT['orders/server.ts'].replace("import { price } from './pricing';", "import { price } from './pricing';\nimport { tax } from './tax';\nimport { vat } from './vat';")
        .replace('price(Number(req.url))', 'price(Number(req.url)) + tax(9_000_000) + vat(8_000_000)'),
      'orders/tax.ts': 'export function tax(n: number): number {\n  let t = 0;\n  for (let i = 0; i < n; i++) t += i % 3;\n  return t;\n}\n',
      'orders/vat/index.ts': 'export function vat(n: number): number {\n  let t = 0;\n  for (let i = 0; i < n; i++) t += i % 5;\n  return t;\n}\n',
    });
  });

  it('an import cycle is one component: an edit on either side re-analyses both', async () => {
    const cyclic = {
      'reports/hash.ts': `import { nightly } from './main';\n${PROJECT['reports/hash.ts']}export function again(): number {\n  return nightly();\n}\n`,
    };
    await editAndCompare(cyclic);
    const analyzer = loaded();
    analyzer.setFile(file('reports/hash.ts'), cyclic['reports/hash.ts']);
    const before = analyzer.analyze(file('reports/main.ts'));
    analyzer.setFile(file('reports/main.ts'), PROJECT['reports/main.ts'].replace('50_000_000', '60_000_000'));
    assert.notEqual(analyzer.analyze(file('reports/hash.ts')), before, 'the other side of the cycle kept a stale analysis');
  });
});

function write(target: string, text: string): void {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, text);
}
