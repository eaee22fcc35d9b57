/**
 * Turns linked summaries into verdicts: the estimated cost of a call for given arguments
 * (loops × body weight, callee costs, recursion), the I/O effects a function reaches through its
 * callees, and from both the function's kind, confidence, evidence and recommendation.
 *
 * The cost model counts, besides operations:
 * - the I/O waits a call makes. A loop whose every iteration waits on I/O (stat every entry of a
 *   directory) spends its time waiting: its bookkeeping is not computation, so a blocking loop is
 *   `io-sync`, not `mixed`;
 * - the function's own computation (`pure`): its code and the callees that do no I/O. A callee
 *   that does I/O is an I/O operation from here, and its computation is reported on it, unless
 *   the callee is `mixed` by the work beside its I/O (a kernel over what it read or making what
 *   it writes, known sizes): then calling it does both. `mixed` needs own computation above the threshold, or a dense kernel of its own or a
 *   direct callee's, next to I/O that waits or blocks;
 * - kernels: loops over data of unknown size with a dense body (bitwise, multiplicative, element
 *   operations), CPU-bound by nature (a checksum, a codec);
 * - guesses: a loop of unknown size counts `unknownLoopBound` iterations, two such levels deep at
 *   most (deeper ones only multiply guesses), and marks the estimate data-dependent; `firmOps` is
 *   what rests on known sizes alone, for confidence.
 * Effects are solved per strongly connected component of the call graph; a blocking effect
 * decides the kind unless a non-blocking one is closer to the function (cross-spawn's `spawn`).
 */
import { type CallEffect, type CatalogEntry, FS_LISTING_METHODS, FS_MODULES, lookupModuleCall } from '../catalog';
import type { ThreadwiseConfig } from '../config';
import type { Evidence, EvidenceSignal, Recommendation, WorkKind } from '../model';
import { callsOf, type Linker, type ResolvedCallee } from './link';
import type { Block, CallSite, FunctionSummary, Loop } from './summary';
import { type Concrete, evaluateBytes, evaluateValue, formatCount, isConstantSize, literalText, SMALL, type ValueExpr } from './values';
import { recursionGrowth } from '../cost/recursion';
import { callCycles, forEachComponent } from './call-cycles';
import { projectMsToOps } from '../cost/project';
import { estimateMs, formatBytes, formatMs, msToOps, primitiveInOps } from '../cost/time';

export interface CostDriver {
  ops: number;
  line: number;
  file: string;
  message: string;
  signal: EvidenceSignal;
  /** calls spelled out in the message ("calls a() …, which runs calls b() …") */
  hops?: number;
  /** the message of the innermost driver those calls lead to (a loop, a kernel, a recursion) */
  origin?: string;
}

export interface CostResult {
  ops: number;
  dataDependent: boolean;
  /** the largest contributors, heaviest first */
  drivers: CostDriver[];
  /** estimated I/O waits (calls that wait on I/O or block on it) per call, loops multiplied in */
  waits: number;
  /** operations spent in loop iterations that also wait on I/O: bookkeeping around the waits */
  ioBoundOps: number;
  /**
   * The densest loop over data of unknown size reached (arithmetic, bitwise and element
   * operations per iteration, calls excluded): a checksum or codec kernel, CPU-bound by nature.
   */
  kernel: number;
  /** the estimate leans on implementations found by name, not by structure */
  byName: boolean;
  /** nested loops (or recursions) of guessed size multiplied into `ops` along the heaviest path */
  guessed: number;
  /** the part of `ops` that rests on known sizes only */
  firmOps: number;
  /**
   * The nearest loop over the function's input data (`Loop.overInput`) of unknown size with work
   * per item (at least INPUT_LOOP_OPS): that work, and the calls between the function and the
   * loop. Computation that grows with what the caller hands in, however small today's input.
   */
  inputLoop?: InputLoop;
  /**
   * The computation that is the function's own: its code and the callees that do no I/O, minus
   * I/O-bound loop iterations. A callee that waits on I/O is, from here, an I/O operation; its
   * computation is its own (and reported there). This decides `mixed`.
   */
  pure: PureCost;
}

export interface InputLoop {
  perItem: number;
  hops: number;
}

export interface PureCost {
  ops: number;
  dataDependent: boolean;
  kernel: number;
  /** calls between the function and its densest kernel */
  kernelHops: number;
  /** the densest kernel is a catalogued call over the data (a parse, a hash, a serialisation), not a loop */
  kernelIsCall?: boolean;
  /**
   * that kernel runs over what an I/O call brought (`JSON.parse(readFileSync(f))`) or makes what
   * an I/O call writes (`writeFile(f, JSON.stringify(rows))`): the work beside the read or the write
   */
  kernelBesideIo?: boolean;
  /**
   * Data an I/O call brought reaches computation over it here: a call is passed what a read,
   * a request or a query returned and computes over all of it (parses, hashes, loops over every
   * item of it), however many calls down that computation is (`Evaluator.computesOverIoData`).
   */
  ioData?: boolean;
  /** calls between the function and the call where I/O data meets computation (with `ioData`) */
  ioDataHops?: number;
}

const ZERO_PURE: PureCost = { ops: 0, dataDependent: false, kernel: 0, kernelHops: 0 };
const ZERO_COST: CostResult = { ops: 0, dataDependent: false, drivers: [], waits: 0, ioBoundOps: 0, kernel: 0, byName: false, guessed: 0, firmOps: 0, pure: ZERO_PURE };
/**
 * Guessed sizes compound this many levels deep at most: two nested loops over unknown data are
 * quadratic in it, but a sixth loop of guessed size nested in five others only multiplies
 * guesses (and turns a few file descriptors into 10^12 operations).
 */
const MAX_GUESSED_LEVELS = 2;

export interface EffectTrace {
  effect: CallEffect;
  line: number;
  file: string;
  message: string;
  /** the call site (in the function examined) that leads to the effect */
  callId: string;
  direct: boolean;
  /** calls between the function and the effect: 0 when the function makes the call itself */
  depth: number;
  /** how sure the evidence is: 1 for a catalog entry, less for conventions and name look-ups */
  certainty: number;
  /** the direct effect's message, at the end of the calls that lead to it */
  origin?: string;
  /** the effect happens only when this parameter of the function is truthy (`CallSite.guardParam`): a mode a caller asks for */
  guardParam?: number;
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
/** callees cheaper than this are not named as cost drivers */
const MIN_DRIVER_OPS = 20;
const MAX_CALL_SITES_CONSIDERED = 16;
/** How many callers up known argument values are followed for a function's representative cost. */
const REPRESENTATIVE_CALLER_DEPTH = 2;
/** Effects that make a call wait without blocking: what concurrency can overlap. */
const WAITING_EFFECTS: ReadonlySet<CallEffect> = new Set(['async-io', 'offloaded', 'spawn-process']);
/** Effects that make a function I/O-bound (timers only when nothing else is going on). */
const IO_EFFECTS: ReadonlySet<CallEffect> = new Set(['async-io', 'offloaded', 'spawn-process', 'spawn-worker']);
/** Effects counted as waits by the cost model. */
const WAIT_EFFECTS: ReadonlySet<CallEffect> = new Set(['async-io', 'blocking-io', 'offloaded', 'spawn-process', 'timer']);
/**
 * Operations one I/O wait is worth: a system call or a round trip costs at least this much
 * computation (10 µs). A loop iteration computing less than this per wait is I/O-bound.
 */
const OPS_PER_WAIT = msToOps('js', 0.01);
/** Operations one heap allocation kept alive costs (object, array, string; its share of garbage collection included). */
const ALLOCATION_OPS = primitiveInOps('js', 'js.alloc', 1);
/** Operations one short-lived allocation costs (it dies in the young generation). */
const TEMPORARY_ALLOCATION_OPS = primitiveInOps('js', 'js.alloc-temporary', 1);
/** Operations one call into code the analyser does not see (a built-in, a library) costs. */
const OPAQUE_CALL_OPS = Math.max(1, primitiveInOps('js', 'js.call', 1));
/** Dense operations per iteration that make a loop over data of unknown size a kernel. */
const DENSE_KERNEL = 6;
/** Array methods whose iterations are the comparisons of a sort (n·log2 n of them). */
const SORTING_METHODS: ReadonlySet<string> = new Set(['sort', 'toSorted']);
/** Implementations found by name whose cost is estimated (the median one stands for all). */
const MAX_VIRTUAL_EVALUATED = 6;

/**
 * Calls named one by one in a message that follows a chain ("calls a() in x.ts:1, which runs calls
 * b() …"); beyond them the message says how many calls further down the origin is. Without a
 * bound, a chain of n calls would hold messages of total length n².
 */
const MAX_SPELLED_CALLS = 8;

/** How many costs are evaluated inside each other before the innermost is deferred (see `Evaluator.settled`). */
const MAX_NESTED_EVALUATIONS = 200;

/** A cost to compute from the top before the evaluation that needed it starts again. */
class DeferredCost {
  constructor(
    readonly fn: FunctionSummary,
    readonly passed: readonly Concrete[],
    readonly local: boolean,
  ) {}
}

export class Evaluator {
  private readonly costMemo = new Map<string, CostResult>();
  private readonly effectMemo = new Map<string, EffectTrace[]>();
  private readonly evaluating = new Set<string>();
  /** the functions whose cost is being evaluated, innermost last */
  private readonly frames: { fnId: string; cycle: number | undefined; local: boolean }[] = [];
  private cycleIndex: ReadonlyMap<string, number> | undefined;

  /** `cpuThresholdMs` in JavaScript operations (the cost model's unit) on the calibrated machine class */
  readonly thresholdOps: number;

  constructor(
    private readonly linker: Linker,
    private readonly config: ThreadwiseConfig,
    /** paths in messages are relative to this folder */
    private readonly root: string,
  ) {
    this.thresholdOps = projectMsToOps(config.calibration, 'js', config.cpuThresholdMs);
  }

  displayPath(file: string): string {
    const prefix = this.root.endsWith('/') ? this.root : `${this.root}/`;
    return file.startsWith(prefix) ? file.slice(prefix.length) : file;
  }

  // ---------------------------------------------------------------- cost

  /**
   * Cost of one call of `fn` with these argument values (undefined = unknown). `local`: the cost
   * as seen from inside `fn`'s own call cycle, where calls to any member of the cycle are plain
   * calls (see `calleeMode`).
   */
  cost(fn: FunctionSummary, passed: readonly Concrete[], local = false): CostResult {
    return this.settled(() => this.costOf(fn, passed, local));
  }

  /**
   * Runs an evaluation without JavaScript recursion proportional to the length of call chains:
   * a cost needed more than MAX_NESTED_EVALUATIONS calls below the outermost one is not computed
   * there; the evaluation is abandoned (`DeferredCost`), that cost computed first from the top,
   * and the evaluation started again, finding it (and whatever completed before) memoised. A
   * chain of n functions costs O(n) evaluations and a stack of MAX_NESTED_EVALUATIONS frames.
   * Nested calls (an evaluation in progress) just compute.
   */
  private settled<T>(compute: () => T): T {
    if (this.frames.length > 0) return compute();
    const pending: DeferredCost[] = [];
    for (;;) {
      try {
        if (pending.length === 0) return compute();
        const deferred = pending[pending.length - 1];
        this.costOf(deferred.fn, deferred.passed, deferred.local);
        pending.pop();
      } catch (error) {
        if (!(error instanceof DeferredCost)) throw error;
        pending.push(error);
      }
    }
  }

  private costOf(fn: FunctionSummary, passed: readonly Concrete[], local: boolean): CostResult {
    const args = withDefaults(fn, passed);
    const plain = args.every((value) => value === undefined) ? fn.id : `${fn.id}|${JSON.stringify(args)}`;
    const key = local ? `local|${plain}` : plain;
    const memo = this.costMemo.get(key);
    if (memo) return memo;
    if (this.evaluating.has(fn.id)) return { ...ZERO_COST, dataDependent: true, pure: { ...ZERO_PURE, dataDependent: true } };
    if (this.frames.length >= MAX_NESTED_EVALUATIONS) throw new DeferredCost(fn, passed, local);
    this.evaluating.add(fn.id);
    this.frames.push({ fnId: fn.id, cycle: this.cycles().get(fn.id), local });
    try {
      const result = this.costWithRecursion(fn, args);
      this.costMemo.set(key, result);
      return result;
    } finally {
      this.frames.pop();
      this.evaluating.delete(fn.id);
    }
  }

  /**
   * How a call from the function being evaluated reaches `callee`, so that a cost never depends
   * on which function was evaluated first: a call into the caller's own cycle of mutually
   * recursive functions costs the callee's `local` cost (its body with calls into the cycle as
   * plain calls), and from a `local` evaluation, or to the caller itself, the call is a plain
   * call. So every member of a cycle gets the cost it gets when evaluated first, whatever the
   * order (a memo filled under a cycle guard would give each the cost seen from whichever member
   * was reached first).
   */
  private calleeMode(call: CallSite, callee: FunctionSummary): 'entry' | 'local' | 'opaque' {
    const frame = this.frames.at(-1) ?? { fnId: call.callerId, cycle: this.cycles().get(call.callerId), local: false };
    if (callee.id === frame.fnId) return 'opaque';
    const cycle = this.cycles().get(callee.id);
    if (cycle !== undefined && cycle === frame.cycle) return frame.local ? 'opaque' : 'local';
    return this.evaluating.has(callee.id) ? 'opaque' : 'entry';
  }

  /** Are these two functions members of one cycle of mutually recursive functions? */
  inSameCycle(a: string, b: string): boolean {
    const cycle = this.cycles().get(a);
    return cycle !== undefined && cycle === this.cycles().get(b);
  }

  /** Each function of a call cycle (two or more functions calling each other) with the cycle's number. */
  private cycles(): ReadonlyMap<string, number> {
    this.cycleIndex ??= callCycles([...this.linker.allFunctions()], (fn) => this.calleesOf(fn));
    return this.cycleIndex;
  }

  private costWithRecursion(fn: FunctionSummary, args: readonly Concrete[]): CostResult {
    const body = this.blockCost(fn.body, fn, args);
    const found = this.recursionFactor(fn, args);
    if (!found) return body;
    const compounding = found.dataDependent && !found.message.startsWith('recursion that calls itself');
    const recursion = compounding && body.guessed >= MAX_GUESSED_LEVELS ? { ...found, factor: 1 } : found;
    const ops = body.ops * recursion.factor;
    const ioBound = isIoBound(body);
    return {
      ...body,
      ops,
      dataDependent: body.dataDependent || recursion.dataDependent,
      guessed: body.guessed + (compounding ? 1 : 0),
      firmOps: recursion.dataDependent ? 0 : body.firmOps * recursion.factor,
      waits: body.waits * recursion.factor,
      ioBoundOps: ioBound ? ops : body.ioBoundOps * recursion.factor,
      pure: ioBound && !workBesideIo(body.pure) ? ZERO_PURE : { ...body.pure, ops: body.pure.ops * recursion.factor, dataDependent: body.pure.dataDependent || recursion.dataDependent },
      drivers: [{ ops, line: fn.range.line, file: fn.file, message: recursion.message, signal: 'recursion' as const }, ...body.drivers].slice(0, MAX_DRIVERS),
    };
  }

  /**
   * Self-recursion multiplies the body's cost: `f(n - 1) + f(n - 2)` is exponential in n,
   * `f(n - 1)` linear, structural recursion (`walk(node.left)`) linear in the data's size.
   */
  private recursionFactor(fn: FunctionSummary, args: readonly Concrete[]): { factor: number; dataDependent: boolean; message: string } | undefined {
    const selfCalls = [...callsOf(fn)].filter(({ call }) => this.calleeFunction(call)?.id === fn.id);
    if (selfCalls.length === 0) return this.cycleFactor(fn);
    const outsideLoops = selfCalls.filter(({ loopMultiplier }) => !loopMultiplier).length;
    const decreasing = decreasingParameter(selfCalls.map(({ call }) => call));
    const depthValue = decreasing === undefined ? undefined : args[decreasing];
    const known = typeof depthValue === 'number';
    const depth = known ? Math.max(0, Math.min(depthValue, MAX_RECURSION_DEPTH)) : MAX_RECURSION_DEPTH;
    const parameter = decreasing === undefined ? undefined : fn.params[decreasing];
    if (decreasing !== undefined && outsideLoops >= 2) {
      const decrements = selfCalls.filter(({ loopMultiplier }) => !loopMultiplier).map(({ call }) => decrementOf(call.args[decreasing]));
      const factor = recursionGrowth(decrements) ** depth;
      const size = known ? `${parameter} = ${formatCount(depthValue)}` : `the value of ${parameter}`;
      return { factor, dataDependent: !known, message: `recursion that calls itself ${outsideLoops} times per level: exponential in ${size}` };
    }
    if (decreasing !== undefined) {
      const levels = known ? Math.max(1, depthValue) : this.config.unknownLoopBound;
      return { factor: levels, dataDependent: !known, message: `recursion ${known ? formatCount(levels) : `${parameter}`} levels deep` };
    }
    if (selfCalls.some(({ call }) => call.structural)) {
      return { factor: this.config.unknownLoopBound, dataDependent: true, message: 'recursion over the input\'s structure' };
    }
    // self-calls with arguments that are not parts of the input (`this.set('etag fn', ...)`): a few levels
    return { factor: selfCalls.length + 1, dataDependent: false, message: 'recursion on other arguments than the input\'s parts (a few levels)' };
  }

  /**
   * A function of a cycle of mutually recursive functions recurses through the others: evaluated
   * as the cycle's entry (not from inside it), its cost grows like a self-recursion's, over the
   * input's structure when a call into the cycle passes a part of it (a parser's parseExpression
   * through parseTerm), else a few levels. Every member gets the same treatment, whatever the order.
   */
  private cycleFactor(fn: FunctionSummary): { factor: number; dataDependent: boolean; message: string } | undefined {
    const frame = this.frames.at(-1);
    if (!frame || frame.fnId !== fn.id || frame.local || frame.cycle === undefined) return undefined;
    const intoCycle = [...callsOf(fn)].filter(({ call }) => {
      const callee = this.calleeFunction(call);
      return callee !== undefined && callee.id !== fn.id && this.cycles().get(callee.id) === frame.cycle;
    });
    if (intoCycle.length === 0) return undefined;
    const through = this.calleeFunction(intoCycle[0].call)!.name;
    if (intoCycle.some(({ call }) => call.structural)) {
      return { factor: this.config.unknownLoopBound, dataDependent: true, message: `recursion through ${through}() over the input's structure` };
    }
    return { factor: intoCycle.length + 1, dataDependent: false, message: `recursion through ${through}() on other arguments than the input's parts (a few levels)` };
  }

  private blockCost(block: Block, fn: FunctionSummary, args: readonly Concrete[]): CostResult {
    const own = block.weight + block.allocations * ALLOCATION_OPS + block.temporaries * TEMPORARY_ALLOCATION_OPS;
    const total: CostResult = { ...ZERO_COST, ops: own, firmOps: own, drivers: [], pure: { ...ZERO_PURE, ops: own } };
    const add = (result: CostResult): void => {
      total.ops += result.ops;
      total.firmOps += result.firmOps;
      total.pure.ops += result.pure.ops;
      total.pure.dataDependent ||= result.pure.dataDependent;
      if (result.pure.ioData && !(total.pure.ioData && total.pure.ioDataHops! <= result.pure.ioDataHops!)) {
        total.pure.ioData = true;
        total.pure.ioDataHops = result.pure.ioDataHops;
      }
      if (result.pure.kernel > total.pure.kernel || (result.pure.kernel === total.pure.kernel && result.pure.kernelHops < total.pure.kernelHops)) {
        total.pure.kernel = result.pure.kernel;
        total.pure.kernelHops = result.pure.kernelHops;
        total.pure.kernelIsCall = result.pure.kernelIsCall;
        total.pure.kernelBesideIo = result.pure.kernelBesideIo;
      }
      total.dataDependent ||= result.dataDependent;
      total.waits += result.waits;
      total.ioBoundOps += result.ioBoundOps;
      total.kernel = Math.max(total.kernel, result.kernel);
      total.byName ||= result.byName;
      total.guessed = Math.max(total.guessed, result.guessed);
      total.inputLoop = heavierInputLoop(total.inputLoop, result.inputLoop);
      total.drivers.push(...result.drivers);
    };
    for (const loop of block.loops) add(this.loopCost(loop, fn, args));
    for (const call of block.calls) add(this.callCostOf(call, args));
    total.drivers.sort((a, b) => b.ops - a.ops);
    total.drivers = total.drivers.slice(0, MAX_DRIVERS);
    return total;
  }

  private loopCost(loop: Loop, fn: FunctionSummary, args: readonly Concrete[]): CostResult {
    const iterationsValue = evaluateValue(loop.bound, args);
    const known = typeof iterationsValue === 'number' && Number.isFinite(iterationsValue);
    const body = this.blockCost(loop.body, fn, args);
    const iterations = known ? Math.max(0, iterationsValue) : body.guessed >= MAX_GUESSED_LEVELS ? 1 : this.config.unknownLoopBound;
    // a sort's iterations are comparisons of the engine's sort, whatever the comparator adds; a
    // loop a built-in drives (map, forEach, Array.from …) calls its callback from compiled code
    const perIteration = SORTING_METHODS.has(loop.method ?? '')
      ? Math.max(primitiveInOps('js', 'js.sort-comparison', 1), body.ops)
      : Math.max(1, body.ops) + (loop.method ? OPAQUE_CALL_OPS : 0);
    const ops = iterations * perIteration;
    const what = loop.method ? `${loop.method}() over ${loop.boundLabel}` : `loop over ${loop.boundLabel}`;
    const count = known ? `${formatCount(iterations)} iterations` : 'size depends on the input';
    const message = `${what} (${count}) at line ${loop.line}`;
    const nested = body.drivers[0] && body.drivers[0].ops * iterations > ops / 2 ? body.drivers[0] : undefined;
    const driver: CostDriver = nested
      ? { ops, line: loop.line, file: fn.file, message: `${message}, around ${nested.message}`, signal: 'loop', hops: nested.hops, origin: nested.origin ?? nested.message }
      : { ops, line: loop.line, file: fn.file, message, signal: 'loop' };
    const kernel = !known && loop.body.dense >= DENSE_KERNEL ? loop.body.dense : 0;
    const ioBound = isIoBound(body);
    // a loop over what a read brought doing real work per item (a line split into fields and
    // matched, a row decoded): the parse beside the read, as `JSON.parse(readFileSync(f))` is
    const overIoData = !known && !ioBound && body.ops >= IO_DATA_ITEM_OPS && this.iteratesIoData(loop);
    const ownInputLoop = loop.overInput && !known && !ioBound ? { perItem: perIteration, hops: 0 } : undefined;
    return {
      inputLoop: heavierInputLoop(ownInputLoop, body.inputLoop),
      ops,
      dataDependent: body.dataDependent || !known,
      drivers: [driver],
      waits: body.waits * iterations,
      ioBoundOps: ioBound ? ops : body.ioBoundOps * iterations,
      kernel: Math.max(kernel, body.kernel),
      byName: body.byName,
      guessed: body.guessed + (known ? 0 : 1),
      firmOps: known ? iterations * Math.max(1, body.firmOps) : 0,
      pure: ioBound && !workBesideIo(body.pure) ? ZERO_PURE : {
        ops: iterations * Math.max(1, body.pure.ops),
        dataDependent: body.pure.dataDependent || !known,
        kernel: Math.max(kernel, body.pure.kernel),
        kernelHops: kernel >= body.pure.kernel ? 0 : body.pure.kernelHops,
        kernelIsCall: kernel >= body.pure.kernel ? false : body.pure.kernelIsCall,
        kernelBesideIo: kernel >= body.pure.kernel ? false : body.pure.kernelBesideIo,
        ...(overIoData ? { ioData: true, ioDataHops: 0 } : body.pure.ioData ? { ioData: true, ioDataHops: body.pure.ioDataHops } : {}),
      },
    };
  }

  /** Does the loop's header read what a catalogued read returned (see `Loop.dataFrom`, `bringsIoData`)? */
  private iteratesIoData(loop: Loop): boolean {
    return loop.dataFrom !== undefined && loop.dataFrom.some((id) => {
      const source = this.linker.callById(id);
      return source !== undefined && this.bringsIoData(source);
    });
  }

  /** Cost of one call at this call site, for the caller's argument values. */
  callCost(call: CallSite, callerArgs: readonly Concrete[]): CostResult {
    return this.settled(() => this.callCostOf(call, callerArgs));
  }

  private callCostOf(call: CallSite, callerArgs: readonly Concrete[]): CostResult {
    const callee = this.linker.resolve(call);
    const file = call.callerId.slice(0, call.callerId.lastIndexOf('#'));
    if (callee.kind === 'fn' || callee.kind === 'virtual') {
      const candidates = (callee.kind === 'fn' ? [callee.fn] : callee.fns)
        .map((fn) => ({ fn, mode: this.calleeMode(call, fn) }))
        .filter(({ mode }) => mode !== 'opaque')
        .slice(0, MAX_VIRTUAL_EVALUATED);
      // a recursive call is a real call: engines do not inline recursion
      if (candidates.length === 0) {
        return { ...ZERO_COST, ops: OPAQUE_CALL_OPS, firmOps: OPAQUE_CALL_OPS, pure: { ...ZERO_PURE, ops: OPAQUE_CALL_OPS } };
      }
      const args = call.args.map((arg) => evaluateValue(arg, callerArgs));
      const results = candidates.map(({ fn, mode }) => ({ fn, result: this.costOf(fn, args, mode === 'local') })).sort((a, b) => a.result.ops - b.result.ops);
      // several implementations found by name: the median one stands for them
      const { fn, result } = results[Math.floor((results.length - 1) / 2)];
      // a call of a few operations never drives a verdict: no message for it (they cost time and memory)
      const drivers: CostDriver[] = result.ops < MIN_DRIVER_OPS ? [] : [{
        ops: result.ops,
        line: call.line,
        file,
        signal: 'callee',
        ...this.describeCall(call, fn, result),
      }];
      const pure = this.doesIo(fn)
        ? (isOwnExecutor(call, fn) ? this.pureOfOwnExecutor(result) : this.pureOfIoCallee(result))
        : { ...result.pure, ops: result.pure.ops + 1, kernelHops: result.pure.kernelHops + 1 };
      if (this.computesOverIoData(call, result)) {
        pure.ioData = true;
        pure.ioDataHops = 0;
      }
      const total: CostResult = { ...result, ops: result.ops + 1, firmOps: result.firmOps + 1, drivers, byName: result.byName || callee.kind === 'virtual', pure, inputLoop: call.passesInput ? fartherInputLoop(result.inputLoop) : undefined };
      if (callee.kind === 'fn') {
        for (const callback of this.invokedCallbacks(call, callee.fn)) {
          const mode = this.calleeMode(call, callback);
          if (mode === 'opaque') continue;
          const inner = this.costOf(callback, callback.params.map(() => undefined), mode === 'local');
          total.ops += inner.ops;
          total.firmOps += inner.firmOps;
          total.dataDependent ||= inner.dataDependent;
          total.waits += inner.waits;
          total.ioBoundOps += inner.ioBoundOps;
          if (call.passesInput) total.inputLoop = heavierInputLoop(total.inputLoop, fartherInputLoop(inner.inputLoop));
          // a callback the callee runs is part of the call, like a callee of its own: its computation
          // counts as a direct callee's would, a callback that does I/O by `pureOfIoCallee`
          total.pure = mergePure(total.pure, this.doesIo(callback) ? this.pureOfIoCallee(inner) : { ...inner.pure, kernelHops: inner.pure.kernelHops + 1 });
        }
      }
      return total;
    }
    if ((callee.kind === 'catalog' || callee.kind === 'global') && callee.entry.effect === 'cpu' && callee.entry.cost) {
      const cost = callee.entry.cost;
      const scale = cost.scaleArg === undefined ? undefined : evaluateValue(call.args[cost.scaleArg] ?? { k: 'unknown' }, callerArgs);
      // a kernel priced per KB of its data (JSON, compression) weighs the data when the code shows its size
      const perKB = cost.unit?.endsWith('-kb') === true;
      const bytes = perKB && call.args[0] ? evaluateBytes(call.args[0], callerArgs) : undefined;
      const algorithm = cost.perAlgorithm && literalText(call.args[cost.perAlgorithm.arg]);
      const algorithmUnits = algorithm === undefined ? undefined : cost.perAlgorithm!.units[algorithm];
      // priced by an algorithm the call does not name (or one not catalogued): a guess, never a known size
      const unknownAlgorithm = cost.perAlgorithm !== undefined && algorithmUnits === undefined;
      const scaled = bytes !== undefined ? bytes / 1024 : typeof scale === 'number' ? (cost.exponential ? 2 ** scale : scale) * (cost.perUnit ?? 1) : algorithmUnits;
      // the catalog prices the call in its own primitive (pbkdf2 iterations, KB of JSON): in operations here
      const ops = primitiveInOps('js', cost.unit ?? 'js.op', scaled ?? cost.base);
      const detail = bytes !== undefined
        ? ` over ${formatBytes(bytes)}`
        : typeof scale === 'number' ? ` with ${formatCount(scale)} iterations`
        : perKB ? ` (${formatMs(estimateMs({ [cost.unit!]: 1 }))} per KB of its input)` : '';
      // a kernel's time grows with its input: over values of constant size (`JSON.stringify({ ok: true })`,
      // a hash of a few scalars, a setter passed `{}`) it is a small constant, whatever the inputs
      const overData = cost.proportional === true && !this.passesOnlyConstantSizes(call, callerArgs);
      const dataDependent = overData && scaled === undefined;
      // a native kernel (parse, hash, serialise) over data of unknown size is CPU-bound by nature,
      // like a dense loop over the input; over a literal, or a value formatted into a message, it
      // is a small constant
      const kernel = dataDependent && call.hint?.firstArg === undefined && !call.formatsMessage ? DENSE_KERNEL : 0;
      const besideIo = kernel > 0 && (this.passedIoData(call) || this.writtenByIo(call));
      return {
        ...ZERO_COST,
        ops,
        firmOps: dataDependent || unknownAlgorithm ? 0 : ops,
        dataDependent,
        kernel,
        pure: { ...ZERO_PURE, ops, dataDependent, kernel, kernelIsCall: kernel > 0, kernelBesideIo: besideIo },
        drivers: [{ ops, line: call.line, file, message: `${call.calleeText}(${algorithm !== undefined ? `'${algorithm}'` : ''})${detail}: ${callee.entry.description}${unknownAlgorithm ? ' (its cost depends on an algorithm the call does not name)' : ''}`, signal: 'cpu-call' }],
      };
    }
    if (callee.kind === 'unknown' && !call.scans) {
      const caller = this.linker.functionById(call.callerId);
      // only callbacks that do I/O: `text.replace(re, (m) => …)` runs its callback over the text, a scan
      const callbacks = caller ? this.callbacksWaitedThrough(call, caller).filter((callback) => this.doesIo(callback)) : [];
      if (callbacks.length > 0) return this.waitedThroughCost(call, callbacks);
    }
    // a call the analyser does not see into (a built-in, a library, an unknown function) is a call into compiled code
    const effect = effectOf(callee);
    if (call.scans && !(effect && WAIT_EFFECTS.has(effect))) return this.scanCost(call, callerArgs, file);
    const regexBytes = call.regexOver && evaluateBytes(call.regexOver, callerArgs);
    if (regexBytes !== undefined) {
      const ops = OPAQUE_CALL_OPS + primitiveInOps('js', 'js.regex-kb', regexBytes / 1024);
      const message = `${call.calleeText}() runs a regular expression over ${formatBytes(regexBytes)} of text at line ${call.line}`;
      return { ...ZERO_COST, ops, firmOps: ops, pure: { ...ZERO_PURE, ops }, drivers: [{ ops, line: call.line, file, message, signal: 'cpu-call' }] };
    }
    if (effect && WAIT_EFFECTS.has(effect)) {
      const completion = effect === 'async-io' ? this.completionComputes(call) : undefined;
      const pure: PureCost = completion === 'completion' ? { ...ZERO_PURE, ops: OPAQUE_CALL_OPS, ioData: true, ioDataHops: 0 }
        // a stream's handler parses what arrives: this function reads and parses, its callers wait on it
        : completion === 'event' ? { ...ZERO_PURE, ops: OPAQUE_CALL_OPS, dataDependent: true, kernel: DENSE_KERNEL, kernelIsCall: true }
        : { ...ZERO_PURE, ops: OPAQUE_CALL_OPS };
      return { ...ZERO_COST, ops: OPAQUE_CALL_OPS, firmOps: OPAQUE_CALL_OPS, waits: 1, pure };
    }
    return { ...ZERO_COST, ops: OPAQUE_CALL_OPS, firmOps: OPAQUE_CALL_OPS, pure: { ...ZERO_PURE, ops: OPAQUE_CALL_OPS } };
  }

  /**
   * A native scan over the input (`text.replace(/[&<>]/g, …)`, `parts.join(',')`, see
   * `CallSite.scans`): a loop over the data in compiled code, as many steps as the value is long.
   * Over a value of constant size (a literal the caller passes) or an array of known length
   * (`[user, pass].join(':')`) it is a plain call.
   */
  private scanCost(call: CallSite, callerArgs: readonly Concrete[], file: string): CostResult {
    const scanned = evaluateValue(call.scans!, callerArgs);
    if (isConstantSize(scanned) || Array.isArray(scanned) || call.formatsMessage) return { ...ZERO_COST, ops: OPAQUE_CALL_OPS, firmOps: OPAQUE_CALL_OPS, pure: { ...ZERO_PURE, ops: OPAQUE_CALL_OPS } };
    const ops = this.config.unknownLoopBound * SCAN_STEP_OPS;
    return {
      ...ZERO_COST,
      ops,
      dataDependent: true,
      guessed: 1,
      inputLoop: { perItem: SCAN_STEP_OPS, hops: 0 },
      pure: { ...ZERO_PURE, ops, dataDependent: true },
      drivers: [{ ops, line: call.line, file, message: `${call.calleeText}() scans the whole value (size depends on the input) at line ${call.line}`, signal: 'loop' }],
    };
  }

  /** Are all of the call's arguments, for the caller's argument values, of constant size? (A call without arguments works on its receiver.) */
  private passesOnlyConstantSizes(call: CallSite, callerArgs: readonly Concrete[]): boolean {
    return call.args.length > 0 && call.args.every((arg) => isConstantSize(evaluateValue(arg, callerArgs)));
  }

  /**
   * What a callee that does I/O adds to the caller's own computation: nothing when its
   * computation is bookkeeping around the I/O (it is an I/O operation from here), all of it when
   * that computation is the work beside the I/O by evidence a reader can check (a `mixed` callee
   * whose catalogued kernel parses what it read or serialises what it writes, `kernelBesideIo`;
   * I/O data meeting computation, `ioData`; or computation on known sizes): calling it does both,
   * so the caller is `mixed` too. A kernel the callee runs around its round trip (serialising the
   * request it builds, hashing a key into a file name) and loops of guessed size (building
   * headers, matching ignore patterns) stay the callee's: a thin wrapper of a request core is `io`.
   */
  private pureOfIoCallee(result: CostResult): PureCost {
    const { pure } = result;
    const kernelOverData = pure.dataDependent && pure.kernel >= DENSE_KERNEL && pure.kernelHops <= 1 && pure.kernelBesideIo === true;
    const readThenComputes = pure.ioData === true && pure.ioDataHops! < MAX_IO_DATA_HOPS;
    if (!kernelOverData && !readThenComputes && result.firmOps < this.thresholdOps) return { ...ZERO_PURE, ops: 1 };
    return { ...pure, ops: pure.ops + 1, ...(pure.ioData ? { ioDataHops: pure.ioDataHops! + 1 } : {}) };
  }

  /**
   * A call the analyser cannot see into that runs the callbacks it is handed and whose result the
   * caller waits on or hands back (`limit(() => this.readFile(f))`, `retry(() => fetchRows())`,
   * see `callbacksWaitedThrough`): it waits on what they wait on, and a callback that reads and
   * parses (`mixed` by the work beside its I/O, `pureOfIoCallee`) makes the call read and parse,
   * as a callee would. What a callback only computes stays its own.
   */
  private waitedThroughCost(call: CallSite, callbacks: readonly FunctionSummary[]): CostResult {
    const total: CostResult = { ...ZERO_COST, ops: OPAQUE_CALL_OPS, firmOps: OPAQUE_CALL_OPS, pure: { ...ZERO_PURE, ops: OPAQUE_CALL_OPS } };
    for (const callback of callbacks) {
      const mode = this.calleeMode(call, callback);
      if (mode === 'opaque') continue;
      const inner = this.costOf(callback, callback.params.map(() => undefined), mode === 'local');
      total.waits += inner.waits;
      // a callback written inline is the caller's own code: no call further away
      total.pure = mergePure(total.pure, callback.parentId === call.callerId ? this.pureOfOwnCode(inner) : this.pureOfIoCallee(inner));
    }
    return total;
  }

  /** `pureOfIoCallee` of code written inline in the function (an executor, a callback it hands on): as near as its own. */
  private pureOfOwnCode(result: CostResult): PureCost {
    const pure = this.pureOfIoCallee(result);
    return pure.ioData ? { ...pure, ioDataHops: result.pure.ioDataHops } : pure;
  }

  /**
   * What an executor written inline in the function (`return new Promise((resolve) => { … })`)
   * adds to it: the executor is the function's own code, run now, so a kernel over data of its
   * own or of a direct callee (a stream's chunks hashed in a `data` handler) is the function's,
   * as if written without the promise; the rest is what any callee doing I/O adds.
   */
  private pureOfOwnExecutor(result: CostResult): PureCost {
    const pure = this.pureOfOwnCode(result);
    const { kernel, kernelHops, kernelIsCall, kernelBesideIo, dataDependent } = result.pure;
    if (!dataDependent || kernel < DENSE_KERNEL || kernelHops > 1) return pure;
    return { ...pure, dataDependent: true, kernel, kernelHops, kernelIsCall, kernelBesideIo };
  }

  /**
   * Is this call passed what an I/O call returned (`parse(await readFile(p))`, `const data =
   * readFileSync(p); load(data)`), or does its result go to a write (`serialisesForIo`), and does
   * the callee compute over all of it: a kernel over data of unknown size (a parse, a hash) at any
   * depth, or a loop over its input with real work per item, its own or one helper's below it
   * (`this.parse(text)` → `parseLines(text)`)? Then the caller reads and computes: I/O data
   * reaches computation.
   */
  private computesOverIoData(call: CallSite, result: CostResult): boolean {
    if (!result.pure.dataDependent) return false;
    return computesOverInput(result) && (this.passedIoData(call) || this.serialisesForIo(call, result));
  }

  /**
   * Does a function passed to this non-blocking I/O call, which runs when the I/O completes or
   * delivers (`fs.readFile(f, (err, data) => …)`, `stream.on('data', (chunk) => …)`), compute over
   * data of unknown size: a catalogued kernel of its own or one call down (a parse, a hash of
   * what arrived), or I/O data meeting computation in it? Then the call brings data and the work
   * over it follows: read and parse, as with `JSON.parse(await readFile(f))` (`completion`: for
   * its callers too, as any read-then-parse). A data event's handler (`event`) makes the function
   * that registers it read and parse, not the wrappers that wait on it: a client's request core
   * parsing the replies it receives is reported on the core.
   */
  private completionComputes(call: CallSite): 'completion' | 'event' | undefined {
    if (!call.argBindings) return undefined;
    const dataEvent = DATA_EVENTS.has(call.hint?.firstArg ?? '');
    const computes = call.argBindings.some((binding) => {
      const callback = binding?.kind === 'fn' ? this.linker.functionById(binding.id) : undefined;
      if (!callback || this.calleeMode(call, callback) === 'opaque') return false;
      // what the callback is handed is data: a completion `(err, data)`, or a data event's chunk
      const handedData = dataEvent || (callback.params.length >= 2 && ERROR_PARAMETER.test(callback.params[0]) && !isListing(call));
      // a callback that reads in turn and computes over what it read (`fs.exists(f, (ok) =>
      // fs.readFile(f, (err, text) => parse(text)))`, `fs.access(dir, () => fs.readdir(…))`) is
      // the next step of the same read-then-compute chain, whatever it is handed
      if (!handedData && !this.doesIo(callback)) return false;
      const inner = this.costOf(callback, callback.params.map(() => undefined), this.calleeMode(call, callback) === 'local');
      const pure = this.doesIo(callback) ? this.pureOfIoCallee(inner) : inner.pure;
      const readsThenComputes = pure.ioData === true && pure.ioDataHops! < MAX_IO_DATA_HOPS;
      if (!handedData) return readsThenComputes;
      const kernel = pure.dataDependent && pure.kernel >= DENSE_KERNEL && pure.kernelHops <= 1;
      // the callback's calls are what follows an await: a loop over what they are handed counts as there
      const loop = inner.inputLoop;
      const loopsOverInput = inner.pure.dataDependent && loop !== undefined && loop.hops <= INPUT_LOOP_HOPS + 1 && loop.perItem >= INPUT_LOOP_OPS;
      return kernel || loopsOverInput || readsThenComputes;
    });
    if (!computes) return undefined;
    return dataEvent ? 'event' : 'completion';
  }

  /**
   * Is the call a helper that serialises data of unknown size (a catalogued kernel in it or one
   * call further: `stringify() { return this.format.stringify(this.store) }`) whose result the
   * caller hands to a write (`fs.writeFile(f, this.stringify(), cb)`)? Then making what is written
   * is the work beside the write, as when the kernel is called in place.
   */
  private serialisesForIo(call: CallSite, result: CostResult): boolean {
    const { pure } = result;
    return pure.kernelIsCall === true && pure.kernel >= DENSE_KERNEL && pure.kernelHops <= 1 && this.callsWrittenByIo(call.callerId, true).has(call.id);
  }

  /** Is the call passed what a catalogued read returned (`parse(await readFile(p))`, `const data = readFileSync(p); load(data)`)? */
  private passedIoData(call: CallSite): boolean {
    return call.dataFrom !== undefined && call.dataFrom.some((id) => {
      const source = this.linker.callById(id);
      return source !== undefined && this.bringsIoData(source);
    });
  }

  /**
   * Does what the call returns reach the arguments of a call that does I/O in the same function
   * (`await writeFile(f, JSON.stringify(rows))`, `const body = serialise(doc); socket.write(body)`)?
   * Then computing it is the work beside the write, as a parse of what was read is the work
   * beside the read.
   */
  private writtenByIo(call: CallSite): boolean {
    return this.callsWrittenByIo(call.callerId).has(call.id);
  }

  private readonly writtenMemo = new Map<string, ReadonlySet<string>>();

  /**
   * The calls of a function whose results reach the arguments of one of its calls that does I/O
   * (with `payload`, an argument after the first: what is written, not where).
   */
  private callsWrittenByIo(fnId: string, payload = false): ReadonlySet<string> {
    const key = payload ? `payload|${fnId}` : fnId;
    const memo = this.writtenMemo.get(key);
    if (memo) return memo;
    const written = new Set<string>();
    const fn = this.linker.functionById(fnId);
    if (fn) {
      for (const { call } of callsOf(fn)) {
        const sources = payload ? call.payloadFrom : call.dataFrom;
        if (sources && this.callIsIo(call)) for (const id of sources) written.add(id);
      }
    }
    this.writtenMemo.set(key, written);
    return written;
  }

  /** Is this call itself I/O (catalogued or inferred: a write, a send), not a project function that does some? */
  private callIsIo(call: CallSite): boolean {
    const effect = effectOf(this.linker.resolve(call));
    return effect === 'async-io' || effect === 'blocking-io';
  }

  /**
   * Does the call return data it read from a file, a socket or a database (not the names of a
   * listing or a file's stats: `FS_LISTING_METHODS`)? A catalogued call says so, or a project
   * function that hands back what such a call returned, as read (`handsBackWhatItRead`): what a
   * project function returns after doing I/O may otherwise be anything (a handle, a session, a
   * status), and a call named like I/O is a guess. A non-blocking read only brings data awaited
   * (`await readFile(p)`): not awaited, it hands back a request, a stream or a socket to wait on.
   */
  private bringsIoData(call: CallSite): boolean {
    return this.bringsIoDataWhen(call, false, 0);
  }

  /** `bringsIoData`, for a call whose own caller's result is awaited (`awaitedOutside`), `depth` readers down. */
  private bringsIoDataWhen(call: CallSite, awaitedOutside: boolean, depth: number): boolean {
    // a listing's names or a file's stats describe entries, they do not carry what was read
    if (isListing(call)) return false;
    const callee = this.linker.resolve(call);
    const settled = call.awaited || call.continued === true || (call.returned === true && awaitedOutside);
    if (call.viaCallback === 'executor' && call.awaited && callee.kind === 'fn') return this.resolvesWithIoData(callee.fn);
    if (callee.kind === 'fn' && !call.viaCallback && depth < MAX_READER_DEPTH) return this.handsBackWhatItRead(callee.fn, settled, depth + 1);
    if (callee.kind !== 'catalog' && callee.kind !== 'global') return false;
    return callee.entry.effect === 'blocking-io' || (callee.entry.effect === 'async-io' && settled);
  }

  /**
   * Does a project function hand back what a read brought, as it was read (`return data` after
   * `data = await readFile(f)`, `return fs.readFileSync(f).toString()`, a reader of a reader)?
   * Then its result is the data, as a catalogued read's is. Not when it parses or decodes it
   * (a catalogued kernel among what it returns): it hands back values, and that work is its own.
   */
  private handsBackWhatItRead(fn: FunctionSummary, awaited: boolean, depth: number): boolean {
    if (!fn.returnsFrom) return false;
    const key = `${fn.id}|${awaited}|${depth}`;
    let found = this.handsBackMemo.get(key);
    if (found === undefined) {
      found = this.returnsWhatItRead(fn.returnsFrom, awaited, depth);
      this.handsBackMemo.set(key, found);
    }
    return found;
  }

  private readonly handsBackMemo = new Map<string, boolean>();

  private returnsWhatItRead(returnsFrom: readonly string[], awaited: boolean, depth: number): boolean {
    const sources = returnsFrom.map((id) => this.linker.callById(id)).filter((call): call is CallSite => call !== undefined);
    const parses = sources.some((call) => {
      const callee = this.linker.resolve(call);
      return (callee.kind === 'catalog' || callee.kind === 'global') && callee.entry.effect === 'cpu';
    });
    return !parses && sources.some((call) => this.readsFile(call) && this.bringsIoDataWhen(call, awaited, depth));
  }

  /**
   * Is the call a file-system read, or a project function (a reader) that may hand one back?
   * What a reader hands back after waiting on an event or a process (an exit code, a status) is
   * no data that was read.
   */
  private readsFile(call: CallSite): boolean {
    const callee = this.linker.resolve(call);
    if (callee.kind === 'fn') return true;
    return callee.kind === 'catalog' && FILE_SYSTEM_MODULES.has(callee.module.replace(/^node:/, ''));
  }

  /**
   * Is this the executor of a promise made by hand around a callback-style read (`await new
   * Promise((resolve) => fs.readFile(p, (err, data) => resolve(data)))`)? It runs a catalogued
   * non-blocking I/O call whose completion callback resolves the promise with a value it was
   * handed after the first (the error): awaited, the promise brings what the read delivered, as
   * `await readFile(p)` does.
   */
  private resolvesWithIoData(executor: FunctionSummary): boolean {
    if (executor.params.length === 0) return false;
    for (const { call } of callsOf(executor)) {
      if (effectOf(this.linker.resolve(call)) !== 'async-io' || !call.argBindings) continue;
      for (const binding of call.argBindings) {
        const callback = binding?.kind === 'fn' ? this.linker.functionById(binding.id) : undefined;
        if (!callback || callback.params.length < 2) continue;
        for (const inner of callsOf(callback)) {
          const ref = inner.call.callee;
          const resolves = ref.kind === 'binding' && ref.binding.kind === 'param' && ref.binding.fn === executor.id && ref.binding.index === 0 && ref.path.length === 0;
          if (resolves && inner.call.paramsPassed?.some((index) => index >= 1)) return true;
        }
      }
    }
    return false;
  }

  private describeCall(call: CallSite, fn: FunctionSummary, result: CostResult): { message: string; hops: number; origin?: string } {
    const where = `${this.displayPath(fn.file)}:${fn.range.line}`;
    const name = call.viaCallback === 'iteration' && call.calleeText.endsWith('callback') ? call.calleeText : `${fn.name}()`;
    const inner = result.drivers[0];
    if (!inner) return { message: `calls ${name} in ${where}`, hops: 1 };
    const hops = (inner.hops ?? 0) + 1;
    const origin = inner.origin ?? inner.message;
    if (hops > MAX_SPELLED_CALLS) return { message: `calls ${name} in ${where}, which runs, ${formatCount(hops - 1)} calls further down, ${origin}`, hops, origin };
    return { message: `calls ${name} in ${where}, which runs ${inner.message}`, hops, origin };
  }

  calleeFunction(call: CallSite): FunctionSummary | undefined {
    const callee = this.linker.resolve(call);
    return callee.kind === 'fn' ? callee.fn : undefined;
  }

  /** Cost of the function's own loops and catalog calls, ignoring calls to project functions. */
  intrinsicCost(fn: FunctionSummary): CostResult {
    const strip = (block: Block): Block => ({
      weight: block.weight,
      dense: block.dense,
      allocations: block.allocations,
      temporaries: block.temporaries,
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
    this.solveEffectsFrom(fn);
    return this.effectMemo.get(fn.id) ?? [];
  }

  /**
   * Callbacks passed at this call that the callee calls itself (`traceConnect(() => this._connect())`
   * where `traceConnect(fn)` runs `fn()`): they run as part of the call.
   */
  invokedCallbacks(call: CallSite, callee: FunctionSummary): FunctionSummary[] {
    if (!callee.invokesParams || !call.argBindings) return [];
    const callbacks: FunctionSummary[] = [];
    for (const index of callee.invokesParams) {
      const argument = call.argBindings[index];
      const fn = argument?.kind === 'fn' ? this.linker.functionById(argument.id) : undefined;
      if (fn && fn.id !== callee.id) callbacks.push(fn);
    }
    return callbacks;
  }

  /** The functions a function calls, by structure or by name (for the effects' call graph). */
  private calleesOf(fn: FunctionSummary): FunctionSummary[] {
    const callees: FunctionSummary[] = [];
    for (const { call } of callsOf(fn)) {
      const callee = this.linker.resolve(call);
      if (callee.kind === 'fn' && callee.fn.id !== fn.id) callees.push(callee.fn, ...this.invokedCallbacks(call, callee.fn));
      else if (callee.kind === 'virtual') {
        for (const candidate of callee.fns) if (candidate.id !== fn.id) callees.push(candidate);
      } else if (callee.kind === 'unknown') callees.push(...this.callbacksWaitedThrough(call, fn));
    }
    return callees;
  }

  /**
   * Effects are solved per strongly connected component of the call graph, callees first (an
   * iterative Tarjan walk from `root`): the members of a cycle see each other's effects, which a
   * memo with a cycle guard would miss for whichever member was computed first.
   */
  private solveEffectsFrom(root: FunctionSummary): void {
    forEachComponent([root], (fn) => this.calleesOf(fn), (members) => this.solveComponent(members), (fn) => this.effectMemo.has(fn.id));
  }

  /** Iterates a cycle's effects to a fixed point (effects only get added or shallower). */
  private solveComponent(found: readonly FunctionSummary[]): void {
    // in one order whichever member the walk started from: the traces kept on ties follow it
    const members = [...found].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const member of members) this.effectMemo.set(member.id, []);
    const signature = (traces: readonly EffectTrace[]): string => traces.map((trace) => `${trace.effect}:${trace.depth}`).sort().join(',');
    for (let round = 0; round < (members.length === 1 ? 2 : 12); round++) {
      let changed = false;
      for (const member of members) {
        const traces = this.localEffects(member);
        if (signature(traces) !== signature(this.effectMemo.get(member.id)!)) changed = true;
        this.effectMemo.set(member.id, traces);
      }
      if (!changed) break;
    }
  }

  /** The function's effects given its callees' (memoised) effects. */
  private localEffects(fn: FunctionSummary): EffectTrace[] {
    const traces: EffectTrace[] = [];
    for (const { call } of callsOf(fn)) {
      const callee = this.linker.resolve(call);
      const direct = directEffect(callee);
      if (direct) {
        traces.push({
          effect: direct.effect,
          line: call.line,
          file: fn.file,
          message: `${call.awaited ? 'awaits' : 'calls'} ${call.calleeText}(): ${direct.description}`,
          callId: call.id,
          direct: true,
          depth: 0,
          certainty: direct.certainty,
          ...(call.guardParam !== undefined ? { guardParam: call.guardParam } : {}),
        });
      } else if (callee.kind === 'fn' && callee.fn.id !== fn.id) {
        traces.push(...this.calleeEffects(call, [callee.fn], fn, 1, true));
        for (const callback of this.invokedCallbacks(call, callee.fn)) {
          if (callback.id !== fn.id) traces.push(...this.calleeEffects(call, [callback], fn, 1));
        }
      } else if (callee.kind === 'virtual') {
        traces.push(...this.calleeEffects(call, callee.fns.filter((candidate) => candidate.id !== fn.id), fn, VIRTUAL_CERTAINTY, true));
      } else if (callee.kind === 'unknown') {
        for (const callback of this.callbacksWaitedThrough(call, fn)) {
          traces.push(...this.calleeEffects(call, [callback], fn, 1).filter((trace) => WAITING_EFFECTS.has(trace.effect)));
        }
        for (const { name, entry } of libraryFunctionsWaitedThrough(call)) {
          traces.push({
            effect: entry.effect,
            line: call.line,
            file: fn.file,
            message: `${call.awaited ? 'awaits' : 'returns'} ${call.calleeText}(), handed ${name}: ${entry.description}`,
            callId: call.id,
            direct: true,
            depth: 0,
            certainty: 1,
          });
        }
      }
    }
    return traces;
  }

  /**
   * The functions handed to a call the analyser cannot see into whose result the caller waits on
   * or hands back (`await retry(() => fetch(url))`, `return patcher.patchInline('request', (o) =>
   * send(o), options)`, `pool.use((conn) => conn.query(sql))`): a hook runner, a retry or a pool
   * runs the callback and its promise is the call's, so the caller waits on what the callback
   * waits on. Only waiting counts: what the callback computes or blocks on is its own.
   */
  private callbacksWaitedThrough(call: CallSite, caller: FunctionSummary): FunctionSummary[] {
    if (!call.argBindings || !(call.awaited || call.returned) || call.registersHandler || call.viaCallback) return [];
    const callbacks: FunctionSummary[] = [];
    for (const argument of call.argBindings) {
      const callback = argument?.kind === 'fn' ? this.linker.functionById(argument.id) : undefined;
      if (callback && callback.id !== caller.id) callbacks.push(callback);
    }
    return callbacks;
  }

  /**
   * The effects of a call to `callees` (one function, or implementations found by name, of which
   * an effect counts when at least half of them have it), one trace per effect: the shallowest.
   */
  private calleeEffects(call: CallSite, callees: readonly FunctionSummary[], caller: FunctionSummary, certainty: number, passesMode = false): EffectTrace[] {
    if (callees.length === 0) return [];
    const byEffect = new Map<CallEffect, { trace: EffectTrace; callee: FunctionSummary; count: number }>();
    for (const callee of callees) {
      const seen = new Set<CallEffect>();
      for (const found of this.effectMemo.get(callee.id) ?? this.effects(callee)) {
        const trace = passesMode ? throughCall(found, call) : found;
        if (!trace) continue;
        const existing = byEffect.get(trace.effect);
        if (!seen.has(trace.effect) && existing) existing.count++;
        if (!existing) byEffect.set(trace.effect, { trace, callee, count: 1 });
        else if (trace.depth < existing.trace.depth || (trace.depth === existing.trace.depth && trace.certainty > existing.trace.certainty)) {
          existing.trace = trace;
          existing.callee = callee;
        }
        seen.add(trace.effect);
      }
    }
    const traces: EffectTrace[] = [];
    for (const { trace, callee, count } of byEffect.values()) {
      if (count * 2 < callees.length) continue;
      const where = `${this.displayPath(callee.file)}:${callee.range.line}`;
      traces.push({
        effect: trace.effect,
        line: call.line,
        file: caller.file,
        message: trace.depth + 1 > MAX_SPELLED_CALLS
          ? `calls ${callee.name}() in ${where}, which, ${formatCount(trace.depth)} calls further down, ${trace.origin ?? trace.message}`
          : `calls ${callee.name}() in ${where}, which ${trace.message}`,
        origin: trace.origin ?? trace.message,
        callId: call.id,
        direct: false,
        depth: trace.depth + 1,
        certainty: trace.certainty * certainty,
        ...(trace.guardParam !== undefined ? { guardParam: trace.guardParam } : {}),
      });
    }
    return traces;
  }

  /** Does the function do I/O (wait or block on it), itself or through its callees? Timers do not count. */
  doesIo(fn: FunctionSummary): boolean {
    return this.effects(fn).some((trace) => trace.effect !== 'timer' && trace.effect !== 'cpu');
  }

  /** Does this call wait on I/O (directly, or in the function it calls)? */
  callWaitsOnIo(call: CallSite): boolean {
    const callee = this.linker.resolve(call);
    if (callee.kind === 'catalog' || callee.kind === 'global') return WAITING_EFFECTS.has(callee.entry.effect);
    if (callee.kind !== 'fn') return false;
    return this.effects(callee.fn).some((trace) => WAITING_EFFECTS.has(trace.effect));
  }

  /**
   * Might awaiting this call wait on something another iteration could overlap with? Yes for I/O
   * (catalogued, or reached through project functions) and for whatever the analyser cannot see
   * (a callback parameter, an unknown library, a project function that awaits unresolved calls or
   * hands back a promise it did not create); no for
   * timers (a delay is deliberate) and for project functions that only compute (awaiting them
   * together would still run them one by one).
   */
  awaitMayOverlap(call: CallSite): boolean {
    const callee = this.linker.resolve(call);
    if (callee.kind === 'catalog' || callee.kind === 'global') return WAITING_EFFECTS.has(callee.entry.effect);
    if (callee.kind === 'inferred') return WAITING_EFFECTS.has(callee.effect);
    if (callee.kind !== 'fn') return true;
    const effects = this.effects(callee.fn);
    if (effects.some((trace) => WAITING_EFFECTS.has(trace.effect))) return true;
    if (effects.some((trace) => trace.effect === 'timer')) return false;
    // a plain function returns whatever promise it got; an async one waits where it awaits
    if (!callee.fn.isAsync) return true;
    return [...callsOf(callee.fn)].some(({ call: inner }) => inner.awaited && this.linker.resolve(inner).kind === 'unknown');
  }

  // ---------------------------------------------------------------- verdicts

  /**
   * The cost that represents the function: with the arguments of its heaviest call site when
   * call sites pass known values (`fibonacci(10)` vs `fibonacci(10_000_000)`), otherwise with
   * unknown arguments.
   */
  representativeCost(fn: FunctionSummary): CostResult {
    const unknownArgs = fn.params.map(() => undefined);
    const { sets, unknownSite, constantOnly } = this.argumentSets(fn, REPRESENTATIVE_CALLER_DEPTH);
    // a call site that passes nothing known (`arrayToObject(target)` beside `arrayToObject([a, b])`)
    // runs it on data of any size: that call is a candidate too
    let best: CostResult | undefined = unknownSite ? this.cost(fn, unknownArgs) : undefined;
    for (const args of sets) {
      const cost = this.cost(fn, args);
      if (!best || cost.ops > best.ops) best = cost;
    }
    // called nowhere with known values: called as declared, with its default values
    const cost = best ?? this.cost(fn, fn.paramDefaults ? [] : unknownArgs);
    // every caller hands it values of constant size (`Base.extend({ init() {} })`): its loops over them are bounded
    return constantOnly && cost.inputLoop ? { ...cost, inputLoop: undefined } : cost;
  }

  /**
   * Argument values the function's call sites pass, where some are known. A call site inside a
   * callback passes what the callback received (`numbers.map((n) => task(n))` passes each of
   * `numbers`), so the callers' own known arguments are followed a few levels up.
   */
  private knownArgumentSets(fn: FunctionSummary, depth: number): Concrete[][] {
    return this.argumentSets(fn, depth).sets;
  }

  /**
   * The argument sets of `knownArgumentSets`, whether some call site passes nothing known (with
   * unknown values in the arguments it writes), whatever its callers pass, and whether every call
   * site passes only values of constant size.
   */
  private argumentSets(fn: FunctionSummary, depth: number): ArgumentSets {
    // a function's callers are followed for every function it calls (two levels up, sixteen call
    // sites each): what they pass is the same each time, so it is worked out once per depth
    const key = `${depth}|${fn.id}`;
    let found = this.argumentSetsMemo.get(key);
    if (!found) {
      found = this.collectArgumentSets(fn, depth);
      this.argumentSetsMemo.set(key, found);
    }
    return found;
  }

  private readonly argumentSetsMemo = new Map<string, ArgumentSets>();

  private collectArgumentSets(fn: FunctionSummary, depth: number): ArgumentSets {
    const sets: Concrete[][] = [];
    let unknownSite = false;
    const sites = (this.callSitesByCallee().get(fn.id) ?? []).slice(0, MAX_CALL_SITES_CONSIDERED);
    const constantOnly = sites.length > 0 && sites.every((call) => call.args.every((arg) => isConstantSize(evaluateValue(arg, []))));
    for (const call of sites) {
      const before = sets.length;
      const caller = this.linker.functionById(call.callerId);
      let callerArgSets: Concrete[][] = caller && depth > 0 && caller.id !== fn.id ? this.knownArgumentSets(caller, depth - 1) : [];
      // a caller called nowhere with known values runs with its default values (`main(n = 5e7)`)
      if (caller?.paramDefaults && callerArgSets.length === 0) callerArgSets = [[...withDefaults(caller, [])]];
      for (const callerArgs of [caller ? caller.params.map(() => undefined) : [], ...callerArgSets]) {
        const args = call.args.map((arg) => evaluateValue(arg, callerArgs));
        // a value of constant size (`{}`, a string literal) is no size to cost the function with
        if (args.some((value) => value !== undefined && value !== SMALL)) sets.push(args);
      }
      if (sets.length === before && call.args.some((arg) => evaluateValue(arg, []) === undefined)) unknownSite = true;
    }
    return { sets: sets.slice(0, MAX_CALL_SITES_CONSIDERED), unknownSite, constantOnly };
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
    const sync = effects.filter((trace) => trace.effect === 'blocking-io');
    const waiting = effects.filter((trace) => IO_EFFECTS.has(trace.effect));
    // a function that blocks only in a mode its caller asks for (`read(sync)`) waits by default
    const blockingByDefault = waiting.length > 0 ? sync.filter((trace) => trace.guardParam === undefined) : sync;
    const timers = effects.filter((trace) => trace.effect === 'timer');
    const doesIo = sync.length > 0 || waiting.length > 0;
    const blocking = blockingDominates(blockingByDefault, waiting);
    const heavy = this.isHeavy(cost, doesIo);
    let kind: WorkKind;
    if (heavy) kind = doesIo ? 'mixed' : 'cpu';
    else if (doesIo) kind = blocking ? 'io-sync' : 'io';
    else kind = timers.length > 0 ? 'io' : 'none';
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

  /**
   * CPU-heavy: its computation (operations not spent around I/O waits) is above the threshold,
   * or, when the size depends on the input, intensive enough for inputs of ordinary size, or it
   * runs a dense kernel over the input. When the function also does I/O, only its own computation
   * counts (not that of callees that do I/O themselves), guessed sizes must clear the full
   * threshold, and a kernel must be its own or a direct callee's: a loop over unknown data next to
   * a real wait is most likely bookkeeping. A kernel over the data (parse the body it awaited)
   * makes I/O `mixed`, blocking or not (`JSON.parse(readFileSync(f))`, as its asynchronous form):
   * the computation grows with the data the I/O brought, and moving the I/O off the thread would
   * leave it there.
   */
  isHeavy(cost: CostResult, doesIo = false): boolean {
    const threshold = this.thresholdOps;
    if (doesIo) {
      const pure = cost.pure;
      return pure.ops >= threshold || (pure.ioData === true && pure.ioDataHops! <= MAX_IO_DATA_HOPS) || (pure.dataDependent && pure.kernel >= DENSE_KERNEL && pure.kernelHops <= 1);
    }
    const computation = cost.ops - cost.ioBoundOps;
    if (computation >= threshold) return true;
    if (!cost.dataDependent) return false;
    if (cost.kernel >= DENSE_KERNEL) return true;
    // work per item over what the caller hands in grows with it, however small today's input
    if (cost.inputLoop && cost.inputLoop.hops <= INPUT_LOOP_HOPS) return true;
    return computation >= threshold / this.config.unknownLoopBound;
  }

  private evidenceFor(kind: WorkKind, cost: CostResult, effects: EffectTrace[]): Evidence[] {
    const evidence: Evidence[] = [];
    if (kind === 'cpu' || kind === 'mixed') {
      for (const driver of cost.drivers.slice(0, 3)) {
        evidence.push({ line: driver.line, message: capitalize(driver.message), file: driver.file, signal: driver.signal });
      }
    }
    const shown = new Set<string>();
    // the effects that made the kind first (a spawned process before a blocking read deep in a helper)
    const rank = (effect: CallEffect): number => (kind === 'io' ? (effect === 'blocking-io' ? 3 : effectRank(effect)) : effectRank(effect));
    const ordered = [...effects].sort((a, b) => rank(a.effect) - rank(b.effect) || a.depth - b.depth || Number(b.direct) - Number(a.direct));
    for (const trace of ordered) {
      if (kind === 'cpu' || shown.size >= 3 || shown.has(trace.message)) continue;
      shown.add(trace.message);
      evidence.push({ line: trace.line, message: capitalize(trace.message), file: trace.file, signal: signalOf(trace.effect, trace.direct) });
    }
    return evidence;
  }

  /**
   * How sure the verdict is: high for catalog evidence and known bounds, lower for guessed loop
   * bounds, effects found several calls away, conventions and implementations found by name, and
   * for `none` the more calls went unresolved.
   */
  private confidence(kind: WorkKind, cost: CostResult, effects: EffectTrace[], fn: FunctionSummary): number {
    const byName = cost.byName ? 0.1 : 0;
    switch (kind) {
      case 'cpu': {
        // heavy on known sizes alone: as sure as a known bound, whatever guessed parts add
        const firm = !cost.dataDependent || cost.firmOps >= this.thresholdOps;
        return (firm ? 0.9 : cost.kernel >= DENSE_KERNEL ? 0.75 : 0.65) - byName;
      }
      case 'mixed':
        return 0.65 - byName;
      case 'io':
      case 'io-sync': {
        const relevant = effects.filter((trace) => (kind === 'io-sync' ? trace.effect === 'blocking-io' : trace.effect !== 'blocking-io'));
        const best = relevant.reduce((max, trace) => Math.max(max, trace.certainty * (trace.direct ? 0.92 : Math.max(0.6, 0.85 - 0.03 * trace.depth))), 0);
        return Math.max(0.5, best);
      }
      case 'none': {
        const unknownCalls = [...callsOf(fn)].filter(({ call }) => this.linker.resolve(call).kind === 'unknown').length;
        return Math.max(0.45, 0.85 - unknownCalls * 0.04 - (cost.dataDependent ? 0.05 : 0));
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
        return effects.some((trace) => trace.effect === 'blocking-io' && /process/.test(trace.message))
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

/**
 * Arguments not passed take the parameter's default value (`function main(n = 5e7)` called as
 * `main()`). An argument passed but unknown stays unknown: the default only applies to absence.
 */
function withDefaults(fn: FunctionSummary, passed: readonly Concrete[]): readonly Concrete[] {
  const defaults = fn.paramDefaults;
  if (!defaults || passed.length >= defaults.length) return passed;
  const args: Concrete[] = [...passed];
  for (let index = passed.length; index < defaults.length; index++) {
    const value = defaults[index];
    args[index] = value === undefined ? undefined : evaluateValue(value, args);
  }
  return args;
}

/** How much a self-call's argument lowers the size: `n - 2` → 2; anything else counts as one level. */
function decrementOf(arg: ValueExpr | undefined): number {
  return arg?.k === 'bin' && arg.op === '-' && arg.b.k === 'num' ? arg.b.v : 1;
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

/**
 * A callee's effect seen through a call: one that happens only in a mode the callee's parameter
 * turns on (`read(sync)` blocking when `sync`) does not happen when the call leaves that argument
 * out or writes it falsy (`read()`, `read(false)`), is again a mode when the call hands on a
 * parameter of its own (`read(sync)` in `load(sync)`), and happens otherwise.
 */
function throughCall(trace: EffectTrace, call: CallSite): EffectTrace | undefined {
  const index = trace.guardParam;
  if (index === undefined) return trace;
  if (index >= call.args.length || call.falsyArgs?.includes(index)) return undefined;
  const arg = call.args[index];
  if (arg.k === 'param') return { ...trace, guardParam: arg.index };
  const { guardParam: _unused, ...always } = trace;
  return always;
}

/** Is the call a `new Promise` whose executor is written inline in the calling function? */
function isOwnExecutor(call: CallSite, executor: FunctionSummary): boolean {
  return call.viaCallback === 'executor' && executor.parentId === call.callerId;
}

/** A file-system call whose result names or describes entries (`readdir`, `stat`): no data read. */
function isListing(call: CallSite): boolean {
  return FS_LISTING_METHODS.has(call.calleeText.slice(call.calleeText.lastIndexOf('.') + 1));
}

/** Certainty of an effect found through implementations found by name. */
const VIRTUAL_CERTAINTY = 0.75;
/** Certainty of an effect inferred from a naming convention. */
const INFERRED_CERTAINTY = 0.75;
/** Certainty of I/O inferred from how a held value's method is used (awaited, handed a completion callback). */
const USE_INFERRED_CERTAINTY = 0.6;

function effectOf(callee: ResolvedCallee): CallEffect | undefined {
  if (callee.kind === 'catalog' || callee.kind === 'global') return callee.entry.effect;
  if (callee.kind === 'inferred') return callee.effect;
  return undefined;
}

function directEffect(callee: ResolvedCallee): { effect: CallEffect; description: string; certainty: number } | undefined {
  if (callee.kind === 'catalog' || callee.kind === 'global') {
    return callee.entry.effect === 'cpu' ? undefined : { effect: callee.entry.effect, description: callee.entry.description, certainty: 1 };
  }
  if (callee.kind === 'inferred') return { effect: callee.effect, description: callee.description, certainty: callee.byUse ? USE_INFERRED_CERTAINTY : INFERRED_CERTAINTY };
  return undefined;
}

/**
 * The library functions that wait on I/O handed by reference to a call the analyser cannot see
 * into whose result the caller waits on or hands back (`patcher.patchInline('fetch', fetch, url,
 * options)`, `retry(got, url)`): the call runs them, as with an inline callback
 * (`Evaluator.callbacksWaitedThrough`).
 */
function libraryFunctionsWaitedThrough(call: CallSite): { name: string; entry: CatalogEntry }[] {
  if (!call.argBindings || !(call.awaited || call.returned) || call.registersHandler || call.viaCallback) return [];
  const found: { name: string; entry: CatalogEntry }[] = [];
  for (const argument of call.argBindings) {
    if (argument?.kind !== 'module') continue;
    const member = argument.path.length === 0 ? 'default' : argument.path.join('.');
    const entry = lookupModuleCall(argument.specifier, member);
    if (entry && WAITING_EFFECTS.has(entry.effect)) found.push({ name: argument.path.at(-1) ?? argument.specifier, entry });
  }
  return found;
}

/**
 * Events whose handlers receive the data a stream or socket delivers (or, at `end`, has
 * delivered): what they compute over it is the work beside the read. A `response`, `upgrade` or
 * `connect` handler receives a handle to read from, not the data.
 */
const DATA_EVENTS: ReadonlySet<string> = new Set(['data', 'end', 'line', 'message']);

/** The first parameter of a Node-style completion callback, `(err, data) => …`. */
const ERROR_PARAMETER = /^(err|error|e|er|ex|exception)$/i;

/**
 * Work per item from which a loop over the function's input data is computation of its own:
 * more than copying or counting items (decoding, testing, transforming each one).
 */
const INPUT_LOOP_OPS = 12;

/**
 * Work per item from which a loop over what a read brought is the parse beside the read (fields
 * split out of each line and matched, each row decoded), as for a loop over the input: the
 * loop's own code, not the call a built-in makes to its callback (`rows.map((row) => row.id)`
 * only picks a field).
 */
const IO_DATA_ITEM_OPS = INPUT_LOOP_OPS;

/**
 * A loop over the input data this many calls down makes a function without I/O `cpu`: its own,
 * or a helper's it hands the data to (`render(rows)` → `formatRow(row)` per row).
 */
const INPUT_LOOP_HOPS = 1;

/**
 * Operations a native scan (see `Evaluator.scanCost`) is worth per item of the value: a
 * regular expression's step over a character, joining an element. Enough to count as work per
 * item (INPUT_LOOP_OPS): it tests or copies every item.
 */
const SCAN_STEP_OPS = INPUT_LOOP_OPS;

/** What a function's call sites pass (see `Evaluator.argumentSets`). */
interface ArgumentSets {
  readonly sets: Concrete[][];
  readonly unknownSite: boolean;
  readonly constantOnly: boolean;
}

/**
 * Does a call's cost show computation over all of what it is handed: a kernel over data of
 * unknown size at any depth, or a loop over its input with work per item, its own or a helper's
 * it passes the input to (`parse(text)` → `parseLines(text)`)?
 */
function computesOverInput(result: CostResult): boolean {
  if (!result.pure.dataDependent) return false;
  if (result.pure.kernel >= DENSE_KERNEL) return true;
  const loop = result.inputLoop;
  return loop !== undefined && loop.hops <= INPUT_LOOP_HOPS && loop.perItem >= INPUT_LOOP_OPS;
}

/** Of two loops over input data, the one that counts: the nearest, then the heaviest. */
function heavierInputLoop(a: InputLoop | undefined, b: InputLoop | undefined): InputLoop | undefined {
  if (!a || !b) return a ?? b;
  if (a.hops !== b.hops) return a.hops < b.hops ? a : b;
  return a.perItem >= b.perItem ? a : b;
}

/**
 * A function is `mixed` when I/O data meets computation in it or at most this many calls down
 * (`getData` → `find` → `bucketEntries`, which reads a file and parses every line): further up,
 * the reading and parsing are a helper's business, as any other callee's work is.
 */
const MAX_IO_DATA_HOPS = 2;

/** The modules a reader reads files with (`fs`, its promise API, its drop-in replacements). */
const FILE_SYSTEM_MODULES: ReadonlySet<string> = new Set([...FS_MODULES, 'fs/promises']);

/** Readers of readers followed for what a project function hands back (`handsBackWhatItRead`). */
const MAX_READER_DEPTH = 3;

/** Where I/O data meets computation nearest, of two parts of one computation. */
function nearerIoData(a: PureCost, b: PureCost): Pick<PureCost, 'ioData' | 'ioDataHops'> {
  if (!a.ioData && !b.ioData) return {};
  const hops = Math.min(a.ioData ? a.ioDataHops! : Infinity, b.ioData ? b.ioDataHops! : Infinity);
  return { ioData: true, ioDataHops: hops };
}

/** A callee's loop over input data, seen from its caller: one call farther. */
function fartherInputLoop(loop: InputLoop | undefined): InputLoop | undefined {
  return loop && { perItem: loop.perItem, hops: loop.hops + 1 };
}

/** Two parts of one computation: their operations add up, the densest kernel (the nearest on ties) stands for both. */
function mergePure(a: PureCost, b: PureCost): PureCost {
  const kernelOf = b.kernel > a.kernel || (b.kernel === a.kernel && b.kernelHops < a.kernelHops) ? b : a;
  return {
    ops: a.ops + b.ops,
    dataDependent: a.dataDependent || b.dataDependent,
    kernel: kernelOf.kernel,
    kernelHops: kernelOf.kernelHops,
    kernelIsCall: kernelOf.kernelIsCall,
    kernelBesideIo: kernelOf.kernelBesideIo,
    ...nearerIoData(a, b),
  };
}

/**
 * Computation that is the work beside the I/O, not bookkeeping around it: a kernel over what was
 * read or making what is written (`JSON.parse(readFileSync(f))`), or I/O data meeting
 * computation. A loop doing it for every file (`files.map((f) => JSON.parse(readFileSync(f)))`)
 * reads and parses, however little its own code weighs next to its waits.
 */
function workBesideIo(pure: PureCost): boolean {
  return pure.kernelBesideIo === true && pure.dataDependent && pure.kernel >= DENSE_KERNEL;
}

/** A block whose computation is small next to the I/O waits it makes. */
function isIoBound(cost: CostResult): boolean {
  return cost.waits > 0 && cost.ops - cost.ioBoundOps < OPS_PER_WAIT * cost.waits;
}

/**
 * Blocking I/O decides the kind unless non-blocking I/O is clearly closer to the function: a
 * function that starts a child process (`cp.spawn`) is asynchronous even if a helper three calls
 * down reads a file synchronously while preparing the arguments.
 */
function blockingDominates(sync: readonly EffectTrace[], waiting: readonly EffectTrace[]): boolean {
  if (sync.length === 0) return false;
  if (waiting.length === 0) return true;
  const depthOf = (traces: readonly EffectTrace[]): number => Math.min(...traces.map((trace) => trace.depth + (trace.certainty < 1 ? 1 : 0)));
  return depthOf(sync) <= depthOf(waiting);
}

function effectRank(effect: CallEffect): number {
  return effect === 'blocking-io' ? 0 : effect === 'async-io' ? 1 : 2;
}

function signalOf(effect: CallEffect, direct: boolean): EvidenceSignal {
  if (!direct) return 'callee';
  if (effect === 'blocking-io') return 'sync-io-call';
  if (effect === 'timer') return 'timer';
  return 'io-call';
}

/** Capitalises prose ("calls x()" → "Calls x()"), never code ("map() over …" stays). */
function capitalize(text: string): string {
  return /^[a-z]+ /.test(text) ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}
