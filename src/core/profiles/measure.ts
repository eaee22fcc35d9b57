/**
 * From a profile to the analysed functions: which samples (or cProfile rows) fall in which
 * function of a file, on which thread, and how much of each thread's time was the program's own
 * code, runtime/native code, idle, GC, the VM itself ("(program)") or blocking waits.
 * A profile is indexed once (frames resolved to files); each file is then measured on demand,
 * touching only the samples that pass through it.
 */
import * as path from 'node:path';
import type { FunctionReport, Measurement } from '../model';
import { framePath, functionAt } from './locate';
import type { FunctionTotals, Profile, ProfiledThread, ProfileFrame } from './model';

/** How a thread's recorded time divides, in milliseconds. */
export interface ThreadSummary {
  profile: string;
  thread: string;
  main: boolean;
  durationMs: number;
  /** in analysed (project) code, callees in libraries and natives included */
  projectMs: number;
  /** in code outside the project: node_modules, the standard library, runtime internals, natives */
  otherMs: number;
  idleMs: number;
  gcMs: number;
  programMs: number;
  waitMs: number;
  /** the profiler kept only active samples (py-spy without --idle): idle time is not in it */
  activeOnly: boolean;
}

export interface ProfileIndexOptions {
  /** the folder relative frame paths are resolved against (the profiled program's working directory) */
  root: string;
  /** whether a file is analysed: time below project code in other files counts as that code's own */
  isAnalysed: (file: string) => boolean;
}

interface SampleFacts {
  /** position in the stack of the deepest frame in analysed code, -1 when none */
  owner: number;
  /** the stack passes through a blocking wait */
  waiting: boolean;
  /** an asyncio event loop runs the stack as one of its callbacks (a task's step) */
  eventLoop: boolean;
}

export class ProfileIndex {
  private readonly paths: (string | undefined)[];
  /** per thread, per sample: the facts that do not depend on the file measured */
  private readonly facts: SampleFacts[][];
  /** file → thread → indices of the samples (or cProfile rows) that pass through it */
  private readonly byFile = new Map<string, Map<number, number[]>>();
  private readonly name: string;
  private readonly recordedAt?: string;
  /** cProfile: rows by frame, and the wait share of library rows (computed once) */
  private rowsByFrame?: Map<number, FunctionTotals>;
  /** cProfile: per thread, the frames an asyncio event loop's callbacks reach (computed once) */
  private readonly underLoop = new Map<number, Set<number>>();
  private readonly waitShares = new Map<number, number>();

  constructor(readonly profile: Profile, private readonly options: ProfileIndexOptions) {
    this.name = path.basename(profile.source);
    this.recordedAt = profile.recordedAt?.toISOString();
    this.paths = profile.frames.map((frame) => framePath(frame, options.root));
    this.facts = profile.threads.map((thread, t) => this.indexThread(thread, t));
  }

  /** Files of the profile that hold code (resolved paths), analysed or not. */
  files(): string[] {
    return [...this.byFile.keys()];
  }

  /** Measurements of the functions of one file, by function id. */
  measureFile(file: string, functions: readonly FunctionReport[]): Map<string, Measurement[]> {
    const result = new Map<string, Measurement[]>();
    const threads = this.byFile.get(file);
    if (!threads) return result;
    for (const [t, indices] of threads) {
      const thread = this.profile.threads[t];
      const measured = thread.totals
        ? this.measureTotals(t, thread.totals, indices, functions)
        : this.measureSamples(t, indices, file, functions);
      for (const [id, partial] of measured) {
        const entry: Measurement = {
          profile: this.name,
          ...(this.recordedAt ? { recordedAt: this.recordedAt } : {}),
          thread: thread.name,
          mainThread: thread.main,
          threadMs: thread.durationMs,
          ...partial,
        };
        result.set(id, [...(result.get(id) ?? []), entry]);
      }
    }
    for (const entries of result.values()) entries.sort((a, b) => b.totalMs - a.totalMs);
    return result;
  }

  /** How each thread's time divides between project code, other code, idle, GC, the VM and waits. */
  summary(): ThreadSummary[] {
    return this.profile.threads.map((thread, t) => {
      const summary: ThreadSummary = {
        profile: this.name, thread: thread.name, main: thread.main, durationMs: thread.durationMs,
        projectMs: 0, otherMs: 0, idleMs: 0, gcMs: 0, programMs: 0, waitMs: 0, activeOnly: thread.activeOnly === true,
      };
      if (thread.totals) this.summariseTotals(thread.totals, summary);
      else this.summariseSamples(thread, this.facts[t], summary);
      return summary;
    });
  }

  private framePathOf(frame: number): string | undefined {
    return this.paths[frame];
  }

  private analysed(frame: number): boolean {
    const file = this.paths[frame];
    return file !== undefined && this.options.isAnalysed(file);
  }

  private indexThread(thread: ProfiledThread, t: number): SampleFacts[] {
    const note = (file: string | undefined, index: number) => {
      if (file === undefined) return;
      let threads = this.byFile.get(file);
      if (!threads) this.byFile.set(file, (threads = new Map()));
      const list = threads.get(t) ?? [];
      if (list[list.length - 1] !== index) list.push(index);
      threads.set(t, list);
    };
    if (thread.totals) {
      thread.totals.forEach((row, index) => note(this.framePathOf(row.frame), index));
      return [];
    }
    return (thread.samples ?? []).map((sample, index) => {
      let owner = -1;
      let waiting = false;
      let eventLoop = false;
      sample.stack.forEach((frame, depth) => {
        note(this.framePathOf(frame), index);
        if (this.profile.frames[frame].category === 'wait') waiting = true;
        else if (this.profile.frames[frame].category === 'code' && this.analysed(frame)) owner = depth;
        if (isEventLoopCallback(this.profile.frames[frame])) eventLoop = true;
      });
      return { owner, waiting, eventLoop };
    });
  }

  private measureSamples(t: number, indices: number[], file: string, functions: readonly FunctionReport[]) {
    const thread = this.profile.threads[t];
    const samples = thread.samples ?? [];
    const facts = this.facts[t];
    const memo = new Map<number, FunctionReport | undefined>();
    const fnOf = (frame: number) => {
      if (!memo.has(frame)) memo.set(frame, this.framePathOf(frame) === file ? functionAt(functions, this.profile.frames[frame]) : undefined);
      return memo.get(frame);
    };
    const out = new Map<string, { totalMs: number; ownMs: number; waitMs: number; longestRunMs: number; run: number; last: number; loopMs: number }>();
    const entry = (id: string) => {
      let found = out.get(id);
      if (!found) out.set(id, (found = { totalMs: 0, ownMs: 0, waitMs: 0, longestRunMs: 0, run: 0, last: -2, loopMs: 0 }));
      return found;
    };
    for (const index of indices) {
      const { stack, ms } = samples[index];
      const { owner, waiting, eventLoop } = facts[index];
      const seen = new Set<string>();
      for (const frame of stack) {
        const fn = fnOf(frame);
        if (!fn || seen.has(fn.id)) continue;
        seen.add(fn.id);
        const item = entry(fn.id);
        item.totalMs += ms;
        if (eventLoop) item.loopMs += ms;
        // A run is consecutive samples with the function on the stack; a waiting sample is not holding the thread.
        if (waiting) item.run = 0;
        else item.run = item.last === index - 1 ? item.run + ms : ms;
        item.last = waiting ? -2 : index;
        item.longestRunMs = Math.max(item.longestRunMs, item.run);
      }
      const ownerFn = owner >= 0 ? fnOf(stack[owner]) : undefined;
      if (ownerFn) {
        if (waiting) entry(ownerFn.id).waitMs += ms;
        else entry(ownerFn.id).ownMs += ms;
      }
    }
    const result = new Map<string, Omit<Measurement, 'profile' | 'recordedAt' | 'thread' | 'mainThread' | 'threadMs'>>();
    for (const [id, item] of out) {
      result.set(id, { totalMs: item.totalMs, ownMs: item.ownMs, waitMs: item.waitMs, longestRunMs: item.longestRunMs, ...(item.loopMs >= 0.5 * item.totalMs && item.totalMs > 0 ? { eventLoop: true } : {}) });
    }
    return result;
  }

  /**
   * cProfile rows: the row of the function itself (its name) gives calls and the time with callees;
   * rows of nested code (generator expressions, lambdas) add their own time. What callees outside
   * the analysed code did for it (builtins, the standard library, site-packages) is its own time,
   * or wait time when the callee waits.
   */
  private measureTotals(t: number, totals: FunctionTotals[], indices: number[], functions: readonly FunctionReport[]) {
    const underLoop = this.framesUnderLoop(t, totals);
    const result = new Map<string, { totalMs: number; ownMs: number; waitMs: number; calls?: number; nested: number; eventLoop: boolean }>();
    for (const index of indices) {
      const row = totals[index];
      const frame = this.profile.frames[row.frame];
      const fn = functionAt(functions, frame);
      if (!fn) continue;
      let item = result.get(fn.id);
      if (!item) result.set(fn.id, (item = { totalMs: 0, ownMs: 0, waitMs: 0, nested: 0, eventLoop: false }));
      const itself = lastSegment(fn.name) === frame.name;
      if (underLoop.has(row.frame)) item.eventLoop = true;
      if (itself) {
        item.totalMs = Math.max(item.totalMs, row.totalMs);
        item.calls = (item.calls ?? 0) + row.calls;
      } else item.nested += row.totalMs;
      item.ownMs += row.selfMs;
      for (const callee of row.callees) {
        const category = this.profile.frames[callee.frame].category;
        if (category === 'wait') item.waitMs += callee.totalMs;
        else if (!this.analysed(callee.frame)) {
          // Library code waits too (a pool's shutdown joins its threads): only the rest is CPU.
          const waiting = callee.totalMs * this.waitShare(totals, callee.frame);
          item.waitMs += waiting;
          item.ownMs += category === 'native' ? Math.min(callee.selfMs, callee.totalMs - waiting) : callee.totalMs - waiting;
        }
      }
    }
    const out = new Map<string, Omit<Measurement, 'profile' | 'recordedAt' | 'thread' | 'mainThread' | 'threadMs'>>();
    for (const [id, item] of result) {
      const totalMs = item.totalMs > 0 ? item.totalMs : item.nested;
      out.set(id, { totalMs, ownMs: Math.min(item.ownMs, totalMs), waitMs: item.waitMs, ...(item.calls !== undefined ? { calls: item.calls } : {}), ...(item.eventLoop ? { eventLoop: true } : {}) });
    }
    return out;
  }

  /**
   * cProfile has no stacks, but each row lists what it called: the frames reachable from an
   * asyncio event loop's callback runner (Handle._run → Context.run → a task's coroutine → …).
   */
  private framesUnderLoop(t: number, totals: FunctionTotals[]): Set<number> {
    const known = this.underLoop.get(t);
    if (known) return known;
    const rows = (this.rowsByFrame ??= new Map(totals.map((entry) => [entry.frame, entry])));
    const reached = new Set<number>();
    const pending = totals.filter((row) => isEventLoopCallback(this.profile.frames[row.frame])).map((row) => row.frame);
    while (pending.length > 0) {
      const frame = pending.pop()!;
      for (const callee of rows.get(frame)?.callees ?? []) {
        if (reached.has(callee.frame)) continue;
        reached.add(callee.frame);
        // Through code, and through the one native bridge a task step takes (Context.run): other
        // natives (exec of an import, a sort's key calls) are shared with code outside the loop.
        if (this.profile.frames[callee.frame].category === 'code' || isContextRun(this.profile.frames[callee.frame])) pending.push(callee.frame);
      }
    }
    this.underLoop.set(t, reached);
    return reached;
  }

  /** The share of a cProfile row's time (callees included) spent in blocking waits, through library callees. */
  private waitShare(totals: FunctionTotals[], frame: number, seen = new Set<number>()): number {
    const cached = this.waitShares.get(frame);
    if (cached !== undefined) return cached;
    const row = (this.rowsByFrame ??= new Map(totals.map((entry) => [entry.frame, entry]))).get(frame);
    if (!row || row.totalMs <= 0 || seen.has(frame)) return 0;
    seen.add(frame);
    let waiting = 0;
    for (const callee of row.callees) {
      if (this.profile.frames[callee.frame].category === 'wait') waiting += callee.totalMs;
      else if (!this.analysed(callee.frame)) waiting += callee.totalMs * this.waitShare(totals, callee.frame, seen);
    }
    const share = Math.min(1, waiting / row.totalMs);
    this.waitShares.set(frame, share);
    return share;
  }

  private summariseSamples(thread: ProfiledThread, facts: SampleFacts[], summary: ThreadSummary): void {
    (thread.samples ?? []).forEach((sample, index) => {
      const leaf = sample.stack[sample.stack.length - 1];
      const category = leaf === undefined ? 'idle' : this.profile.frames[leaf].category;
      if (facts[index].waiting) summary.waitMs += sample.ms;
      else if (category === 'idle') summary.idleMs += sample.ms;
      else if (category === 'gc') summary.gcMs += sample.ms;
      else if (category === 'program') summary.programMs += sample.ms;
      else if (facts[index].owner >= 0) summary.projectMs += sample.ms;
      else summary.otherMs += sample.ms;
    });
  }

  /** cProfile: own times of rows, by what the row is (project code, other code, natives, waits). */
  private summariseTotals(totals: FunctionTotals[], summary: ThreadSummary): void {
    for (const row of totals) {
      const category = this.profile.frames[row.frame].category;
      if (category === 'wait') summary.waitMs += row.selfMs;
      else if (category === 'code' && this.analysed(row.frame)) summary.projectMs += row.selfMs;
      else summary.otherMs += row.selfMs;
    }
  }
}

function lastSegment(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

/**
 * asyncio's callback runner: every task step and every callback of an event loop runs below
 * Handle._run (asyncio/events.py), itself below BaseEventLoop._run_once (asyncio/base_events.py).
 */
function isEventLoopCallback(frame: ProfileFrame): boolean {
  if (frame.category !== 'code' || !frame.file) return false;
  const file = frame.file.split('\\').join('/');
  return (frame.name === '_run' && file.endsWith('asyncio/events.py')) || (frame.name === '_run_once' && file.endsWith('asyncio/base_events.py'));
}

/** `<method 'run' of '_contextvars.Context' objects>`: how Handle._run calls a task's step. */
function isContextRun(frame: ProfileFrame): boolean {
  return frame.name.includes('_contextvars.Context');
}
