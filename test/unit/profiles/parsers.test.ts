/**
 * The profile parsers, one format at a time: positions (0- vs 1-based), threads, idle/GC/VM
 * frames, units, and bad input (a clear ProfileError naming the file, never a crash).
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseProfile, ProfileError, readProfile, type Profile } from '../../../src/core/profiles';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'threadwise-profiles-'));

function parse(content: unknown, name = 'x.cpuprofile'): Promise<Profile> {
  const text = typeof content === 'string' ? content : JSON.stringify(content);
  return parseProfile(Buffer.from(text), path.join(folder, name));
}

async function rejects(content: unknown, pattern: RegExp, name?: string): Promise<void> {
  await assert.rejects(parse(content, name), (error: unknown) => {
    assert.ok(error instanceof ProfileError, `a ProfileError, not ${String(error)}`);
    assert.match((error as Error).message, pattern);
    return true;
  });
}

/** A small V8 profile: (root) → module → spin, plus idle and GC, ticks 1 ms apart. */
function v8(samples: number[]) {
  const frame = (functionName: string, url: string, lineNumber: number, columnNumber: number) => ({ functionName, scriptId: '1', url, lineNumber, columnNumber });
  return {
    nodes: [
      { id: 1, callFrame: frame('(root)', '', -1, -1), children: [2, 4, 5] },
      { id: 2, callFrame: frame('', 'file:///app/main.js', 0, 0), children: [3] },
      { id: 3, callFrame: frame('spin', 'file:///app/main.js', 4, 13) },
      { id: 4, callFrame: frame('(idle)', '', -1, -1) },
      { id: 5, callFrame: frame('(garbage collector)', '', -1, -1) },
    ],
    startTime: 0,
    endTime: samples.length * 1000,
    samples,
    timeDeltas: samples.map((_, i) => (i === 0 ? 0 : 1000)),
  };
}

describe('profiles: V8 .cpuprofile', () => {
  it('turns 0-based lines and columns into 1-based ones and drops (root)', async () => {
    const profile = await parse(v8([3, 3, 4, 5]));
    assert.equal(profile.format, 'v8');
    const spin = profile.frames.find((frame) => frame.name === 'spin');
    assert.deepEqual(spin, { name: 'spin', category: 'code', file: 'file:///app/main.js', line: 5, column: 14 });
    assert.ok(!profile.frames.some((frame) => frame.name === '(root)'));
  });

  it('reads idle, GC and (program) as what they are, and samples as stacks with their durations', async () => {
    const profile = await parse(v8([3, 3, 4, 5]));
    const [thread] = profile.threads;
    assert.equal(thread.main, true);
    assert.equal(thread.durationMs, 4);
    const categories = thread.samples!.map((sample) => profile.frames[sample.stack[sample.stack.length - 1]].category);
    assert.deepEqual(categories, ['code', 'code', 'idle', 'gc']);
    assert.deepEqual(thread.samples!.map((sample) => sample.ms), [1, 1, 1, 1]);
    assert.deepEqual(thread.samples![0].stack.map((id) => profile.frames[id].name), ['', 'spin']);
  });

  it('names the thread from node --cpu-prof file names: thread 0 is the main thread, others are workers', async () => {
    const main = await parse(v8([3]), 'CPU.20261206.101500.4242.0.001.cpuprofile');
    const worker = await parse(v8([3]), 'CPU.20261206.101500.4242.2.002.cpuprofile');
    assert.deepEqual([main.threads[0].main, main.threads[0].name], [true, 'main thread']);
    assert.deepEqual([worker.threads[0].main, worker.threads[0].name], [false, 'worker thread 2']);
    assert.equal(main.recordedAt?.getFullYear(), 2026);
  });

  it('refuses a sample naming a missing node, a node without a call frame, and a performance trace', async () => {
    await rejects(v8([9]), /sample 0 names node 9, which is not in "nodes"/);
    await rejects({ nodes: [{ id: 1 }], samples: [] }, /a node without an id or call frame/);
    await rejects({ traceEvents: [] }, /a Chrome performance trace, not a CPU profile/);
    await rejects('{"nodes": [', /broken JSON/);
    await rejects('', /the file is empty/);
  });
});

describe('profiles: speedscope', () => {
  const schema = 'https://www.speedscope.app/file-format-schema.json';
  const frames = [
    { name: 'main', file: 'jobs.py', line: 40 },
    { name: 'checksum', file: 'jobs.py', line: 14 },
    { name: 'wait', file: '/usr/lib/python3.11/threading.py', line: 320 },
    { name: 'upload', file: 'jobs.py', line: 21 },
  ];

  it('reads sampled profiles per thread (py-spy: unit "none", one sample per weight at 100 Hz); the MainThread is main', async () => {
    const profile = await parse({
      $schema: schema, exporter: 'py-spy@0.3.14', shared: { frames },
      profiles: [
        { type: 'sampled', name: 'Thread 11 "ThreadPoolExecutor-0_0"', unit: 'none', startValue: 0, endValue: 6, samples: [[1], [1], [3, 2]], weights: [1, 1, 1] },
        { type: 'sampled', name: 'Thread 10 "MainThread"', unit: 'none', startValue: 0, endValue: 6, samples: [[0], [0], [0]], weights: [1, 1, 1] },
      ],
    }, 'py.speedscope.json');
    assert.equal(profile.runtime, 'python');
    assert.deepEqual(profile.threads.map((thread) => [thread.name.includes('MainThread'), thread.main]), [[false, false], [true, true]]);
    assert.deepEqual(profile.threads[0].samples!.map((sample) => sample.ms), [10, 10, 10]);
    assert.equal(profile.threads[0].durationMs, 30);
    assert.equal(profile.frames.find((frame) => frame.name === 'wait')?.category, 'wait', 'threading.py wait is a blocking wait');
    assert.equal(profile.frames.find((frame) => frame.name === 'checksum')?.line, 14, 'speedscope lines are 1-based already');
  });

  it('py-spy in seconds (current versions): active samples only unless a sample waits, which only --idle records', async () => {
    const thread = (name: string, samples: number[][]) => ({ type: 'sampled', name, unit: 'seconds', startValue: 0, endValue: samples.length / 100, samples, weights: samples.map(() => 0.01) });
    const activeOnly = await parse({
      $schema: schema, exporter: 'py-spy@0.4.0', shared: { frames },
      profiles: [thread('Thread 10 "MainThread"', [[0, 1], [0, 1]])],
    }, 'active.json');
    assert.equal(activeOnly.threads[0].activeOnly, true, 'without --idle py-spy drops idle samples');
    assert.equal(activeOnly.threads[0].durationMs, 20);
    const withIdle = await parse({
      $schema: schema, exporter: 'py-spy@0.4.0', shared: { frames },
      profiles: [thread('Thread 10 "MainThread"', [[0, 1]]), thread('Thread 11 "worker"', [[3, 2], [3, 2], [3]])],
    }, 'idle.json');
    assert.deepEqual(withIdle.threads.map((t) => t.activeOnly), [undefined, undefined], 'a waiting sample: recorded with --idle');
  });

  it('py-spy --native: libc and C-source frames are native, and those that sleep or block are waits', async () => {
    const profile = await parse({
      $schema: schema, exporter: 'py-spy@0.4.0',
      shared: { frames: [
        { name: 'worker', file: '/srv/app/jobs.py', line: 12 },
        { name: 'time_sleep', file: 'Modules/timemodule.c', line: 370 },
        { name: 'clock_nanosleep', file: '/usr/lib/x86_64-linux-gnu/libc.so.6', line: 0 },
        { name: 'PyNumber_Multiply', file: 'Objects/abstract.c', line: 1100 },
        { name: '__GI___poll', file: '/usr/lib/x86_64-linux-gnu/libc.so.6', line: 0 },
      ] },
      profiles: [{ type: 'sampled', name: 'Thread 10 "MainThread"', unit: 'seconds', startValue: 0, endValue: 0.03, samples: [[0, 1, 2], [0, 3], [0, 4]], weights: [0.01, 0.01, 0.01] }],
    }, 'native.json');
    const category = (name: string) => profile.frames.find((frame) => frame.name === name)?.category;
    assert.deepEqual(['worker', 'time_sleep', 'clock_nanosleep', 'PyNumber_Multiply', '__GI___poll'].map(category), ['code', 'native', 'wait', 'native', 'wait']);
    assert.equal(profile.threads[0].activeOnly, undefined);
  });

  it('reads evented profiles as the stacks open between events', async () => {
    const profile = await parse({
      $schema: schema, shared: { frames: [{ name: 'a', file: 'a.js', line: 1, col: 1 }, { name: 'b', file: 'a.js', line: 5, col: 3 }] },
      profiles: [{ type: 'evented', name: 'main', unit: 'milliseconds', startValue: 0, endValue: 10, events: [
        { type: 'O', at: 0, frame: 0 }, { type: 'O', at: 2, frame: 1 }, { type: 'C', at: 7, frame: 1 }, { type: 'C', at: 10, frame: 0 },
      ] }],
    });
    assert.deepEqual(profile.threads[0].samples!.map((sample) => [sample.stack.length, sample.ms]), [[1, 2], [2, 5], [1, 3]]);
    assert.equal(profile.threads[0].main, true);
  });

  it('refuses memory profiles, unknown frames, unordered events and missing weights', async () => {
    const base = { $schema: schema, shared: { frames: [{ name: 'a' }] } };
    await rejects({ ...base, profiles: [{ type: 'sampled', name: 't', unit: 'bytes', startValue: 0, endValue: 1, samples: [[0]], weights: [1] }] }, /measures bytes \(a memory profile\)/);
    await rejects({ ...base, profiles: [{ type: 'sampled', name: 't', unit: 'none', samples: [[3]], weights: [1] }] }, /refers to frame 3, which does not exist/);
    await rejects({ ...base, profiles: [{ type: 'sampled', name: 't', unit: 'none', samples: [[0]] }] }, /needs "samples" and "weights" of the same length/);
    await rejects({ ...base, profiles: [{ type: 'evented', name: 't', unit: 'none', events: [{ type: 'O', at: 5, frame: 0 }, { type: 'C', at: 1, frame: 0 }] }] }, /not in time order/);
    await rejects({ ...base, profiles: [] }, /no profiles/);
  });
});

describe('profiles: cProfile / pstats', () => {
  const text = [
    '         12 function calls in 0.500 seconds',
    '',
    '   Ordered by: cumulative time',
    '',
    '   ncalls  tottime  percall  cumtime  percall filename:lineno(function)',
    '        1    0.000    0.000    0.500    0.500 jobs.py:1(<module>)',
    '      4/1    0.300    0.075    0.400    0.400 jobs.py:10(checksum)',
    '        2    0.100    0.050    0.100    0.050 {built-in method time.sleep}',
    '',
  ].join('\n');

  it('reads the text export: calls from outside (of recursive n/m, the m its cumulative time counts), own and cumulative seconds, builtins as waits or natives', async () => {
    const profile = await parse(text, 'jobs.txt');
    assert.equal(profile.format, 'cprofile');
    assert.equal(profile.threads[0].durationMs, 500);
    const checksum = profile.threads[0].totals!.find((row) => profile.frames[row.frame].name === 'checksum')!;
    assert.deepEqual([checksum.calls, checksum.selfMs, checksum.totalMs], [1, 300, 400]);
    assert.equal(profile.frames.find((frame) => frame.name.includes('time.sleep'))?.category, 'wait');
  });

  it('reads a binary pstats file through python3, with per-caller times', async function () {
    this.timeout(30_000);
    try {
      execFileSync('python3', ['--version']);
    } catch {
      this.skip();
    }
    const script = path.join(folder, 'busy.py');
    fs.writeFileSync(script, 'import time\ndef busy():\n    return sum(i * i for i in range(20000))\ndef nap():\n    time.sleep(0.01)\nbusy(); nap()\n');
    const output = path.join(folder, 'busy.prof');
    execFileSync('python3', ['-m', 'cProfile', '-o', output, script]);
    const profile = await readProfile(output);
    const nap = profile.threads[0].totals!.find((row) => profile.frames[row.frame].name === 'nap')!;
    const sleep = nap.callees.find((callee) => profile.frames[callee.frame].category === 'wait');
    assert.ok(sleep, 'nap() calls time.sleep, a wait, and the profile says how long it took for nap');
    assert.equal(path.basename(profile.frames[nap.frame].file!), 'busy.py');
    assert.equal(profile.frames[nap.frame].line, 4);
  });

  it('says what to do when python3 is missing, and refuses text and bytes that are no profile', async () => {
    const binary = path.join(folder, 'x.prof');
    fs.writeFileSync(binary, Buffer.from([0xfb, 0x00, 0x01, 0x02]));
    await assert.rejects(readProfile(binary, { python: 'python3-that-does-not-exist' }), /needs python3-that-does-not-exist on the PATH[^]*print_stats/);
    await rejects('hello, world\n', /not a profile Threadwise reads/, 'notes.txt');
    await assert.rejects(readProfile(path.join(folder, 'missing.cpuprofile')), /no such file/);
  });
});
