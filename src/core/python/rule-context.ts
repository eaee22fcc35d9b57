/**
 * `PythonRuleContext`: the facts the Python rules judge, computed once per file from the
 * analysis (summaries, resolution). Rules only filter these facts and phrase findings, so every
 * rule stays short and the semantic work lives here.
 */
import type { ThreadwiseConfig } from '../config';
import type { FileReport, FunctionReport } from '../model';
import { EMPTY_ENV, argumentsOf, keywordArguments } from './bounds';
import { type CallInfo, COMMAND_RUNNERS, type Executor, IN_MEMORY_TYPES, OFFLOADERS, POOL_RELEASE_METHODS, POOLS } from '../catalog/python';
import { type FunctionUnit, MODULE_UNIT_NAME, type PyModule, ownNodes } from './summarize';
import type { CallTarget, Linker } from './link';
import type { LoopRegistration } from './loop-callbacks';
import { type Dispatch, type Evaluator, type Summary } from './evaluate';
import type { PyNode } from './syntax';
import {
  SCOPE_TYPES,
  childByField,
  descendants,
  enclosing,
  lineOf,
  namedChildren,
  ownDescendants,
  sameNode,
  statementOf,
  textOf,
} from './syntax';
import { OPEN_ENDED_LOOPS, repeatsInLoop, underOnceGuard } from './once-guards';
import { type Verdict, classify, hasCpuEvidence } from './verdict';

/** A hand-off of work to a thread, process or pool, with the verdict of what runs there. */
export interface DispatchFact {
  dispatch: Dispatch;
  /** the target's summary for the arguments this call site passes */
  targetSummary?: Summary;
  targetVerdict?: Verdict;
  /** the target's report in its own file (location and evidence for related info) */
  targetReport?: FunctionReport;
  /** the innermost loop around the hand-off in the same function */
  loop?: PyNode;
  moduleLevel: boolean;
  mainGuarded: boolean;
  /**
   * a process started to serve for the program's life: its function runs a server or service loop
   * and the starting function does not join it (a tunnel, a helper server it can terminate)
   */
  longLivedService: boolean;
}

export interface PoolFact {
  call: PyNode;
  executor: Executor;
  unit: FunctionUnit;
  /** `with Pool() as p`, a `close()/shutdown()` on it, or neither */
  management: 'with' | 'released' | 'unmanaged' | 'escapes';
  variable?: string;
  /** the assignment statement that creates the pool, when there is one */
  statement?: PyNode;
  moduleLevel: boolean;
  mainGuarded: boolean;
  /**
   * a module's own concurrent.futures executor that the module's functions draw on: a pool for the
   * whole process run, which the interpreter shuts down at exit (its workers are joined then)
   */
  processLifetime: boolean;
}

/** A blocking call reached from `async def` (directly, or through a synchronous helper). */
export interface AsyncBlockingFact {
  unit: FunctionUnit;
  call: PyNode;
  /** `time.sleep`, `requests.get`, `load_config` */
  display: string;
  qualified?: string;
  effect: 'blocking-io' | 'wait';
  /** only local file-system or OS calls (CallInfo.local): microseconds to milliseconds, no round trip */
  local: boolean;
  /** one metadata lookup, made once (CallInfo.probe, or a helper that makes only such lookups) */
  probe: boolean;
  asyncAlternative?: string;
  /** waits for concurrent work the code started (`thread.join()`, `future.result()`, `pool.shutdown()`) */
  joins?: boolean;
  /** set when the blocking happens inside a synchronous helper */
  via?: { unit: FunctionUnit; message: string; line: number; file: string };
  /** set when the function is plain `def` code an event loop runs as a callback: where it is handed to the loop */
  loop?: LoopRegistration;
}

/** An `async def` whose own steps do CPU work the evidence sizes above the threshold: the event loop runs it. */
export interface AsyncCpuFact {
  unit: FunctionUnit;
  summary: Summary;
  /** the CPU part is mostly calls that release the GIL (a thread can take it off the loop) */
  gilFree: boolean;
  /** set when the function is a framework's synchronous request method the loop runs per request (tornado `def get`) */
  handler?: LoopRegistration;
}

/**
 * `self._buffer += data` in a protocol's `data_received` (run by the event loop for each chunk a
 * peer sends) where the buffer is immutable `bytes` or `str`: every chunk copies everything
 * buffered so far, so a message that arrives in n chunks costs copying quadratic in its size,
 * on the loop. The magnitude is the peer's: request data on a request path.
 */
export interface BufferGrowthFact {
  unit: FunctionUnit;
  /** the augmented assignment */
  statement: PyNode;
  /** `self._buffer` as written */
  buffer: string;
  /** `bytes` or `str` */
  kind: 'bytes' | 'str';
}

/** A loop whose iterations each make a blocking I/O call that does not depend on the others. */
export interface IoLoopFact {
  unit: FunctionUnit;
  loop: PyNode;
  calls: { call: PyNode; display: string }[];
  /** the loop variable name(s) as written */
  variable: string;
  isAsync: boolean;
}

/** A module-level statement that starts processes while no `if __name__ == "__main__":` guards it. */
export interface UnguardedStartFact {
  statement: PyNode;
  call: PyNode;
  /** what starts the processes */
  what: string;
}

export interface PythonRuleContext {
  path: string;
  text: string;
  config: ThreadwiseConfig;
  module: PyModule;
  report: FileReport;
  dispatches: DispatchFact[];
  pools: PoolFact[];
  asyncBlocking: AsyncBlockingFact[];
  asyncCpu: AsyncCpuFact[];
  bufferGrowth: BufferGrowthFact[];
  ioLoops: IoLoopFact[];
  unguardedProcessStarts: UnguardedStartFact[];
}

export interface RuleContextInput {
  module: PyModule;
  report: FileReport;
  config: ThreadwiseConfig;
  summarizer: Evaluator;
  resolver: Linker;
  summaryOf(unit: FunctionUnit): Summary | undefined;
  reportOfUnit(unit: FunctionUnit): FunctionReport | undefined;
  /** the function runs once per program (the main coroutine and what it calls once: start-up) */
  runsOnce(unit: FunctionUnit): boolean;
  /** the function runs once per program or per object: set-up behind a lazy-initialisation test */
  runsOncePerObject(unit: FunctionUnit): boolean;
  /** where the function is handed to an event loop as a callback (undefined: it is not) */
  loopRegistrations(unit: FunctionUnit): readonly LoopRegistration[] | undefined;
  /** the coroutine runs alone on an event loop a thread made for itself (nothing else waits on that loop) */
  onPrivateLoop(unit: FunctionUnit): boolean;
}

export function buildRuleContext(input: RuleContextInput): PythonRuleContext {
  const dispatches = collectDispatches(input);
  const pools = collectPools(input);
  return {
    path: input.module.path,
    text: input.module.source.text,
    config: input.config,
    module: input.module,
    report: input.report,
    dispatches,
    pools,
    asyncBlocking: collectAsyncBlocking(input),
    asyncCpu: collectAsyncCpu(input),
    bufferGrowth: collectBufferGrowth(input.module),
    ioLoops: collectIoLoops(input),
    unguardedProcessStarts: collectUnguardedStarts(input, dispatches, pools),
  };
}

// ---- dispatches -----------------------------------------------------------------------------

const LOOP_TYPES: ReadonlySet<string> = new Set(['for_statement', 'while_statement']);

function collectDispatches(input: RuleContextInput): DispatchFact[] {
  const facts: DispatchFact[] = [];
  const seen = new Set<number>();
  for (const unit of input.module.units) {
    const summary = input.summaryOf(unit) ?? input.summarizer.summarize(unit, EMPTY_ENV);
    for (const dispatch of summary?.dispatches ?? []) {
      if (seen.has(dispatch.call.start)) continue;
      seen.add(dispatch.call.start);
      const targetSummary = dispatch.target ? input.summarizer.summarize(dispatch.target, dispatch.env) : undefined;
      facts.push({
        dispatch,
        targetSummary,
        targetVerdict: targetSummary ? classify(targetSummary, input.config) : undefined,
        targetReport: dispatch.target ? input.reportOfUnit(dispatch.target) : undefined,
        loop: enclosing(dispatch.call, LOOP_TYPES),
        moduleLevel: unit.name === MODULE_UNIT_NAME,
        mainGuarded: isMainGuarded(input.module, dispatch.call),
        longLivedService:
          dispatch.executor === 'process' && dispatch.target !== undefined && !enclosing(dispatch.call, LOOP_TYPES) && servesForever(input, dispatch.target) && !joinedWhereStarted(dispatch),
      });
    }
  }
  return facts;
}

/** What runs until it is stopped: a server's loop, an event loop kept running. */
const SERVICE_CALLS: ReadonlySet<string> = new Set(['serve_forever', 'run_forever', 'serve', 'loop_forever']);
/** calls followed into what the target calls, looking for its service loop */
const MAX_SERVICE_DEPTH = 2;

/**
 * The process's function serves until stopped: it (or what it calls, two levels down) calls
 * `serve_forever()`/`run_forever()` or runs a `while True:` loop that accepts connections.
 */
function servesForever(input: RuleContextInput, unit: FunctionUnit, depth = 0, seen = new Set<string>()): boolean {
  if (seen.has(unit.id)) return false;
  seen.add(unit.id);
  const source = unit.module.source;
  if (unit.body.children.some((statement) => statement.type === 'while_statement' && acceptsConnections(source, statement))) return true;
  for (const call of ownNodes(unit).calls) {
    const fn = childByField(call, 'function');
    const name = fn?.type === 'attribute' ? childByField(fn, 'attribute') : fn;
    if (name && SERVICE_CALLS.has(textOf(source, name))) return true;
    if (depth >= MAX_SERVICE_DEPTH) continue;
    const target = input.resolver.resolveCall(unit, call).resolved;
    if (target.kind === 'unit' && servesForever(input, target.unit, depth + 1, seen)) return true;
  }
  return false;
}

/** `while True: conn, _ = listener.accept()`: a server's loop (a loop over one connection's data ends with it). */
function acceptsConnections(source: PyModule['source'], loop: PyNode): boolean {
  const condition = childByField(loop, 'condition');
  if (!condition || !/^\s*(True|1)\s*$/.test(textOf(source, condition))) return false;
  return [...ownDescendants(loop)].some((node) => {
    if (node.type !== 'call') return false;
    const fn = childByField(node, 'function');
    const method = fn?.type === 'attribute' ? childByField(fn, 'attribute') : undefined;
    return method !== undefined && textOf(source, method) === 'accept' && argumentsOf(node).length === 0;
  });
}

/** `p = Process(...); p.start(); p.join()` in one function: the caller waits for it, a task. */
function joinedWhereStarted(dispatch: Dispatch): boolean {
  const source = dispatch.unit.module.source;
  const parent = dispatch.call.parent;
  const holder = parent?.type === 'assignment' ? childByField(parent, 'left') : undefined;
  if (!holder) return false;
  const name = textOf(source, holder);
  return ownNodes(dispatch.unit).calls.some((call) => {
    const fn = childByField(call, 'function');
    const object = fn?.type === 'attribute' ? childByField(fn, 'object') : undefined;
    const method = fn?.type === 'attribute' ? childByField(fn, 'attribute') : undefined;
    return object !== undefined && method !== undefined && textOf(source, object) === name && textOf(source, method) === 'join';
  });
}

/** True inside `if __name__ == "__main__":` (either quote style, either operand order). */
export function isMainGuarded(module: PyModule, node: PyNode): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'if_statement' && isMainGuard(module, current)) return true;
  }
  return false;
}

export function isMainGuard(module: PyModule, ifStatement: PyNode): boolean {
  const condition = childByField(ifStatement, 'condition');
  if (!condition) return false;
  const text = textOf(module.source, condition).replace(/\s+/g, '');
  return /^(__name__==(['"])__main__\2|(['"])__main__\3==__name__)$/.test(text);
}

// ---- pools ----------------------------------------------------------------------------------

function collectPools(input: RuleContextInput): PoolFact[] {
  const facts: PoolFact[] = [];
  for (const unit of input.module.units) {
    for (const node of ownNodes(unit).calls) {
      const target = input.resolver.resolveCall(unit, node);
      const executor = poolExecutor(target);
      const qualified = target.resolved.kind === 'external' ? target.resolved.qualified : '';
      if (executor) facts.push(describePool(input, unit, node, executor, qualified.startsWith('concurrent.futures.')));
    }
  }
  return facts;
}

function poolExecutor(target: CallTarget): Executor | undefined {
  return target.resolved.kind === 'external' ? POOLS[target.resolved.qualified] : undefined;
}

function describePool(input: RuleContextInput, unit: FunctionUnit, call: PyNode, executor: Executor, shutDownAtExit: boolean): PoolFact {
  const source = input.module.source;
  const base = {
    call,
    executor,
    unit,
    processLifetime: false,
    moduleLevel: unit.name === MODULE_UNIT_NAME,
    mainGuarded: isMainGuarded(input.module, call),
  };
  const parent = call.parent;
  if (parent?.type === 'with_item' || (parent?.type === 'as_pattern' && parent.parent?.type === 'with_item')) {
    return { ...base, management: 'with' };
  }
  const binding = poolBinding(call);
  if (!binding) {
    const escapes = parent?.type === 'argument_list' || parent?.type === 'return_statement' || (parent?.type === 'assignment' && childByField(parent, 'left')?.type === 'attribute');
    return { ...base, management: escapes ? 'escapes' : 'unmanaged' };
  }
  const variable = textOf(source, binding.target);
  // only `pool = Pool()` can be rewritten into a with block by the fix
  const statement = binding.unpacked ? undefined : statementOf(binding.assignment);
  const scopes = poolScopes(input.module, unit, variable);
  const processLifetime = shutDownAtExit && base.moduleLevel && scopes.slice(1).some((scope) => readsName(input.module, scope, variable));
  return { ...base, processLifetime, variable, statement, management: poolManagement(input, scopes, variable, call) };
}

/** The name a pool is bound to: `pool = Pool()`, or its place in `a, b = Pool(), Pool()` / `(Pool(), Pool())`. */
function poolBinding(call: PyNode): { target: PyNode; assignment: PyNode; unpacked: boolean } | undefined {
  let value = call;
  let container = call.parent;
  if (container?.type === 'expression_list' || container?.type === 'tuple') {
    value = container;
    container = container.parent;
    while (container?.type === 'parenthesized_expression') {
      value = container;
      container = container.parent;
    }
  }
  if (container?.type !== 'assignment' || !sameNode(childByField(container, 'right'), value)) return undefined;
  const left = childByField(container, 'left');
  if (!left) return undefined;
  if (sameNode(value, call)) return left.type === 'identifier' ? { target: left, assignment: container, unpacked: false } : undefined;
  const items = namedChildren(value.type === 'parenthesized_expression' ? namedChildren(value)[0] ?? value : value);
  const targets = namedChildren(left);
  const target = targets[items.findIndex((item) => sameNode(item, call))];
  return target?.type === 'identifier' && items.length === targets.length ? { target, assignment: container, unpacked: true } : undefined;
}

/**
 * Where a pool variable can be released: the function that creates it, and for a module-level
 * (or `global`) variable every function of the module that does not bind the name itself.
 */
function poolScopes(module: PyModule, unit: FunctionUnit, variable: string): FunctionUnit[] {
  const declaredGlobal = (scope: FunctionUnit) => [...ownDescendants(scope.body)].some((node) => node.type === 'global_statement' && namedChildren(node).some((name) => textOf(module.source, name) === variable));
  if (unit !== module.moduleUnit && !declaredGlobal(unit)) return [unit];
  return [unit, ...module.units.filter((other) => other !== unit && (!other.bound.has(variable) || declaredGlobal(other)) && !other.params.some((param) => param.name === variable))];
}

/**
 * How a pool bound to `variable` is released: `with pool:`, `pool.close()`/`shutdown()`/`terminate()`
 * called or registered (`atexit.register(pool.close)`, `weakref.finalize(obj, pool.shutdown)`),
 * `stack.enter_context(pool)`; or it escapes (returned, stored on an object) to be released there.
 */
function poolManagement(input: RuleContextInput, scopes: FunctionUnit[], variable: string, creation: PyNode): PoolFact['management'] {
  const module = input.module;
  const source = module.source;
  const creator = scopes[0];
  for (const scope of scopes) {
    for (const node of ownDescendants(scope.body)) {
      if (scope === creator && node.start <= creation.start) continue;
      if (node.type === 'attribute') {
        const object = childByField(node, 'object');
        const attribute = childByField(node, 'attribute');
        if (object && attribute && textOf(source, object) === variable && POOL_RELEASE_METHODS.has(textOf(source, attribute))) return 'released';
      }
      if (node.type === 'with_item' && textOf(source, node).trim() === variable) return 'with';
      if (node.type === 'call' && /\.enter_context$/.test(textOf(source, childByField(node, 'function') ?? node)) && namedChildren(childByField(node, 'arguments') ?? node).some((arg) => textOf(source, arg) === variable)) {
        return 'with';
      }
      if (scope === creator && node.type === 'return_statement' && returnsName(module, node, variable)) return 'escapes';
      if (node.type === 'assignment' && isAttributeStore(module, node, variable)) return 'escapes';
      if (node.type === 'call' && passesName(module, node, variable) && ownerReleases(input, scope, node)) return 'released';
    }
  }
  return 'unmanaged';
}

/** Methods an object's owner calls to end it: where an object releases the pools it holds. */
const OWNER_RELEASE_METHODS: readonly string[] = ['shutdown', 'close', 'stop', 'terminate', '__exit__', '__del__'];

/** `Owner(pool)`, `Wrapper(workers=pool)`: the pool is handed to another call as an argument. */
function passesName(module: PyModule, call: PyNode, variable: string): boolean {
  const args = childByField(call, 'arguments');
  if (!args) return false;
  return namedChildren(args).some((arg) => {
    const value = arg.type === 'keyword_argument' ? childByField(arg, 'value') : arg;
    return value?.type === 'identifier' && textOf(module.source, value) === variable;
  });
}

/**
 * The pool is handed to an object that owns it (`super().__init__(pool)` in a subclass, or a
 * class of the project constructed with it), and that object's class has a shutdown/close method
 * releasing a pool it holds (`def shutdown(self): self._pool.shutdown()`): whoever ends the owner
 * ends the pool.
 */
function ownerReleases(input: RuleContextInput, unit: FunctionUnit, call: PyNode): boolean {
  const callee = childByField(call, 'function');
  const calleeText = callee ? textOf(input.module.source, callee).replace(/\s+/g, '') : '';
  let owner: { module: PyModule; className: string } | undefined;
  if (/^super\([^)]*\)\.__init__$/.test(calleeText) && unit.className !== undefined) owner = { module: unit.module, className: unit.className };
  else {
    const target = input.resolver.resolveCall(unit, call).resolved;
    if (target.kind === 'class') owner = { module: target.module, className: target.cls.name };
  }
  if (!owner) return false;
  const found = owner;
  return OWNER_RELEASE_METHODS.some((name) => {
    const method = input.resolver.methodOf(found.module, found.className, name);
    return method !== undefined && releasesOwnPool(method);
  });
}

/** `self.<attr>.shutdown()` (or close/terminate) in a method. */
function releasesOwnPool(method: FunctionUnit): boolean {
  const self = method.params[0]?.name;
  if (!self) return false;
  const source = method.module.source;
  for (const node of ownDescendants(method.body)) {
    if (node.type !== 'call') continue;
    const fn = childByField(node, 'function');
    if (fn?.type !== 'attribute') continue;
    const attribute = childByField(fn, 'attribute');
    const object = childByField(fn, 'object');
    if (!attribute || !POOL_RELEASE_METHODS.has(textOf(source, attribute)) || object?.type !== 'attribute') continue;
    const root = childByField(object, 'object');
    if (root?.type === 'identifier' && textOf(source, root) === self) return true;
  }
  return false;
}

function readsName(module: PyModule, unit: FunctionUnit, name: string): boolean {
  for (const node of ownDescendants(unit.body)) if (node.type === 'identifier' && textOf(module.source, node) === name) return true;
  return false;
}

/** `return pool`, `return pool, other`: the pool itself leaves the function (not `return pool.submit(f)`). */
function returnsName(module: PyModule, statement: PyNode, variable: string): boolean {
  const value = namedChildren(statement)[0];
  if (!value) return false;
  const items = value.type === 'expression_list' || value.type === 'tuple' ? namedChildren(value) : [value];
  return items.some((item) => item.type === 'identifier' && textOf(module.source, item) === variable);
}

function isAttributeStore(module: PyModule, assignment: PyNode, variable: string): boolean {
  const left = childByField(assignment, 'left');
  const right = childByField(assignment, 'right');
  return left?.type === 'attribute' && right !== undefined && textOf(module.source, right).trim() === variable;
}

// ---- blocking calls in async functions -------------------------------------------------------

/**
 * `async def` functions whose CPU work is heavy by evidence a reader can check (known sizes, a
 * catalogued cost), not by assumed loop bounds: the work runs on the event loop's thread between
 * two awaits. Work handed to an executor is not theirs (the evaluator counts it as a dispatch).
 */
function collectAsyncCpu(input: RuleContextInput): AsyncCpuFact[] {
  const facts: AsyncCpuFact[] = [];
  for (const unit of input.module.units) {
    // a synchronous request method the framework runs on its loop for every request holds it like a coroutine
    const handler = unit.isAsync ? undefined : input.loopRegistrations(unit)?.find((registration) => registration.handler);
    // alone on a thread's own loop: the work holds that thread, no other task
    if ((!unit.isAsync && !handler) || input.onPrivateLoop(unit)) continue;
    const summary = input.summaryOf(unit);
    if (!summary) continue;
    const verdict = classify(summary, input.config);
    if (!verdict.cpuHeavy || !hasCpuEvidence(summary, input.config)) continue;
    if (onlyThroughCoroutines(input, unit, summary)) continue;
    facts.push({ unit, summary, gilFree: verdict.gilFree, ...(handler ? { handler } : {}) });
  }
  return facts;
}

/**
 * The CPU evidence is all on lines that call other `async def` functions: the work is theirs
 * (reported there), and a coroutine handed to gather() or create_task() runs as its own task.
 */
function onlyThroughCoroutines(input: RuleContextInput, unit: FunctionUnit, summary: Summary): boolean {
  const coroutineLines = new Set<number>();
  for (const node of ownNodes(unit).calls) {
    const target = input.resolver.resolveCall(unit, node).resolved;
    if (target.kind === 'unit' && target.unit.isAsync) coroutineLines.add(lineOf(node));
  }
  if (coroutineLines.size === 0) return false;
  const firm = summary.cpu.filter((signal) => !signal.heuristic && !signal.guessed);
  const lines = firm.length > 0 ? firm.map((signal) => signal.line) : summary.heaviest ? [summary.heaviest.line] : [];
  return lines.length > 0 && lines.every((line) => coroutineLines.has(line));
}

/** Callbacks the event loop (asyncio's `Protocol`, Twisted's `Protocol`) calls with each chunk a peer sends. */
const CHUNK_CALLBACKS: ReadonlySet<string> = new Set(['data_received', 'dataReceived']);

function collectBufferGrowth(module: PyModule): BufferGrowthFact[] {
  const facts: BufferGrowthFact[] = [];
  const source = module.source;
  for (const cls of module.classes.values()) {
    for (const [name, unit] of cls.methods) {
      const data = unit.params[1]?.name;
      if (!CHUNK_CALLBACKS.has(name) || !data || unit.isAsync) continue;
      // the chunk and what the method derives from it (`text = data.decode()`)
      const chunk = new Set([data]);
      for (const node of ownDescendants(unit.body)) {
        if (node.type === 'assignment') {
          const target = childByField(node, 'left');
          const value = childByField(node, 'right');
          if (target?.type === 'identifier' && value && [value, ...descendants(value)].some((id) => id.type === 'identifier' && chunk.has(textOf(source, id)))) chunk.add(textOf(source, target));
        }
        if (node.type !== 'augmented_assignment' || !/^\s*\+=/.test(source.text.slice(childByField(node, 'left')?.end ?? node.start, node.end))) continue;
        const left = childByField(node, 'left');
        const right = childByField(node, 'right');
        if (left?.type !== 'attribute' || right?.type !== 'identifier' || !chunk.has(textOf(source, right))) continue;
        const object = childByField(left, 'object');
        const attribute = childByField(left, 'attribute');
        if (object?.type !== 'identifier' || textOf(source, object) !== unit.params[0]?.name || !attribute) continue;
        const kind = immutableBufferKind(module, cls.methods, textOf(source, attribute));
        if (kind && !fixedSizePreamble(module, node, textOf(source, left)) && !duringPhase(module, unit, node, textOf(source, left))) facts.push({ unit, statement: node, buffer: textOf(source, left), kind });
      }
    }
  }
  return facts;
}

/**
 * `if self._peer: self._peer.write(data) else: self._inpbuf += data`, `if self._recv_handler:
 * self._inpbuf += data`: the buffer grows only in a branch that tests the object's state (before
 * the peer connects, while a handshake is being read). It holds what arrives during that phase,
 * not the whole stream; afterwards the chunks go elsewhere.
 */
function duringPhase(module: PyModule, unit: FunctionUnit, statement: PyNode, buffer: string): boolean {
  const source = module.source;
  const self = unit.params[0]?.name;
  for (let node = statement.parent; node && !sameNode(node, unit.body); node = node.parent) {
    if (node.type !== 'if_statement' && node.type !== 'elif_clause') continue;
    const condition = childByField(node, 'condition');
    const tested = condition ? [condition, ...descendants(condition)] : [];
    const state = tested.some((id) => {
      if (id.type !== 'attribute') return false;
      const object = childByField(id, 'object');
      return object?.type === 'identifier' && textOf(source, object) === self && textOf(source, id) !== buffer;
    });
    if (state) return true;
  }
  return false;
}

/**
 * `self._buffer += data` then `if len(self._buffer) >= 4: ...; self._buffer = b""`: the buffer
 * collects a fixed-size preamble (a handshake) and is emptied once it has it, so it never holds
 * more than a few bytes.
 */
function fixedSizePreamble(module: PyModule, statement: PyNode, buffer: string): boolean {
  const source = module.source;
  const block = statement.parent?.parent;
  if (!block) return false;
  const lengthTest = new RegExp(`^len\\(\\s*${buffer.replace('.', '\\.')}\\s*\\)\\s*(>=|==|>)\\s*\\d+$`);
  return namedChildren(block).some((next) => {
    if (next.type !== 'if_statement' || next.start < statement.end) return false;
    const condition = childByField(next, 'condition');
    if (!condition || !lengthTest.test(textOf(source, condition).trim())) return false;
    return [...ownDescendants(next)].some((node) => {
      if (node.type !== 'assignment') return false;
      const left = childByField(node, 'left');
      const right = childByField(node, 'right');
      return left !== undefined && textOf(source, left) === buffer && right !== undefined && /^[bBrRuU]*(['"])\1$/.test(textOf(source, right).trim());
    });
  });
}

/**
 * What the class's methods assign to `self.<attribute>`: `bytes` or `str` when every assignment is
 * an empty or literal bytes/str value (`b""`, `""`, `bytes()`) and none makes it a `bytearray`,
 * a list or anything else (`+=` on those appends in place).
 */
function immutableBufferKind(module: PyModule, methods: ReadonlyMap<string, FunctionUnit>, attribute: string): 'bytes' | 'str' | undefined {
  const source = module.source;
  let kind: 'bytes' | 'str' | undefined;
  for (const method of methods.values()) {
    const self = method.params[0]?.name;
    for (const node of ownDescendants(method.body)) {
      if (node.type !== 'assignment') continue;
      const left = childByField(node, 'left');
      if (left?.type !== 'attribute' || textOf(source, left) !== `${self}.${attribute}`) continue;
      const right = childByField(node, 'right');
      const text = right ? textOf(source, right).trim() : '';
      const assigned = /^[bB][rR]?(['"])/.test(text) || text === 'bytes()' ? 'bytes' : /^[rRuU]?(['"])/.test(text) || text === 'str()' ? 'str' : undefined;
      // a slice of itself after consuming a frame (`self._buffer = self._buffer[n:]`) keeps the type
      if (!assigned && new RegExp(`^${self}\\.${attribute}\\s*\\[`).test(text)) continue;
      if (!assigned || (kind && kind !== assigned)) return undefined;
      kind = assigned;
    }
  }
  return kind;
}

function collectAsyncBlocking(input: RuleContextInput): AsyncBlockingFact[] {
  const facts: AsyncBlockingFact[] = [];
  for (const unit of input.module.units) {
    // a plain function the loop runs as a callback blocks it like a coroutine does
    const registrations = unit.isAsync ? undefined : input.loopRegistrations(unit);
    if (!unit.isAsync && !registrations) continue;
    // a thread's own loop that runs this coroutine alone: a wait holds that thread, no other task
    if (unit.isAsync && input.onPrivateLoop(unit)) continue;
    // a callback the loop runs again and again (a watch, a reader), or registered again and again, is no start-up
    const repeated = registrations?.some((registration) => registration.repeats || !input.runsOnce(registration.registeredIn)) === true;
    // start-up before serving: a call made once costs the start a moment; one in a loop repeats
    // while the tasks the start-up began (a lifespan, the server) are running
    const once = !repeated && input.runsOnce(unit);
    // set-up once per connection or object (lazy initialisation) touches local files for a moment
    const setUp = !repeated && input.runsOncePerObject(unit);
    const candidates: AsyncBlockingFact[] = [];
    for (const node of ownNodes(unit).calls) {
      if (once && !repeatsInLoop(node)) continue;
      const blocking = blockingCall(input, unit, node);
      if (!blocking) continue;
      // a loop's reader or writer callback works the socket or descriptor the loop says is ready
      // (`sock.recv`, `os.read(fd)`, local calls): it does not wait; a sleep or a round trip does
      if (registrations && (onSocket(input, unit, node) || (registrations.every((registration) => registration.ready) && !waitsAnyway(blocking)))) continue;
      const fact = registrations ? { ...blocking, loop: registrations[0] } : blocking;
      // (a `for` over the set-up's own entries is set-up too; a `while` may be the object's whole life)
      if (fact.local && ((setUp && !repeatsInLoop(node, OPEN_ENDED_LOOPS)) || underOnceGuard(unit, node))) continue;
      candidates.push(fact);
    }
    facts.push(...candidates.filter((fact) => !loneMetadataCall(input, unit, fact, candidates)));
  }
  return facts;
}

/**
 * What waits even in a callback the loop runs when a descriptor is ready: a sleep, or a round trip
 * to another party (HTTP, a database, a subprocess). Reads, writes and polls (`select` with a
 * timeout) of the descriptor that is ready return at once.
 */
function waitsAnyway(fact: AsyncBlockingFact): boolean {
  return fact.qualified === 'time.sleep' || (fact.effect === 'blocking-io' && !fact.local);
}

/** `self.sock.recv(4096)`: a method of a socket. */
function onSocket(input: RuleContextInput, unit: FunctionUnit, call: PyNode): boolean {
  const receiver = input.resolver.resolveCall(unit, call).receiver;
  return receiver?.kind === 'instance' && receiver.type === 'socket.socket';
}

/**
 * A metadata call made once (a stat, an existence test, an open whose reads are calls of their
 * own, an unlink, a seek: CallInfo.probe) that nothing sizes: no loop repeats it and the coroutine
 * does no other blocking work on the loop. One syscall of microseconds that grows with nothing a
 * request sends, and nothing around it on the loop for a reader to move. Kept when the coroutine
 * also reads, writes, lists or waits on the loop (a static-file handler's stat before its read:
 * part of the work to move), awaits a coroutine that reads, writes or lists files on the loop, or sends a lookup like it to a thread itself (the one left behind is
 * a slip).
 */
function loneMetadataCall(input: RuleContextInput, unit: FunctionUnit, fact: AsyncBlockingFact, siblings: readonly AsyncBlockingFact[]): boolean {
  if (!fact.probe || repeatsInLoop(fact.call)) return false;
  if (siblings.some((other) => !other.probe)) return false;
  return !offloadsAProbe(input, unit) && !awaitsFileWork(input, unit);
}

/**
 * The coroutine awaits another of the project's coroutines that reads, writes or lists files on
 * the loop itself (`if os.path.exists(path): return await self.serve_file(path)`): its lookups are
 * the first steps of that file work, on the same request.
 */
function awaitsFileWork(input: RuleContextInput, unit: FunctionUnit): boolean {
  return ownNodes(unit).calls.some((call) => {
    if (!isAwaited(call)) return false;
    const target = input.resolver.resolveCall(unit, call).resolved;
    if (target.kind !== 'unit' || !target.unit.isAsync || target.unit === unit) return false;
    const callee = target.unit;
    // its own calls, not what its helpers do further down: the file work that request does on the loop
    return ownNodes(callee).calls.some((node) => {
      const fact = blockingCall(input, callee, node);
      return fact !== undefined && fact.via === undefined && fact.local && !fact.probe;
    });
  });
}

/**
 * The coroutine hands a metadata lookup to a thread itself (`await loop.run_in_executor(None,
 * path.stat)`, `await run_sync(os.lstat, path)`): the author meant its lookups off the loop.
 */
function offloadsAProbe(input: RuleContextInput, unit: FunctionUnit): boolean {
  return ownNodes(unit).calls.some((call) => {
    const target = input.resolver.resolveCall(unit, call);
    const args = argumentsOf(call);
    const callable = target.method === 'run_in_executor' ? args[1] : target.resolved.kind === 'external' && OFFLOADERS.has(target.resolved.qualified) ? args[0] : undefined;
    if (callable?.type !== 'identifier' && callable?.type !== 'attribute') return false;
    // resolved as the callee of a call without arguments
    const asCall = callable.derive({ type: 'call', children: [callable.derive({ field: 'function' })] });
    const info = input.resolver.resolveCall(unit, asCall).info;
    // a lookup (a stat, an existence test), not a change sent to a thread (`run_sync(os.unlink, path)`)
    return info?.probe === true && info.change !== true;
  });
}

function blockingCall(input: RuleContextInput, unit: FunctionUnit, call: PyNode): AsyncBlockingFact | undefined {
  // an awaited call returns an awaitable: whatever it does, the event loop keeps running
  if (isAwaited(call) || handedToAwaitableTaker(input, unit, call)) return undefined;
  const target = input.resolver.resolveCall(unit, call);
  const info = target.info;
  if (info && (info.effect === 'blocking-io' || info.effect === 'wait') && !target.guessed) {
    if (info.effect === 'wait' && returnsAtOnce(unit, call, target.method)) return undefined;
    // a join waits for work the code started (a thread, a process, a pool's future): it blocks the
    // loop until that work ends, unless the code has already seen it end
    if (info.joins && knownFinished(unit, call)) return undefined;
    if (isOpener(info) && fileHandedOn(unit, call)) return undefined;
    if (info.effect === 'wait' && target.method === 'wait' && reapsEndedProcess(unit, call)) return undefined;
    if (overMemoryStream(input, unit, call, info)) return undefined;
    const qualified = target.resolved.kind === 'external' ? target.resolved.qualified : undefined;
    // opening is a metadata lookup: the reads are calls of their own, judged where they are made
    const probe = info.probe === true || (isOpener(info) && !iteratesOpenedFile(unit, call));
    return { unit, call, display: target.display, qualified, effect: info.effect, local: info.local === true, probe, asyncAlternative: info.asyncAlternative, ...(info.joins ? { joins: true } : {}) };
  }
  // a constructor runs the class's __init__ (which may connect, open files...)
  const helper =
    target.resolved.kind === 'unit'
      ? target.resolved.unit
      : target.resolved.kind === 'class'
        ? input.resolver.methodOf(target.resolved.module, target.resolved.cls.name, '__init__')
        : undefined;
  if (!helper || helper.isAsync) return undefined;
  const summary = input.summaryOf(helper);
  const firm = summary?.blocking.filter((signal) => !signal.guessed) ?? [];
  const first = firm[0];
  if (!first) return undefined;
  if (onlyOpens(input, helper, firm) && fileHandedOn(unit, call)) return undefined;
  return {
    unit,
    call,
    display: target.display,
    effect: first.signal === 'timer' ? 'wait' : 'blocking-io',
    local: firm.every((signal) => signal.local === true),
    // a helper that only opens (`with self.open(path) as f:`) is a lookup like open() itself
    probe: firm.every((signal) => signal.probe === true) || (onlyOpens(input, helper, firm) && !iteratesOpenedFile(unit, call)),
    via: { unit: helper, message: first.message, line: first.line, file: first.file },
  };
}

/** `proc.poll() is None`, `self.process.returncode is None`, `await self.poll(proc) is None`: the child is still running. */
const STILL_RUNNING = /\b(?:poll\([^()]*\)|returncode)\s*is\s+None\b/;
/** `proc.poll() is not None`, `proc.returncode is not None`: the child has exited. */
const HAS_EXITED = /\b(?:poll\([^()]*\)|returncode)\s*is\s+not\s+None\b/;

/**
 * `while proc.poll() is None: await asyncio.sleep(0.1)` then `proc.wait()`, or `wait()` under
 * `if proc.poll() is not None:`: the poll already saw the child exit, so `wait()` only reaps it and
 * returns at once. Nothing waits on the loop. A `while` with a `break` may leave while the child
 * still runs, so it proves nothing.
 */
function reapsEndedProcess(unit: FunctionUnit, call: PyNode): boolean {
  if (argumentsOf(call).length > 0) return false;
  const source = unit.module.source;
  for (let node: PyNode = call; node.parent && !sameNode(node, unit.body); node = node.parent) {
    const parent = node.parent;
    if (parent.type === 'if_statement' && sameNode(childByField(parent, 'consequence'), node)) {
      const condition = childByField(parent, 'condition');
      if (condition && HAS_EXITED.test(textOf(source, condition))) return true;
    }
    if (parent.type !== 'block' && parent.type !== 'module') continue;
    const statements = namedChildren(parent);
    const index = statements.findIndex((statement) => sameNode(statement, node));
    for (const earlier of statements.slice(0, Math.max(index, 0))) {
      if (earlier.type !== 'while_statement') continue;
      const condition = childByField(earlier, 'condition');
      if (condition && STILL_RUNNING.test(textOf(source, condition)) && !leavesEarly(earlier)) return true;
    }
  }
  return false;
}

/** A `break` of this loop (not of a loop nested in it). */
function leavesEarly(loop: PyNode): boolean {
  return [...ownDescendants(loop)].some((node) => node.type === 'break_statement' && sameNode(enclosing(node, LOOP_TYPES), loop));
}

/** `zipfile.ZipFile(io.BytesIO())`, `json.load(io.StringIO(text))`: the stream the call works on is in memory (CallInfo.overMemory). */
function overMemoryStream(input: RuleContextInput, unit: FunctionUnit, call: PyNode, info: CallInfo): boolean {
  const over = info.overMemory;
  if (!over) return false;
  const source = unit.module.source;
  const stream = keywordArguments(call, source).get(over.keyword ?? '') ?? argumentsOf(call)[over.arg];
  if (!stream) return false;
  const value = input.resolver.resolveValue(unit, stream);
  return value.kind === 'instance' && IN_MEMORY_TYPES.has(value.type);
}

/** A call that opens a local file and returns it (`open`, `io.open`, `gzip.open`, `tempfile.TemporaryFile`). */
function isOpener(info: CallInfo | undefined): boolean {
  return info?.effect === 'blocking-io' && info.local === true && info.returns === 'file';
}

/** Methods that read or write through a file object: where an opened file's I/O happens. */
const FILE_IO_METHODS: ReadonlySet<string> = new Set(['read', 'read1', 'readline', 'readlines', 'readinto', 'write', 'writelines', 'seek', 'truncate', 'flush', 'tell']);

/**
 * The coroutine opens a file only to hand it on (`file = open(path); reader = FileReader(file)`,
 * `self._sink = open(path, "wb")`, `return LocalFile(open(path))`):
 * opening is a metadata lookup, and the reads and writes, on the loop or not, are judged where
 * they happen. Not when the coroutine reads, writes or iterates the file itself, or opens it in a
 * `with` block.
 */
function fileHandedOn(unit: FunctionUnit, call: PyNode): boolean {
  const parent = call.parent;
  if (parent?.type === 'argument_list') return true;
  if (parent?.type !== 'assignment' || !sameNode(childByField(parent, 'right'), call)) return false;
  const left = childByField(parent, 'left');
  if (left?.type !== 'identifier' && left?.type !== 'attribute') return false;
  const source = unit.module.source;
  const name = textOf(source, left);
  for (const node of ownDescendants(unit.body)) {
    if (node.type === 'attribute') {
      const object = childByField(node, 'object');
      const attribute = childByField(node, 'attribute');
      const called = node.parent?.type === 'call' && sameNode(childByField(node.parent, 'function'), node);
      if (called && object && textOf(source, object) === name && attribute && FILE_IO_METHODS.has(textOf(source, attribute))) return false;
    }
    if ((node.type === 'for_statement' || node.type === 'for_in_clause') && textOf(source, childByField(node, 'right') ?? node) === name) return false;
    if (node.type === 'with_item' && textOf(source, node).trim().split(/\s+as\s+/)[0] === name) return false;
  }
  return true;
}

/** `f = open(p)` or `with open(p) as f`, then `for line in f`: the file is read by iteration, not by a call. */
function iteratesOpenedFile(unit: FunctionUnit, call: PyNode): boolean {
  const source = unit.module.source;
  const parent = call.parent;
  const holder = parent?.type === 'assignment' ? childByField(parent, 'left') : parent?.type === 'as_pattern' ? childByField(parent, 'alias') : undefined;
  if (!holder) return false;
  const name = textOf(source, holder).trim();
  return [...ownDescendants(unit.body)].some(
    (node: PyNode) => (node.type === 'for_statement' || node.type === 'for_in_clause') && textOf(source, childByField(node, 'right') ?? node) === name,
  );
}

/** Every firm blocking signal of a helper is a call in its own body that opens a file (`def open_file(p): return open(p)`). */
function onlyOpens(input: RuleContextInput, helper: FunctionUnit, signals: readonly { line: number; file: string }[]): boolean {
  const openerLines = new Set<number>();
  for (const node of ownNodes(helper).calls) {
    if (isOpener(input.resolver.resolveCall(helper, node).info)) openerLines.add(lineOf(node));
  }
  if (openerLines.size === 0 || !signals.every((signal) => signal.file === helper.module.path && openerLines.has(signal.line))) return false;
  return !readsWhileOpen(helper);
}

/**
 * `with f: return parse(f)`, `with path.open() as f: load(f)`: the helper hands the file it opened
 * to a call inside the `with` block that closes it, so that call reads it there and then: the
 * helper does the file work, not only the opening.
 */
function readsWhileOpen(helper: FunctionUnit): boolean {
  const source = helper.module.source;
  for (const node of ownDescendants(helper.body)) {
    if (node.type !== 'with_statement') continue;
    const names = [...descendants(node)]
      .filter((item) => item.type === 'with_item' && sameNode(item.parent?.parent, node))
      .map((item) => textOf(source, item).trim().split(/\s+as\s+/).pop() ?? '');
    const body = childByField(node, 'body');
    if (!body || names.length === 0) continue;
    for (const inner of ownDescendants(body)) {
      if (inner.type === 'call' && argumentsOf(inner).some((arg) => arg.type === 'identifier' && names.includes(textOf(source, arg)))) return true;
    }
  }
  return false;
}

/**
 * asyncio's functions that take a coroutine or future and run it on the loop
 * (`await asyncio.wait_for(queue.get(), timeout)`): what is handed to them is an awaitable (a plain
 * value makes them raise), so the call that made it did not block.
 */
const AWAITABLE_TAKERS: ReadonlySet<string> = new Set([
  'asyncio.wait_for', 'asyncio.shield', 'asyncio.gather', 'asyncio.ensure_future', 'asyncio.create_task', 'asyncio.run_coroutine_threadsafe',
  'asyncio.tasks.wait_for', 'asyncio.tasks.gather', 'asyncio.tasks.ensure_future', 'asyncio.tasks.create_task',
]);

/** The call is an argument of one of AWAITABLE_TAKERS, or of a loop's or task group's `create_task`. */
function handedToAwaitableTaker(input: RuleContextInput, unit: FunctionUnit, call: PyNode): boolean {
  let node: PyNode = call;
  while (node.parent?.type === 'parenthesized_expression') node = node.parent;
  const outer = node.parent?.type === 'argument_list' ? node.parent.parent : undefined;
  if (outer?.type !== 'call') return false;
  const target = input.resolver.resolveCall(unit, outer);
  if (target.resolved.kind === 'external' && AWAITABLE_TAKERS.has(target.resolved.qualified)) return true;
  return target.method === 'create_task' || target.method === 'ensure_future';
}

/** Waits that take a keyword or a flag telling them not to wait: `block=False`, `blocking=False`, `timeout=0`. */
const NO_WAIT_KEYWORDS: ReadonlyMap<string, RegExp> = new Map([
  ['block', /^False$/],
  ['blocking', /^False$/],
  ['timeout', /^0(?:\.0*)?$/],
  // `executor.shutdown(wait=False)` asks the pool to stop and returns
  ['wait', /^False$/],
]);
/** Methods whose first positional argument says whether to wait (`get(False)`, `acquire(False)`) or for how long (`wait(0)`). */
const FIRST_ARGUMENT_NO_WAIT: ReadonlyMap<string, RegExp> = new Map([
  ['get', /^False$/],
  ['put', /^False$/],
  ['acquire', /^False$/],
  ['wait', /^0(?:\.0*)?$/],
  ['join', /^0(?:\.0*)?$/],
  ['result', /^0(?:\.0*)?$/],
]);

/**
 * `self.get(block=False)`, `lock.acquire(False)`, `event.wait(0)`: a queue, lock or event asked not
 * to wait returns (or raises Empty) at once.
 */
function returnsAtOnce(unit: FunctionUnit, call: PyNode, method: string | undefined): boolean {
  const source = unit.module.source;
  for (const [keyword, value] of keywordArguments(call, source)) {
    const pattern = NO_WAIT_KEYWORDS.get(keyword);
    if (pattern?.test(textOf(source, value).trim())) return true;
  }
  const fn = childByField(call, 'function');
  const name = method ?? (fn?.type === 'attribute' ? textOf(source, childByField(fn, 'attribute') ?? fn) : undefined);
  const first = argumentsOf(call)[0];
  const pattern = name ? FIRST_ARGUMENT_NO_WAIT.get(name) : undefined;
  return pattern !== undefined && first !== undefined && first.type !== 'keyword_argument' && pattern.test(textOf(source, first).trim());
}

/** A test that the receiver has finished: `f.done()`, `not t.is_alive()`, `p.exitcode is not None`. */
function finishedTest(receiver: string): RegExp {
  const r = receiver.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?:^|[^\\w.])(?:(?<!not\\s+)${r}\\.done\\(\\)|not\\s+${r}\\.is_alive\\(\\)|${r}\\.exitcode\\s+is\\s+not\\s+None)`);
}

/** A test that the receiver is still running: `not f.done()`, `t.is_alive()`, `p.exitcode is None`. */
function runningTest(receiver: string): RegExp {
  const r = receiver.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?:^|[^\\w.])(?:not\\s+${r}\\.done\\(\\)|(?<!not\\s+)${r}\\.is_alive\\(\\)|${r}\\.exitcode\\s+is\\s+None)`);
}

/**
 * The work a join waits for is known to have ended, so the join returns at once: it runs under
 * `if f.done():` (or `if not t.is_alive():`), after `if not f.done(): return`, after the coroutine
 * awaited the same future (`await asyncio.wrap_future(f)`, `await asyncio.wait([f])`), or on an
 * item of the `done` set `asyncio.wait` returned or of `as_completed(...)`.
 */
function knownFinished(unit: FunctionUnit, call: PyNode): boolean {
  const fn = childByField(call, 'function');
  const object = fn?.type === 'attribute' ? childByField(fn, 'object') : undefined;
  if (!object) return false;
  const source = unit.module.source;
  const receiver = textOf(source, object);
  const finished = finishedTest(receiver);
  const running = runningTest(receiver);
  for (let node: PyNode = call; node.parent && !sameNode(node, unit.body); node = node.parent) {
    const parent = node.parent;
    if (parent.type === 'if_statement' && sameNode(childByField(parent, 'consequence'), node)) {
      const condition = childByField(parent, 'condition');
      if (condition && finished.test(textOf(source, condition))) return true;
    }
    if (parent.type === 'for_statement' && sameNode(childByField(parent, 'body'), node) && iteratesFinished(unit, parent, receiver)) return true;
    if (parent.type !== 'block') continue;
    const statements = namedChildren(parent);
    const index = statements.findIndex((statement) => sameNode(statement, node));
    for (const earlier of statements.slice(0, Math.max(index, 0))) {
      if (earlier.type === 'if_statement' && leavesWhen(unit, earlier, running)) return true;
    }
  }
  return awaitedBefore(unit, call, receiver);
}

/** `if not f.done(): return` (or `continue`, `raise`, `break`): past it, the work has ended. */
function leavesWhen(unit: FunctionUnit, statement: PyNode, test: RegExp): boolean {
  const source = unit.module.source;
  const condition = childByField(statement, 'condition');
  const consequence = childByField(statement, 'consequence');
  if (!condition || !consequence || !test.test(textOf(source, condition))) return false;
  const last = namedChildren(consequence).at(-1);
  return last !== undefined && ['return_statement', 'continue_statement', 'raise_statement', 'break_statement'].includes(last.type);
}

/** `for f in done:` where `done, pending = await asyncio.wait(...)`, or `for f in as_completed(...)`. */
function iteratesFinished(unit: FunctionUnit, loop: PyNode, receiver: string): boolean {
  const source = unit.module.source;
  const left = childByField(loop, 'left');
  const right = childByField(loop, 'right');
  if (!left || !right || textOf(source, left).trim() !== receiver) return false;
  const iterable = textOf(source, right).trim();
  if (/(?:^|\.)as_completed\(/.test(iterable)) return true;
  if (!/^\w+$/.test(iterable)) return false;
  // the first name an `asyncio.wait` / `concurrent.futures.wait` result is unpacked into: the finished ones
  const unpacked = new RegExp(`^\\(?\\s*${iterable}\\s*,[^=]*=\\s*(?:await\\s+)?[\\w.]*\\bwait\\(`);
  return [...ownDescendants(unit.body)].some((node) => node.type === 'assignment' && node.end <= loop.start && unpacked.test(textOf(source, node).trim()));
}

/** The coroutine awaited the receiver before the call: `await f`, `await asyncio.wrap_future(f)`, `await asyncio.wait([f])`. */
function awaitedBefore(unit: FunctionUnit, call: PyNode, receiver: string): boolean {
  const source = unit.module.source;
  const r = receiver.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const mentions = new RegExp(`(?:^|[^\\w.])${r}(?![\\w(]|\\.\\w)`);
  return [...ownDescendants(unit.body)].some((node) => node.type === 'await' && node.end <= call.start && mentions.test(textOf(source, node)));
}

/** `await f()`, `await (f())`. */
function isAwaited(call: PyNode): boolean {
  let parent = call.parent;
  while (parent?.type === 'parenthesized_expression') parent = parent.parent;
  return parent?.type === 'await';
}

// ---- sequential I/O loops ---------------------------------------------------------------------

const SHARED_HANDLE_TYPES = new Set(['file', 'net.file', 'db.Connection', 'db.Cursor', 'socket.socket', 'archive']);

function collectIoLoops(input: RuleContextInput): IoLoopFact[] {
  const facts: IoLoopFact[] = [];
  for (const unit of input.module.units) {
    for (const node of ownNodes(unit).loops) {
      const fact = ioLoop(input, unit, node);
      if (fact) facts.push(fact);
    }
  }
  return facts;
}

function ioLoop(input: RuleContextInput, unit: FunctionUnit, loop: PyNode): IoLoopFact | undefined {
  const source = input.module.source;
  const isFor = loop.type === 'for_statement';
  const clauses = isFor ? [loop] : loop.children.filter((child) => child.type === 'for_in_clause');
  if (clauses.length !== 1) return undefined;
  const variableNode = childByField(clauses[0], 'left');
  if (!variableNode) return undefined;
  const variables = [...descendants(variableNode)].filter((n) => n.type === 'identifier').map((n) => textOf(source, n));
  const body = isFor ? childByField(loop, 'body') : childByField(loop, 'body');
  if (!body || (isFor && !iterationsIndependent(input.module, body, variables))) return undefined;
  if (isFor && childByField(loop, 'alternative')) return undefined;
  const calls: IoLoopFact['calls'] = [];
  for (const node of ownDescendants(body)) {
    if (node.type !== 'call' || !usesAny(source, node, variables)) continue;
    if (enclosingLoopWithin(node, body) || writesToOneStream(source, node, body, variables)) continue;
    if (invokesLoopItem(input, unit, node, variables)) return undefined;
    const display = independentIoCall(input, unit, node);
    if (display) calls.push({ call: node, display });
  }
  if (calls.length === 0) return undefined;
  // awaiting inside a loop serialises awaits; plain blocking calls serialise threads' worth of waits
  const awaited = calls.some((entry) => entry.call.parent?.type === 'await');
  if (unit.isAsync && !awaited) return undefined;
  return { unit, loop, calls, variable: textOf(source, variableNode), isAsync: unit.isAsync };
}

/** The display name of a call that waits on its own request (not on a shared handle), else undefined. */
function independentIoCall(input: RuleContextInput, unit: FunctionUnit, call: PyNode): string | undefined {
  const target = input.resolver.resolveCall(unit, call);
  if (target.receiver?.kind === 'instance' && SHARED_HANDLE_TYPES.has(target.receiver.type)) return undefined;
  if (target.guessed) return undefined;
  if (target.resolved.kind === 'unit' && isOwnObjectCall(input.module, unit, call)) return undefined;
  const info = target.info;
  // local file-system calls take microseconds: one after another is fine (CallInfo.local)
  if ((info?.effect === 'blocking-io' && !info.local) || (info?.effect === 'async-io' && call.parent?.type === 'await')) return target.display;
  if (info?.effect === 'blocking-io') return undefined;
  if (target.resolved.kind !== 'unit') return undefined;
  const summary = input.summaryOf(target.resolved.unit);
  if (!summary) return undefined;
  const waitsOnIo = summary.io.some((signal) => signal.signal !== 'timer' && !signal.guessed && !signal.local) || (summary.asyncIo.length > 0 && call.parent?.type === 'await');
  const computes = summary.cpu.length > 0 || summary.dispatches.length > 0;
  return waitsOnIo && !computes ? target.display : undefined;
}

/** Methods that put data into a stream, a socket or a file: successive calls append in call order. */
const STREAM_WRITE_METHODS: ReadonlySet<string> = new Set(['write', 'writelines', 'send', 'sendall', 'send_bytes', 'send_text', 'send_json', 'drain', 'feed', 'feed_data']);

/**
 * `async with upload_stream(path) as stream: async for block in blocks: await stream.write(block)`:
 * writes of the items into one stream (a socket, a file, an upload) the loop does not choose per
 * item. They append in order, and the order is the data: steps of one transfer, not independent
 * requests.
 */
function writesToOneStream(source: PyModule['source'], call: PyNode, body: PyNode, variables: string[]): boolean {
  const fn = childByField(call, 'function');
  if (fn?.type !== 'attribute') return false;
  const method = childByField(fn, 'attribute');
  const receiver = childByField(fn, 'object');
  if (!method || !receiver || !STREAM_WRITE_METHODS.has(textOf(source, method))) return false;
  // a stream opened or chosen per item (`async with open(name) as out:` inside the loop) is not one stream
  const perItem = new Set([...variables, ...namesBoundIn(source, body)]);
  return ![receiver, ...descendants(receiver)].some((node) => node.type === 'identifier' && perItem.has(textOf(source, node)));
}

/**
 * `for cb in self.callbacks: await cb(event)`, `await execute_callback(cb.func, room, event)`:
 * the loop's items are the callables it runs (the callee is the item, or the item or one of its
 * attributes is handed to a helper that calls the parameter it lands in). Callbacks registered by
 * the application run in registration order for each event, by contract: a handler may rely on
 * the one before it, so the loop is an ordered dispatch, not independent requests.
 */
function invokesLoopItem(input: RuleContextInput, unit: FunctionUnit, call: PyNode, variables: string[]): boolean {
  const source = input.module.source;
  const rootedAtItem = (node: PyNode | undefined): boolean => {
    let current = node;
    while (current?.type === 'attribute' || current?.type === 'subscript') current = childByField(current, current.type === 'attribute' ? 'object' : 'value');
    return current?.type === 'identifier' && variables.includes(textOf(source, current));
  };
  // the item itself is called (`cb(event)`; a method of the item, `conn.fetch()`, is a request of its own)
  const callee = childByField(call, 'function');
  if (callee?.type === 'identifier' && variables.includes(textOf(source, callee))) return true;
  const args = argumentsOf(call);
  // the item is a command run as a process (`for command in pre_build: subprocess.run(command)`): steps in order
  const runner = input.resolver.resolveCall(unit, call).resolved;
  if (runner.kind === 'external' && COMMAND_RUNNERS.has(runner.qualified) && args[0]?.type === 'identifier' && variables.includes(textOf(source, args[0]))) return true;
  const handed = args.findIndex((arg) => rootedAtItem(arg));
  if (handed === -1) return false;
  const target = input.resolver.resolveCall(unit, call).resolved;
  if (target.kind !== 'unit') return false;
  const offset = target.unit.className !== undefined && childByField(call, 'function')?.type === 'attribute' ? 1 : 0;
  const param = target.unit.params[handed + offset];
  if (!param || param.variadic) return false;
  return ownNodes(target.unit).calls.some((inner) => {
    const callee = childByField(inner, 'function');
    return callee?.type === 'identifier' && textOf(target.unit.module.source, callee) === param.name;
  });
}

/** Names a loop body assigns or binds with `as` (`x = ...`, `with open(p) as out`). */
function namesBoundIn(source: PyModule['source'], body: PyNode): string[] {
  const names: string[] = [];
  for (const node of ownDescendants(body)) {
    const target = node.type === 'assignment' ? childByField(node, 'left') : node.type === 'as_pattern' ? childByField(node, 'alias') : undefined;
    for (const id of target ? [target, ...descendants(target)] : []) if (id.type === 'identifier') names.push(textOf(source, id));
  }
  return names;
}

/**
 * `self.handle(event)`, `self.stream.push(line)`, `cls.load(path)` in a method: each item goes
 * through the object's own methods, which work on its shared state (its connection, its stream,
 * its buffers, where a protocol is in its exchange). Such iterations are steps on one resource
 * that must stay in order, not independent requests on resources of their own.
 */
function isOwnObjectCall(module: PyModule, unit: FunctionUnit, call: PyNode): boolean {
  const self = unit.className !== undefined ? unit.params[0]?.name : undefined;
  if (!self) return false;
  let receiver = childByField(call, 'function');
  if (receiver?.type !== 'attribute') return false;
  while (receiver?.type === 'attribute' || receiver?.type === 'subscript') receiver = childByField(receiver, receiver.type === 'attribute' ? 'object' : 'value');
  return receiver?.type === 'identifier' && textOf(module.source, receiver) === self;
}

/** No break/continue/return/yield, and no variable carried from one iteration to the next. */
function iterationsIndependent(module: PyModule, body: PyNode, loopVariables: string[]): boolean {
  const assigned = new Set<string>();
  for (const node of ownDescendants(body)) {
    if (['break_statement', 'continue_statement', 'return_statement', 'yield', 'global_statement', 'nonlocal_statement'].includes(node.type)) {
      return false;
    }
    if (node.type === 'augmented_assignment') return false;
    if (node.type === 'assignment') {
      const left = childByField(node, 'left');
      if (left?.type === 'identifier') assigned.add(textOf(module.source, left));
    }
  }
  // a name read in the body before the body assigns it would carry a value across iterations
  for (const name of assigned) {
    if (loopVariables.includes(name)) return false;
    const first = [...ownDescendants(body)].find((node) => node.type === 'identifier' && textOf(module.source, node) === name);
    const firstAssignment = [...ownDescendants(body)].find(
      (node) => node.type === 'assignment' && childByField(node, 'left') && textOf(module.source, childByField(node, 'left') as PyNode) === name,
    );
    if (first && firstAssignment && first.start < (childByField(firstAssignment, 'left') as PyNode).start) return false;
  }
  return true;
}

function usesAny(source: { text: string }, node: PyNode, names: string[]): boolean {
  const args = childByField(node, 'arguments');
  if (!args) return false;
  for (const child of descendants(args)) {
    if (child.type === 'identifier' && names.includes(textOf(source, child))) return true;
  }
  return false;
}

function enclosingLoopWithin(node: PyNode, body: PyNode): boolean {
  if (sameNode(node, body)) return false;
  for (let current = node.parent; current && !sameNode(current, body); current = current.parent) {
    if (current.type === 'for_statement' || current.type === 'while_statement' || SCOPE_TYPES.has(current.type)) return true;
  }
  return false;
}

// ---- module-level process starts without a main guard ------------------------------------------

function collectUnguardedStarts(input: RuleContextInput, dispatches: DispatchFact[], pools: PoolFact[]): UnguardedStartFact[] {
  const facts: UnguardedStartFact[] = [];
  const isProcess = (executor: Executor) => executor === 'process' || executor === 'process-pool';
  for (const fact of dispatches) {
    if (!fact.moduleLevel || fact.mainGuarded || !isProcess(fact.dispatch.executor)) continue;
    facts.push({ statement: topStatement(fact.dispatch.call), call: fact.dispatch.call, what: textOf(input.module.source, childByField(fact.dispatch.call, 'function') ?? fact.dispatch.call) });
  }
  for (const pool of pools) {
    if (!pool.moduleLevel || pool.mainGuarded || !isProcess(pool.executor)) continue;
    facts.push({ statement: topStatement(pool.call), call: pool.call, what: textOf(input.module.source, childByField(pool.call, 'function') ?? pool.call) });
  }
  facts.push(...unguardedCallsToStarters(input));
  const seen = new Set<number>();
  return facts
    .sort((a, b) => a.call.start - b.call.start)
    .filter((fact) => !seen.has(fact.statement.start) && seen.add(fact.statement.start) !== undefined);
}

/** `main()` at module level, where main() starts processes: the guard must wrap the call. */
function unguardedCallsToStarters(input: RuleContextInput): UnguardedStartFact[] {
  const facts: UnguardedStartFact[] = [];
  const moduleUnit = input.module.moduleUnit;
  for (const node of ownDescendants(moduleUnit.body)) {
    if (node.type !== 'call' || isMainGuarded(input.module, node)) continue;
    const target = input.resolver.resolveCall(moduleUnit, node);
    if (target.resolved.kind !== 'unit') continue;
    const summary = input.summaryOf(target.resolved.unit);
    const startsProcesses =
      summary?.dispatches.some((d) => d.executor === 'process' || d.executor === 'process-pool') ||
      collectPoolsOf(input, target.resolved.unit).length > 0;
    if (startsProcesses) facts.push({ statement: topStatement(node), call: node, what: `${target.display}()` });
  }
  return facts;
}

function collectPoolsOf(input: RuleContextInput, unit: FunctionUnit): PyNode[] {
  return [...ownDescendants(unit.body)].filter((node) => {
    if (node.type !== 'call') return false;
    const executor = poolExecutor(input.resolver.resolveCall(unit, node));
    return executor === 'process-pool';
  });
}

/** The module-level statement holding `node`. */
export function topStatement(node: PyNode): PyNode {
  let current = node;
  while (current.parent && current.parent.type !== 'module') current = current.parent;
  return current;
}

export { namedChildren };
