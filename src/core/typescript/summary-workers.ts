/**
 * Summary workers: the first stage of the pipeline (parse + summarise, one file at a time) run in
 * worker threads, so the thread that links, evaluates and answers requests (the language server's)
 * never waits for a large file's parse. A worker sends back what the summariser made (summaries
 * are plain data: structured clone, as the persistent cache stores them) with the module
 * resolutions it rests on; the analyser checks those against its own and links as usual, so the
 * result is the one an in-thread summary gives (the differential test runs its edits this way).
 *
 * Each file has a budget: a file whose parse and summary take longer than `timeMs`, or need more
 * than `memoryMb` of heap, costs its worker (terminated, and replaced) and nothing else: it is
 * reported as skipped, with the reason. So one pathological file can neither block requests nor
 * take the server's memory with it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { SummaryOutcome } from './analyzer';

/**
 * One worker: the machine class this is tuned for has two cores, one of which is the server's own
 * thread (linking, evaluating, answering). Its thread waits for summaries most of a load (63% idle,
 * 5,000 files), but a second worker measured no faster on a busy machine, answered hovers later
 * (p95 78 against 62 ms) and held a second heap while the load lasted.
 */
export const SUMMARY_WORKER_COUNT = 1;

/**
 * A worker with nothing to do for this long stops, and gives its heap back (its parser, module
 * resolver caches and garbage: the server's memory after a load is what it keeps); one starts
 * again when a file comes (a large edited document, a reload).
 */
export const WORKER_IDLE_MS = 5_000;

export interface SummaryBudget {
  /** longest a file's parse and summary may take (wall clock, in its worker) */
  timeMs: number;
  /** most heap a worker may use for it (old generation) */
  memoryMb: number;
}

/**
 * Files within the default size limit (1 MB) take well under two seconds (~1.5 ms per KB) and
 * ~100 MB; the budget only stops files many times larger, which the user let in by raising
 * `maxFileBytes`, or code of a shape the summariser cannot afford.
 */
export const DEFAULT_SUMMARY_BUDGET: SummaryBudget = { timeMs: 20_000, memoryMb: 1024 };

/** How every over-budget reason ends, so front ends can tell it from other reasons to skip a file. */
const BUDGET_NOTE = '(the per-file budget)';

export function isOverBudget(reason: string): boolean {
  return reason.endsWith(BUDGET_NOTE);
}

/** Why a file that went over the budget's time is skipped (a worker's, or the calling thread's: see summarize/state.ts). */
export function overTimeReason(budget: SummaryBudget): string {
  return `takes longer than ${budget.timeMs / 1000} s to parse and summarise ${BUDGET_NOTE}`;
}

/**
 * A budget from its spelling in an environment variable (`timeMs=60000,memoryMb=512`: either
 * part may be left out), for tests and for a user with unusual files; the default otherwise.
 */
export function summaryBudgetFrom(spec: string | undefined): SummaryBudget {
  const budget = { ...DEFAULT_SUMMARY_BUDGET };
  for (const part of (spec ?? '').split(',')) {
    const [key, value] = part.split('=').map((piece) => piece.trim());
    const number = Number(value);
    if ((key === 'timeMs' || key === 'memoryMb') && Number.isFinite(number) && number > 0) budget[key] = number;
  }
  return budget;
}

/**
 * The worker's stack, as large as the main thread's (V8's default, 984 KB, plus the 192 KB Node
 * keeps in reserve): a file too deep for the parser is too deep in either, so the CLI and the
 * server skip the same files.
 */
const STACK_SIZE_MB = (984 + 192) / 1024;

/** workers that stop before they are ready, in a row, after which the pool gives up */
const MAX_FAILED_STARTS = 3;

export interface SummaryJob {
  id: number;
  root: string;
  file: string;
  text: string;
}

export interface SummaryReply {
  id: number;
  outcome: SummaryOutcome;
}

/** What a worker sends once its code is loaded: a file's budget starts when it is sent to a ready worker. */
export interface WorkerReady {
  ready: true;
}

interface QueuedJob {
  job: SummaryJob;
  resolve: (outcome: SummaryOutcome) => void;
}

interface Slot {
  worker: Worker;
  /** its code is loaded (starting one takes a while on a busy machine, and is no file's cost) */
  ready?: boolean;
  running?: QueuedJob;
  timer?: NodeJS.Timeout;
  /** stops the worker when it has been idle for WORKER_IDLE_MS */
  idleTimer?: NodeJS.Timeout;
}

/**
 * An edited document this large is summarised in a worker too; a smaller one in the calling
 * thread, where the round trip would cost more than it saves (a 2,000-line file, ~60 KB, parses
 * in ~20 ms, which a request can wait).
 */
export const DEFAULT_MIN_EDIT_CHARS = 128_000;

export interface SummaryWorkersOptions {
  count?: number;
  budget?: SummaryBudget;
  /** the smallest edited document summarised in a worker (default DEFAULT_MIN_EDIT_CHARS) */
  minEditChars?: number;
  /** how long a worker may wait for a file before it stops (default WORKER_IDLE_MS) */
  idleMs?: number;
  /** the worker's entry point (default: summary-worker.js next to the bundle, else the source) */
  script?: string;
}

export class SummaryWorkers {
  private readonly queue: QueuedJob[] = [];
  private readonly slots: Slot[] = [];
  private nextId = 1;
  private disposed = false;
  /** workers that stopped before they were ready, in a row */
  private failedStarts = 0;
  /** set when workers cannot start: every file gets this reason */
  private broken: string | undefined;
  readonly budget: SummaryBudget;
  readonly minEditChars: number;
  private readonly script: string;
  private readonly count: number;
  private readonly idleMs: number;

  /** Workers start when files come (see dispatch), and stop when idle. */
  constructor(options: SummaryWorkersOptions = {}) {
    this.budget = options.budget ?? DEFAULT_SUMMARY_BUDGET;
    this.minEditChars = options.minEditChars ?? DEFAULT_MIN_EDIT_CHARS;
    this.script = options.script ?? defaultScript();
    this.count = Math.max(1, options.count ?? SUMMARY_WORKER_COUNT);
    this.idleMs = options.idleMs ?? WORKER_IDLE_MS;
  }

  /** Workers running now (started or starting): none when idle for long. */
  get running(): number {
    return this.slots.length;
  }

  /** Parses and summarises one file of the project at `root` in a worker; never rejects. */
  summarize(root: string, file: string, text: string): Promise<SummaryOutcome> {
    if (this.disposed) return Promise.resolve({ failure: 'analysis stopped (the server is shutting down)' });
    if (this.broken) return Promise.resolve({ failure: this.broken });
    return new Promise((resolve) => {
      this.queue.push({ job: { id: this.nextId++, root, file, text }, resolve });
      this.dispatch();
    });
  }

  /** Stops the workers; files still queued are answered as not analysed. */
  async dispose(): Promise<void> {
    this.disposed = true;
    for (const queued of this.queue.splice(0)) queued.resolve({ failure: 'analysis stopped (the server is shutting down)' });
    await Promise.all(this.slots.map((slot) => {
      clearTimeout(slot.timer);
      clearTimeout(slot.idleTimer);
      slot.running?.resolve({ failure: 'analysis stopped (the server is shutting down)' });
      slot.running = undefined;
      return slot.worker.terminate();
    }));
  }

  private start(): Slot {
    const resourceLimits = { maxOldGenerationSizeMb: this.budget.memoryMb, stackSizeMb: STACK_SIZE_MB };
    // Run from source (tests, the benchmark's tsx runs), the worker compiles TypeScript as it loads
    // it: tsx's loader hooks do not reach worker threads by themselves.
    const worker = this.script.endsWith('.ts')
      ? new Worker(`require('tsx/cjs');\nrequire(${JSON.stringify(this.script)});`, { eval: true, resourceLimits })
      : new Worker(this.script, { resourceLimits });
    const slot: Slot = { worker };
    worker.unref(); // an idle worker keeps no process alive; a running job refs it (dispatch)
    worker.on('message', (message: SummaryReply | WorkerReady) => {
      if ('ready' in message) {
        slot.ready = true;
        this.dispatch();
      } else {
        this.finish(slot, message.id, message.outcome);
      }
    });
    // Out of memory (ERR_WORKER_OUT_OF_MEMORY), or a crash: the file it was on is the cause.
    worker.on('error', (error: Error & { code?: string }) => {
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') this.replace(slot, `needs more than ${this.budget.memoryMb} MB to parse and summarise ${BUDGET_NOTE}`, true);
      else this.replace(slot, `analysis failed: ${error.message.split('\n')[0]}`);
    });
    worker.on('exit', () => {
      if (!this.disposed && this.slots.includes(slot)) this.replace(slot, 'analysis failed: its worker stopped');
    });
    return slot;
  }

  private dispatch(): void {
    if (this.disposed || this.broken) return;
    // a worker for each queued file that no idle or starting one will take, up to the count
    const free = this.slots.filter((slot) => !slot.running).length;
    for (let more = Math.min(this.queue.length - free, this.count - this.slots.length); more > 0; more--) this.slots.push(this.start());
    for (const slot of this.slots) {
      if (!slot.ready || slot.running) continue;
      if (this.queue.length === 0) {
        this.retireWhenIdle(slot);
        continue;
      }
      const queued = this.queue.shift()!;
      clearTimeout(slot.idleTimer);
      slot.idleTimer = undefined;
      slot.running = queued;
      slot.worker.ref();
      const budget = overTimeReason(this.budget);
      slot.timer = setTimeout(() => this.replace(slot, budget, true), this.budget.timeMs);
      slot.worker.postMessage(queued.job);
    }
  }

  /** An idle worker stops after idleMs, unless a file comes first. */
  private retireWhenIdle(slot: Slot): void {
    if (slot.idleTimer) return;
    slot.idleTimer = setTimeout(() => {
      const index = this.slots.indexOf(slot);
      if (index === -1 || slot.running) return;
      this.slots.splice(index, 1); // out of the pool first: its exit is no failure
      void slot.worker.terminate();
    }, this.idleMs);
    slot.idleTimer.unref();
  }

  private fail(reason: string): void {
    this.broken = reason;
    for (const queued of this.queue.splice(0)) queued.resolve({ failure: reason });
    for (const slot of this.slots) void slot.worker.terminate();
  }

  private finish(slot: Slot, id: number, outcome: SummaryOutcome): void {
    this.failedStarts = 0;
    if (slot.running?.job.id !== id) return;
    clearTimeout(slot.timer);
    const { resolve } = slot.running;
    slot.running = undefined;
    slot.worker.unref();
    resolve(outcome);
    this.dispatch();
  }

  /** The worker's file went over budget or killed it: the file is skipped, a fresh worker takes the rest. */
  private replace(slot: Slot, failure: string, overBudget = false): void {
    const index = this.slots.indexOf(slot);
    if (index === -1 || this.disposed || this.broken) return;
    clearTimeout(slot.timer);
    const running = slot.running;
    slot.running = undefined;
    // A worker that cannot even start would be replaced forever: the files waiting are told why.
    if (!slot.ready && ++this.failedStarts >= MAX_FAILED_STARTS) return this.fail(`analysis failed: the summary worker cannot start (${failure})`);
    clearTimeout(slot.idleTimer);
    this.slots.splice(index, 1); // dispatch starts another if files wait
    void slot.worker.terminate();
    running?.resolve({ failure, ...(overBudget ? { overBudget } : {}) });
    this.dispatch();
  }
}

/** The bundle's worker (dist/summary-worker.js) beside the bundle; run from source, this folder's .ts. */
function defaultScript(): string {
  const bundled = path.join(__dirname, 'summary-worker.js');
  return fs.existsSync(bundled) ? bundled : path.join(__dirname, 'summary-worker.ts');
}
