/**
 * Summary workers (src/core/typescript/summary-workers.ts): a file summarised in a worker thread
 * gives the reports an in-thread summary gives; a summary of a text older than the latest one is
 * never taken; a file the summariser cannot afford is skipped with its reason and costs no other.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { Analyzer } from '../../../src/core/engine';
import type { FileReport } from '../../../src/core/model';
import { SummaryWorkers } from '../../../src/core/typescript/summary-workers';

const FIXTURE = path.resolve(__dirname, '../../fixtures/typescript/express-app');

function sourcesOf(folder: string): string[] {
  return fs.readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.(ts|js)$/.test(name))
    .map((name) => path.join(folder, name))
    .sort();
}

/** What a client sees of a report. */
function shown(report: FileReport): unknown {
  return {
    skipped: report.skipped,
    functions: report.functions.map((fn) => [fn.name, fn.kind, fn.confidence, fn.inRequestPath, fn.cost.operations]),
    findings: report.findings.map((finding) => [finding.rule, finding.severity, finding.range, finding.message]),
  };
}

describe('summary workers', function () {
  this.timeout(120_000);
  let workers: SummaryWorkers;
  beforeEach(() => {
    workers = new SummaryWorkers({ minEditChars: 0 });
  });
  afterEach(() => workers.dispose());

  it('give the reports of an in-thread analysis (a project with imports across files)', async () => {
    const files = sourcesOf(FIXTURE);
    assert.ok(files.length > 1, 'the fixture has several files');
    const inThread = await new Analyzer({ root: FIXTURE, config: DEFAULT_CONFIG }).analyzeFiles(files);
    const offThread = await new Analyzer({ root: FIXTURE, config: DEFAULT_CONFIG, summaryWorkers: workers }).analyzeFiles(files);
    assert.ok(inThread.some((report) => report.findings.length > 0), 'the fixture has findings');
    assert.deepEqual(offThread.map(shown), inThread.map(shown));
  });

  it('never take a summary of a text older than the latest one given (an edit during a load)', async () => {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'threadwise-workers-')));
    try {
      const file = path.join(root, 'a.ts');
      fs.writeFileSync(file, `import { readFileSync } from 'node:fs';\nexport async function load(): Promise<string> {\n  return readFileSync('a.txt', 'utf8');\n}\n`);
      const edited = `import { readFile } from 'node:fs/promises';\nexport async function load(): Promise<string> {\n  return readFile('a.txt', 'utf8');\n}\n`;
      const analyzer = new Analyzer({ root, config: DEFAULT_CONFIG, summaryWorkers: workers });
      const loading = analyzer.loadFiles([file]); // the disk's text, on its way to the worker
      const updating = analyzer.updateFile(file, edited); // the editor's, given meanwhile
      await Promise.all([loading, updating]);
      const report = analyzer.report(file);
      assert.equal(report.skipped, undefined);
      assert.deepEqual(report.findings.map((finding) => finding.rule), [], 'the edited text has no blocking read');
      assert.equal(analyzer.textOf(file), edited);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('files read ahead of their load (the next batches) give the reports of an in-thread analysis', async () => {
    const files = sourcesOf(FIXTURE);
    const inThread = await new Analyzer({ root: FIXTURE, config: DEFAULT_CONFIG }).analyzeFiles(files);
    const analyzer = new Analyzer({ root: FIXTURE, config: DEFAULT_CONFIG, summaryWorkers: workers });
    const half = Math.ceil(files.length / 2);
    analyzer.readAhead(files.slice(0, half));
    analyzer.readAhead(files.slice(half));
    await analyzer.loadFiles(files.slice(0, half), { followImports: false });
    await analyzer.loadFiles(files.slice(half), { followImports: false });
    await analyzer.loadFiles([]);
    assert.deepEqual(files.map((file) => shown(analyzer.report(file))), inThread.map(shown));
  });

  it('a file opened between its read-ahead and its load loads with the editor\'s text', async () => {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'threadwise-workers-')));
    try {
      const file = path.join(root, 'a.ts');
      fs.writeFileSync(file, `import { readFileSync } from 'node:fs';\nexport async function load(): Promise<string> {\n  return readFileSync('a.txt', 'utf8');\n}\n`);
      const edited = `import { readFile } from 'node:fs/promises';\nexport async function load(): Promise<string> {\n  return readFile('a.txt', 'utf8');\n}\n`;
      const editor = new Map<string, string>();
      const analyzer = new Analyzer({ root, config: DEFAULT_CONFIG, summaryWorkers: workers, openText: (candidate) => editor.get(candidate) });
      analyzer.readAhead([file]); // the disk's text, on its way to the worker
      editor.set(file, edited);
      await analyzer.loadFiles([file]);
      assert.equal(analyzer.textOf(file), edited);
      assert.deepEqual(analyzer.report(file).findings.map((finding) => finding.rule), [], 'the edited text has no blocking read');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('start when files come, stop when idle (their memory goes back), and start again for the next file', async () => {
    const pool = new SummaryWorkers({ count: 2, idleMs: 50 });
    try {
      assert.equal(pool.running, 0, 'a worker started before any file came');
      const file = path.join(FIXTURE, 'src', 'app.ts');
      const first = await Promise.all([pool.summarize(FIXTURE, file, 'export const a = 1;\n'), pool.summarize(FIXTURE, file, 'export const b = 2;\n')]);
      assert.ok(first.every((outcome) => 'summary' in outcome), JSON.stringify(first));
      for (let waited = 0; pool.running > 0 && waited < 10_000; waited += 25) await new Promise((resolve) => setTimeout(resolve, 25));
      assert.equal(pool.running, 0, 'idle workers kept running');
      const again = await pool.summarize(FIXTURE, file, 'export const c = 3;\n');
      assert.ok('summary' in again, JSON.stringify(again));
    } finally {
      await pool.dispose();
    }
  });

  it('answer every file with the reason when the worker cannot start, instead of starting it forever', async () => {
    const broken = new SummaryWorkers({ script: path.join(os.tmpdir(), 'threadwise-no-such-worker.js') });
    try {
      const outcome = await broken.summarize(FIXTURE, path.join(FIXTURE, 'src', 'app.ts'), 'export const a = 1;\n');
      assert.ok('failure' in outcome && /summary worker cannot start/.test(outcome.failure), JSON.stringify(outcome));
      const later = await broken.summarize(FIXTURE, path.join(FIXTURE, 'src', 'b.ts'), 'export const b = 2;\n');
      assert.ok('failure' in later && /summary worker cannot start/.test(later.failure));
    } finally {
      await broken.dispose();
    }
  });

  it('skip a file too deep for the parser with the reason an in-thread run gives, and keep the others', async () => {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'threadwise-workers-')));
    try {
      const deep = path.join(root, 'deep.js');
      const fine = path.join(root, 'fine.ts');
      fs.writeFileSync(deep, `const value = ${'[\n'.repeat(5_000)}1${']\n'.repeat(5_000)};\n`);
      fs.writeFileSync(fine, `import { readFileSync } from 'node:fs';\nexport async function load(): Promise<string> {\n  return readFileSync('a.txt', 'utf8');\n}\n`);
      const config = { ...DEFAULT_CONFIG, maxFileBytes: 10_000_000 };
      const inThread = await new Analyzer({ root, config }).analyzeFiles([deep, fine]);
      const offThread = await new Analyzer({ root, config, summaryWorkers: workers }).analyzeFiles([deep, fine]);
      assert.match(offThread[0].skipped ?? '', /nested too deeply/);
      assert.deepEqual(offThread.map(shown), inThread.map(shown));
      assert.ok(offThread[1].findings.length > 0);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
