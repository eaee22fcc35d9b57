/**
 * The live demonstration's runner, bundled to dist/demo-runner.js. One file plays three roles so
 * the build has a single entry point:
 *  - controller: forked by the extension (it has an IPC channel); runs every scenario and reports
 *    progress. Running here, never in the extension host, is what keeps the editor responsive
 *    and lets Cancel simply kill this process.
 *  - task server on a worker thread (started by the controller with `new Worker(__filename)`);
 *  - task server in a child process (forked by the controller with CHILD_ROLE_FLAG).
 * Run directly (`node dist/demo-runner.js [--quick]`) it prints the report as JSON.
 * It only ever runs this extension's own demo code, never anything from the user's workspace.
 */
import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { Worker, isMainThread, parentPort } from 'node:worker_threads';
import {
  busyShare,
  concludeFrom,
  planDemo,
  scaleTaskSize,
  settingsFrom,
  summarise,
  type DemoScenario,
  type DemoSettings,
  type MachineLoad,
  type RawMeasurement,
} from './measurements';
import {
  CHILD_ROLE_FLAG,
  isTaskMessage,
  isTaskReply,
  isToRunnerMessage,
  type DemoRunOptions,
  type FromRunnerMessage,
  type TaskMessage,
  type TaskReply,
} from './protocol';
import { sumOfSquares, wait } from './tasks';

// ---------------------------------------------------------------------------------------------
// Task servers: execute one sum-of-squares task per message and reply with the result.

function serveTasksOnWorkerThread(port: NonNullable<typeof parentPort>): void {
  port.on('message', (message: unknown) => {
    if (!isTaskMessage(message)) throw new Error('demo worker: unexpected message');
    port.postMessage(replyTo(message));
  });
  port.postMessage({ type: 'ready' } satisfies TaskReply);
}

function serveTasksInChildProcess(): void {
  const send = (reply: TaskReply): void => void process.send?.(reply);
  process.on('message', (message: unknown) => {
    if (!isTaskMessage(message)) {
      process.exitCode = 1;
      process.disconnect();
      return;
    }
    send(replyTo(message));
  });
  // the runner went away (finished, cancelled or killed): nothing left to do
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready' });
}

function replyTo(task: TaskMessage): TaskReply {
  return { type: 'result', id: task.id, value: sumOfSquares(task.size) };
}

// ---------------------------------------------------------------------------------------------
// Executors: the controller's handle on one worker thread or child process.

interface TaskExecutor {
  /** resolves when the executor has started and said it is ready */
  ready: Promise<void>;
  run(size: number): Promise<number>;
  close(): void;
}

interface ExecutorChannel {
  send(message: TaskMessage): void;
  onMessage(listener: (message: unknown) => void): void;
  onFailure(listener: (error: Error) => void): void;
  close(): void;
}

/** Executors alive right now, so a cancel (SIGTERM, disconnect) can stop them all. */
const liveExecutors = new Set<TaskExecutor>();

function connectExecutor(channel: ExecutorChannel): TaskExecutor {
  let nextId = 0;
  let closed = false;
  const pending = new Map<number, { resolve(value: number): void; reject(error: Error): void }>();
  let markReady!: () => void;
  let failReady!: (error: Error) => void;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    failReady = reject;
  });
  channel.onMessage((message) => {
    if (!isTaskReply(message)) return fail(new Error('demo executor: unexpected reply'));
    if (message.type === 'ready') return markReady();
    pending.get(message.id)?.resolve(message.value);
    pending.delete(message.id);
  });
  function fail(error: Error): void {
    if (closed) return; // exits after close() are expected
    failReady(error);
    for (const task of pending.values()) task.reject(error);
    pending.clear();
  }
  channel.onFailure(fail);
  const executor: TaskExecutor = {
    ready,
    run(size) {
      const id = nextId++;
      return new Promise<number>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        channel.send({ type: 'task', id, size });
      });
    },
    close() {
      closed = true;
      liveExecutors.delete(executor);
      channel.close();
    },
  };
  ready.catch(() => undefined); // observed through run()/Promise.all; avoid an unhandled rejection
  liveExecutors.add(executor);
  return executor;
}

function startWorkerThread(): TaskExecutor {
  const worker = new Worker(__filename);
  return connectExecutor({
    send: (message) => worker.postMessage(message),
    onMessage: (listener) => worker.on('message', listener),
    onFailure: (listener) => {
      worker.on('error', listener);
      worker.on('exit', (code) => listener(new Error(`demo worker thread exited with code ${code}`)));
    },
    close: () => void worker.terminate(),
  });
}

function startChildProcess(): TaskExecutor {
  // execArgv: [] so inspector or loader flags given to the runner are not inherited
  const child: ChildProcess = fork(__filename, [CHILD_ROLE_FLAG], {
    execArgv: [],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    serialization: 'json',
  });
  return connectExecutor({
    send: (message) => void child.send(message),
    onMessage: (listener) => child.on('message', listener),
    onFailure: (listener) => {
      child.on('error', listener);
      child.on('exit', (code, signal) => listener(new Error(`demo child process exited (${signal ?? code})`)));
    },
    close: () => void child.kill(),
  });
}

// ---------------------------------------------------------------------------------------------
// Scenarios

/**
 * Runs `sizes` on `workers` fresh executors fed from one queue (a pool). The wall time includes
 * starting them: that is the real cost when workers are created per job, and startupMs shows it.
 */
async function runOnPool(start: () => TaskExecutor, workers: number, sizes: readonly number[]): Promise<RawMeasurement> {
  const started = performance.now();
  const executors = Array.from({ length: workers }, start);
  try {
    await Promise.all(executors.map((executor) => executor.ready));
    const startupMs = performance.now() - started;
    const results = new Array<number>(sizes.length).fill(0);
    let next = 0;
    const lane = async (executor: TaskExecutor): Promise<void> => {
      while (next < sizes.length) {
        const index = next++;
        results[index] = await executor.run(sizes[index]!);
      }
    };
    await Promise.all(executors.map(lane));
    return { scenarioId: '', wallMs: performance.now() - started, startupMs, checksum: sumInOrder(results) };
  } finally {
    for (const executor of executors) executor.close();
  }
}

function runOnMainThread(sizes: readonly number[]): RawMeasurement {
  const started = performance.now();
  const results = sizes.map((size) => sumOfSquares(size));
  return { scenarioId: '', wallMs: performance.now() - started, startupMs: 0, checksum: sumInOrder(results) };
}

async function runWaits(count: number, waitMs: number, together: boolean): Promise<RawMeasurement> {
  const started = performance.now();
  if (together) {
    await Promise.all(Array.from({ length: count }, () => wait(waitMs)));
  } else {
    for (let index = 0; index < count; index++) await wait(waitMs);
  }
  return { scenarioId: '', wallMs: performance.now() - started, startupMs: 0, checksum: 0 };
}

function sumInOrder(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

async function measure(scenario: DemoScenario, settings: DemoSettings, cpuTaskSize: number): Promise<RawMeasurement> {
  const sizes = new Array<number>(settings.taskCount).fill(cpuTaskSize);
  const measured = await (async (): Promise<RawMeasurement> => {
    switch (scenario.mode) {
      case 'main-thread':
        return runOnMainThread(sizes);
      case 'worker-threads':
        return runOnPool(startWorkerThread, scenario.workers, sizes);
      case 'child-processes':
        return runOnPool(startChildProcess, scenario.workers, sizes);
      case 'sequential':
        return runWaits(settings.taskCount, settings.ioWaitMs, false);
      case 'concurrent':
        return runWaits(settings.taskCount, settings.ioWaitMs, true);
    }
  })();
  return { ...measured, scenarioId: scenario.id };
}

/** Picks a task size that takes about `targetMs` here, after letting the JIT warm up. */
function calibrateTaskSize(targetMs: number): number {
  const PROBE_SIZE = 2_000_000;
  for (let round = 0; round < 3; round++) sumOfSquares(PROBE_SIZE / 10);
  const started = performance.now();
  sumOfSquares(PROBE_SIZE);
  return scaleTaskSize(PROBE_SIZE, performance.now() - started, targetMs);
}

/** How busy other programs keep the machine: sampled while this process sleeps. */
async function sampleMachineBusy(ms: number): Promise<number> {
  const before = os.cpus().map((core) => core.times);
  await wait(ms);
  return busyShare(before, os.cpus().map((core) => core.times));
}

async function runDemo(options: DemoRunOptions, report: (message: FromRunnerMessage) => void): Promise<void> {
  const settings = settingsFrom(options, os.availableParallelism());
  const plan = planDemo(settings);
  const machineLoad: MachineLoad = { before: await sampleMachineBusy(LOAD_SAMPLE_MS) };
  const cpuTaskSize = options.cpuTaskSize ?? calibrateTaskSize(settings.targetTaskMs);
  report({ type: 'plan', plan, cpuTaskSize });
  const measurements: RawMeasurement[] = [];
  const total = plan.scenarios.length;
  for (const [index, scenario] of plan.scenarios.entries()) {
    report({ type: 'progress', completed: index, total, label: scenario.label, results: summarise(plan, measurements) });
    // The sequential waits leave this process idle: what keeps the cores busy meanwhile is someone else.
    const coresBefore = scenario.mode === 'sequential' ? os.cpus().map((core) => core.times) : undefined;
    measurements.push(await measure(scenario, settings, cpuTaskSize));
    if (coresBefore) machineLoad.during = busyShare(coresBefore, os.cpus().map((core) => core.times));
  }
  const results = summarise(plan, measurements);
  report({ type: 'progress', completed: total, total, label: 'Done', results });
  report({ type: 'done', report: { plan, machineLoad, cpuTaskSize, results, conclusions: concludeFrom(results, settings, machineLoad) } });
}

const LOAD_SAMPLE_MS = 500;

// ---------------------------------------------------------------------------------------------
// Controller roles

function stopEverything(exitCode: number): never {
  for (const executor of [...liveExecutors]) executor.close();
  process.exit(exitCode);
}

function controlFromParent(): void {
  const send = (message: FromRunnerMessage): void => void process.send?.(message);
  // The extension cancels with SIGTERM. No handler on purpose: the default action ends the process at
  // once, even in the middle of the main-thread scenario (a handler would wait for the loop to end).
  // Worker threads end with the process; child processes exit when their IPC channel closes.
  process.on('disconnect', () => stopEverything(0)); // the extension went away
  process.once('message', (message: unknown) => {
    if (!isToRunnerMessage(message)) {
      send({ type: 'error', message: 'demo runner: the start message was malformed' });
      stopEverything(1);
    }
    runDemo(message.options, send).then(
      () => stopEverything(0),
      (error: unknown) => {
        send({ type: 'error', message: error instanceof Error ? error.message : String(error) });
        stopEverything(1);
      },
    );
  });
}

function runFromCommandLine(): void {
  const quick = process.argv.includes('--quick');
  const options: DemoRunOptions = quick ? { taskCount: 4, cpuTaskSize: 1_000_000, ioWaitMs: 20 } : {};
  void runDemo(options, (message) => {
    if (message.type === 'progress') process.stderr.write(`[${message.completed}/${message.total}] ${message.label}\n`);
    if (message.type === 'done') process.stdout.write(`${JSON.stringify(message.report, null, 2)}\n`);
    if (message.type === 'error') process.stderr.write(`${message.message}\n`);
  }).finally(() => stopEverything(0));
}

function main(): void {
  if (!isMainThread) {
    if (parentPort) serveTasksOnWorkerThread(parentPort);
  } else if (process.argv.includes(CHILD_ROLE_FLAG)) {
    serveTasksInChildProcess();
  } else if (process.send) {
    controlFromParent();
  } else {
    runFromCommandLine();
  }
}

main();
