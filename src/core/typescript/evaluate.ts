/**
 * Turns linked summaries into verdicts: the estimated cost of a call for given arguments
 * (loops × body weight, callee costs, recursion), the I/O effects a function reaches through its
 * callees, and from both the function's kind, confidence, evidence and recommendation.
 */
import type { CallEffect } from '../catalog';
import type { ThreadwiseConfig } from '../config';
import type { Evidence, EvidenceSignal, Recommendation, WorkKind } from '../model';
import { callsOf, type Linker, type ResolvedCallee } from './link';
import type { Block, CallSite, FunctionSummary, Loop } from './summary';
import { type Concrete, evaluateValue, formatCount, type ValueExpr } from './values';

export interface CostDriver {
  ops: number;
  line: number;
  file: string;
  message: string;
  signal: EvidenceSignal;
}

export interface CostResult {
  ops: number;
  dataDependent: boolean;
  /** the largest contributors, heaviest first */
  drivers: CostDriver[];
}

export interface EffectTrace {
  effect: CallEffect;
  line: number;
  file: string;
  message: string;
  /** the call site (in the function examined) that leads to the effect */
  callId: string;
  direct: boolean;
}

export interface Verdict {
  kind: WorkKind;
  confidence: number;
  evidence: Evidence[];
  recommendation: Recommendation;
  cost: CostResult;
  effects: EffectTrace[];
}

/** Recursion deeper than this many levels is not modelled: it is "exponential in the input". */
const MAX_RECURSION_DEPTH = 30;
const MAX_DRIVERS = 4;
const MAX_CALL_SITES_CONSIDERED = 16;
/** Effects that make a call wait without blocking: what concurrency can overlap. */
const WAITING_EFFECTS: ReadonlySet<CallEffect> = new Set(['io', 'offloaded', 'spawn-process']);
const EXPENSIVE_EFFECTS: ReadonlySet<CallEffect> = new Set(['io', 'timer', 'offloaded', 'spawn-process', 'spawn-worker']);

export class Evaluator {
  private readonly costMemo = new Map<string, CostResult>();
  private readonly effectMemo = new Map<string, EffectTrace[]>();
  private readonly evaluating = new Set<string>();

  constructor(
    private readonly linker: Linker,
    private readonly config: ThreadwiseConfig,
    /** paths in messages are relative to this folder */
    private readonly root: string,
  ) {}

  displayPath(file: string): string {
    const prefix = this.root.endsWith('/') ? this.root : `${this.root}/`;
    return file.startsWith(prefix) ? file.slice(prefix.length) : file;
  }

  // ---------------------------------------------------------------- cost

  /** Cost of one call of `fn` with these argument values (undefined = unknown). */
  cost(fn: FunctionSummary, args: readonly Concrete[]): CostResult {
    const key = `${fn.id}|${JSON.stringify(args)}`;
    const memo = this.costMemo.get(key);
    if (memo) return memo;
    if (this.evaluating.has(fn.id)) return { ops: 0, dataDependent: true, drivers: [] };
    this.evaluating.add(fn.id);
    try {
      const result = this.costWithRecursion(fn, args);
      this.costMemo.set(key, result);
      return result;
    } finally {
      this.evaluating.delete(fn.id);
    }
  }

  private costWithRecursion(fn: FunctionSummary, args: readonly Concrete[]): CostResult {
    const body = this.blockCost(fn.body, fn, args);
    const recursion = this.recursionFactor(fn, args);
    if (!recursion) return body;
    const ops = body.ops * recursion.factor;
    return {
      ops,
      dataDependent: body.dataDependent || recursion.dataDependent,
      drivers: [{ ops, line: fn.range.line, file: fn.file, message: recursion.message, signal: 'recursion' as const }, ...body.drivers].slice(0, MAX_DRIVERS),
    };
  }

  /**
   * Self-recursion multiplies the body's cost: `f(n - 1) + f(n - 2)` is exponential in n,
   * `f(n - 1)` linear, structural recursion (`walk(node.left)`) linear in the data's size.
   */
  private recursionFactor(fn: FunctionSummary, args: readonly Concrete[]): { factor: number; dataDependent: boolean; message: string } | undefined {
    const selfCalls = [...callsOf(fn)].filter(({ call }) => this.calleeFunction(call)?.id === fn.id);
    if (selfCalls.length === 0) return undefined;
    const outsideLoops = selfCalls.filter(({ loopMultiplier }) => !loopMultiplier).length;
    const decreasing = decreasingParameter(selfCalls.map(({ call }) => call));
    const depthValue = decreasing === undefined ? undefined : args[decreasing];
    const known = typeof depthValue === 'number';
    const depth = known ? Math.max(0, Math.min(depthValue, MAX_RECURSION_DEPTH)) : MAX_RECURSION_DEPTH;
    const parameter = decreasing === undefined ? undefined : fn.params[decreasing];
    if (decreasing !== undefined && outsideLoops >= 2) {
      const factor = outsideLoops ** depth;
      const size = known ? `${parameter} = ${formatCount(depthValue)}` : `the value of ${parameter}`;
      return { factor, dataDependent: !known, message: `recursion that calls itself ${outsideLoops} times per level: exponential in ${size}` };
    }
    if (decreasing !== undefined) {
      const levels = known ? Math.max(1, depthValue) : this.config.unknownLoopBound;
      return { factor: levels, dataDependent: !known, message: `recursion ${known ? formatCount(levels) : `${parameter}`} levels deep` };
    }
    return { factor: this.config.unknownLoopBound, dataDependent: true, message: 'recursion over the input\'s structure' };
  }

  private blockCost(block: Block, fn: FunctionSummary, args: readonly Concrete[]): CostResult {
    let ops = block.weight;
    let dataDependent = false;
    const drivers: CostDriver[] = [];
    for (const loop of block.loops) {
      const result = this.loopCost(loop, fn, args);
      ops += result.ops;
      dataDependent ||= result.dataDependent;
      drivers.push(...result.drivers);
    }
    for (const call of block.calls) {
      const result = this.callCost(call, args);
      ops += result.ops;
      dataDependent ||= result.dataDependent;
      drivers.push(...result.drivers);
    }
    drivers.sort((a, b) => b.ops - a.ops);
    return { ops, dataDependent, drivers: drivers.slice(0, MAX_DRIVERS) };
  }

  private loopCost(loop: Loop, fn: FunctionSummary, args: readonly Concrete[]): CostResult {
    const iterationsValue = evaluateValue(loop.bound, args);
    const known = typeof iterationsValue === 'number' && Number.isFinite(iterationsValue);
    const iterations = known ? Math.max(0, iterationsValue) : this.config.unknownLoopBound;
    const body = this.blockCost(loop.body, fn, args);
    const perIteration = Math.max(1, body.ops);
    const ops = iterations * perIteration;
    const what = loop.method ? `${loop.method}() over ${loop.boundLabel}` : `loop over ${loop.boundLabel}`;
    const count = known ? `${formatCount(iterations)} iterations` : 'size depends on the input';
    const message = `${what} (${count}) at line ${loop.line}`;
    const nested = body.drivers[0] && body.drivers[0].ops * iterations > ops / 2 ? body.drivers[0] : undefined;
    const driver: CostDriver = { ops, line: loop.line, file: fn.file, message: nested ? `${message}, around ${nested.message}` : message, signal: 'loop' };
    return { ops, dataDependent: body.dataDependent || !known, drivers: [driver] };
  }

  callCost(call: CallSite, callerArgs: readonly Concrete[]): CostResult {
    const callee = this.linker.resolve(call);
    if (callee.kind === 'fn') {
      if (this.evaluating.has(callee.fn.id)) return { ops: 1, dataDependent: false, drivers: [] };
      const args = call.args.map((arg) => evaluateValue(arg, callerArgs));
      const result = this.cost(callee.fn, args);
      const driver: CostDriver = {
        ops: result.ops,
        line: call.line,
        file: call.callerId.slice(0, call.callerId.lastIndexOf('#')),
        message: this.describeCall(call, callee.fn, result),
        signal: 'callee',
      };
      return { ops: result.ops + 1, dataDependent: result.dataDependent, drivers: [driver] };
    }
    if (callee.kind === 'catalog' && callee.entry.effect === 'cpu' && callee.entry.cost) {
      const cost = callee.entry.cost;
      const scale = cost.scaleArg === undefined ? undefined : evaluateValue(call.args[cost.scaleArg] ?? { k: 'unknown' }, callerArgs);
      const scaled = typeof scale === 'number' ? (cost.exponential ? 2 ** scale : scale) * (cost.perUnit ?? 1) : undefined;
      const ops = scaled ?? cost.base;
      const detail = typeof scale === 'number' ? ` with ${formatCount(scale)} iterations` : '';
      const file = call.callerId.slice(0, call.callerId.lastIndexOf('#'));
      return {
        ops,
        dataDependent: false,
        drivers: [{ ops, line: call.line, file, message: `${call.calleeText}()${detail}: ${callee.entry.description}`, signal: 'cpu-call' }],
      };
    }
    return { ops: 1, dataDependent: false, drivers: [] };
  }

  private describeCall(call: CallSite, fn: FunctionSummary, result: CostResult): string {
    const where = `${this.displayPath(fn.file)}:${fn.range.line}`;
    const inner = result.drivers[0]?.message;
    const name = call.viaCallback === 'iteration' && call.calleeText.endsWith('callback') ? call.calleeText : `${fn.name}()`;
    return inner ? `calls ${name} in ${where}, which runs ${inner}` : `calls ${name} in ${where}`;
  }

  calleeFunction(call: CallSite): FunctionSummary | undefined {
    const callee = this.linker.resolve(call);
    return callee.kind === 'fn' ? callee.fn : undefined;
  }

  /** Cost of the function's own loops and catalog calls, ignoring calls to project functions. */
  intrinsicCost(fn: FunctionSummary): CostResult {
    const strip = (block: Block): Block => ({
      weight: block.weight,
      loops: block.loops.map((loop) => ({ ...loop, body: strip(loop.body) })),
      calls: block.calls.filter((call) => this.linker.resolve(call).kind !== 'fn'),
    });
    return this.blockCost(strip(fn.body), fn, fn.params.map(() => undefined));
  }

  // ---------------------------------------------------------------- effects

  /** Every I/O, timer or spawn effect the function reaches, directly or through callees. */
  effects(fn: FunctionSummary): EffectTrace[] {
    const memo = this.effectMemo.get(fn.id);
    if (memo) return memo;
    this.effectMemo.set(fn.id, []); // cycle guard: a cycle adds nothing new
    const traces: EffectTrace[] = [];
    for (const { call } of callsOf(fn)) {
      const callee = this.linker.resolve(call);
      const direct = directEffect(callee);
      if (direct) {
        traces.push({ effect: direct.effect, line: call.line, file: fn.file, message: `${call.awaited ? 'awaits' : 'calls'} ${call.calleeText}(): ${direct.description}`, callId: call.id, direct: true });
      } else if (callee.kind === 'fn' && callee.fn.id !== fn.id) {
        traces.push(...this.calleeEffects(call, callee.fn, fn));
      }
    }
    this.effectMemo.set(fn.id, traces);
    return traces;
  }

  private calleeEffects(call: CallSite, callee: FunctionSummary, caller: FunctionSummary): EffectTrace[] {
    const inner = this.effects(callee);
    const byEffect = new Map<CallEffect, EffectTrace>();
    for (const trace of inner) if (!byEffect.has(trace.effect)) byEffect.set(trace.effect, trace);
    const where = `${this.displayPath(callee.file)}:${callee.range.line}`;
    return [...byEffect.values()].map((trace) => ({
      effect: trace.effect,
      line: call.line,
      file: caller.file,
      message: `calls ${callee.name}() in ${where}, which ${trace.message.replace(/^(awaits|calls) /, (verb) => (verb === 'awaits ' ? 'awaits ' : 'calls '))}`,
      callId: call.id,
      direct: false,
    }));
  }

  /** Does this call wait on I/O (directly, or in the function it calls)? */
  callWaitsOnIo(call: CallSite): boolean {
    const callee = this.linker.resolve(call);
    if (callee.kind === 'catalog' || callee.kind === 'global') return WAITING_EFFECTS.has(callee.entry.effect);
    if (callee.kind !== 'fn') return false;
    return this.effects(callee.fn).some((trace) => WAITING_EFFECTS.has(trace.effect));
  }

  // ---------------------------------------------------------------- verdicts

  /**
   * The cost that represents the function: with the arguments of its heaviest call site when
   * call sites pass known values (`fibonacci(10)` vs `fibonacci(10_000_000)`), otherwise with
   * unknown arguments.
   */
  representativeCost(fn: FunctionSummary): CostResult {
    const unknownArgs = fn.params.map(() => undefined);
    let best: CostResult | undefined;
    for (const call of (this.callSitesByCallee().get(fn.id) ?? []).slice(0, MAX_CALL_SITES_CONSIDERED)) {
      const caller = this.linker.functionById(call.callerId);
      const args = call.args.map((arg) => evaluateValue(arg, caller ? caller.params.map(() => undefined) : []));
      if (!args.some((value) => value !== undefined)) continue;
      const cost = this.cost(fn, args);
      if (!best || cost.ops > best.ops) best = cost;
    }
    return best ?? this.cost(fn, unknownArgs);
  }

  private callers: Map<string, CallSite[]> | undefined;

  private callSitesByCallee(): Map<string, CallSite[]> {
    if (this.callers) return this.callers;
    this.callers = new Map();
    for (const fn of this.linker.allFunctions()) {
      for (const { call } of callsOf(fn)) {
        const callee = this.calleeFunction(call);
        if (!callee) continue;
        const list = this.callers.get(callee.id);
        if (list) list.push(call);
        else this.callers.set(callee.id, [call]);
      }
    }
    return this.callers;
  }

  verdict(fn: FunctionSummary): Verdict {
    const cost = this.representativeCost(fn);
    const effects = this.effects(fn);
    const heavy = this.isHeavy(cost);
    const hasSyncIo = effects.some((trace) => trace.effect === 'io-sync');
    const hasIo = effects.some((trace) => EXPENSIVE_EFFECTS.has(trace.effect));
    const kind: WorkKind = heavy && (hasIo || hasSyncIo) ? 'mixed' : heavy ? 'cpu' : hasSyncIo ? 'io-sync' : hasIo ? 'io' : 'none';
    const evidence = this.evidenceFor(kind, cost, effects);
    return {
      kind,
      confidence: this.confidence(kind, cost, effects, fn),
      evidence,
      recommendation: this.recommend(kind, fn, effects),
      cost,
      effects,
    };
  }

  /** CPU-heavy: above the threshold, or (when the size depends on the input) intensive enough. */
  isHeavy(cost: CostResult): boolean {
    const threshold = this.config.cpuThreshold;
    return cost.ops >= threshold || (cost.dataDependent && cost.ops >= threshold / this.config.unknownLoopBound);
  }

  private evidenceFor(kind: WorkKind, cost: CostResult, effects: EffectTrace[]): Evidence[] {
    const evidence: Evidence[] = [];
    if (kind === 'cpu' || kind === 'mixed') {
      for (const driver of cost.drivers.slice(0, 3)) {
        evidence.push({ line: driver.line, message: capitalize(driver.message), file: driver.file, signal: driver.signal });
      }
    }
    const shown = new Set<string>();
    const ordered = [...effects].sort((a, b) => effectRank(a.effect) - effectRank(b.effect) || Number(b.direct) - Number(a.direct));
    for (const trace of ordered) {
      if (kind === 'cpu' || shown.size >= 3 || shown.has(trace.message)) continue;
      shown.add(trace.message);
      evidence.push({ line: trace.line, message: capitalize(trace.message), file: trace.file, signal: signalOf(trace.effect, trace.direct) });
    }
    return evidence;
  }

  private confidence(kind: WorkKind, cost: CostResult, effects: EffectTrace[], fn: FunctionSummary): number {
    const direct = effects.some((trace) => trace.direct);
    switch (kind) {
      case 'cpu':
        return cost.dataDependent ? 0.65 : 0.9;
      case 'mixed':
        return 0.7;
      case 'io':
      case 'io-sync':
        return direct ? 0.9 : 0.8;
      case 'none': {
        const unknownCalls = [...callsOf(fn)].filter(({ call }) => this.linker.resolve(call).kind === 'unknown').length;
        return Math.max(0.5, 0.85 - unknownCalls * 0.03);
      }
    }
  }

  private recommend(kind: WorkKind, fn: FunctionSummary, effects: EffectTrace[]): Recommendation {
    if (fn.inWorker && (kind === 'cpu' || kind === 'mixed')) {
      return { strategy: 'none', reason: 'It already runs in a worker, off the main event loop.' };
    }
    switch (kind) {
      case 'cpu':
        return fn.handler
          ? { strategy: 'worker-pool', reason: 'It runs on every request: a pool of worker threads sized to the CPU cores keeps the event loop serving requests and bounds how much runs at once.' }
          : { strategy: 'worker-thread', reason: 'Computation blocks the event loop for its whole duration; a worker thread runs it on another core while the main thread stays responsive.' };
      case 'mixed':
        return { strategy: 'worker-thread', reason: 'Move the computation to a worker thread and keep the I/O asynchronous on the main thread.' };
      case 'io-sync':
        return effects.some((trace) => trace.effect === 'io-sync' && /process/.test(trace.message))
          ? { strategy: 'child-process', reason: 'A synchronous child process freezes the event loop until it exits; the asynchronous child_process API (execFile, spawn) lets it run alongside.' }
          : { strategy: 'async-io', reason: 'Synchronous I/O stops the whole event loop while the disk or network answers; the promise-based API waits without blocking.' };
      case 'io':
        return fn.awaitsInLoops.some((entry) => !entry.dependency)
          ? { strategy: 'concurrent-awaits', reason: 'The awaits in its loop do not depend on each other; starting them together (Promise.all, with a bound) overlaps the waiting.' }
          : { strategy: 'none', reason: 'It waits on non-blocking I/O, which the event loop already overlaps with other work.' };
      case 'none':
        return { strategy: 'none', reason: 'It does little work; no concurrency tool would pay for itself.' };
    }
  }
}

/** The parameter whose value shrinks in every self-call (`n - 1`, `n / 2`), if any. */
function decreasingParameter(selfCalls: readonly CallSite[]): number | undefined {
  for (const call of selfCalls) {
    for (const arg of call.args) {
      const shrinks = (expr: ValueExpr): number | undefined =>
        expr.k === 'bin' && (expr.op === '-' || expr.op === '/' || expr.op === '>>') && expr.a.k === 'param' ? expr.a.index : undefined;
      const index = shrinks(arg);
      if (index !== undefined) return index;
    }
  }
  return undefined;
}

function directEffect(callee: ResolvedCallee): { effect: CallEffect; description: string } | undefined {
  if (callee.kind === 'catalog' || callee.kind === 'global') {
    return callee.entry.effect === 'cpu' ? undefined : { effect: callee.entry.effect, description: callee.entry.description };
  }
  return undefined;
}

function effectRank(effect: CallEffect): number {
  return effect === 'io-sync' ? 0 : effect === 'io' ? 1 : 2;
}

function signalOf(effect: CallEffect, direct: boolean): EvidenceSignal {
  if (!direct) return 'callee';
  if (effect === 'io-sync') return 'sync-io-call';
  if (effect === 'timer') return 'timer';
  return 'io-call';
}

/** Capitalises prose ("calls x()" → "Calls x()"), never code ("map() over …" stays). */
function capitalize(text: string): string {
  return /^[a-z]+ /.test(text) ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}
