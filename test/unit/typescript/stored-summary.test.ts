/**
 * The persistent cache's summaries are read in full only when their component is linked: a cached
 * re-run whose components' reports are read back needs each file's imports (the partition) and
 * nothing else, and a component that is linked gets the summaries it was made from.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { SummaryCache } from '../../../src/core/summary-cache';
import { TypeScriptAnalyzer } from '../../../src/core/typescript/analyzer';
import { LazyFileSummary, storeSummary } from '../../../src/core/typescript/stored-summary';

/** Two components: an order service with its pricing library, and a report writer. */
const PROJECT: Record<string, string> = {
  'orders/server.ts': `import * as http from 'node:http';
import { price } from './pricing';
http.createServer((req, res) => {
  res.end(String(price([1, 2, 3])));
}).listen(8080);
`,
  'orders/pricing.ts': `export class Pricing {
  total(items: number[]): number {
    let sum = 0;
    for (const item of items) sum += item * 1.2;
    return sum;
  }
}
export function price(items: number[]): number {
  return new Pricing().total(items);
}
`,
  'reports/write.ts': `import * as fs from 'node:fs';
export function writeReport(rows: string[]): void {
  fs.writeFileSync('report.txt', rows.join('\\n'));
}
`,
};

describe('stored summaries: read when their component is linked', () => {
  let folder: string;
  const file = (name: string) => path.join(folder, name);

  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'threadwise-stored-'));
    for (const [name, text] of Object.entries(PROJECT)) {
      fs.mkdirSync(path.dirname(file(name)), { recursive: true });
      fs.writeFileSync(file(name), text);
    }
  });
  afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

  function analyzerWithCache(): TypeScriptAnalyzer {
    const cache = new SummaryCache({ directory: path.join(folder, '.cache'), version: 'test-build', options: 'typescript-summary' });
    const analyzer = new TypeScriptAnalyzer(folder, DEFAULT_CONFIG, cache);
    for (const name of Object.keys(PROJECT)) analyzer.setFile(file(name), PROJECT[name]);
    return analyzer;
  }

  it('gives back the summary it was made from, its path and imports without reading the rest', () => {
    const made = analyzerWithCache().summary(file('orders/server.ts'))!;
    const lazy = new LazyFileSummary(storeSummary(made));
    assert.equal(lazy.path, made.path);
    assert.deepEqual(lazy.imports, made.imports);
    assert.equal(lazy.isRead, false);
    assert.deepEqual(lazy.functions, made.functions);
    assert.equal(lazy.isRead, true);
    for (const key of Object.keys(made) as (keyof typeof made)[]) assert.deepEqual(lazy[key], made[key], key);
  });

  it('a cached run reads only the summaries of the component it links, and reports what a fresh run does', () => {
    const fresh = analyzerWithCache();
    const expected = fresh.functionReports(file('orders/pricing.ts'));
    const cached = analyzerWithCache();
    const summaries = Object.keys(PROJECT).map((name) => cached.summary(file(name)));
    assert.ok(summaries.every((summary) => summary instanceof LazyFileSummary && !summary.isRead));
    // what a component's reports read back need: its files and their fingerprint
    assert.ok(cached.componentFingerprint(file('orders/pricing.ts')));
    assert.ok(cached.componentFingerprint(file('reports/write.ts')));
    assert.ok(summaries.every((summary) => !(summary as LazyFileSummary).isRead));

    assert.deepEqual(cached.functionReports(file('orders/pricing.ts')), expected);
    const read = Object.keys(PROJECT).filter((name) => (cached.summary(file(name)) as LazyFileSummary).isRead);
    assert.deepEqual(read.sort(), ['orders/pricing.ts', 'orders/server.ts']);
  });
});
