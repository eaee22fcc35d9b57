/**
 * Runs the real demo runner (bundled as the extension's build does) with a tiny workload and checks
 * the structure of what it reports, not the timings: every message valid, plan first, progress in
 * order, one result per scenario, the same checksum everywhere, and a clean stop on SIGTERM.
 */
import assert from 'node:assert/strict';
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { isFromRunnerMessage, type FromRunnerMessage, type ToRunnerMessage } from '../../../src/demo/protocol';

const repoRoot = path.resolve(__dirname, '../../..');

function buildRunner(): string {
  const outfile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'threadwise-demo-')), 'demo-runner.js');
  buildSync({
    entryPoints: [path.join(repoRoot, 'src/demo/runner.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    logLevel: 'warning',
  });
  return outfile;
}

function startRunner(runnerPath: string, messages: unknown[]): ChildProcess {
  const child = fork(runnerPath, [], { execArgv: [], stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'json' });
  child.on('message', (message) => messages.push(message));
  return child;
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('demo runner (real processes)', function () {
  this.timeout(60_000);
  let runnerPath: string;

  before(() => {
    runnerPath = buildRunner();
  });

  after(() => fs.rmSync(path.dirname(runnerPath), { recursive: true, force: true }));

  it('runs every scenario with worker threads and child processes and reports valid, ordered messages', async () => {
    const messages: unknown[] = [];
    const child = startRunner(runnerPath, messages);
    const start: ToRunnerMessage = {
      type: 'start',
      options: { availableParallelism: 2, taskCount: 4, cpuTaskSize: 20_000, ioWaitMs: 5 },
    };
    child.send(start);
    assert.equal(await exitOf(child), 0);

    for (const message of messages) assert.ok(isFromRunnerMessage(message), JSON.stringify(message).slice(0, 300));
    const typed = messages as FromRunnerMessage[];
    assert.equal(typed[0]!.type, 'plan');
    assert.equal(typed.at(-1)!.type, 'done');
    const progress = typed.filter((message) => message.type === 'progress');
    const completed = progress.map((message) => (message.type === 'progress' ? message.completed : -1));
    assert.deepEqual(completed, [...completed].sort((a, b) => a - b), 'progress only moves forward');

    const done = typed.at(-1)!;
    assert.ok(done.type === 'done');
    const { report } = done;
    assert.equal(report.cpuTaskSize, 20_000);
    assert.deepEqual(
      report.results.map((result) => result.id),
      report.plan.scenarios.map((scenario) => scenario.id),
    );
    const cpu = report.results.filter((result) => result.family === 'cpu');
    assert.ok(cpu.some((result) => result.mode === 'worker-threads') && cpu.some((result) => result.mode === 'child-processes'));
    assert.equal(new Set(cpu.map((result) => result.checksum)).size, 1, 'every mode computed the same sums');
    assert.ok(report.results.every((result) => result.wallMs > 0 && result.matchesBaseline));
    assert.ok(cpu.filter((result) => result.mode !== 'main-thread').every((result) => result.startupMs > 0));
    assert.ok(report.conclusions.length >= 3);
  });

  it('rejects a malformed start message', async () => {
    const messages: unknown[] = [];
    const child = startRunner(runnerPath, messages);
    child.send({ type: 'start', options: { taskCount: 'lots' } });
    assert.equal(await exitOf(child), 1);
    assert.deepEqual(messages, [{ type: 'error', message: 'demo runner: the start message was malformed' }]);
  });

  it('stops promptly on SIGTERM (the panel’s Cancel), mid-run', async () => {
    const messages: unknown[] = [];
    const child = startRunner(runnerPath, messages);
    // large tasks so the run is certainly still going when we cancel
    child.send({ type: 'start', options: { availableParallelism: 2, taskCount: 4, cpuTaskSize: 2_000_000_000, ioWaitMs: 5 } });
    await new Promise<void>((resolve) => child.on('message', () => resolve()));
    const started = Date.now();
    child.kill('SIGTERM');
    await exitOf(child);
    assert.ok(Date.now() - started < 5_000, 'exited within 5 s');
    assert.ok(!(messages as FromRunnerMessage[]).some((message) => message.type === 'done'));
  });
});
