/**
 * Code that runs once per program (the shared notion: core/run-once.ts), from Python syntax. The
 * roots are the program's main coroutines (and its shutdown: a coroutine that stops the event
 * loop when it is done): the coroutine handed to `asyncio.run()` or
 * `loop.run_until_complete()`, the async function handed to `trio.run()` / `anyio.run()` (also as
 * `functools.partial(main, …)`), and, when the runner is given a parameter (`def _run(main):
 * loop.run_until_complete(main())`), whatever the callers pass there. From the roots, what such
 * code calls outside any loop when every analysed caller runs once too (`await self.startup()`
 * before the server starts serving).
 *
 * Set-up once per object is wider: what runs only while an object's state is missing (lazy
 * initialisation, python/once-guards.ts), the steps of an object's life (`start`, `close`,
 * `__aenter__`: isLifecycleStep, presumed by name while no analysed caller says otherwise: one a
 * per-message handler calls runs per message) and what only such code calls runs once per
 * connection, session or object, not per message. `runsOncePerObject` answers that; `runsOnce` does not count it.
 */
import { PARTIALS } from '../catalog/python';
import { RunOnceGraph } from '../run-once';
import { argumentsOf, keywordArguments } from './bounds';
import type { Linker } from './link';
import { type FunctionUnit, MODULE_UNIT_NAME, type PyModule, ownNodes } from './summarize';
import { repeatsInLoop, underOnceGuard } from './once-guards';
import { childByField, type PyNode, textOf } from './syntax';

/** Runners that drive one coroutine from start to end on a new or idle event loop. */
const MAIN_COROUTINE_RUNNERS: ReadonlySet<string> = new Set(['asyncio.run', 'asyncio.runners.run']);
const MAIN_COROUTINE_METHODS: ReadonlySet<string> = new Set(['run_until_complete']);
/** Runners handed the async function itself (and its arguments), not a coroutine. */
const MAIN_FUNCTION_RUNNERS: ReadonlySet<string> = new Set(['trio.run', 'anyio.run']);
/** `functools.partial` nested deeper than this is not followed */
const MAX_PARTIAL_DEPTH = 3;

/** A runner's parameter that holds the main function: `def _run(main): loop.run_until_complete(main())`. */
interface RunnerParameter {
  unit: FunctionUnit;
  index: number;
  name: string;
}

export class RunOnceIndex {
  private readonly graph = new RunOnceGraph();
  /** the same calls, where a call behind a lazy-initialisation test also runs once (per object) */
  private readonly setUpGraph = new RunOnceGraph();
  private readonly units = new Map<string, FunctionUnit>();
  private readonly runnerParameters = new Map<string, RunnerParameter>();

  constructor(linker: Linker, modules: readonly PyModule[]) {
    for (const module of modules) {
      for (const unit of module.units) {
        this.units.set(unit.id, unit);
        if (unit.name === MODULE_UNIT_NAME) {
          this.graph.addTopLevel(unit.id);
          this.setUpGraph.addTopLevel(unit.id);
        }
        try {
          this.index(linker, unit);
        } catch {
          // a unit that cannot be resolved adds no edges; its callees keep their other callers
        }
      }
    }
    if (this.runnerParameters.size > 0) this.rootsPassedToRunners(linker, modules);
  }

  /** The function runs once per program run (see the file comment). */
  runsOnce(unit: FunctionUnit): boolean {
    return this.graph.runsOnce(unit.id);
  }

  /** The function runs once per program or once per object: set-up (see the file comment). */
  runsOncePerObject(unit: FunctionUnit): boolean {
    return this.setUpGraph.runsOnce(unit.id);
  }

  private index(linker: Linker, unit: FunctionUnit): void {
    if (unit.isAsync && stopsTheEventLoop(unit)) this.addMain(unit);
    // presumed by its name, decided by its callers: reachability from a per-message handler wins
    if (isLifecycleStep(unit)) this.setUpGraph.addPresumedRoot(unit.id);
    for (const node of ownNodes(unit).calls) {
      const target = linker.resolveCall(unit, node);
      if (target.resolved.kind === 'unit') this.addEdge(target.resolved.unit, unit, node, isLifecycleStep(target.resolved.unit) && onFreshObject(linker, unit, node));
      const external = target.resolved.kind === 'external' ? target.resolved.qualified : undefined;
      const [first] = argumentsOf(node);
      if (!first) continue;
      if (external && MAIN_FUNCTION_RUNNERS.has(external)) {
        this.addMain(callableUnit(linker, unit, first));
        continue;
      }
      const runsMain = (external && MAIN_COROUTINE_RUNNERS.has(external)) || (target.method !== undefined && MAIN_COROUTINE_METHODS.has(target.method));
      if (!runsMain || first.type !== 'call') continue;
      const main = linker.resolveCall(unit, first).resolved;
      if (main.kind === 'unit') this.addMain(main.unit);
      else this.noteRunnerParameter(unit, first);
    }
  }

  private addMain(main: FunctionUnit | undefined): void {
    if (!main?.isAsync) return;
    this.graph.addRoot(main.id);
    this.setUpGraph.addRoot(main.id);
  }

  /** `loop.run_until_complete(main())` where `main` is a parameter of the runner. */
  private noteRunnerParameter(unit: FunctionUnit, call: PyNode): void {
    const callee = childByField(call, 'function');
    if (callee?.type !== 'identifier') return;
    const name = textOf(unit.module.source, callee);
    const index = unit.params.findIndex((param) => param.name === name && !param.variadic);
    if (index >= 0) this.runnerParameters.set(unit.id, { unit, index, name });
  }

  /** The callers of a runner with a main-function parameter: what they pass there is a main coroutine function. */
  private rootsPassedToRunners(linker: Linker, modules: readonly PyModule[]): void {
    for (const module of modules) {
      for (const unit of module.units) {
        for (const node of ownNodes(unit).calls) {
          let target;
          try {
            target = linker.resolveCall(unit, node).resolved;
          } catch {
            continue;
          }
          const runner = target.kind === 'unit' ? this.runnerParameters.get(target.unit.id) : undefined;
          if (!runner) continue;
          const offset = runner.unit.className !== undefined && childByField(node, 'function')?.type === 'attribute' ? 1 : 0;
          const passed = argumentsOf(node)[runner.index - offset] ?? keywordArguments(node, unit.module.source).get(runner.name);
          if (passed) this.addMain(callableUnit(linker, unit, passed));
        }
      }
    }
  }

  /** `freshObject`: a step of the life of an object the caller has just made (`app = App(); await app.start()`): once per object */
  private addEdge(callee: FunctionUnit, caller: FunctionUnit, call: PyNode, freshObject = false): void {
    // a loop outside a nested def is not this call's; a search that stops once it got here runs it once
    const inLoop = repeatsInLoop(call);
    // a coroutine handed on (a task) runs beside everything else, for as long as it likes
    const handedOn = callee.isAsync && !isAwaited(call);
    this.graph.addEdge(callee.id, { caller: caller.id, repeats: inLoop || handedOn });
    // for set-up, a long-lived task (its body is a `while` loop: a watcher, a heartbeat) started
    // once does what comes before its loop once (a watcher's first scan); the loop is judged apart
    const longLivedTask = handedOn && hasServiceLoop(callee);
    this.setUpGraph.addEdge(callee.id, { caller: caller.id, repeats: inLoop || (handedOn && !longLivedTask), guarded: freshObject || underOnceGuard(caller, call) });
  }
}

/** `app = Application(); await app.start()`: the method is called on an object the caller made itself from a class. */
function onFreshObject(linker: Linker, unit: FunctionUnit, call: PyNode): boolean {
  const fn = childByField(call, 'function');
  const receiver = fn?.type === 'attribute' ? childByField(fn, 'object') : undefined;
  if (receiver?.type !== 'identifier') return false;
  const made = unit.constants.get(textOf(unit.module.source, receiver));
  return made?.type === 'call' && linker.resolveCall(unit, made).resolved.kind === 'class';
}

/** The function a value names: `main`, `module.main`, `self.main`, `functools.partial(main, …)`. */
function callableUnit(linker: Linker, unit: FunctionUnit, node: PyNode, depth = 0): FunctionUnit | undefined {
  if (node.type === 'call') {
    if (depth >= MAX_PARTIAL_DEPTH) return undefined;
    const target = linker.resolveCall(unit, node).resolved;
    const [inner] = argumentsOf(node);
    return target.kind === 'external' && PARTIALS.has(target.qualified) && inner ? callableUnit(linker, unit, inner, depth + 1) : undefined;
  }
  if (node.type !== 'identifier' && node.type !== 'attribute') return undefined;
  // resolve the name as the callee of a call without arguments
  const asCall = node.derive({ type: 'call', children: [node.derive({ field: 'function' })] });
  const target = linker.resolveCall(unit, asCall).resolved;
  return target.kind === 'unit' ? target.unit : undefined;
}

/** The receiver of `.stop()` that is an event loop: `loop`, `self.io_loop`, `self._event_loop`. */
const EVENT_LOOP_NAME = /^(?:.*\.)?_*(?:io_?|event_?)?loop$/i;

/**
 * A coroutine that stops the event loop when it is done (`await self.cleanup(); self.io_loop.stop()`)
 * is the program's shutdown: it runs once, at the end, with nothing left to serve.
 */
function stopsTheEventLoop(unit: FunctionUnit): boolean {
  const source = unit.module.source;
  return ownNodes(unit).calls.some((call) => {
    const fn = childByField(call, 'function');
    if (fn?.type !== 'attribute' || argumentsOf(call).length > 0) return false;
    const method = childByField(fn, 'attribute');
    const receiver = childByField(fn, 'object');
    return method !== undefined && receiver !== undefined && textOf(source, method) === 'stop' && EVENT_LOOP_NAME.test(textOf(source, receiver));
  });
}

/**
 * Steps of an object's or a connection's life, by the names Python's own protocols and the
 * asyncio ecosystem give them (`start`/`stop`, `connect`/`close`, `__aenter__`/`__aexit__`,
 * `setup`/`cleanup`): each runs once per object or connection, at its start or its end, not per
 * request or message. Local file work there (a dot-folder created, a socket file removed, a
 * config or key file read) is set-up or tear-down; round trips are still judged (see
 * collectAsyncBlocking).
 */
const LIFECYCLE_STEPS: ReadonlySet<string> = new Set([
  'start', 'startup', 'stop', 'close', 'aclose', 'shutdown', 'cleanup', 'clean_up', 'setup', 'set_up', 'teardown', 'tear_down',
  'initialize', 'initialise', 'connect', 'disconnect', 'open', '__aenter__', '__aexit__',
  // asyncio's protocol callbacks at a connection's start and end (data_received is per chunk)
  'connection_made', 'connection_lost', 'eof_received',
]);

function isLifecycleStep(unit: FunctionUnit): boolean {
  const name = unit.localName;
  // a private step (`_close`, `__connect`) is a step too; a dunder is taken as written
  return LIFECYCLE_STEPS.has(name) || (!name.endsWith('__') && LIFECYCLE_STEPS.has(name.replace(/^_+/, '')));
}

/** A `while` loop among the function's own top-level statements: it runs for as long as the loop does. */
function hasServiceLoop(unit: FunctionUnit): boolean {
  return unit.body.children.some((statement) => statement.type === 'while_statement');
}

/** `await f()`, `await (f())`. */
function isAwaited(call: PyNode): boolean {
  let parent = call.parent;
  while (parent?.type === 'parenthesized_expression') parent = parent.parent;
  return parent?.type === 'await';
}
