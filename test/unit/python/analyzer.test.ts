/**
 * Verdicts of the analyser: the articles' examples, interprocedural and cross-module evidence,
 * incremental updates, and bad input.
 */
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { FIXTURES, analyzeFixture, analyzeSnippet, findingsOf, fn, newAnalyzer, readFixture } from './helpers';

describe('python analyser: the articles\' examples', function () {
  this.timeout(30_000);

  it('download with threads: download_file is io and fits a thread pool; nothing to report', async () => {
    const report = await analyzeFixture('articles/download_threads.py');
    const download = fn(report, 'download_file');
    assert.equal(download.kind, 'io');
    assert.equal(download.recommendation.strategy, 'thread-pool');
    assert.ok(download.evidence.some((e) => e.message.includes('requests.get')));
    assert.deepEqual(report.findings, []);
  });

  it('sum of squares in multiprocessing.Pool: cpu, process pool, quiet', async () => {
    const report = await analyzeFixture('articles/sum_of_squares_pool.py');
    const task = fn(report, 'cpu_bound_task');
    assert.equal(task.kind, 'cpu');
    assert.equal(task.recommendation.strategy, 'process-pool');
    assert.ok((task.cost.operations ?? 0) >= 10_000_000);
    assert.match(task.evidence[0].message, /10,000,000/);
    assert.deepEqual(report.findings, []);
  });

  it('one Process per image: process-per-task', async () => {
    const report = await analyzeFixture('articles/image_processes.py');
    const findings = findingsOf(report, 'process-per-task');
    assert.equal(findings.length, 1);
    assert.equal(findings[0].range.line, 20);
    assert.ok(findings[0].fixes.includes('process-loop-to-pool'));
    assert.equal(findingsOf(report, 'missing-main-guard').length, 0);
    assert.equal(findingsOf(report, 'io-in-process').length, 0, 'Pillow encoding is CPU work, not waiting');
  });

  it('Fibonacci(10) in a thread: cheap and quiet', async () => {
    const report = await analyzeFixture('articles/fibonacci_thread.py');
    const fib = fn(report, 'fibonacci');
    assert.equal(fib.kind, 'none');
    assert.ok((fib.cost.operations ?? Infinity) < 1_000);
    assert.deepEqual(report.findings, []);
  });

  it('sleep in a thread and in a process: io-in-process for the process only, plus the missing guard', async () => {
    const report = await analyzeFixture('articles/sleep_thread_and_process.py');
    assert.equal(fn(report, 'thread_task').kind, 'io');
    assert.equal(fn(report, 'process_task').kind, 'io');
    const ioInProcess = findingsOf(report, 'io-in-process');
    assert.equal(ioInProcess.length, 1);
    assert.match(ioInProcess[0].message, /process_task\(\)/);
    assert.equal(findingsOf(report, 'cpu-in-thread').length, 0);
    assert.equal(findingsOf(report, 'missing-main-guard').length, 1);
  });

  it('reports the scripts\' module code as <module> when it starts work', async () => {
    const report = await analyzeFixture('articles/download_threads.py');
    const moduleReport = fn(report, '<module>');
    assert.ok(moduleReport.evidence.some((e) => e.message.includes('download_file')));
  });
});

describe('python analyser: interprocedural and cross-module', function () {
  this.timeout(30_000);

  it('propagates a callee\'s CPU verdict from another module with its file and line', async () => {
    const app = readFixture('crossmodule/app.py');
    const analyzer = await newAnalyzer();
    const [report] = analyzer.analyze([app]);
    const build = fn(report, 'build_report');
    assert.equal(build.kind, 'cpu');
    const evidence = build.evidence.find((e) => e.signal === 'callee');
    assert.ok(evidence, JSON.stringify(build.evidence));
    assert.match(evidence.message, /parse_all\(\) in tools\/parse\.py:6, which loops 10,000,000 times/);
  });

  it('follows `from pkg import module` attribute calls and marks the caller io', async () => {
    const analyzer = await newAnalyzer();
    const [report] = analyzer.analyze([readFixture('crossmodule/app.py')]);
    assert.equal(fn(report, 'refresh').kind, 'io');
  });

  it('survives mutual recursion across functions', async () => {
    const analyzer = await newAnalyzer();
    const reports = analyzer.analyze([readFixture('crossmodule/tools/parse.py'), readFixture('crossmodule/app.py')]);
    assert.equal(reports.length, 2);
    assert.ok(fn(reports[0], 'ping'));
  });

  it('reports cpu-in-thread for a CPU-heavy callee run in a thread', async () => {
    const analyzer = await newAnalyzer();
    const [report] = analyzer.analyze([readFixture('crossmodule/app.py')]);
    const { analyzePythonFindings } = await import('../../../src/core/python/index');
    const full = analyzePythonFindings(analyzer, report);
    assert.equal(findingsOf(full, 'cpu-in-thread').length, 1);
  });

  it('update() returns the edited file and the reports whose verdicts changed', async () => {
    const analyzer = await newAnalyzer();
    const parse = readFixture('crossmodule/tools/parse.py');
    const app = readFixture('crossmodule/app.py');
    analyzer.analyze([parse, app]);
    const cheap = parse.text.replace('ITERATIONS = 10_000_000', 'ITERATIONS = 10');
    const changed = analyzer.update(parse.path, cheap);
    assert.deepEqual(changed.map((r) => path.basename(r.path)).sort(), ['app.py', 'parse.py']);
    const appReport = changed.find((r) => r.path === app.path);
    assert.equal(appReport && fn(appReport, 'build_report').kind, 'none');
    const unchanged = analyzer.update(parse.path, cheap);
    assert.deepEqual(unchanged.map((r) => path.basename(r.path)), ['parse.py']);
  });

  it('binds call-site arguments: heavy(10_000_000) is cpu, the same function called with 10 is not', async () => {
    const heavy = await analyzeSnippet('def work(n):\n    t = 0\n    for i in range(n):\n        t += i\n    return t\n\nwork(10_000_000)\n');
    assert.equal(fn(heavy, 'work').kind, 'cpu');
    const light = await analyzeSnippet('def work(n):\n    t = 0\n    for i in range(n):\n        t += i\n    return t\n\nwork(10)\n');
    assert.equal(fn(light, 'work').kind, 'none');
  });

  it('names methods, nested defs and lambdas', async () => {
    const report = await analyzeSnippet(
      'import time\nclass Worker:\n    def run(self):\n        def inner():\n            time.sleep(1)\n        inner()\n\nsquare = lambda x: x * x\n',
    );
    assert.deepEqual(report.functions.map((f) => f.name).sort(), ['Worker.run', 'Worker.run.inner', 'square']);
    assert.equal(fn(report, 'Worker.run').kind, 'io');
  });

  it('uses io-sync for blocking calls inside async def, io for awaited ones', async () => {
    const report = await analyzeSnippet(
      'import asyncio, time\nasync def bad():\n    time.sleep(1)\nasync def good():\n    await asyncio.sleep(1)\n',
    );
    assert.equal(fn(report, 'bad').kind, 'io-sync');
    assert.equal(fn(report, 'good').kind, 'io');
    assert.equal(fn(report, 'good').recommendation.strategy, 'asyncio');
  });

  it('says when the CPU work releases the GIL', async () => {
    const report = await analyzeSnippet(
      'import hashlib\ndef digest_all(chunks):\n    for chunk in chunks:\n        for _ in range(20_000):\n            hashlib.sha256(chunk).hexdigest()\n',
    );
    const digest = fn(report, 'digest_all');
    assert.equal(digest.kind, 'cpu');
    assert.equal(digest.recommendation.strategy, 'thread-pool');
    assert.ok(digest.evidence.some((e) => /releases the GIL for buffers over 2 KiB/.test(e.message)));
  });

  it('free-threaded builds: recommends threads for CPU work and only advises on cpu-in-thread', async () => {
    const code = 'import threading\ndef crunch():\n    return sum(i * i for i in range(10_000_000))\nthreading.Thread(target=crunch).start()\n';
    const report = await analyzeSnippet(code, { python: { freeThreaded: true } });
    assert.equal(fn(report, 'crunch').recommendation.strategy, 'thread-pool');
    const [finding] = findingsOf(report, 'cpu-in-thread');
    assert.equal(finding.severity, 'hint');
    assert.match(finding.message, /free-threaded/);
    assert.deepEqual(finding.fixes, ['python-ignore']);
  });
});

describe('python analyser: bad input', function () {
  this.timeout(60_000);

  it('tolerates syntax errors and still analyses what parses', async () => {
    const report = await analyzeSnippet('import time\ndef ok():\n    time.sleep(1)\n\ndef broken(:\n    pass\n\nx = = 3\n');
    assert.ok(report.parseErrors > 0);
    assert.equal(fn(report, 'ok').kind, 'io');
  });

  it('handles an empty file', async () => {
    const report = await analyzeSnippet('');
    assert.deepEqual(report.functions, []);
    assert.equal(report.parseErrors, 0);
  });

  it('skips binary garbage with a reason', async () => {
    const garbage = String.fromCharCode(...Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    const report = await analyzeSnippet(garbage);
    assert.match(report.skipped ?? '', /binary/);
  });

  it('survives random bytes without NUL and pathological nesting', async () => {
    const noise = Array.from({ length: 5000 }, (_, i) => String.fromCharCode(1 + ((i * 104729) % 250))).join('');
    await analyzeSnippet(noise);
    const deep = `x = ${'('.repeat(5000)}1${')'.repeat(5000)}\n`;
    await analyzeSnippet(deep);
  });

  it('analyses a 50,000-line file in bounded time', async () => {
    const parts: string[] = ['import time\n'];
    for (let i = 0; parts.length < 12_502; i++) parts.push(`def f${i}(n):\n    for j in range(n):\n        time.sleep(0)\n    return f${Math.max(i - 1, 0)}(n)\n`);
    const text = parts.join('');
    assert.ok(text.split('\n').length >= 50_000);
    const started = performance.now();
    const report = await analyzeSnippet(text, { maxFileBytes: 10_000_000 });
    const elapsed = performance.now() - started;
    assert.ok(report.functions.length >= 12_000);
    assert.ok(elapsed < 30_000, `took ${elapsed} ms`);
  });

  it('skips files over maxFileBytes', async () => {
    const report = await analyzeSnippet('x = 1\n'.repeat(100), { maxFileBytes: 100 });
    assert.match(report.skipped ?? '', /maxFileBytes/);
  });
});

export { FIXTURES };
