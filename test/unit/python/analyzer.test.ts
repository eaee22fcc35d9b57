/**
 * Verdicts of the analyser: the articles' examples, interprocedural and cross-module evidence,
 * incremental updates, and bad input.
 */
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { analyzePythonFixture, analyzeSources, analyzePythonSnippet, functionNamed, newPythonAnalyzer, readFixture } from '../support';

describe('python analyser: the articles\' examples', function () {
  this.timeout(30_000);

  it('download with threads: download_file is io and fits a thread pool; nothing to report', async () => {
    const report = await analyzePythonFixture('articles/download_threads.py');
    const download = functionNamed(report, 'download_file');
    assert.equal(download.kind, 'io');
    assert.equal(download.recommendation.strategy, 'thread-pool');
    assert.ok(download.evidence.some((e) => e.message.includes('requests.get')));
    assert.deepEqual(report.findings, []);
  });

  it('sum of squares in multiprocessing.Pool: cpu, process pool, quiet', async () => {
    const report = await analyzePythonFixture('articles/sum_of_squares_pool.py');
    const task = functionNamed(report, 'cpu_bound_task');
    assert.equal(task.kind, 'cpu');
    assert.equal(task.recommendation.strategy, 'process-pool');
    assert.ok((task.cost.operations ?? 0) >= 10_000_000);
    assert.match(task.evidence[0].message, /10,000,000/);
    assert.deepEqual(report.findings, []);
  });

  // one Process per image: test/unit/rules/process-per-task.test.ts (and io-in-process, missing-main-guard)

  it('Fibonacci(10) in a thread: cheap and quiet', async () => {
    const report = await analyzePythonFixture('articles/fibonacci_thread.py');
    const fib = functionNamed(report, 'fibonacci');
    assert.equal(fib.kind, 'none');
    assert.ok((fib.cost.operations ?? Infinity) < 1_000);
    assert.deepEqual(report.findings, []);
  });

  it('sleep in a thread and in a process: both functions wait (findings: rules/io-in-process, missing-main-guard)', async () => {
    const report = await analyzePythonFixture('articles/sleep_thread_and_process.py');
    assert.equal(functionNamed(report, 'thread_task').kind, 'io');
    assert.equal(functionNamed(report, 'process_task').kind, 'io');
  });

  it('reports the scripts\' module code as <module> when it starts work', async () => {
    const report = await analyzePythonFixture('articles/download_threads.py');
    const moduleReport = functionNamed(report, '<module>');
    assert.ok(moduleReport.evidence.some((e) => e.message.includes('download_file')));
  });
});

describe('python analyser: interprocedural and cross-module', function () {
  this.timeout(30_000);

  it('propagates a callee\'s CPU verdict from another module with its file and line', async () => {
    const app = readFixture('python', 'crossmodule/app.py');
    const analyzer = await newPythonAnalyzer();
    const [report] = analyzer.analyze([app]);
    const build = functionNamed(report, 'build_report');
    assert.equal(build.kind, 'cpu');
    const evidence = build.evidence.find((e) => e.signal === 'callee');
    assert.ok(evidence, JSON.stringify(build.evidence));
    assert.match(evidence.message, /parse_all\(\) in tools\/parse\.py:6, which loops 10,000,000 times/);
  });

  it('follows `from pkg import module` attribute calls and marks the caller io', async () => {
    const analyzer = await newPythonAnalyzer();
    const [report] = analyzer.analyze([readFixture('python', 'crossmodule/app.py')]);
    assert.equal(functionNamed(report, 'refresh').kind, 'io');
  });

  it('survives mutual recursion across functions', async () => {
    const analyzer = await newPythonAnalyzer();
    const reports = analyzer.analyze([readFixture('python', 'crossmodule/tools/parse.py'), readFixture('python', 'crossmodule/app.py')]);
    assert.equal(reports.length, 2);
    assert.ok(functionNamed(reports[0], 'ping'));
  });

  // cpu-in-thread for a CPU-heavy callee in another module: test/unit/rules/cpu-in-thread.test.ts

  it('update() returns the edited file and the reports whose verdicts changed', async () => {
    const analyzer = await newPythonAnalyzer();
    const parse = readFixture('python', 'crossmodule/tools/parse.py');
    const app = readFixture('python', 'crossmodule/app.py');
    analyzer.analyze([parse, app]);
    const cheap = parse.text.replace('ITERATIONS = 10_000_000', 'ITERATIONS = 10');
    const changed = analyzer.update(parse.path, cheap);
    assert.deepEqual(changed.map((r) => path.basename(r.path)).sort(), ['app.py', 'parse.py']);
    const appReport = changed.find((r) => r.path === app.path);
    assert.equal(appReport && functionNamed(appReport, 'build_report').kind, 'none');
    const unchanged = analyzer.update(parse.path, cheap);
    assert.deepEqual(unchanged.map((r) => path.basename(r.path)), ['parse.py']);
  });

  it('an edit re-parses the edited file and reuses unchanged modules, their inferred types recomputed', async () => {
    // paths that exist nowhere: every module comes from the texts given, none from disk
    const root = path.join(path.sep, 'threadwise-reuse-test');
    const clients = { path: path.join(root, 'clients.py'), text: 'class Client:\n    def tally(self):\n        total = 0\n        for i in range(10_000_000):\n            total += i\n        return total\n' };
    const service = {
      path: path.join(root, 'service.py'),
      text: 'from clients import Client\n\nclass Service:\n    def __init__(self):\n        self.client = Client()\n\n    def handle(self):\n        return self.client.tally()\n',
    };
    const analyzer = await newPythonAnalyzer();
    const [, before] = analyzer.analyze([clients, service]);
    assert.equal(functionNamed(before, 'Service.handle').kind, 'cpu');
    // the class now sleeps instead of counting: the unchanged service follows through self.client's type
    const sleeping = 'import time\n\nclass Client:\n    def tally(self):\n        time.sleep(1)\n';
    const changed = analyzer.update(clients.path, sleeping);
    const after = changed.find((report) => report.path === service.path);
    assert.equal(after && functionNamed(after, 'Service.handle').kind, 'io');
    // and back: nothing of the edit stays behind in the reused module
    const restored = analyzer.update(clients.path, clients.text).find((report) => report.path === service.path);
    assert.equal(restored && functionNamed(restored, 'Service.handle').kind, 'cpu');
  });

  it('binds call-site arguments: heavy(10_000_000) is cpu, the same function called with 10 is not', async () => {
    const heavy = await analyzePythonSnippet('def work(n):\n    t = 0\n    for i in range(n):\n        t += i\n    return t\n\nwork(10_000_000)\n');
    assert.equal(functionNamed(heavy, 'work').kind, 'cpu');
    const light = await analyzePythonSnippet('def work(n):\n    t = 0\n    for i in range(n):\n        t += i\n    return t\n\nwork(10)\n');
    assert.equal(functionNamed(light, 'work').kind, 'none');
  });

  it('a function kept in an attribute is what self.attr(...) calls: connect through a stored socket.create_connection is io', async () => {
    const report = await analyzePythonSnippet(
      [
        'import socket',
        '',
        'class Client:',
        '    def __init__(self, host, port):',
        '        self.address = (host, port)',
        '        self._create_connection = socket.create_connection',
        '        self._builtin_open = open',
        '',
        '    def connect(self):',
        '        self.sock = self._create_connection(self.address, 5)',
        '',
        '    def log_to(self, path):',
        '        opener = self._builtin_open',
        '        return opener(path, "a")',
        '',
      ].join('\n'),
    );
    const connect = functionNamed(report, 'Client.connect');
    assert.equal(connect.kind, 'io');
    assert.match(connect.evidence[0].message, /self\._create_connection\(\)/);
    assert.equal(functionNamed(report, 'Client.log_to').kind, 'io');
  });

  it('names methods, nested defs and lambdas', async () => {
    const report = await analyzePythonSnippet(
      'import time\nclass Worker:\n    def run(self):\n        def inner():\n            time.sleep(1)\n        inner()\n\nsquare = lambda x: x * x\n',
    );
    assert.deepEqual(report.functions.map((f) => f.name).sort(), ['Worker.run', 'Worker.run.inner', 'square']);
    assert.equal(functionNamed(report, 'Worker.run').kind, 'io');
  });

  it('uses io-sync for blocking calls inside async def, io for awaited ones', async () => {
    const report = await analyzePythonSnippet(
      'import asyncio, time\nasync def bad():\n    time.sleep(1)\nasync def good():\n    await asyncio.sleep(1)\n',
    );
    assert.equal(functionNamed(report, 'bad').kind, 'io-sync');
    assert.equal(functionNamed(report, 'good').kind, 'io');
    assert.equal(functionNamed(report, 'good').recommendation.strategy, 'asyncio');
  });

  it('says when the CPU work releases the GIL', async () => {
    const report = await analyzePythonSnippet(
      'import hashlib\ndef digest_all(chunks):\n    for chunk in chunks:\n        for _ in range(20_000):\n            hashlib.sha256(chunk).hexdigest()\n',
    );
    const digest = functionNamed(report, 'digest_all');
    assert.equal(digest.kind, 'cpu');
    assert.equal(digest.recommendation.strategy, 'thread-pool');
    assert.ok(digest.evidence.some((e) => /releases the GIL for buffers over 2 KiB/.test(e.message)));
  });

  it('free-threaded builds: recommends threads for CPU work (the advisory finding: rules/cpu-in-thread)', async () => {
    const code = 'import threading\ndef crunch():\n    return sum(i * i for i in range(10_000_000))\nthreading.Thread(target=crunch).start()\n';
    const report = await analyzePythonSnippet(code, { python: { freeThreaded: true } });
    assert.equal(functionNamed(report, 'crunch').recommendation.strategy, 'thread-pool');
  });
});

describe('python analyser: bad input', function () {
  this.timeout(60_000);

  it('tolerates syntax errors and still analyses what parses', async () => {
    const report = await analyzePythonSnippet('import time\ndef ok():\n    time.sleep(1)\n\ndef broken(:\n    pass\n\nx = = 3\n');
    assert.ok(report.parseErrors > 0);
    assert.equal(functionNamed(report, 'ok').kind, 'io');
  });

  it('a def that is the file\'s first token is its own function, not the module', async () => {
    const text = 'def work():\n    total = 0\n    for i in range(10_000_000):\n        total += i\n    return total\n\nimport threading\nthreading.Thread(target=work).start()\n';
    const report = (await analyzeSources({ 'first.py': text })).get('first.py')!;
    assert.equal(functionNamed(report, 'work').kind, 'cpu');
    assert.notEqual(report.functions.find((candidate) => candidate.name === '<module>')?.kind, 'cpu', 'the module only starts a thread');
    assert.deepEqual(report.findings.map((finding) => `${finding.rule}@${finding.range.line}`), ['cpu-in-thread@8']);
  });

  it('handles an empty file', async () => {
    const report = await analyzePythonSnippet('');
    assert.deepEqual(report.functions, []);
    assert.equal(report.parseErrors, 0);
  });

  it('skips binary garbage with a reason', async () => {
    const garbage = String.fromCharCode(...Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    const report = await analyzePythonSnippet(garbage);
    assert.match(report.skipped ?? '', /binary/);
  });

  it('survives random bytes without NUL and pathological nesting', async () => {
    const noise = Array.from({ length: 5000 }, (_, i) => String.fromCharCode(1 + ((i * 104729) % 250))).join('');
    await analyzePythonSnippet(noise);
    const deep = `x = ${'('.repeat(5000)}1${')'.repeat(5000)}\n`;
    await analyzePythonSnippet(deep);
  });

  it('analyses a 50,000-line file in bounded time', async () => {
    const parts: string[] = ['import time\n'];
    for (let i = 0; parts.length < 12_502; i++) parts.push(`def f${i}(n):\n    for j in range(n):\n        time.sleep(0)\n    return f${Math.max(i - 1, 0)}(n)\n`);
    const text = parts.join('');
    assert.ok(text.split('\n').length >= 50_000);
    const started = performance.now();
    const report = await analyzePythonSnippet(text, { maxFileBytes: 10_000_000 });
    const elapsed = performance.now() - started;
    assert.ok(report.functions.length >= 12_000);
    assert.ok(elapsed < 30_000, `took ${elapsed} ms`);
  });

  it('skips files over maxFileBytes', async () => {
    const report = await analyzePythonSnippet('x = 1\n'.repeat(100), { maxFileBytes: 100 });
    assert.match(report.skipped ?? '', /maxFileBytes/);
  });
});

