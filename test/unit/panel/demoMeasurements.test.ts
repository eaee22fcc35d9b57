import assert from 'node:assert/strict';
import {
  BUSY_MACHINE_SHARE,
  busyShare,
  concludeFrom,
  defaultSettings,
  idealCpuSpeedup,
  planDemo,
  scaleTaskSize,
  settingsFrom,
  summarise,
  workerCountsFor,
  type DemoPlan,
  type RawMeasurement,
} from '../../../src/demo/measurements';

function measure(plan: DemoPlan, wallMs: Record<string, number>, checksum = 42): RawMeasurement[] {
  return plan.scenarios.map((scenario) => ({
    scenarioId: scenario.id,
    wallMs: wallMs[scenario.id] ?? 100,
    startupMs: scenario.mode === 'worker-threads' ? 20 : scenario.mode === 'child-processes' ? 60 : 0,
    checksum: scenario.family === 'cpu' ? checksum : 0,
  }));
}

describe('demo measurements', () => {
  it('tries powers of two up to the cores, the core count, and twice it when tasks allow', () => {
    assert.deepEqual(workerCountsFor(1, 4), [1, 2]);
    assert.deepEqual(workerCountsFor(2, 4), [1, 2, 4]);
    assert.deepEqual(workerCountsFor(6, 12), [1, 2, 4, 6, 12]);
    assert.deepEqual(workerCountsFor(8, 12), [1, 2, 4, 8], 'no oversubscription beyond the task count');
    assert.deepEqual(workerCountsFor(64, 12).at(-1), 16, 'capped');
    assert.deepEqual(workerCountsFor(0, 4), [1, 2], 'a bogus core count counts as one');
  });

  it('plans the main-thread baseline first, then workers, processes and the two waiting scenarios', () => {
    const plan = planDemo(defaultSettings(2));
    assert.deepEqual(
      plan.scenarios.map((scenario) => scenario.id),
      ['cpu-main', 'cpu-workers-1', 'cpu-workers-2', 'cpu-workers-4', 'cpu-processes-1', 'cpu-processes-2', 'cpu-processes-4', 'io-sequential', 'io-concurrent'],
    );
    assert.equal(new Set(plan.scenarios.map((scenario) => scenario.id)).size, plan.scenarios.length);
    const withoutProcesses = planDemo({ ...defaultSettings(2), includeChildProcesses: false });
    assert.ok(withoutProcesses.scenarios.every((scenario) => scenario.mode !== 'child-processes'));
  });

  it('derives default settings from the core count', () => {
    assert.equal(defaultSettings(1).taskCount, 4);
    assert.equal(defaultSettings(4).taskCount, 8);
    assert.equal(defaultSettings(32).taskCount, 12);
    assert.equal(defaultSettings(32).availableParallelism, 16);
  });

  it('clamps overrides to sane ranges', () => {
    const settings = settingsFrom({ taskCount: 10_000, ioWaitMs: -5, targetTaskMs: 1e9, availableParallelism: 3 }, 8);
    assert.equal(settings.taskCount, 32);
    assert.equal(settings.ioWaitMs, 1);
    assert.equal(settings.targetTaskMs, 2000);
    assert.equal(settings.availableParallelism, 3);
    assert.equal(settingsFrom({}, 8).availableParallelism, 8);
  });

  it('computes the ideal speedup in whole rounds of tasks', () => {
    assert.equal(idealCpuSpeedup(1, 4, 2), 1);
    assert.equal(idealCpuSpeedup(2, 4, 2), 2);
    assert.equal(idealCpuSpeedup(4, 4, 2), 2, 'more workers than cores');
    assert.equal(idealCpuSpeedup(3, 4, 8), 2, '4 tasks on 3 lanes take two rounds');
    assert.equal(idealCpuSpeedup(8, 4, 8), 4, 'never more lanes than tasks');
  });

  it('scales the task size to the target time, within bounds', () => {
    assert.equal(scaleTaskSize(1_000_000, 10, 200), 20_000_000);
    assert.equal(scaleTaskSize(1_000_000, 0, 200), 100_000);
    assert.equal(scaleTaskSize(1_000_000, 1e-9, 200), 2_000_000_000);
  });

  it('turns wall times into speedups against each family baseline', () => {
    const plan = planDemo({ ...defaultSettings(2), taskCount: 4 });
    const results = summarise(plan, measure(plan, {
      'cpu-main': 800, 'cpu-workers-1': 820, 'cpu-workers-2': 400, 'cpu-workers-4': 420,
      'cpu-processes-2': 500, 'io-sequential': 400, 'io-concurrent': 100,
    }));
    const byId = new Map(results.map((result) => [result.id, result]));
    assert.equal(byId.get('cpu-main')!.speedup, 1);
    assert.equal(byId.get('cpu-workers-2')!.speedup, 2);
    assert.equal(byId.get('cpu-workers-2')!.idealSpeedup, 2);
    assert.equal(byId.get('cpu-workers-2')!.efficiency, 1);
    assert.equal(byId.get('cpu-workers-4')!.idealSpeedup, 2);
    assert.equal(byId.get('io-concurrent')!.speedup, 4);
    assert.equal(byId.get('io-concurrent')!.idealSpeedup, 4);
    assert.ok(results.every((result) => result.matchesBaseline));
  });

  it('summarises partial runs (progress) and flags a result that differs from the baseline', () => {
    const plan = planDemo(defaultSettings(2));
    const partial = measure(plan, {}).slice(0, 3);
    partial[2] = { ...partial[2]!, checksum: 41 };
    const results = summarise(plan, partial);
    assert.equal(results.length, 3);
    assert.equal(results[2]!.matchesBaseline, false);
    assert.ok(concludeFrom(results, plan.settings).some((line) => line.startsWith('Warning')));
  });

  it('draws conclusions in the machine’s terms, including slow starts and oversubscription', () => {
    const settings = { ...defaultSettings(2), taskCount: 4 };
    const plan = planDemo(settings);
    const results = summarise(plan, measure(plan, {
      'cpu-main': 800, 'cpu-workers-1': 900, 'cpu-workers-2': 420, 'cpu-workers-4': 430,
      'cpu-processes-1': 950, 'cpu-processes-2': 480, 'cpu-processes-4': 500, 'io-sequential': 400, 'io-concurrent': 101,
    }));
    const conclusions = concludeFrom(results, settings).join('\n');
    assert.match(conclusions, /Worker threads: 1\.9× faster than the main thread at best, with 2 workers on 2 cores/);
    assert.match(conclusions, /Child processes: 1\.7× faster .* about 60 ms, against 20 ms for worker threads/);
    assert.match(conclusions, /4 workers on 2 cores reached 1\.9× against 1\.9× with 2/);
    assert.match(conclusions, /4 timers awaited together finished 4\.0× sooner/);
    const slow = summarise(plan, measure(plan, { 'cpu-main': 10, 'cpu-workers-1': 40, 'cpu-workers-2': 40, 'cpu-workers-4': 40 }));
    assert.match(concludeFrom(slow, settings)[0]!, /slower than the main thread/);
  });

  it('measures how busy the cores were between two snapshots', () => {
    const start = [{ user: 100, nice: 0, sys: 0, idle: 900, irq: 0 }, { user: 0, nice: 0, sys: 0, idle: 1000, irq: 0 }];
    const end = [{ user: 400, nice: 0, sys: 100, idle: 1400, irq: 0 }, { user: 0, nice: 0, sys: 0, idle: 2000, irq: 0 }];
    assert.equal(busyShare(start, end), 400 / 1900);
    assert.equal(busyShare(start, start), 0, 'no time passed: nothing to say');
  });

  it('says first when the run is unreliable: a busy machine, or a speedup above the ceiling', () => {
    const settings = { ...defaultSettings(2), taskCount: 4 };
    const plan = planDemo(settings);
    const times = {
      'cpu-main': 800, 'cpu-workers-1': 800, 'cpu-workers-2': 420, 'cpu-workers-4': 430,
      'cpu-processes-1': 850, 'cpu-processes-2': 450, 'cpu-processes-4': 460, 'io-sequential': 400, 'io-concurrent': 101,
    };
    const results = summarise(plan, measure(plan, times));
    assert.doesNotMatch(concludeFrom(results, settings, { before: 0.05, during: 0.1 }).join('\n'), /Unreliable/);
    const busy = concludeFrom(results, settings, { before: 0.05, during: BUSY_MACHINE_SHARE + 0.3 });
    assert.match(busy[0]!, /^Unreliable run: other programs kept about 55% of this machine's cores busy during/);
    const beyond = summarise(plan, measure(plan, { ...times, 'cpu-workers-2': 300 }));
    assert.match(concludeFrom(beyond, settings, { before: 0 })[0]!, /^Unreliable run: .* 2\.7× faster, above the 2\.0× this machine's cores allow/);
  });
});
