/**
 * Stage 3 of 3 (summarize → link → evaluate): the interprocedural heart of the Python analysis: `Evaluator.summarize(unit, env)` walks one
 * function's body under known argument values and reports its estimated cost, the I/O and waits
 * it performs (directly or through callees, in any module), strong CPU signals, blocking calls
 * that would stall an event loop, and the work it hands to threads, processes and pools.
 *
 * Summaries are memoised per (function, argument values); a function already being summarised is
 * recursion, so cycles end there.
 */
import * as path from 'node:path';
import type { EvidenceSignal } from '../model';
import type { ThreadwiseConfig } from '../config';
import { type Env, BoundEvaluator, EMPTY_ENV, type KnownValue, argumentsOf, formatCount, keywordArguments, parseInteger } from './bounds';
import {
  type CallInfo,
  type Executor,
  DATA_SCAN_FUNCTIONS,
  DATA_SCAN_METHODS,
  CONTAINER_VIEWS,
  DATA_SCAN_TYPE_METHODS,
  IN_MEMORY_TYPES,
  NAMING_SCANS,
  NON_TRANSFORMING_SCANS,
  TEXT_PASS_METHODS,
  OFFLOADERS,
  PARTIALS,
  PER_ITEM_CALLERS,
  POOL_TASK_METHODS,
  SCANS_OF_ONE_ITERABLE,
  SPAWNERS,
  canonicalName,
  lookupFunction,
} from '../catalog/python';
import type { FunctionUnit } from './summarize';
import type { CallTarget, Linker } from './link';
import type { PyNode, PySource } from './syntax';
import { SCOPE_TYPES, childByField, lineOf, namedChildren, ownDescendants, sameNode, textOf } from './syntax';
import { recursionGrowth } from '../cost/recursion';
import { constructorInputs, inputNames, mentionsInput, targetsOf } from './inputs';
import { formatProjectMs, projectMsToOps } from '../cost/project';
import { primitiveInOps } from '../cost/time';

export interface Signal {
  line: number;
  /** absolute path of the file the signal is in */
  file: string;
  message: string;
  /** the same fact as a clause, for chaining through callers: "loops 10,000,000 times" */
  clause: string;
  signal: EvidenceSignal;
  /** how many calls away the evidence was found (guessing signals stop travelling after a few) */
  hops?: number;
  /** true for guesses from loop shapes over data (not from known bounds) */
  heuristic?: boolean;
  /** true when the effect was guessed from a method name on a receiver of unknown type: a verdict's hint, never a finding */
  guessed?: boolean;
  /** the wait is a local file-system or OS call (CallInfo.local), not a round trip to another machine or process */
  local?: boolean;
  /** a lone metadata lookup (CallInfo.probe) outside any loop, or a call of a function that makes only such lookups */
  probe?: boolean;
  /**
   * per-item work in a loop over the function's input data: says the work grows with the input,
   * not that it outweighs the waits of a function that also does I/O (building a request, parsing
   * a URL)
   */
  inputLoop?: boolean;
  /** an input loop doing substantial work per item (HEAVY_ITEM_OPS): parsing every item, not copying it */
  heavyItem?: boolean;
  /** a catalogued scanning kernel over the input (noteDataScan), here or in a callee */
  scan?: boolean;
  /** the scan makes new data of what it scans (a serialisation, a substitution), not a match or an order: see NON_TRANSFORMING_SCANS */
  transforms?: boolean;
}

/** Work handed to a thread, a process, a pool or `asyncio.to_thread`. */
export interface Dispatch {
  call: PyNode;
  executor: Executor;
  via: 'spawn' | 'pool-task' | 'offload';
  /** the pool method (`map`, `submit`...) for pool tasks */
  method?: string;
  target?: FunctionUnit;
  targetText: string;
  /** argument values the target runs with, when the call site shows them */
  env: Env;
  /** the unit the dispatch happens in */
  unit: FunctionUnit;
}

export interface CallSite {
  unit: FunctionUnit;
  env: Env;
}

export interface Summary {
  unit: FunctionUnit;
  env: Env;
  /** estimated operations per call */
  ops: number;
  dataDependent: boolean;
  /** the largest single contribution to `ops`, for the cost description */
  heaviest?: { ops: number; clause: string; line: number; file: string };
  /** blocking I/O and waits, here or in callees */
  io: Signal[];
  /** awaited non-blocking I/O (and work offloaded with asyncio.to_thread) */
  asyncIo: Signal[];
  /** CPU evidence strong enough on its own: big loops, recursion, heavy calls, dense loops */
  cpu: Signal[];
  /** blocking calls not offloaded: they stall an event loop when reached from `async def` */
  blocking: Signal[];
  /** operations spent in calls that release the GIL */
  gilFreeOps: number;
  gilNotes: Signal[];
  dispatches: Dispatch[];
  /** the function waits for concurrent work it started (join, result, pool.map) */
  joins: Signal[];
}

/**
 * Arithmetic per item from which a loop over data counts as CPU work on its own. With INPUT_LOOP_OPS
 * measured at stop 17 against the earlier 6 and 12 on all nine spent Python sets: 1,063 against
 * 1,060 of 1,424 functions right, six sets for these values and three against. At the table's
 * ≈ 10 ns per operation (py.op) both are ≈ 0.1 µs per item: the counts decide nothing the time
 * does not, so they stay where measured; labels on none/cpu split at this line either way.
 */
const DENSE_LOOP_ARITHMETIC = 5;
/**
 * Operations per item from which a loop over the function's input data counts as CPU work: the
 * work grows with what the caller hands in (decoding, parsing, transforming, comparing every
 * item), however little one item costs. One: the per-item counts of the same work differ by the
 * loop's spelling (a filter in a comprehension counts 1, the same test in a `for` 3, in a `while`
 * indexing the list 8), so any higher line splits equal code. Measured at stop 19 against the
 * earlier 8 (4 for a loop reading by position), with the exceptions below (counting loops,
 * hand-offs, chunked sends, `*args`), on the own corpus and blind corpora 4–10: 39 functions
 * right that were wrong, 13 wrong that were right; macro-F1 up on the seven blind sets, own
 * corpus 0.792 → 0.777 (a `urlsplit` and a `_fail_neg` over their arguments now `cpu`).
 */
const INPUT_LOOP_OPS = 1;
/** Operations per turn from which a loop counting to a number it was given (`range(count)`) is computation: the line INPUT_LOOP_OPS had before. */
const COUNTED_LOOP_OPS = 8;
/**
 * Operations per item from which a loop over data the function read is the parse beside the read
 * (a tokenizer over a stream, a decoder over a response), not a glance at a few fields of an OS
 * call's answer.
 */
const HEAVY_ITEM_OPS = 50;
/** Whole-text string passes over the input (TEXT_PASS_METHODS) from which a function's work is on that text. */
const MIN_TEXT_PASSES = 3;
/** Arithmetic per innermost item from which nested loops over data count as CPU work. */
const NESTED_LOOP_ARITHMETIC = 2;
/** Argument variants summarised per function before falling back to unknown arguments. */
const MAX_ENVS_PER_UNIT = 6;
const MAX_SIGNALS = 4;
/** Call chains deeper than this are cut (treated as data-dependent) to keep the JS stack safe. */
const MAX_CALL_DEPTH = 150;
/** Heuristic CPU evidence (dense loops over data) travels at most this many calls up. */
const MAX_HEURISTIC_HOPS = 3;
const MEMOIZING_DECORATOR = /^@\s*(functools\.)?(lru_cache|cache)\b/;
const ARITHMETIC = new Set(['+', '-', '*', '/', '//', '%', '**', '<<', '>>', '&', '|', '^', '~', '@']);
const RECURSION_PENDING = 'pending';
/** Operations one value kept alive costs (a comprehension's item, what `append` stores): the `py.alloc` primitive. */
const ALLOCATION_OPS = primitiveInOps('py', 'py.alloc', 1);
/** Methods that store a value in a collection, which keeps it alive. */
const KEEPING_METHODS: ReadonlySet<string> = new Set(['append', 'appendleft', 'add', 'insert', 'setdefault']);

/** A callable passed as a value, with the arguments already bound to it. */
interface CallableRef {
  unit: FunctionUnit;
  /** parameters bound by `functools.partial` */
  env: Env;
  /** leading positional parameters already taken: `self` of a bound method, partial's arguments */
  offset: number;
}

interface LoopFrame {
  node: PyNode;
  iterations: number;
  dataDependent: boolean;
  arithmetic: number;
  io: boolean;
  /** the loop runs over the function's input data (a parameter or a value computed from one) */
  overInput: boolean;
  /** the loop runs over data the function read (a value an I/O call returned, or computed from one) */
  overReadData: boolean;
  /** operations per item, callees included, storing values (`append`) excluded: keeping is not computing */
  perItem: number;
  /** operations spent storing values inside the loop */
  kept: number;
  /** the body reads the input by a position it computes (`data[pos]`): a decoder's or a parser's loop */
  indexesInput: boolean;
  /** the loop runs over what the object was made over (`while self.pos < len(self.data)`) */
  overObjectInput: boolean;
  /** the body's cost is built on assumed sizes (an inner loop, a callee or a kernel nobody sized) */
  bodyDataDependent?: boolean;
}

export class Evaluator {
  /**
   * Summaries by unit id and argument values (`${unit.id}|${envKey}`); those without argument
   * values, most of them, by unit id alone: a key made and hashed on every call cost as much as
   * the lookup's use (the summaries are asked for at every call site).
   */
  private readonly memo = new Map<string, Summary | typeof RECURSION_PENDING>();
  private readonly memoWithoutValues = new Map<string, Summary | typeof RECURSION_PENDING>();
  private readonly envCount = new Map<string, number>();

  /** `cpuThresholdMs` in Python operations (the cost model's unit) on the calibrated machine class */
  readonly thresholdOps: number;

  constructor(
    readonly resolver: Linker,
    readonly config: ThreadwiseConfig,
  ) {
    this.thresholdOps = projectMsToOps(config.calibration, 'py', config.cpuThresholdMs);
  }

  private readonly sites = new Map<string, CallSite>();
  private readonly sitesByUnit = new Map<string, CallSite[]>();
  /** the ids of units called without argument values (already in `sites`): the common case, looked up without making a key */
  private readonly calledWithoutValues = new Set<string>();

  /** `callee`'s place as said from a file (` (line 12)`, ` in pkg/util.py:40`), by file, then callee id */
  private readonly locations = new Map<string, Map<string, string>>();

  /** Where `callee` is, as evidence in `file` says it: asked on every merge of a callee's summary. */
  locationFrom(file: string, callee: FunctionUnit): string {
    let fromFile = this.locations.get(file);
    if (!fromFile) {
      fromFile = new Map();
      this.locations.set(file, fromFile);
    }
    let location = fromFile.get(callee.id);
    if (location === undefined) {
      const line = lineOf(callee.nameNode);
      const relative = path.relative(path.dirname(file), callee.module.path) || path.basename(callee.module.path);
      location = callee.module.path === file ? ` (line ${line})` : ` in ${relative.split(path.sep).join('/')}:${line}`;
      fromFile.set(callee.id, location);
    }
    return location;
  }

  clear(): void {
    this.locations.clear();
    this.memo.clear();
    this.memoWithoutValues.clear();
    this.calledWithoutValues.clear();
    this.envCount.clear();
    this.sites.clear();
    this.sitesByUnit.clear();
  }

  /** Remembers that `unit` is called (or run by a thread/pool) with `env`. */
  recordCallSite(unit: FunctionUnit, env: Env): void {
    if (env.size === 0) {
      if (this.calledWithoutValues.has(unit.id)) return;
      this.calledWithoutValues.add(unit.id);
    }
    const key = `${unit.id}|${envKey(env)}`;
    if (this.sites.has(key)) return;
    const site = { unit, env };
    this.sites.set(key, site);
    const list = this.sitesByUnit.get(unit.id);
    if (list) list.push(site);
    else this.sitesByUnit.set(unit.id, [site]);
  }

  callSites(): IterableIterator<[string, CallSite]> {
    return this.sites.entries();
  }

  callSitesOf(unit: FunctionUnit): CallSite[] {
    return this.sitesByUnit.get(unit.id) ?? [];
  }

  /** The summary of `unit` run with `env`; undefined when `unit` is already being summarised. */
  summarize(unit: FunctionUnit, env: Env = EMPTY_ENV): Summary | undefined {
    let key = env.size > 0 ? `${unit.id}|${envKey(env)}` : undefined;
    if (key !== undefined && !this.memo.has(key)) {
      const count = this.envCount.get(unit.id) ?? 0;
      if (count >= MAX_ENVS_PER_UNIT) {
        env = EMPTY_ENV;
        key = undefined;
      } else {
        this.envCount.set(unit.id, count + 1);
      }
    }
    const memo = key === undefined ? this.memoWithoutValues : this.memo;
    const memoKey = key ?? unit.id;
    const cached = memo.get(memoKey);
    if (cached === RECURSION_PENDING) return undefined;
    if (cached) return cached;
    if (this.isPending(unit) || this.pending.size >= MAX_CALL_DEPTH) return undefined;
    memo.set(memoKey, RECURSION_PENDING);
    this.pending.add(unit.id);
    try {
      const summary = new BodyWalker(this, unit, env).run();
      memo.set(memoKey, summary);
      return summary;
    } finally {
      this.pending.delete(unit.id);
    }
  }

  private readonly pending = new Set<string>();

  isPending(unit: FunctionUnit): boolean {
    return this.pending.has(unit.id);
  }

  /** True when a summary shows CPU work heavy enough to matter. */
  isCpuHeavy(summary: Summary): boolean {
    return summary.ops >= this.thresholdOps || summary.cpu.length > 0;
  }
}

/**
 * A finished summary with its lists cut to their length. Summaries live as long as the analysis
 * (one per function and argument values): a list that grew by `push` keeps room for 17 entries
 * while a summary holds at most MAX_SIGNALS signals, so the slack of seven lists per summary was
 * about a tenth of the heap's summaries and signals. Nothing writes into a summary once walked.
 */
function compactSummary(summary: Summary): Summary {
  summary.io = kept(summary.io);
  summary.asyncIo = kept(summary.asyncIo);
  summary.cpu = kept(summary.cpu);
  summary.blocking = kept(summary.blocking);
  summary.gilNotes = kept(summary.gilNotes);
  summary.dispatches = kept(summary.dispatches);
  summary.joins = kept(summary.joins);
  return summary;
}

/**
 * The one empty list every finished summary holds for each of its lists that stayed empty (most of
 * them: seven lists a summary, 32 bytes each). Frozen: a write into a finished summary throws.
 */
const NOTHING: readonly never[] = Object.freeze([]);

function kept<T>(list: T[]): T[] {
  return list.length === 0 ? (NOTHING as unknown as T[]) : list.slice();
}

/** Walks one function body once, under one set of argument values. */
class BodyWalker {
  private readonly bounds: BoundEvaluator;
  private readonly summary: Summary;
  private readonly loops: LoopFrame[] = [];
  private selfCalls = 0;
  /** how much each self-call lowers its first argument (`fib(n - 2)` → 2) */
  private readonly selfDecrements: number[] = [];
  /** > 0 inside `except` clauses: error paths are rare, their cost and CPU signals do not count */
  private cold = 0;
  private readonly resolver: Linker;
  private inputCache?: Set<string>;
  /** names (and `self.attr` paths) holding data this function read: see walkBinding */
  private readonly readData = new Set<string>();
  /** I/O seen so far in the walk (signals are capped, this count is not) */
  private ioSeen = 0;
  /** names holding what a kernel computed over data (a serialisation, a parse): see walkBinding */
  private readonly computedData = new Set<string>();
  /** whole-text string passes over the input (TEXT_PASS_METHODS) that always run, the first one's call */
  private textPasses = 0;
  private firstTextPass?: PyNode;
  /** kernels that made new data of data (NON_TRANSFORMING_SCANS aside) so far in the walk, here or in callees (uncapped, like ioSeen) */
  private kernelsSeen = 0;

  constructor(
    private readonly summarizer: Evaluator,
    private readonly unit: FunctionUnit,
    private readonly env: Env,
  ) {
    this.resolver = summarizer.resolver;
    this.bounds = new BoundEvaluator(unit, env);
    this.summary = {
      unit,
      env,
      ops: 0,
      dataDependent: false,
      io: [],
      asyncIo: [],
      cpu: [],
      blocking: [],
      gilFreeOps: 0,
      gilNotes: [],
      dispatches: [],
      joins: [],
    };
  }

  run(): Summary {
    this.walk(this.unit.body, 1);
    this.noteTextPasses();
    this.applyRecursion();
    return compactSummary(this.summary);
  }

  /**
   * Several whole-text passes over the input (`s.replace("&", …).replace("<", …).replace(">", …)`)
   * are the function's work, growing with the text: data-dependent cpu, like a scan.
   */
  private noteTextPasses(): void {
    if (this.textPasses < MIN_TEXT_PASSES || !this.firstTextPass) return;
    this.summary.dataDependent = true;
    this.kernelsSeen++;
    if (this.summary.cpu.some((signal) => signal.inputLoop)) return;
    const clause = `makes ${this.textPasses} passes over its input text`;
    const signal = this.signal(this.firstTextPass, `${capitalize(clause)}: the work grows with its size`, clause, 'cpu-call');
    this.push(this.summary.cpu, { ...signal, heuristic: true, inputLoop: true, scan: true, transforms: true });
  }

  private get file(): string {
    return this.unit.module.path;
  }

  private text(node: PyNode): string {
    return textOf(this.unit.module.source, node);
  }

  private addOps(ops: number, clause?: string, node?: PyNode): void {
    if (this.cold > 0) return;
    this.summary.ops += ops;
    if (clause && node && ops > (this.summary.heaviest?.ops ?? 0)) {
      this.summary.heaviest = { ops, clause, line: lineOf(node), file: this.file };
    }
  }

  private push(list: Signal[], signal: Signal): void {
    if (list.length < MAX_SIGNALS && !list.some((s) => s.message === signal.message && s.line === signal.line)) {
      list.push(signal);
    }
  }

  private signal(node: PyNode, message: string, clause: string, kind: EvidenceSignal): Signal {
    return { line: lineOf(node), file: this.file, message, clause, signal: kind };
  }

  // ---- the walk -------------------------------------------------------------------------------

  private walk(node: PyNode, multiplier: number, awaited = false): void {
    if (!sameNode(node, this.unit.node) && !sameNode(node, this.unit.body) && SCOPE_TYPES.has(node.type)) {
      if (node.type === 'class_definition') this.walkChildren(childByField(node, 'body'), multiplier);
      return;
    }
    switch (node.type) {
      case 'for_statement':
        return this.walkFor(node, multiplier);
      case 'while_statement':
        return this.walkWhile(node, multiplier);
      case 'list_comprehension':
      case 'set_comprehension':
      case 'dictionary_comprehension':
      case 'generator_expression':
        return this.walkComprehension(node, multiplier);
      case 'call':
        return this.walkCall(node, multiplier, awaited);
      case 'await':
        this.noteAwait(node);
        return this.walkChildren(node, multiplier, true);
      case 'raise_statement':
        return;
      case 'except_clause':
      case 'except_group_clause':
        this.cold++;
        try {
          return this.walkChildren(node, multiplier);
        } finally {
          this.cold--;
        }
      case 'interpolation':
        // an f-string substitution formats a value into text: an operation of its own
        this.addOps(multiplier);
        return this.walkChildren(node, multiplier);
      case 'binary_operator':
      case 'augmented_assignment':
      case 'unary_operator':
        this.countArithmetic(node);
        this.addOps(multiplier);
        return this.walkChildren(node, multiplier);
      case 'subscript':
        this.countIndexing(node);
        this.addOps(multiplier);
        return this.walkChildren(node, multiplier);
      case 'assignment': {
        this.addOps(multiplier);
        const left = childByField(node, 'left');
        return this.walkBinding(node, childByField(node, 'right'), left ? targetsOf(left) : [], multiplier);
      }
      case 'as_pattern': {
        if (node.parent?.type !== 'with_item') return this.walkChildren(node, multiplier);
        const alias = childByField(node, 'alias');
        const target = alias?.type === 'as_pattern_target' ? namedChildren(alias)[0] : alias;
        return this.walkBinding(node, namedChildren(node)[0], target ? targetsOf(target) : [], multiplier);
      }
      case 'comparison_operator':
      case 'boolean_operator':
      case 'return_statement':
      case 'expression_statement':
        this.addOps(multiplier);
        return this.walkChildren(node, multiplier);
      case 'lambda':
        return;
      default:
        return this.walkChildren(node, multiplier, awaited && node.type === 'parenthesized_expression');
    }
  }

  private walkChildren(node: PyNode | undefined, multiplier: number, awaited = false): void {
    if (!node) return;
    for (let child = node.firstChild; child; child = child.nextSibling) this.walk(child, multiplier, awaited);
  }

  /** Awaiting a future or a coroutine the analyser cannot see into is waiting all the same. */
  private noteAwait(node: PyNode): void {
    const inner = namedChildren(node)[0];
    if (!inner) return;
    if (inner.type === 'call') {
      const target = this.resolver.resolveCall(this.unit, inner);
      if (target.resolved.kind === 'unit' || target.resolved.kind === 'class' || target.info) return;
    }
    const text = this.text(inner);
    const shown = text.length > 40 ? `${text.slice(0, 37)}...` : text;
    this.push(this.summary.asyncIo, this.signal(node, `Awaits ${shown}: the coroutine waits here`, `awaits ${shown}`, 'io-call'));
    this.markLoopIo();
  }

  private countArithmetic(node: PyNode): void {
    if (this.cold > 0) return;
    const frame = this.loops[this.loops.length - 1];
    if (!frame) return;
    const op = childByField(node, 'operator');
    const symbol = op ? this.text(op).replace('=', '') : '';
    if (ARITHMETIC.has(symbol)) frame.arithmetic++;
  }

  private countIndexing(node: PyNode): void {
    const frame = this.loops[this.loops.length - 1];
    if (!frame) return;
    frame.arithmetic += 0.5;
    // `data[pos]`, `buf[i:i + 4]`: the loop reads its input by position, as a decoder does (`data[sent:]`,
    // the rest of it, is no read: a send loop's)
    const index = namedChildren(node).slice(1);
    const value = childByField(node, 'value');
    // a store (`out[key] = v`) writes, a trim (`if s[i] != ".": break`) stops at the first other item
    if (frame.indexesInput || isStoreTarget(node) || exitsAtFirstMismatch(frame.node)) return;
    if (index.some((part) => readsByPosition(this.unit.module.source, part)) && (this.readsInput(value) || this.readsObjectInput(value))) frame.indexesInput = true;
  }

  private iterations(iterable: PyNode | undefined): { count: number; dataDependent: boolean; origin?: string } {
    const known = this.bounds.length(iterable);
    if (known !== undefined) return { count: known, dataDependent: false, origin: this.bounds.origin(iterable) };
    return { count: this.summarizer.config.unknownLoopBound, dataDependent: true };
  }

  private get inputs(): Set<string> {
    this.inputCache ??= inputNames(this.unit);
    return this.inputCache;
  }

  private objectInputCache?: ReadonlySet<string>;

  /** What the object was made over (`self.data` set from `__init__`'s parameter): see constructorInputs. */
  private readsObjectInput(node: PyNode | undefined): boolean {
    this.objectInputCache ??= constructorInputs(this.unit);
    return node !== undefined && mentionsInput(this.unit, node, this.objectInputCache);
  }

  /** The loop's header (a `for` or comprehension's iterables, a `while`'s condition) reads what `reads` recognises. */
  private loopHeaderReads(loop: PyNode, reads: (node: PyNode | undefined) => boolean): boolean {
    if (loop.type === 'while_statement') return this.whileOver(loop, reads);
    if (loop.type === 'for_statement') return reads(childByField(loop, 'right'));
    return loop.children.some((child) => child.type === 'for_in_clause' && reads(childByField(child, 'right')));
  }

  private readsInput(node: PyNode | undefined): boolean {
    return node !== undefined && (mentionsInput(this.unit, node, this.inputs) || (this.selfIsData && readsOwnItems(this.unit, node)));
  }

  private selfIsDataCache?: boolean;

  /** A method of a class that extends a container (`class PatchSet(list)`): `self`'s items are its data. */
  private get selfIsData(): boolean {
    const className = this.unit.className;
    this.selfIsDataCache ??= className !== undefined && this.unit.params[0]?.name === 'self' && this.resolver.isContainerClass(this.unit.module, className);
    return this.selfIsDataCache;
  }

  /**
   * `while i < len(data)`, or `while True:` whose body indexes the input (`data[i]`). Not a loop
   * that shifts or divides what its condition tests (`while n: …; n >>= 8`): it runs log n times,
   * a few steps for any number.
   */
  private whileOverInput(node: PyNode): boolean {
    return this.whileOver(node, (inner) => this.readsInput(inner)) && !shrinksGeometrically(this.unit, node) && !handsOnInChunks(this.unit, node);
  }

  /** A while loop over the values `reads` recognises: in its condition, or indexed in the body of `while True:`. */
  private whileOver(node: PyNode, reads: (node: PyNode | undefined) => boolean): boolean {
    const condition = childByField(node, 'condition');
    if (reads(condition)) return true;
    if (condition?.type !== 'true' && condition?.type !== 'integer') return false;
    const body = childByField(node, 'body');
    if (!body) return false;
    for (const inner of ownDescendants(body)) {
      if (inner.type === 'subscript' && reads(childByField(inner, 'value'))) return true;
    }
    return false;
  }

  /** True when `node` reads a value an I/O call returned in this function (or one computed from it). */
  private readsReadData(node: PyNode | undefined): boolean {
    return node !== undefined && mentionsInput(this.unit, node, this.readData);
  }

  /**
   * `text = f.read()`, `with self._open() as stream:`, `rows = fetch(url)`: after the right side or
   * the context expression did I/O, the names it binds hold data the function read; so do names
   * assigned from them.
   */
  private walkBinding(node: PyNode, value: PyNode | undefined, targets: PyNode[], multiplier: number): void {
    const ioBefore = this.ioSeen;
    const kernelsBefore = this.kernelsSeen;
    this.walkChildren(node, multiplier);
    if (!value) return;
    const names = targets.map((target) => this.text(target));
    if (this.ioSeen !== ioBefore || this.readsReadData(value)) for (const name of names) this.readData.add(name);
    // `payload = json.dumps(rows)`, `body = self.encode(message)`: what a kernel made of the data
    if (this.kernelsSeen !== kernelsBefore || mentionsInput(this.unit, value, this.computedData)) for (const name of names) this.computedData.add(name);
  }

  private walkFor(node: PyNode, multiplier: number): void {
    const iterable = childByField(node, 'right');
    const ioBefore = this.ioSeen;
    if (iterable) this.walk(iterable, multiplier);
    this.noteFileIteration(iterable);
    // `for row in cursor.fetchall()`, `for line in f`: the items are what the I/O returned
    const overReadData = this.ioSeen !== ioBefore || this.readsReadData(iterable);
    const { count, dataDependent, origin } = this.iterations(iterable);
    this.walkLoopBody(node, present(childByField(node, 'body')), multiplier, count, dataDependent, origin, this.readsInput(iterable), overReadData);
    this.walkChildren(childByField(node, 'alternative'), multiplier);
  }

  private walkWhile(node: PyNode, multiplier: number): void {
    const condition = childByField(node, 'condition');
    const known = this.bounds.whileIterations(node);
    const count = known ?? this.summarizer.config.unknownLoopBound;
    const origin = known === undefined ? undefined : this.bounds.origin(condition);
    // the condition runs once per item (`while pos < len(data)`): it is the loop's work too
    const parts = [...present(condition), ...present(childByField(node, 'body'))];
    this.walkLoopBody(node, parts, multiplier, count, known === undefined, origin, this.whileOverInput(node), this.whileOver(node, (inner) => this.readsReadData(inner)));
  }

  private walkLoopBody(
    node: PyNode,
    body: PyNode[],
    multiplier: number,
    count: number,
    dataDependent: boolean,
    origin?: string,
    overInput = false,
    overReadData = false,
  ): void {
    const overObjectInput = this.loopHeaderReads(node, (inner) => this.readsObjectInput(inner));
    const frame: LoopFrame = { node, iterations: count, dataDependent, arithmetic: 0, io: false, overInput, overReadData, perItem: 0, kept: 0, indexesInput: false, overObjectInput };
    const before = this.summary.ops;
    const ioBefore = this.summary.io.length + this.summary.asyncIo.length + this.summary.dispatches.length;
    this.loops.push(frame);
    const dependentBefore = this.summary.dataDependent;
    this.summary.dataDependent = false;
    try {
      for (const part of body) this.walk(part, multiplier * Math.max(count, 1));
    } finally {
      this.loops.pop();
      frame.bodyDataDependent = this.summary.dataDependent;
      this.summary.dataDependent ||= dependentBefore;
    }
    frame.io ||= this.summary.io.length + this.summary.asyncIo.length + this.summary.dispatches.length > ioBefore;
    if (dataDependent) this.summary.dataDependent = true;
    const loopOps = this.summary.ops - before;
    frame.perItem = (loopOps - frame.kept) / (multiplier * Math.max(count, 1));
    const clause = dataDependent
      ? `loops over data of unknown size (assumed ${formatCount(count)} items)`
      : `loops ${formatCount(count)} times${origin ? ` (${origin})` : ''}`;
    if (loopOps > (this.summary.heaviest?.ops ?? 0)) {
      this.summary.heaviest = { ops: loopOps, clause, line: lineOf(node), file: this.file };
    }
    this.noteLoopSignals(frame, loopOps, clause);
    const outer = this.loops[this.loops.length - 1];
    if (outer && frame.io) outer.io = true;
  }

  /** Big known loops, dense arithmetic over data, and nested loops over data are CPU evidence. */
  private noteLoopSignals(frame: LoopFrame, loopOps: number, clause: string): void {
    if (frame.io || this.cold > 0) return;
    const threshold = this.summarizer.thresholdOps;
    if (!frame.dataDependent && loopOps >= threshold) {
      // a known count over a body priced on assumed sizes (`for old, new in groups.values()` around a
      // recursion over data) is as much a guess as the body: it shapes the verdict, never a finding
      const signal = this.signal(frame.node, `${capitalize(clause)} (${formatPyTime(loopOps, this.summarizer.config)})`, clause, 'loop');
      this.push(this.summary.cpu, frame.bodyDataDependent ? { ...signal, heuristic: true } : signal);
      return;
    }
    if (!frame.dataDependent) return;
    const outerDataLoops = this.loops.filter((loop) => loop.dataDependent).length;
    if (frame.arithmetic >= DENSE_LOOP_ARITHMETIC) {
      const text = `does ${Math.floor(frame.arithmetic)} arithmetic operations per item in a loop over data`;
      this.push(this.summary.cpu, { ...this.signal(frame.node, capitalize(text), text, 'loop'), heuristic: true });
    } else if (outerDataLoops >= 1 && frame.arithmetic >= NESTED_LOOP_ARITHMETIC) {
      const text = 'runs nested loops over data (quadratic work) with arithmetic inside';
      this.push(this.summary.cpu, { ...this.signal(frame.node, capitalize(text), text, 'loop'), heuristic: true });
    } else if ((frame.overInput || frame.overReadData || (frame.overObjectInput && frame.indexesInput)) && frame.perItem >= this.inputLoopOps(frame)) {
      const perItem = Math.round(frame.perItem);
      const text = `does ≈ ${formatCount(perItem)} operation${perItem === 1 ? '' : 's'} per item of its input data in a loop`;
      const heavyItem = frame.perItem >= HEAVY_ITEM_OPS;
      const signal = { ...this.signal(frame.node, capitalize(text), text, 'loop'), heuristic: true, ...(heavyItem ? { heavyItem } : {}) };
      // parsing every item of what the function read is the work beside the read; over its arguments, the size of a request
      this.push(this.summary.cpu, frame.overReadData && heavyItem ? signal : { ...signal, inputLoop: true });
    }
    const parent = this.loops[this.loops.length - 1];
    if (parent) parent.arithmetic += Math.min(frame.arithmetic, DENSE_LOOP_ARITHMETIC);
  }

  /**
   * Per-item work from which a loop over input counts: any for a loop over the input's items
   * (INPUT_LOOP_OPS), more for one that only counts to a number it was given (`for i in
   * range(count)`, `while len(batch) < size`): a count is a size, not data, and a few steps per
   * turn of it are bookkeeping until the count is seen to be large.
   */
  private inputLoopOps(frame: LoopFrame): number {
    return frame.indexesInput || this.goesOverItems(frame.node) ? INPUT_LOOP_OPS : COUNTED_LOOP_OPS;
  }

  /** The loop's header reaches the input's items: iterates it, takes its `len`, or tests it whole (`while data:`). */
  private goesOverItems(loop: PyNode): boolean {
    const source = this.unit.module.source;
    const measuresInput = (node: PyNode) =>
      [node, ...ownDescendants(node)].some((inner) => inner.type === 'call' && textOf(source, childByField(inner, 'function') ?? inner) === 'len' && this.readsInput(childByField(inner, 'arguments')));
    if (loop.type === 'while_statement') {
      const condition = childByField(loop, 'condition');
      if (!condition) return false;
      const tests = condition.type === 'not_operator' ? namedChildren(condition)[0] : condition;
      const whole = tests?.type === 'boolean_operator' ? namedChildren(tests) : present(tests);
      return measuresInput(condition) || whole.some((part) => (part.type === 'identifier' || part.type === 'attribute') && this.readsInput(part)) || !this.readsInput(condition);
    }
    const iterables = loop.type === 'for_statement' ? present(childByField(loop, 'right')) : loop.children.filter((child) => child.type === 'for_in_clause').flatMap((clause) => present(childByField(clause, 'right')));
    return iterables.some((iterable) => {
      const counts = iterable.type === 'call' && /^x?range$/.test(textOf(source, childByField(iterable, 'function') ?? iterable));
      return !counts || measuresInput(iterable);
    });
  }

  private walkComprehension(node: PyNode, multiplier: number): void {
    let product = multiplier;
    let dataDependent = false;
    let origin: string | undefined;
    let overInput = false;
    let overReadData = false;
    const clauses = node.children.filter((child) => child.type === 'for_in_clause');
    for (const clause of clauses) {
      const iterable = childByField(clause, 'right');
      overInput ||= this.readsInput(iterable);
      overReadData ||= this.readsReadData(iterable);
      const ioBefore = this.ioSeen;
      if (iterable) this.walk(iterable, product);
      this.noteFileIteration(iterable);
      overReadData ||= this.ioSeen !== ioBefore;
      const loop = this.iterations(iterable);
      dataDependent ||= loop.dataDependent;
      origin ??= loop.origin;
      product *= Math.max(loop.count, 1);
    }
    const count = product / multiplier;
    // a list, set or dict comprehension keeps every item it makes (a generator hands them on)
    if (node.type !== 'generator_expression') this.addOps(product * ALLOCATION_OPS);
    const rest = node.children.filter((child) => child.type !== 'for_in_clause');
    this.walkLoopBody(node, rest, multiplier, count, dataDependent, origin, overInput, overReadData);
  }

  /** `for line in f` over a file reads it. */
  private noteFileIteration(iterable: PyNode | undefined): void {
    if (!iterable) return;
    const value = this.resolver.resolveValue(this.unit, iterable);
    if (value.kind === 'instance' && (value.type === 'file' || value.type === 'net.file')) {
      const message = `Reads ${this.text(iterable)} line by line (file I/O)`;
      this.addIo(iterable, message, 'reads a file line by line', { effect: 'blocking-io', asyncAlternative: 'await asyncio.to_thread(...)', local: value.type === 'file' });
    }
  }

  // ---- calls ----------------------------------------------------------------------------------

  /**
   * `out.write(row)`, `pipe.llen(key)` in a loop: each item handed to a method of another object
   * this function cannot see into. What that costs is the other object's (a write, a queued
   * command); here it is no computation on the item, which `line.startswith("E")` or
   * `entry.name.strip()` — a method of the item itself — is. Its cost counts as storing does
   * (`kept`); the arguments' own work still counts.
   */
  private handsOn(call: PyNode, target: CallTarget): LoopFrame | undefined {
    const frame = this.loops[this.loops.length - 1];
    // (a function of the workspace is walked, and a catalogued kernel priced: their work is seen)
    if (!frame || target.method === undefined || target.resolved.kind === 'unit' || target.resolved.kind === 'class' || target.info?.effect === 'cpu') return undefined;
    const fn = childByField(call, 'function');
    const receiver = fn?.type === 'attribute' ? childByField(fn, 'object') : undefined;
    // (what the call returns taken as the item's new value, `conn.escape(arg)`, is the item transformed)
    if (!receiver || statementOps(call, this.text(receiver), this.unit.module.source) === 0) return undefined;
    return mentionsInput(this.unit, receiver, loopItemNames(this.unit, frame.node)) ? undefined : frame;
  }

  private walkCall(call: PyNode, multiplier: number, awaited: boolean): void {
    const opsBefore = this.summary.ops;
    this.addOps(multiplier);
    const target = this.inMemoryView(call, this.resolver.resolveCall(this.unit, call));
    if (target.method !== undefined && KEEPING_METHODS.has(target.method)) {
      this.addOps(multiplier * ALLOCATION_OPS);
      for (const loop of this.loops) loop.kept += multiplier * ALLOCATION_OPS;
    }
    const handOff = KEEPING_METHODS.has(target.method ?? '') ? undefined : this.handsOn(call, target);
    const kernelsBefore = this.kernelsSeen;
    const fn = childByField(call, 'function');
    const receiver = fn?.type === 'attribute' ? childByField(fn, 'object') : undefined;
    if (receiver) this.walk(receiver, multiplier);
    const args = childByField(call, 'arguments');
    const argumentsBefore = this.summary.ops;
    if (args) this.walk(args, multiplier);
    const argumentOps = this.summary.ops - argumentsBefore;
    const kernelsInArguments = this.kernelsSeen !== kernelsBefore;
    const ioBefore = this.ioSeen;
    const kernelsBeforeCall = this.kernelsSeen;
    this.callTarget(call, target, multiplier, awaited);
    // (a statement that is only the hand-off, `sink.publish(event)` or `pipe = pipe.llen(key)`: its own operation is the hand-off's too)
    if (handOff) handOff.kept += this.summary.ops - opsBefore - argumentOps + statementOps(call, this.text(receiver ?? call), this.unit.module.source) * multiplier;
    if (this.ioSeen === ioBefore) return;
    // `sock.sendall(json.dumps(rows))`, `json.dump(rows, f)`, `self._send(payload)` after `payload = encode(rows)`
    // (a stream call's own kernel is said by noteStreamKernel)
    const ownKernel = this.kernelsSeen !== kernelsBeforeCall && target.resolved.kind !== 'unit' && target.resolved.kind !== 'class' && !target.info?.overMemory;
    if (kernelsInArguments || ownKernel || (args !== undefined && mentionsInput(this.unit, args, this.computedData))) this.noteSentData(call, target);
  }

  /**
   * What a call does when its stream is in memory: methods of an `io.BytesIO` (or of a parameter
   * every such call hands one) copy memory, and `pickle.load(io.BytesIO(raw))` is
   * `pickle.loads(raw)`: deserialisation, no file.
   */
  private inMemoryView(call: PyNode, target: CallTarget): CallTarget {
    const fn = childByField(call, 'function');
    const receiver = fn?.type === 'attribute' ? childByField(fn, 'object') : undefined;
    if (receiver && target.method !== undefined && target.resolved.kind !== 'unit' && this.isInMemory(receiver)) {
      return { ...target, resolved: { kind: 'unknown' }, info: undefined, guessed: false };
    }
    const twin = target.info?.overMemory;
    if (!twin) return target;
    const stream = keywordArguments(call, this.unit.module.source).get(twin.keyword ?? '') ?? argumentsOf(call)[twin.arg];
    if (!stream || !this.isInMemory(stream)) return target;
    return { ...target, resolved: { kind: 'external', qualified: twin.as }, display: twin.as, info: lookupFunction(twin.as), guessed: false };
  }

  /** `io.BytesIO(raw)`, a name holding one, or a parameter the caller handed one. */
  isInMemory(node: PyNode): boolean {
    if (node.type === 'identifier') {
      const type = this.env.get(this.text(node))?.type;
      if (type !== undefined) return IN_MEMORY_TYPES.has(type);
    }
    const value = this.resolver.resolveValue(this.unit, node);
    return value.kind === 'instance' && IN_MEMORY_TYPES.has(value.type);
  }

  /** The type a call hands a parameter when it changes what the callee's calls do (an in-memory stream). */
  private passedType(arg: PyNode): string | undefined {
    return this.isInMemory(arg) ? 'io.memory' : undefined;
  }

  /**
   * What a kernel computed over data (a serialisation, an encoding) handed to I/O is the work
   * beside the write, as a parse of what was read is the work beside the read.
   */
  private noteSentData(call: PyNode, target: CallTarget): void {
    if (this.cold > 0) return;
    const clause = `hands ${target.display}() what it computed over its data`;
    this.pushBesideIo({ ...this.signal(call, `${capitalize(clause)}: the work beside the I/O`, clause, 'cpu-call'), heuristic: true, scan: true });
  }

  /** A CPU signal that weighs beside the function's waits: it takes the place of per-item work on arguments when the list is full. */
  private pushBesideIo(signal: Signal): void {
    const cpu = this.summary.cpu;
    if (cpu.some((s) => s.message === signal.message && s.line === signal.line)) return;
    if (cpu.length >= MAX_SIGNALS) {
      const index = cpu.findIndex((s) => s.inputLoop);
      if (index >= 0) cpu.splice(index, 1);
    }
    this.push(cpu, signal);
  }

  private callTarget(call: PyNode, target: CallTarget, multiplier: number, awaited: boolean): void {
    if (this.handleConcurrency(call, target)) return;
    this.countTextPass(call, target);
    this.noteDataScan(call, target);
    if (target.resolved.kind === 'external' && PER_ITEM_CALLERS[target.resolved.qualified]) {
      const [fnNode, iterable] = argumentsOf(call);
      const callee = fnNode ? this.resolveCallable(fnNode) : undefined;
      if (callee) return this.callPerItem(call, callee, iterable, PER_ITEM_CALLERS[target.resolved.qualified] === 'each-star', multiplier);
    }
    switch (target.resolved.kind) {
      case 'unit':
        return this.callUnit(call, target.resolved.unit, target, multiplier);
      case 'class': {
        const init = this.resolver.methodOf(target.resolved.module, target.resolved.cls.name, '__init__');
        if (init) this.callUnit(call, init, target, multiplier);
        return;
      }
      default:
        if (target.info) this.callCatalog(call, target, target.info, multiplier, awaited);
        if (target.info?.overMemory) this.noteStreamKernel(call, target.info.overMemory);
    }
  }

  /**
   * `json.load(f)` reads and parses all it reads, as `json.loads(f.read())` does; `json.dump(rows,
   * f)` serialises what it is given as it writes, as `f.write(json.dumps(rows))` does (when that is
   * data: an argument, or what the function read or computed).
   */
  private noteStreamKernel(call: PyNode, over: NonNullable<CallInfo['overMemory']>): void {
    if (this.cold > 0) return;
    const twin: CallTarget = { resolved: { kind: 'external', qualified: over.as }, display: over.as, info: lookupFunction(over.as), guessed: false };
    const stream = keywordArguments(call, this.unit.module.source).get(over.keyword ?? '') ?? argumentsOf(call)[over.arg];
    const operands = this.scannedOperands(call, twin);
    const parsesStream = stream !== undefined && operands.some((node) => node.start === stream.start);
    const name = `${this.text(childByField(call, 'function') ?? call)}()`;
    if (parsesStream) {
      const clause = `parses all it reads with ${name}`;
      this.summary.dataDependent = true;
      this.pushBesideIo({ ...this.signal(call, `${capitalize(clause)}: the work beside the read`, clause, 'cpu-call'), heuristic: true, scan: true });
      return;
    }
    if (!operands.some((node) => this.readsInput(node) || this.readsReadData(node) || mentionsInput(this.unit, node, this.computedData))) return;
    const clause = `serialises its data as it writes with ${name}`;
    this.summary.dataDependent = true;
    this.pushBesideIo({ ...this.signal(call, `${capitalize(clause)}: the work beside the write`, clause, 'cpu-call'), heuristic: true, scan: true });
  }

  /**
   * A scan, substitution, sort or encoding over the function's input data (`text.replace(…)`,
   * `re.sub(p, r, text)`, `sorted(items)`) is computation that grows with the input: cheap on a
   * short value, it makes the verdict `cpu` (data-dependent, a guess), never a finding on its own.
   */
  private noteDataScan(call: PyNode, target: CallTarget): void {
    if (this.cold > 0) return;
    const scanned = this.scannedOperands(call, target);
    const kernel = kernelName(target);
    const transforms = !NON_TRANSFORMING_SCANS.has(kernel);
    // a digest or a quoted name is no payload: what it returns and is handed to I/O is not data computed
    const makesPayload = transforms && !NAMING_SCANS.has(kernel);
    // a match or an order over what was read (a status field found, a listing sorted) is a glance beside the read
    const overRead = transforms && [...scanned, ...this.sizedKernelOperands(call, target)].some((node) => this.readsReadData(node));
    if (overRead) {
      // `json.loads(f.read())`, `zlib.decompress(sock.recv(n))`: the parse beside the read
      if (makesPayload) this.kernelsSeen++;
      this.summary.dataDependent = true;
      const clause = `runs ${target.display}() over the data it read`;
      this.pushBesideIo({ ...this.signal(call, `${capitalize(clause)}: the work beside the read`, clause, 'cpu-call'), heuristic: true, scan: true, ...(transforms ? { transforms } : {}) });
      return;
    }
    if (!scanned.some((node) => this.readsInput(node))) return;
    if (makesPayload) this.kernelsSeen++;
    this.summary.dataDependent = true;
    // one such signal says it; more would crowd out the evidence that weighs (signals are capped)
    const said = this.summary.cpu.find((signal) => signal.inputLoop);
    if (said) {
      if (transforms && said.scan) said.transforms = true;
      return;
    }
    const clause = `runs ${target.display}() over its input data`;
    const signal = this.signal(call, `${capitalize(clause)}: the work grows with its size`, clause, 'cpu-call');
    this.push(this.summary.cpu, { ...signal, heuristic: true, inputLoop: true, scan: true, ...(transforms ? { transforms } : {}) });
  }

  /** `text.replace(…)` over the input, on an unknown receiver (a string): one whole-text pass. */
  private countTextPass(call: PyNode, target: CallTarget): void {
    if (this.cold > 0 || target.method === undefined || !TEXT_PASS_METHODS.has(target.method) || target.resolved.kind !== 'unknown' || target.info) return;
    if (target.receiver !== undefined && target.receiver.kind !== 'unknown') return;
    const fn = childByField(call, 'function');
    const receiver = fn?.type === 'attribute' ? childByField(fn, 'object') : undefined;
    if (!receiver || !this.readsInput(receiver) || this.isConditional(call)) return;
    this.textPasses++;
    this.firstTextPass ??= call;
  }

  /**
   * Inside an `if` (or `x if c else y`) of this function, or after an early return (`if not netloc
   * or netloc.isascii(): return`): a pass that may not run.
   */
  private isConditional(node: PyNode): boolean {
    for (let at: PyNode | undefined = node; at && !sameNode(at, this.unit.node); at = at.parent) {
      if (!sameNode(at, node) && (at.type === 'if_statement' || at.type === 'conditional_expression')) return true;
      const block: PyNode | undefined = at.parent;
      if (block?.type !== 'block') continue;
      for (let earlier: PyNode | undefined = block.firstChild; earlier && !sameNode(earlier, at); earlier = earlier.nextSibling) {
        if (earlier.type === 'if_statement' && returnsEarly(earlier)) return true;
      }
    }
    return false;
  }

  /** What a catalogued scanning call scans: the data argument of a function, or a method's receiver and arguments. */
  private scannedOperands(call: PyNode, target: CallTarget): PyNode[] {
    const resolved = target.resolved;
    const args = argumentsOf(call);
    if (resolved.kind === 'external') {
      const name = canonicalName(resolved.qualified);
      const index = Object.prototype.hasOwnProperty.call(DATA_SCAN_FUNCTIONS, name) ? DATA_SCAN_FUNCTIONS[name] : undefined;
      if (index !== undefined) return SCANS_OF_ONE_ITERABLE.has(name) && args.length !== 1 ? [] : present(args[index]);
    }
    const receiverType = target.receiver?.kind === 'instance' ? target.receiver.type : undefined;
    const typed = receiverType !== undefined && target.method !== undefined ? ownEntry(ownEntry(DATA_SCAN_TYPE_METHODS, receiverType), target.method) : undefined;
    if (typed !== undefined) {
      const fn = childByField(call, 'function');
      return typed === 'receiver' ? present(fn?.type === 'attribute' ? childByField(fn, 'object') : undefined) : present(args[typed]);
    }
    // `"".join(str(line) for line in lines)`: text built of every item
    if (target.method === 'join' && resolved.kind === 'unknown') {
      const fn = childByField(call, 'function');
      const receiver = fn?.type === 'attribute' ? childByField(fn, 'object') : undefined;
      // (over a known number of items, `for i in range(min(len(data), 8))`, it is a few)
      if (receiver?.type === 'string') return args.filter((arg) => (arg.type === 'generator_expression' || arg.type === 'list_comprehension') && !this.hasKnownLength(arg));
    }
    // a function of a module (`os.path.split`) or of the workspace is not a string or pattern method
    if (target.method === undefined || !DATA_SCAN_METHODS.has(target.method)) return [];
    if (resolved.kind === 'unit' || resolved.kind === 'class' || target.receiver?.kind === 'module') return [];
    const fn = childByField(call, 'function');
    const receiver = fn?.type === 'attribute' ? childByField(fn, 'object') : undefined;
    return [...present(receiver), ...args];
  }

  /** A comprehension whose every `for` runs a known number of times. */
  private hasKnownLength(comprehension: PyNode): boolean {
    return comprehension.children.every((clause) => clause.type !== 'for_in_clause' || this.bounds.length(childByField(clause, 'right')) !== undefined);
  }

  /** The data argument of a catalogued kernel priced by its length (`zlib.decompress(buf)`, `sorted(rows)`). */
  private sizedKernelOperands(call: PyNode, target: CallTarget): PyNode[] {
    // the scanning kernels (`sum`, `sorted` …) are scannedOperands' business
    if (target.resolved.kind === 'external' && ownEntry(DATA_SCAN_FUNCTIONS, canonicalName(target.resolved.qualified)) !== undefined) return [];
    const scale = target.info?.effect === 'cpu' ? target.info.cost?.scale : undefined;
    if (!scale || scale.by === 'value') return [];
    return present(keywordArguments(call, this.unit.module.source).get(scale.keyword ?? '') ?? argumentsOf(call)[scale.index]);
  }

  private callCatalog(call: PyNode, target: CallTarget, info: CallInfo, multiplier: number, awaited: boolean): void {
    const name = `${target.display}()`;
    const hedge = target.guessed ? ' (judging by the method name)' : '';
    // what is awaited returns an awaitable: the coroutine waits, the thread does not block
    const effect = awaited && (info.effect === 'blocking-io' || info.effect === 'wait') && !info.joins ? 'async-io' : info.effect;
    switch (effect) {
      case 'blocking-io':
      case 'wait': {
        if (info.joins) {
          this.push(this.summary.joins, this.signal(call, `Waits for concurrent work with ${name}`, `waits with ${name}`, 'timer'));
          return;
        }
        const what = info.effect === 'wait' ? 'waits without using the CPU' : 'blocking I/O; the GIL is released while it waits';
        this.addIo(call, `Calls ${name}${hedge}: ${what}`, `calls ${name}`, info, target.guessed);
        return;
      }
      case 'async-io': {
        const message = awaited || this.unit.isAsync ? `Awaits ${name}: non-blocking I/O` : `Calls ${name}`;
        this.push(this.summary.asyncIo, this.signal(call, message, `awaits ${name}`, 'io-call'));
        this.markLoopIo();
        return;
      }
      case 'cpu': {
        const { ops: perCall, sized } = this.catalogOps(call, info);
        const ops = perCall * multiplier;
        this.addOps(ops, `calls ${name}`, call);
        // a kernel priced on an assumed size costs what its data costs: a guess until the size is seen
        if (!sized && this.cold === 0) this.summary.dataDependent = true;
        if (info.releasesGil) {
          this.summary.gilFreeOps += ops;
          this.push(this.summary.gilNotes, this.signal(call, `${name.replace('()', '')} ${info.releasesGil}`, `calls ${name}`, 'cpu-call'));
        }
        if (this.cold === 0 && perCall >= this.summarizer.thresholdOps) {
          const signal = sized
            ? this.signal(call, `Calls ${name}${hedge}: heavy computation`, `calls ${name}`, 'cpu-call')
            : { ...this.signal(call, `Calls ${name}${hedge}: heavy computation on data of unknown size`, `calls ${name} on data of unknown size`, 'cpu-call'), heuristic: true };
          this.push(this.summary.cpu, target.guessed ? { ...signal, heuristic: true, guessed: true } : signal);
        }
        this.countCallArithmetic(perCall);
        return;
      }
      default:
        return;
    }
  }

  /** Regex and other C-level helpers inside a loop weigh like several arithmetic operations. */
  private countCallArithmetic(ops: number): void {
    const frame = this.loops[this.loops.length - 1];
    if (frame && ops >= 50) frame.arithmetic += 2;
  }

  /**
   * Operations of one call of a catalogued CPU function: its `weight`, or its `cost` in a
   * primitive's units (scaled by the argument that sizes the work when it is known: pbkdf2's
   * iterations, the length of what `sum` adds up) converted with the calibration table.
   */
  private catalogOps(call: PyNode, info: CallInfo): { ops: number; sized: boolean } {
    const cost = info.cost;
    if (!cost) return { ops: info.weight ?? 1, sized: true };
    if (!cost.scale) return { ops: primitiveInOps('py', cost.unit, cost.base), sized: true };
    const scale = cost.scale;
    const arg = keywordArguments(call, this.unit.module.source).get(scale.keyword ?? '') ?? argumentsOf(call)[scale.index];
    if (scale.by === 'bytes') {
      // a kernel over text of a size the code shows; of unknown size it keeps the weight of a call
      const bytes = arg === undefined ? undefined : this.bounds.bytes(arg);
      if (bytes === undefined) return { ops: primitiveInOps('py', cost.unit, cost.base), sized: cost.shortWhenUnsized === true };
      const pattern = argumentsOf(call)[0];
      const unit = cost.literalPrefixUnit && pattern?.type === 'string' && beginsWithLiteralText(this.text(pattern)) ? cost.literalPrefixUnit : cost.unit;
      return { ops: primitiveInOps('py', unit, bytes * (scale.perUnit ?? 1)), sized: true };
    }
    const size = arg === undefined ? undefined : scale.by === 'length' ? this.bounds.length(arg) : this.bounds.number(arg);
    // pbkdf2 without `iterations`, `zlib.compress(body)` of a body nobody sized: the base is an assumption
    if (size === undefined) return { ops: primitiveInOps('py', cost.unit, cost.base), sized: arg === undefined && scale.by === 'value' };
    const scaled = scale.nLogN ? size * Math.log2(Math.max(2, size)) : size;
    return { ops: primitiveInOps('py', cost.unit, scaled * (scale.perUnit ?? 1)), sized: true };
  }

  private addIo(node: PyNode, message: string, clause: string, info: CallInfo, guessed = false): void {
    const signal = {
      ...this.signal(node, message, clause, info.effect === 'wait' ? 'timer' : 'sync-io-call'),
      ...(guessed ? { guessed } : {}),
      ...(info.local ? { local: true } : {}),
      ...(info.probe && this.loops.length === 0 ? { probe: true } : {}),
    };
    this.push(this.summary.io, signal);
    this.push(this.summary.blocking, { ...signal, message: `${message}${info.asyncAlternative ? `; use ${info.asyncAlternative}` : ''}` });
    this.markLoopIo();
  }

  private markLoopIo(): void {
    this.ioSeen++;
    for (const loop of this.loops) loop.io = true;
  }

  private callUnit(call: PyNode, callee: FunctionUnit, target: CallTarget, multiplier: number): void {
    if (callee === this.unit) {
      this.selfCalls++;
      this.selfDecrements.push(decrementOf(argumentsOf(call)[0], this.unit.module.source));
      return;
    }
    const env = bindArguments(callee, call, this.unit, this.bounds, target.method !== undefined || target.resolved.kind === 'class', (arg) => this.passedType(arg));
    this.summarizer.recordCallSite(callee, env);
    const summary = this.summarizer.summarize(callee, env);
    if (!summary) {
      // mutual recursion: the cycle's cost depends on data we cannot see
      this.summary.dataDependent = true;
      return;
    }
    this.mergeCallee(call, callee, summary, multiplier);
  }

  /** `map(f, items)`: `f` runs once per item on this thread, with the heaviest item standing for all. */
  private callPerItem(call: PyNode, callee: CallableRef, iterable: PyNode | undefined, star: boolean, multiplier: number): void {
    if (callee.unit === this.unit) {
      this.selfCalls++;
      return;
    }
    const { count, dataDependent } = this.iterations(iterable);
    if (dataDependent) this.summary.dataDependent = true;
    const env = bindCallable(callee, eachEnv(iterable, star, this.bounds, this.unit));
    this.summarizer.recordCallSite(callee.unit, env);
    const summary = this.summarizer.summarize(callee.unit, env);
    if (!summary) {
      this.summary.dataDependent = true;
      return;
    }
    this.mergeCallee(call, callee.unit, summary, multiplier * Math.max(count, 1));
    if (dataDependent) this.noteCallPerInputItem(call, callee.unit, summary, iterable);
  }

  /**
   * `map(parse, lines)` over the input is the loop `for line in lines: parse(line)` spelled another
   * way: the callee's work per item counts as a loop body's does (noteLoopSignals).
   */
  private noteCallPerInputItem(call: PyNode, callee: FunctionUnit, summary: Summary, iterable: PyNode | undefined): void {
    if (this.cold > 0 || summary.io.length + summary.asyncIo.length > 0 || !this.readsInput(iterable)) return;
    if (summary.ops < INPUT_LOOP_OPS || this.summary.cpu.some((signal) => signal.inputLoop)) return;
    const name = callee.anonymous ? 'a lambda' : `${callee.name}()`;
    const text = `calls ${name} on every item of its input data`;
    this.push(this.summary.cpu, { ...this.signal(call, capitalize(text), text, 'loop'), heuristic: true, inputLoop: true });
  }

  private mergeCallee(call: PyNode, callee: FunctionUnit, summary: Summary, multiplier: number): void {
    const where = this.describeLocation(callee);
    const ops = summary.ops * multiplier;
    this.addOps(ops, `calls ${callee.name}()`, call);
    this.summary.gilFreeOps += summary.gilFreeOps * multiplier;
    this.summary.dataDependent ||= summary.dataDependent;
    // only lookups in the callee, and this call made once: the chained signal is a lone lookup too
    const onlyProbes = this.loops.length === 0 && summary.blocking.length < MAX_SIGNALS && summary.blocking.every((signal) => signal.probe);
    const chain = (inner: Signal): Signal => {
      const clause = `calls ${callee.name}()${where}, which ${inner.clause}`;
      return {
        ...this.signal(call, capitalize(clause), clause, 'callee'),
        ...(inner.guessed ? { guessed: true } : {}),
        ...(inner.local ? { local: true } : {}),
        ...(onlyProbes && inner.probe ? { probe: true } : {}),
      };
    };
    // a round trip to another machine or process says more about the callee than a local stat
    const remoteIo = summary.io.filter((signal) => !signal.local);
    if (summary.io.length > 0) this.push(this.summary.io, chain(firstCertain(remoteIo.length > 0 ? remoteIo : summary.io)));
    if (summary.blocking.length > 0) this.push(this.summary.blocking, chain(firstCertain(summary.blocking)));
    if (summary.asyncIo.length > 0) this.push(this.summary.asyncIo, chain(summary.asyncIo[0]));
    if (summary.gilNotes.length > 0) this.push(this.summary.gilNotes, summary.gilNotes[0]);
    if (summary.io.length + summary.asyncIo.length > 0) this.markLoopIo();
    const threshold = this.summarizer.thresholdOps;
    const cached = isMemoized(callee);
    const travels = (signal: Signal) => !signal.heuristic || (!cached && (signal.hops ?? 0) < MAX_HEURISTIC_HOPS);
    // work beside the callee's own waits first: it says more than per-item work on its arguments
    const travelling = summary.cpu.find((signal) => travels(signal) && !signal.inputLoop) ?? summary.cpu.find(travels);
    const calleeWaits = summary.io.length + summary.asyncIo.length > 0;
    const heavyByCost = summary.ops >= threshold && ops >= threshold / 10 && !(summary.dataDependent && calleeWaits);
    if (this.cold === 0 && (travelling || heavyByCost)) {
      // a cost built on assumed loop bounds is a guess: it may shape the verdict, never a finding
      const inner: Pick<Signal, 'clause' | 'hops' | 'heuristic' | 'inputLoop' | 'heavyItem' | 'scan' | 'transforms'> = travelling ?? {
        clause: summary.heaviest?.clause ?? `runs ${formatPyTime(summary.ops, this.summarizer.config)}`,
        hops: 0,
        heuristic: summary.dataDependent,
      };
      const clause = `calls ${callee.name}()${where}, which ${inner.clause}`;
      const signal = { ...this.signal(call, capitalize(clause), clause, 'callee'), hops: (inner.hops ?? 0) + 1, heuristic: inner.heuristic };
      // the callee parsing every item of what this function read and handed it is the parse beside the read
      // (a parse or decoding kernel over it too: `decode(data)` running json.loads; not a match or a sort)
      const parsesReadData = (inner.heavyItem === true || inner.transforms === true) && argumentsOf(call).some((arg) => this.readsReadData(arg));
      const carried = {
        ...signal,
        ...(inner.heavyItem ? { heavyItem: true } : {}),
        ...(inner.scan ? { scan: true } : {}),
        ...(inner.transforms ? { transforms: true } : {}),
      };
      const stillInputLoop = inner.inputLoop === true && !parsesReadData;
      // what the callee made of the data itself (`payload = self.encode(rows)`) is data this function may
      // send; a transform deeper down (percent-encoding a URL in a helper's helper) is plumbing
      if (inner.transforms && (inner.hops ?? 0) === 0) this.kernelsSeen++;
      if (stillInputLoop) this.push(this.summary.cpu, { ...carried, inputLoop: true });
      else this.pushBesideIo(carried);
      // a scan of its arguments also weighs in this function's loop, as the plain callee it was before it said so
      if (!(stillInputLoop && inner.scan)) return;
    }
    const frame = this.loops[this.loops.length - 1];
    if (frame) frame.arithmetic += Math.min(summary.ops / 20, DENSE_LOOP_ARITHMETIC);
  }

  /** " in tools/parse.py:12" for callees in other files, " (line 12)" for this file. */
  private describeLocation(callee: FunctionUnit): string {
    return this.summarizer.locationFrom(this.file, callee);
  }

  // ---- concurrency ----------------------------------------------------------------------------

  /** Threads, processes, pool tasks and asyncio.to_thread: records the hand-off, true if handled. */
  private handleConcurrency(call: PyNode, target: CallTarget): boolean {
    const source = this.unit.module.source;
    if (target.resolved.kind === 'external') {
      const spawner = SPAWNERS[target.resolved.qualified];
      if (spawner) {
        const kwargs = keywordArguments(call, source);
        this.dispatch(call, spawner, 'spawn', kwargs.get('target'), spawnEnv(kwargs, this.bounds, this.unit));
        return true;
      }
      if (OFFLOADERS.has(target.resolved.qualified)) {
        const [fn, ...rest] = argumentsOf(call);
        this.offload(call, fn, rest);
        return true;
      }
    }
    if (target.method === 'run_in_executor' && OFFLOADERS.has('run_in_executor')) {
      const [, fn, ...rest] = argumentsOf(call);
      this.offload(call, fn, rest);
      return true;
    }
    const receiver = target.receiver;
    if (receiver?.kind === 'instance' && receiver.type.startsWith('pool:') && target.method) {
      const shape = POOL_TASK_METHODS[target.method];
      if (!shape) return false;
      const [fn, iterable, ...rest] = argumentsOf(call);
      const env =
        shape === 'one'
          ? positionalEnv([iterable, ...rest].filter(Boolean) as PyNode[], this.bounds, this.unit)
          : shape === 'args'
            ? argsTupleEnv(iterable ?? keywordArguments(call, source).get('args'), this.bounds, this.unit)
            : eachEnv(iterable, shape === 'each-star', this.bounds, this.unit);
      this.dispatch(call, receiver.type.slice(5) as Executor, 'pool-task', fn, env, target.method);
      return true;
    }
    return false;
  }

  private dispatch(call: PyNode, executor: Executor, via: Dispatch['via'], fn: PyNode | undefined, env: Env, method?: string): void {
    const callable = fn ? this.resolveCallable(fn) : undefined;
    const targetUnit = callable?.unit;
    const targetEnv = callable ? bindCallable(callable, env) : env;
    if (targetUnit) this.summarizer.recordCallSite(targetUnit, targetEnv);
    this.summary.dispatches.push({
      call,
      executor,
      via,
      method,
      target: targetUnit,
      targetText: fn ? this.text(fn) : '?',
      env: targetEnv,
      unit: this.unit,
    });
    const what = executorName(executor);
    const name = fn ? `${this.text(fn)}()` : 'work';
    this.push(this.summary.joins, this.signal(call, `Hands ${name} to ${what}`, `hands ${name} to ${what}`, 'context'));
  }

  private offload(call: PyNode, fn: PyNode | undefined, args: PyNode[]): void {
    const callable = fn ? this.resolveCallable(fn) : undefined;
    const targetUnit = callable?.unit;
    const name = fn ? `${this.text(fn)}()` : 'work';
    this.summary.dispatches.push({
      call,
      executor: 'thread-pool',
      via: 'offload',
      target: targetUnit,
      targetText: fn ? this.text(fn) : '?',
      env: callable ? bindCallable(callable, positionalEnv(args, this.bounds, this.unit)) : EMPTY_ENV,
      unit: this.unit,
    });
    const message = `Runs ${name} on a worker thread (asyncio.to_thread / run_in_executor): the event loop stays free`;
    this.push(this.summary.asyncIo, this.signal(call, message, `awaits ${name} on a worker thread`, 'io-call'));
    this.markLoopIo();
  }

  /**
   * A callable passed as a value: `f`, `module.f`, `self.method` and `obj.method` (bound: `self`
   * is taken), a lambda, or `functools.partial(f, x)` (its arguments bind `f`'s first parameters).
   */
  private resolveCallable(node: PyNode, depth = 0): CallableRef | undefined {
    if (depth > 5) return undefined;
    if (node.type === 'lambda') {
      const unit = this.unit.module.lambdas.get(node.start);
      return unit ? { unit, env: EMPTY_ENV, offset: 0 } : undefined;
    }
    if (node.type === 'call') return this.resolvePartial(node, depth);
    const fake = node.derive({ type: 'call', children: [node.derive({ field: 'function' })] });
    const target = this.resolver.resolveCall(this.unit, fake);
    if (target.resolved.kind !== 'unit') return undefined;
    const unit = target.resolved.unit;
    const first = unit.params[0]?.name;
    const bound = node.type === 'attribute' && unit.className !== undefined && (first === 'self' || first === 'cls') && target.receiver?.kind !== 'class';
    return { unit, env: EMPTY_ENV, offset: bound || (first === 'cls' && unit.className !== undefined) ? 1 : 0 };
  }

  private resolvePartial(call: PyNode, depth: number): CallableRef | undefined {
    const target = this.resolver.resolveCall(this.unit, call);
    if (target.resolved.kind !== 'external' || !PARTIALS.has(target.resolved.qualified)) return undefined;
    const [fn, ...args] = argumentsOf(call);
    const inner = fn ? this.resolveCallable(fn, depth + 1) : undefined;
    if (!inner) return undefined;
    const env = new Map(inner.env);
    const params = positionalParams(inner.unit);
    args.forEach((arg, index) => {
      const param = params[inner.offset + index];
      const value = param && known(arg, this.bounds, this.unit);
      if (param && value) env.set(param.name, value);
    });
    for (const [name, arg] of keywordArguments(call, this.unit.module.source)) {
      const value = known(arg, this.bounds, this.unit);
      if (value && params.some((param) => param.name === name)) env.set(name, value);
    }
    return { unit: inner.unit, env, offset: inner.offset + args.length };
  }

  // ---- recursion ------------------------------------------------------------------------------

  private applyRecursion(): void {
    if (this.selfCalls === 0) return;
    const depthHint = [...this.env.values()].map((value) => value.value).filter((value): value is number => value !== undefined);
    const bodyOps = Math.max(this.summary.ops, 1);
    const node = this.unit.nameNode;
    if (this.selfCalls >= 2) {
      const depth = depthHint.length > 0 ? Math.min(...depthHint.map(Math.abs)) : undefined;
      const growth = recursionGrowth(this.selfDecrements.length === this.selfCalls ? this.selfDecrements : [1, 1]);
      const calls = depth !== undefined ? Math.min(growth ** Math.min(depth, 60), 1e18) : Infinity;
      if (calls === Infinity || calls * bodyOps >= this.summarizer.thresholdOps) {
        const clause = `calls itself ${this.selfCalls} times per call (exponential recursion)`;
        // without a known depth the recursion's size is a guess
        this.push(this.summary.cpu, { ...this.signal(node, capitalize(clause), clause, 'recursion'), ...(depth === undefined ? { heuristic: true } : {}) });
      }
      const ops = calls === Infinity ? this.summarizer.thresholdOps : calls * bodyOps;
      this.summary.ops = ops;
      this.summary.heaviest = { ops, clause: 'recurses into itself', line: lineOf(node), file: this.file };
      this.summary.dataDependent ||= depth === undefined;
      return;
    }
    this.summary.ops = bodyOps * this.summarizer.config.unknownLoopBound;
    this.summary.dataDependent = true;
  }
}

const SHRINKING_OPERATORS: ReadonlySet<string> = new Set(['>>', '//', '/']);

/**
 * The operations of the statement a call is all of, its result dropped (`sink.publish(event)`:
 * the statement) or put back in place of its receiver (`pipe = pipe.llen(key)`: the statement and
 * the binding); none for a call whose result is used.
 */
function statementOps(call: PyNode, receiver: string, source: PySource): number {
  const parent = call.parent;
  if (parent?.type === 'expression_statement') return 1;
  const left = parent?.type === 'assignment' ? childByField(parent, 'left') : undefined;
  if (!parent || !left || !sameNode(childByField(parent, 'right'), call) || textOf(source, left) !== receiver) return 0;
  return parent.parent?.type === 'expression_statement' ? 2 : 1;
}

/**
 * The names a loop's items go by: the targets of a `for` or of a comprehension's clauses, and
 * what a `while` condition tests (`while i < len(lines)`: `lines[i]` is the item).
 */
function loopItemNames(unit: FunctionUnit, loop: PyNode): ReadonlySet<string> {
  const source = unit.module.source;
  if (loop.type === 'while_statement') {
    const condition = childByField(loop, 'condition');
    return new Set(condition ? [condition, ...ownDescendants(condition)].filter((node) => node.type === 'identifier').map((node) => textOf(source, node)) : []);
  }
  const clauses = loop.type === 'for_statement' ? [loop] : loop.children.filter((child) => child.type === 'for_in_clause');
  const names = new Set<string>();
  for (const clause of clauses) {
    const left = childByField(clause, 'left');
    if (left) for (const target of targetsOf(left)) names.add(textOf(source, target));
  }
  return names;
}

/**
 * `while data: sent = out.send(data); data = data[sent:]`: the loop hands what it tests on in
 * chunks, each as long as a call took (a send loop). Its turns count partial sends, not items, and
 * the work on the bytes is the callee's.
 */
function handsOnInChunks(unit: FunctionUnit, loop: PyNode): boolean {
  const source = unit.module.source;
  const body = childByField(loop, 'body');
  if (!body) return false;
  const takenByCall = new Set<string>();
  const rests: { target: string; value: string; start: string }[] = [];
  for (const node of ownDescendants(body)) {
    if (node.type !== 'assignment') continue;
    const left = childByField(node, 'left');
    const right = childByField(node, 'right');
    if (left?.type !== 'identifier' || !right) continue;
    if (right.type === 'call' || (right.type === 'await' && namedChildren(right)[0]?.type === 'call')) takenByCall.add(textOf(source, left));
    const slice = right.type === 'subscript' ? namedChildren(right)[1] : undefined;
    const start = slice?.type === 'slice' ? namedChildren(slice) : [];
    const value = right.type === 'subscript' ? childByField(right, 'value') : undefined;
    if (value && start.length === 1 && start[0].type === 'identifier' && slice && slice.children[0]?.type !== ':') {
      rests.push({ target: textOf(source, left), value: textOf(source, value), start: textOf(source, start[0]) });
    }
  }
  return rests.some((rest) => rest.target === rest.value && takenByCall.has(rest.start));
}

/** `while n: … n >>= 8` (or `n //= 10`, `n = n >> 7`): the value the condition tests shrinks geometrically. */
function shrinksGeometrically(unit: FunctionUnit, loop: PyNode): boolean {
  const source = unit.module.source;
  const condition = childByField(loop, 'condition');
  const body = childByField(loop, 'body');
  if (!condition || !body) return false;
  const tested = new Set<string>();
  if (condition.type === 'identifier') tested.add(textOf(source, condition));
  for (const node of ownDescendants(condition)) if (node.type === 'identifier') tested.add(textOf(source, node));
  for (const node of ownDescendants(body)) {
    const left = node.type === 'augmented_assignment' || node.type === 'assignment' ? childByField(node, 'left') : undefined;
    if (left?.type !== 'identifier' || !tested.has(textOf(source, left))) continue;
    if (node.type === 'augmented_assignment') {
      const operator = childByField(node, 'operator');
      if (operator && SHRINKING_OPERATORS.has(textOf(source, operator).replace('=', ''))) return true;
      continue;
    }
    const right = childByField(node, 'right');
    const operator = right?.type === 'binary_operator' ? childByField(right, 'operator') : undefined;
    const operand = right?.type === 'binary_operator' ? childByField(right, 'left') : undefined;
    if (operator && operand && SHRINKING_OPERATORS.has(textOf(source, operator)) && textOf(source, operand) === textOf(source, left)) return true;
  }
  return false;
}

const CONSTANT_INDEX_TYPES: ReadonlySet<string> = new Set(['integer', 'string', 'unary_operator', 'true', 'false', 'none']);
/** Index expressions that are positions: a counter, an offset from one, a field of the object (`self.pos`). */
const POSITION_TYPES: ReadonlySet<string> = new Set(['identifier', 'binary_operator', 'attribute']);

/** `out[key] = value`, `buf[i] += 1`: the subscript is written, not read. */
function isStoreTarget(node: PyNode): boolean {
  const parent = node.parent;
  return (parent?.type === 'assignment' || parent?.type === 'augmented_assignment') && sameNode(childByField(parent, 'left'), node);
}

/**
 * `while i < end: if s[i] != ".": return …`: a loop whose first step leaves at the first item
 * unlike a constant is a trim; it runs over a few leading items, not over the data.
 */
function exitsAtFirstMismatch(loop: PyNode): boolean {
  const first = namedChildren(childByField(loop, 'body') ?? loop)[0];
  if (first?.type !== 'if_statement') return false;
  const condition = childByField(first, 'condition');
  const operators = condition?.type === 'comparison_operator' ? condition.children.filter((child) => child.field === 'operators').map((child) => child.type) : [];
  const exits = namedChildren(childByField(first, 'consequence') ?? first).some((child) => child.type === 'return_statement' || child.type === 'break_statement');
  return exits && operators.length === 1 && (operators[0] === '!=' || operators[0] === 'not in') && namedChildren(condition as PyNode).some((side) => CONSTANT_INDEX_TYPES.has(side.type) || side.type === 'identifier');
}

/**
 * `data[pos]`, `data[i:i + 4]`: an index the loop computes reads an item or a field at a position;
 * a constant (`x[0]`, `x["key"]`, `x[:2]`) picks a field, and an open slice (`data[sent:]`) is the rest.
 */
function readsByPosition(source: { text: string }, index: PyNode): boolean {
  if (index.type !== 'slice') return POSITION_TYPES.has(index.type);
  // `start:stop:step`, each part optional: a part's place is the number of colons before it
  const parts: (PyNode | undefined)[] = [undefined, undefined, undefined];
  let colons = 0;
  let at = index.start;
  for (const child of namedChildren(index)) {
    colons += (source.text.slice(at, child.start).match(/:/g) ?? []).length;
    if (colons < parts.length) parts[colons] = child;
    at = child.end;
  }
  const [start, stop] = parts;
  return start !== undefined && stop !== undefined && (!CONSTANT_INDEX_TYPES.has(start.type) || !CONSTANT_INDEX_TYPES.has(stop.type));
}

/** How much a self-call's argument lowers the size: `n - 2` → 2; anything else counts as one level. */
function decrementOf(arg: PyNode | undefined, source: { text: string }): number {
  if (arg?.type !== 'binary_operator') return 1;
  const operator = childByField(arg, 'operator');
  const right = childByField(arg, 'right');
  if (!operator || !right || textOf(source, operator) !== '-' || right.type !== 'integer') return 1;
  return parseInteger(textOf(source, right)) ?? 1;
}

/** `@lru_cache` / `@cache`: repeated calls are dictionary lookups, so guessed costs do not carry over. */
function isMemoized(unit: FunctionUnit): boolean {
  const decorated = unit.node.parent;
  if (decorated?.type !== 'decorated_definition') return false;
  return decorated.children.some((child) => child.type === 'decorator' && MEMOIZING_DECORATOR.test(textOf(unit.module.source, child)));
}

/** The first signal not guessed from a name, else the first: evidence a reader can check comes first. */
function firstCertain(signals: Signal[]): Signal {
  return signals.find((signal) => !signal.guessed) ?? signals[0];
}

/** The name a scanning kernel goes by in the catalog's sets: `re.sub`, `sorted`, or a method's name (`sub`, `sort`). */
function kernelName(target: CallTarget): string {
  if (target.resolved.kind === 'external') return canonicalName(target.resolved.qualified);
  return target.method ?? '';
}

/** `if …: return`: the statements after it run only when the condition fails (a `raise` guard is an error path, not another way through). */
function returnsEarly(statement: PyNode): boolean {
  const consequence = childByField(statement, 'consequence');
  return consequence !== undefined && namedChildren(consequence).some((child) => child.type === 'return_statement');
}

/** `self`, `self.items()`, `len(self)`: the items of the object itself (not `self.attr`, its bookkeeping). */
function readsOwnItems(unit: FunctionUnit, node: PyNode): boolean {
  const source = unit.module.source;
  if (node.type === 'identifier') return textOf(source, node) === 'self';
  if (node.type === 'attribute') return false;
  if (node.type === 'call') {
    const fn = childByField(node, 'function');
    const object = fn?.type === 'attribute' ? childByField(fn, 'object') : undefined;
    const method = fn?.type === 'attribute' ? childByField(fn, 'attribute') : undefined;
    if (object?.type === 'identifier' && textOf(source, object) === 'self' && method && CONTAINER_VIEWS.has(textOf(source, method))) return true;
  }
  return node.children.some((child) => child.type !== 'lambda' && readsOwnItems(unit, child));
}

/** `table[key]` when the table has its own such entry (never an inherited `constructor`). */
function ownEntry<T>(table: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return table !== undefined && Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

function present(node: PyNode | undefined): PyNode[] {
  return node ? [node] : [];
}

// ---- argument binding ---------------------------------------------------------------------------

function known(node: PyNode | undefined, bounds: BoundEvaluator, unit: FunctionUnit): KnownValue | undefined {
  if (!node) return undefined;
  const value = bounds.known(node);
  return value ? { ...value, origin: `from the call at ${path.basename(unit.module.path)}:${lineOf(node)}` } : undefined;
}

function positionalParams(unit: FunctionUnit) {
  return unit.params.filter((param) => !param.variadic);
}

/** The values a function runs with when called without arguments: its parameters' defaults. */
export function defaultEnv(unit: FunctionUnit): Env {
  return withDefaults(unit, new Map());
}

/** Parameters the call leaves out run with their default values (`def work(n=10_000_000)`). */
function withDefaults(callee: FunctionUnit, env: Map<string, KnownValue>): Map<string, KnownValue> {
  const scope = callee.parent ?? callee.module.moduleUnit;
  for (const param of callee.params) {
    if (param.variadic || !param.defaultValue || env.has(param.name)) continue;
    const value = new BoundEvaluator(scope, EMPTY_ENV).known(param.defaultValue);
    if (value) env.set(param.name, { ...value, origin: `the default value at ${path.basename(callee.module.path)}:${lineOf(param.defaultValue)}` });
  }
  return env;
}

/** Binds a call's arguments to the callee's parameters (`skipSelf` for methods and constructors). */
export function bindArguments(
  callee: FunctionUnit,
  call: PyNode,
  caller: FunctionUnit,
  bounds: BoundEvaluator,
  skipSelf: boolean,
  typeOf: (arg: PyNode) => string | undefined = () => undefined,
): Env {
  const params = callee.params.filter((param) => !param.variadic);
  const positional = skipSelf && params[0] && (params[0].name === 'self' || params[0].name === 'cls') ? params.slice(1) : params;
  const env = new Map<string, KnownValue>();
  const valueOf = (arg: PyNode): KnownValue | undefined => {
    const value = known(arg, bounds, caller);
    const type = typeOf(arg);
    return type === undefined ? value : { ...value, type };
  };
  const args = argumentsOf(call);
  args.forEach((arg, index) => {
    const param = positional[index];
    const value = param && valueOf(arg);
    if (param && value) env.set(param.name, value);
  });
  for (const [name, arg] of keywordArguments(call, caller.module.source)) {
    const value = valueOf(arg);
    if (value && params.some((param) => param.name === name)) env.set(name, value);
  }
  return hasSplat(call) ? env : withDefaults(callee, env);
}

/** `f(*args)`, `f(**options)`: which parameters are left out is unknown. */
function hasSplat(call: PyNode): boolean {
  const args = childByField(call, 'arguments');
  return args !== undefined && namedChildren(args).some((arg) => arg.type.endsWith('splat'));
}

/** `apply_async(f, (x, y))` or `args=(x, y)`: the tuple's items are the positional arguments. */
function argsTupleEnv(args: PyNode | undefined, bounds: BoundEvaluator, unit: FunctionUnit): Env {
  const elements = args && (args.type === 'tuple' || args.type === 'list') ? namedChildren(args) : [];
  return positionalEnv(elements, bounds, unit);
}

/** `Thread(target=f, args=(10,), kwargs={...})` → positional `#0`, `#1` and keyword entries. */
function spawnEnv(kwargs: Map<string, PyNode>, bounds: BoundEvaluator, unit: FunctionUnit): Env {
  const args = kwargs.get('args');
  const elements = args && (args.type === 'tuple' || args.type === 'list') ? namedChildren(args) : [];
  const env = positionalEnv(elements, bounds, unit) as Map<string, KnownValue>;
  const extra = kwargs.get('kwargs');
  if (extra?.type === 'dictionary') {
    for (const pair of namedChildren(extra)) {
      const key = childByField(pair, 'key');
      const value = known(childByField(pair, 'value'), bounds, unit);
      const name = key ? /^['"](\w+)['"]$/.exec(textOf(unit.module.source, key))?.[1] : undefined;
      if (name && value) env.set(name, value);
    }
  }
  return env;
}

function positionalEnv(args: PyNode[], bounds: BoundEvaluator, unit: FunctionUnit): Env {
  const env = new Map<string, KnownValue>();
  args.forEach((arg, index) => {
    const value = known(arg, bounds, unit);
    if (value) env.set(`#${index}`, value);
  });
  return env;
}

/** `pool.map(f, [10, 20])`, `map(f, [N] * 4)`, `range(N)`: the largest item stands for every call. */
function eachEnv(iterable: PyNode | undefined, star: boolean, bounds: BoundEvaluator, unit: FunctionUnit): Env {
  if (!star) {
    const item = bounds.item(iterable);
    const origin = iterable ? `from the call at ${path.basename(unit.module.path)}:${lineOf(iterable)}` : undefined;
    return item ? new Map([['#0', { ...item, origin }]]) : EMPTY_ENV;
  }
  const items = literalItems(iterable, unit);
  let best: Env = EMPTY_ENV;
  let bestScore = -1;
  for (const item of items) {
    const args = star && (item.type === 'tuple' || item.type === 'list') ? namedChildren(item) : [item];
    const env = positionalEnv(args, bounds, unit);
    const score = Math.max(0, ...[...env.values()].map((value) => value.value ?? value.length ?? 0));
    if (score > bestScore) {
      best = env;
      bestScore = score;
    }
  }
  return best;
}

/** The items of a literal list/tuple, directly or through a name assigned one. */
function literalItems(node: PyNode | undefined, unit: FunctionUnit): PyNode[] {
  if (!node) return [];
  if (node.type === 'list' || node.type === 'tuple') return namedChildren(node);
  // `[(n, k) for n in NUMS]`: the element stands for every item (its loop variable is known)
  if (node.type === 'list_comprehension' || node.type === 'generator_expression') return present(childByField(node, 'body'));
  if (node.type === 'binary_operator') {
    // `[(a, b)] * 4`
    const left = childByField(node, 'left');
    const right = childByField(node, 'right');
    return left?.type === 'list' || left?.type === 'tuple' ? literalItems(left, unit) : literalItems(right, unit);
  }
  if (node.type === 'identifier') {
    const name = textOf(unit.module.source, node);
    for (let scope: FunctionUnit | undefined = unit; scope; scope = scope.parent) {
      const value = scope.constants.get(name);
      if (value) return literalItems(value, scope);
    }
    const value = unit.module.moduleUnit.constants.get(name);
    return value && unit !== unit.module.moduleUnit ? literalItems(value, unit.module.moduleUnit) : [];
  }
  return [];
}

/**
 * Turns positional `#i` entries into the callable's parameter names (after those it already has:
 * `self`, partial's arguments), adds what partial bound, and the defaults of the rest.
 */
function bindCallable(callable: CallableRef, env: Env): Env {
  const params = positionalParams(callable.unit);
  const result = new Map<string, KnownValue>(callable.env);
  for (const [key, value] of env) {
    if (key.startsWith('#')) {
      const param = params[callable.offset + Number(key.slice(1))];
      if (param) result.set(param.name, value);
    } else {
      result.set(key, value);
    }
  }
  return withDefaults(callable.unit, result);
}

// ---- formatting ---------------------------------------------------------------------------------

export function envKey(env: Env): string {
  if (env.size === 0) return '';
  return [...env.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => `${name}=${knownKey(value)}`)
    .join(',');
}

function knownKey(value: KnownValue): string {
  return `${value.value ?? ''}/${value.length ?? ''}${value.item ? `[${knownKey(value.item)}]` : ''}${value.type ? `:${value.type}` : ''}`;
}

/** Python operations as time on the calibrated machine class, or the project's calibration: `≈ 450 ms`. */
export function formatPyTime(ops: number, config: Pick<ThreadwiseConfig, 'calibration'>): string {
  return formatProjectMs(config.calibration, 'py', ops);
}

export function executorName(executor: Executor): string {
  switch (executor) {
    case 'thread':
      return 'a thread';
    case 'process':
      return 'a process';
    case 'thread-pool':
      return 'a thread pool';
    case 'process-pool':
      return 'a process pool';
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Literal characters a regular expression must begin with for the engine to search for them first. */
const LITERAL_PREFIX_CHARS = 3;

/**
 * Does the pattern literal (`r'"GET /item/\d+'`) begin with at least LITERAL_PREFIX_CHARS literal
 * characters (escaped punctuation included, a character made optional by a quantifier not)?
 */
export function beginsWithLiteralText(literal: string): boolean {
  const match = /^[a-zA-Z]*('''|"""|'|")([\s\S]*)\1$/.exec(literal);
  if (!match) return false;
  const pattern = match[2];
  let literals = 0;
  let index = 0;
  while (index < pattern.length && literals <= LITERAL_PREFIX_CHARS) {
    const char = pattern[index];
    if (char === '\\') {
      const next = pattern[index + 1];
      if (next === undefined || /[dDwWsSbBAZ0-9]/.test(next)) break;
      index += 2;
    } else if ('.^$*+?()[]{}|'.includes(char)) {
      break;
    } else {
      index += 1;
    }
    literals++;
  }
  // `ab*`: the last literal is optional
  if ('*?{'.includes(pattern[index] ?? '')) literals--;
  return literals >= LITERAL_PREFIX_CHARS;
}
