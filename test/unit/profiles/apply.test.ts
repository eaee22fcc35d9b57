/**
 * What a profile changes, end to end through the engine: fixture programs profiled in the test
 * itself (node --cpu-prof, python3 -m cProfile, a speedscope file converted from the V8 one),
 * and small written profiles for the cases a real run cannot make certain (a negligible function
 * that was still sampled; work on a worker thread). The programs make the contrast large (a
 * function most of the run vs. one that returns at once), so no assertion depends on timing.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseConfig } from '../../../src/core/config';
import { Analyzer } from '../../../src/core/engine';
import type { FileReport, Finding } from '../../../src/core/model';
import { parseProfile, readProfile, type Profile } from '../../../src/core/profiles';
import { fixturePath, writeSources, writtenV8Profile } from '../support';

async function analyzeWithProfiles(root: string, files: string[], profiles: Profile[], rawConfig?: unknown): Promise<Map<string, FileReport>> {
  const analyzer = new Analyzer({ root, config: parseConfig(rawConfig) });
  const paths = files.map((file) => path.join(root, file));
  await analyzer.loadFiles(paths);
  analyzer.setProfiles(profiles);
  return new Map(files.map((file, i) => [file, analyzer.report(paths[i])]));
}

function findingAbout(report: FileReport, name: string, rule: string): Finding | undefined {
  const fn = report.functions.find((candidate) => candidate.name === name);
  return report.findings.find((finding) => finding.rule === rule && finding.functionId === fn?.id);
}

function temporary(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** The small converter: a V8 profile as a speedscope file (sampled, milliseconds), as other tools export it. */
function v8ToSpeedscope(v8: { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; children?: number[] }[]; samples: number[]; timeDeltas: number[] }) {
  const parent = new Map<number, number>();
  for (const node of v8.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(v8.nodes.map((node) => [node.id, node]));
  const frames = v8.nodes.map((node) => ({ name: node.callFrame.functionName, file: node.callFrame.url || undefined, line: node.callFrame.lineNumber + 1, col: node.callFrame.columnNumber + 1 }));
  const frameOf = new Map(v8.nodes.map((node, index) => [node.id, index]));
  const samples = v8.samples.map((id) => {
    const stack: number[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      if (byId.get(at)!.callFrame.functionName !== '(root)') stack.unshift(frameOf.get(at)!);
    }
    return stack;
  });
  const weights = v8.samples.map((_, i) => (v8.timeDeltas[i + 1] ?? 0) / 1000);
  return {
    $schema: 'https://www.speedscope.app/file-format-schema.json',
    shared: { frames },
    profiles: [{ type: 'sampled', name: 'main', unit: 'milliseconds', startValue: 0, endValue: weights.reduce((a, b) => a + b, 0), samples, weights }],
  };
}

describe('profiles: a Node program profiled with --cpu-prof', function () {
  this.timeout(120_000);
  const root = fixturePath('profiles', 'node-report');
  let profile: Profile;

  before(async () => {
    const out = temporary('threadwise-cpuprof-');
    execFileSync(process.execPath, ['--cpu-prof', '--cpu-prof-interval', '200', '--cpu-prof-dir', out, path.join(root, 'report.js')], { stdio: 'ignore' });
    const [file] = fs.readdirSync(out).filter((name) => name.endsWith('.cpuprofile'));
    profile = await readProfile(path.join(out, file));
  });

  for (const format of ['v8', 'speedscope'] as const) {
    describe(`read as ${format}`, () => {
      let report: FileReport;
      before(async () => {
        const read = format === 'v8' ? profile : await parseProfile(Buffer.from(JSON.stringify(v8ToSpeedscope(JSON.parse(fs.readFileSync(profile.source, 'utf8'))))), path.join(root, 'report.speedscope.json'));
        report = (await analyzeWithProfiles(root, ['report.js'], [read], { reportIn: { fixtures: true } })).get('report.js')!;
      });

      it('confirms the static finding on countPrimes(), measured hot on the main thread', () => {
        const finding = findingAbout(report, 'countPrimes', 'cpu-on-event-loop');
        assert.equal(finding?.measured?.verdict, 'confirmed');
        assert.equal(finding?.severity, 'warning');
        assert.match(finding!.message, /Measured: \d+(\.\d+)?% of main( thread)? \(.+\), .+ at once, in /);
      });

      it('adds a finding for checksum(), whose cost grows with data the analysis cannot size', () => {
        const finding = findingAbout(report, 'checksum', 'cpu-on-event-loop');
        assert.equal(finding?.measured?.verdict, 'added');
        assert.match(finding!.message, /^checksum\(\) measured CPU-heavy on the main thread: .* The static estimate was .*grows with the input/);
        assert.deepEqual(finding!.fixes, ['move-to-worker-thread', 'run-in-worker-pool', 'ignore'], 'the rule\'s fixes, with the declaration data they need');
        assert.equal(finding!.data?.calleeName, 'checksum');
      });

      it('keeps findRow()\'s static finding (it returns at once: never confirmed) and adds nothing for callers that only call hot code', () => {
        const finding = findingAbout(report, 'findRow', 'cpu-on-event-loop');
        assert.ok(finding, 'the static finding stays');
        assert.notEqual(finding!.measured?.verdict, 'confirmed');
        assert.equal(findingAbout(report, 'main', 'cpu-on-event-loop'), undefined);
        assert.ok(report.functions.find((fn) => fn.name === 'main')?.measured?.[0].mainThread, 'main() is measured all the same');
      });
    });
  }
});

describe('profiles: written profiles for the cases a run cannot make certain', () => {
  const source = [
    'const LIMIT = 100_000_000;',
    'function warm(enabled) {',
    '  if (!enabled) return 0;',
    '  let s = 0;',
    '  for (let i = 0; i < LIMIT; i++) s += i;',
    '  return s;',
    '}',
    'function render(rows) {',
    '  return rows.map((row) => row.name).join(",");',
    '}',
    'module.exports = { warm, render };',
    '',
  ].join('\n');

  /** 1,000 ticks of 1 ms: `warm` on the stack for `warmTicks`, `render` for `renderTicks`, idle the rest. */
  async function reportWith(profileName: string, warmTicks: number, renderTicks: number, rawConfig?: unknown): Promise<FileReport> {
    const root = temporary('threadwise-written-');
    writeSources(root, { 'lib.js': source });
    const written = writtenV8Profile(`file://${root.split(path.sep).join('/')}/lib.js`, [
      { name: 'warm', line: 1, column: 13, ticks: warmTicks },
      { name: 'render', line: 7, column: 15, ticks: renderTicks },
    ]);
    const profile = await parseProfile(Buffer.from(JSON.stringify(written)), path.join(root, profileName));
    return (await analyzeWithProfiles(root, ['lib.js'], [profile], rawConfig)).get('lib.js')!;
  }

  it('lowers a static finding to a hint when the profile saw the function and it was negligible', async () => {
    const report = await reportWith('CPU.20261206.101500.77.0.001.cpuprofile', 2, 0);
    const finding = findingAbout(report, 'warm', 'cpu-on-event-loop');
    assert.equal(finding?.severity, 'hint');
    assert.equal(finding?.measured?.verdict, 'lowered');
    assert.match(finding!.message, /Measured: 0\.2% of main thread \(2\.0 ms of 1\.0 s\), 2\.0 ms at once, .*negligible on this run, so lowered to a hint\.$/);
    const warm = report.functions.find((fn) => fn.name === 'warm')!;
    assert.deepEqual([warm.recommendation.strategy, warm.recommendation.reason], ['none', 'Measured negligible on this run (0.2% of main thread, 2.0 ms at once): moving it to another thread or process would cost more than it takes.'], 'the advice follows the measurement');
  });

  it('adds a finding for a function holding the event loop for long stretches, and confirms a hot static one', async () => {
    const report = await reportWith('CPU.20261206.101500.77.0.001.cpuprofile', 400, 300);
    assert.equal(findingAbout(report, 'warm', 'cpu-on-event-loop')?.measured?.verdict, 'confirmed');
    const render = findingAbout(report, 'render', 'cpu-on-event-loop');
    assert.equal(render?.measured?.verdict, 'added');
    assert.match(render!.message, /30% of main thread \(300 ms of 1\.0 s\), 300 ms at once/);
    const fn = report.functions.find((candidate) => candidate.name === 'render')!;
    assert.equal(fn.kind, 'cpu', 'measured CPU-heavy: no longer "cheap"');
    assert.deepEqual([fn.recommendation.strategy, fn.recommendation.reason], ['worker-thread', 'Measured CPU-heavy (30% of main thread, 300 ms at once) on the main thread: the event loop serves nothing else while it runs; a worker thread runs it without blocking the loop.']);
    const warm = report.functions.find((candidate) => candidate.name === 'warm')!;
    assert.doesNotMatch(warm.recommendation.reason, /^Measured/, 'a confirmed finding keeps the analysis\'s own advice');
  });

  it('counts a worker thread\'s time for no event-loop finding, and follows the thresholds and rule settings', async () => {
    const worker = await reportWith('CPU.20261206.101500.77.3.002.cpuprofile', 400, 300);
    assert.equal(findingAbout(worker, 'warm', 'cpu-on-event-loop')?.measured, undefined);
    assert.equal(findingAbout(worker, 'render', 'cpu-on-event-loop'), undefined);
    assert.equal(worker.functions.find((fn) => fn.name === 'render')?.measured?.[0].thread, 'worker thread 3');
    const strict = await reportWith('CPU.20261206.101500.77.0.001.cpuprofile', 400, 30, { profile: { hotShare: 0.5, blockingMs: 500 } });
    assert.equal(findingAbout(strict, 'render', 'cpu-on-event-loop'), undefined);
    const off = await reportWith('CPU.20261206.101500.77.0.001.cpuprofile', 400, 300, { rules: { 'cpu-on-event-loop': 'off' } });
    assert.equal(off.findings.length, 0);
  });
});

describe('profiles: an asyncio program profiled with cProfile', function () {
  this.timeout(120_000);
  const root = fixturePath('python', 'async-cpu');
  let report: FileReport;
  before(async function () {
    try {
      execFileSync('python3', ['--version']);
    } catch {
      this.skip();
    }
    const out = path.join(temporary('threadwise-asyncio-'), 'service.prof');
    execFileSync('python3', ['-m', 'cProfile', '-o', out, path.join(root, 'service.py')], { stdio: 'ignore' });
    report = (await analyzeWithProfiles(root, ['service.py'], [await readProfile(out)], { reportIn: { fixtures: true } })).get('service.py')!;
  });

  it('marks what ran below the event loop\'s callbacks', () => {
    for (const name of ['score', 'handle', 'build_report']) {
      assert.equal(report.functions.find((fn) => fn.name === name)?.measured?.[0].eventLoop, true, name);
    }
  });

  it('confirms build_report()\'s static cpu-in-async finding', () => {
    const finding = findingAbout(report, 'build_report', 'cpu-in-async');
    assert.equal(finding?.measured?.verdict, 'confirmed');
    assert.match(finding!.message, / Measured: \d+% of main thread \(cProfile\)/);
  });

  it('adds cpu-in-async for score(), hot on the loop though sized by request data; the coroutine that only calls it gets none', () => {
    const added = findingAbout(report, 'score', 'cpu-in-async');
    assert.equal(added?.measured?.verdict, 'added');
    assert.match(added!.message, /^score\(\) measured CPU-heavy on the asyncio event loop \(main thread \(cProfile\)\), where no other task runs meanwhile: /);
    assert.equal(findingAbout(report, 'handle', 'cpu-in-async'), undefined);
    assert.equal(findingAbout(report, 'score', 'cpu-in-thread'), undefined, 'the main thread is not a GIL-contending worker');
    assert.equal(findingAbout(report, 'ping', 'cpu-in-async'), undefined);
  });

  it('the recommendation follows the measurement: score() is CPU work for a process pool', () => {
    const score = report.functions.find((fn) => fn.name === 'score')!;
    assert.equal(score.kind, 'cpu');
    assert.equal(score.recommendation.strategy, 'process-pool');
    assert.match(score.recommendation.reason, /^Measured CPU-heavy \(\d+% of main thread \(cProfile\), [\d.,]+ m?s per call\) on the asyncio event loop/);
  });
});

describe('profiles: a Python program', function () {
  this.timeout(120_000);
  const root = fixturePath('profiles', 'python-jobs');
  let hasPython = true;
  before(function () {
    try {
      execFileSync('python3', ['--version']);
    } catch {
      hasPython = false;
      this.skip();
    }
  });

  it('confirms cpu-in-thread for checksum() from a cProfile run (time in its own bytecode per call)', async () => {
    assert.ok(hasPython);
    const out = path.join(temporary('threadwise-cprofile-'), 'jobs.prof');
    execFileSync('python3', ['-m', 'cProfile', '-o', out, path.join(root, 'jobs.py')], { stdio: 'ignore' });
    const report = (await analyzeWithProfiles(root, ['jobs.py'], [await readProfile(out)], { reportIn: { fixtures: true } })).get('jobs.py')!;
    const finding = findingAbout(report, 'checksum', 'cpu-in-thread');
    assert.equal(finding?.measured?.verdict, 'confirmed', JSON.stringify(report.functions.map((fn) => [fn.name, fn.measured])));
    assert.match(finding!.message, /per call over 1 call \(estimated ≈ [\d.,]+ (ms|µs|s): [\d.,]+× the estimate\)/, 'measured per call next to the static estimate in time');
    const upload = report.functions.find((fn) => fn.name === 'upload_all')!.measured![0];
    assert.ok(upload.waitMs > 0.5 * upload.totalMs, 'upload_all() mostly waits (on its threads, through the lock the pool joins on)');
  });

  it('from a speedscope profile of every thread: confirms a hot thread, adds one the analysis missed, leaves a waiting one alone', async () => {
    const frames = [
      { name: 'checksum', file: 'jobs.py', line: 14 },
      { name: 'upload', file: 'jobs.py', line: 20 },
      { name: 'wait', file: '/usr/lib/python3.11/threading.py', line: 331 },
      { name: 'main', file: 'jobs.py', line: 37 },
      { name: 'checksum_all', file: 'jobs.py', line: 26 },
    ];
    const thread = (name: string, samples: number[][]) => ({ type: 'sampled', name, unit: 'none', startValue: 0, endValue: 300, samples, weights: samples.map(() => 1) });
    const speedscope = {
      $schema: 'https://www.speedscope.app/file-format-schema.json', exporter: 'py-spy@0.4.0', shared: { frames },
      profiles: [
        thread('Thread 1 "MainThread"', Array(100).fill([3, 4])),
        thread('Thread 2 "ThreadPoolExecutor-0_0"', [...Array(90).fill([0]), ...Array(10).fill([1, 2])]),
        thread('Thread 3 "ThreadPoolExecutor-1_0"', Array(100).fill([4])),
      ],
    };
    const folder = temporary('threadwise-pyspy-');
    fs.copyFileSync(path.join(root, 'jobs.py'), path.join(folder, 'jobs.py'));
    const profile = await parseProfile(Buffer.from(JSON.stringify(speedscope)), path.join(folder, 'py-spy.json'));
    const report = (await analyzeWithProfiles(folder, ['jobs.py'], [profile])).get('jobs.py')!;
    assert.equal(findingAbout(report, 'checksum', 'cpu-in-thread')?.measured?.verdict, 'confirmed');
    const added = findingAbout(report, 'checksum_all', 'cpu-in-thread');
    assert.equal(added?.measured?.verdict, 'added');
    assert.match(added!.message, /on Thread 3 "ThreadPoolExecutor-1_0", where the GIL lets one thread run bytecode at a time/);
    assert.equal(findingAbout(report, 'upload', 'cpu-in-thread'), undefined, 'upload() waits: no CPU finding');
    const upload = report.functions.find((fn) => fn.name === 'upload')!.measured!;
    assert.equal(upload[0].waitMs, 100);
  });

  it('py-spy --idle --native: time blocked in C (a lock, a sleep) is waiting, not CPU, though the innermost Python frame is ours', async () => {
    const frames = [
      { name: 'upload', file: 'jobs.py', line: 21 },
      { name: 'lock_PyThread_acquire_lock', file: 'Modules/_threadmodule.c', line: 120 },
      { name: '__futex_abstimed_wait_common', file: '/usr/lib/x86_64-linux-gnu/libc.so.6', line: 0 },
      { name: 'checksum', file: 'jobs.py', line: 15 },
    ];
    const samples = [...Array(80).fill([0, 1, 2]), ...Array(20).fill([3])];
    const speedscope = {
      $schema: 'https://www.speedscope.app/file-format-schema.json', exporter: 'py-spy@0.4.0', shared: { frames },
      profiles: [{ type: 'sampled', name: 'Thread 2 "worker"', unit: 'seconds', startValue: 0, endValue: 1, samples, weights: samples.map(() => 0.01) }],
    };
    const folder = temporary('threadwise-pyspy-');
    fs.copyFileSync(path.join(root, 'jobs.py'), path.join(folder, 'jobs.py'));
    const analyzer = new Analyzer({ root: folder, config: parseConfig(undefined) });
    await analyzer.loadFiles([path.join(folder, 'jobs.py')]);
    analyzer.setProfiles([await parseProfile(Buffer.from(JSON.stringify(speedscope)), path.join(folder, 'py-spy.json'))]);
    const report = analyzer.report(path.join(folder, 'jobs.py'))!;
    const upload = report.functions.find((fn) => fn.name === 'upload')!.measured![0];
    assert.deepEqual([Math.round(upload.waitMs), Math.round(upload.ownMs)], [800, 0]);
    assert.equal(findingAbout(report, 'upload', 'cpu-in-thread'), undefined, 'blocked: no CPU finding');
    const [summary] = analyzer.profileSummaries();
    assert.equal(summary.activeOnly, false, 'recorded with --idle: idle time is in the profile');
    assert.equal(Math.round(summary.waitMs), 800);
  });

  it('lowers cpu-in-thread when the thread mostly waits', async () => {
    const frames = [{ name: 'checksum', file: 'jobs.py', line: 14 }, { name: 'get', file: '/usr/lib/python3.11/queue.py', line: 171 }];
    const speedscope = {
      $schema: 'https://www.speedscope.app/file-format-schema.json', exporter: 'py-spy@0.4.0', shared: { frames },
      profiles: [{ type: 'sampled', name: 'Thread 2 "worker"', unit: 'none', startValue: 0, endValue: 100, samples: [...Array(30).fill([0]), ...Array(70).fill([0, 1])], weights: Array(100).fill(1) }],
    };
    const folder = temporary('threadwise-pyspy-');
    fs.copyFileSync(path.join(root, 'jobs.py'), path.join(folder, 'jobs.py'));
    const profile = await parseProfile(Buffer.from(JSON.stringify(speedscope)), path.join(folder, 'py-spy.json'));
    const report = (await analyzeWithProfiles(folder, ['jobs.py'], [profile])).get('jobs.py')!;
    const finding = findingAbout(report, 'checksum', 'cpu-in-thread');
    assert.equal(finding?.measured?.verdict, 'lowered');
    assert.equal(finding?.severity, 'hint');
    assert.match(finding!.message, /it mostly waits \(700 ms of 1\.0 s blocked, the GIL released\)/);
    const checksum = report.functions.find((fn) => fn.name === 'checksum')!;
    assert.equal(checksum.recommendation.strategy, 'thread-pool', 'waiting with the GIL released: threads fit');
  });
});
