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
import { PARTIALS, SPAWNERS } from '../catalog/python';
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
  /**
   * Coroutines that run alone on an event loop a thread makes for itself: the root a thread's body
   * drives with `run_until_complete`/`asyncio.run`, when it starts no other work on that loop, and
   * the coroutines only such code awaits.
   */
  private readonly privateLoop = new RunOnceGraph();
  /** functions a thread runs: `threading.Thread(target=f)`, the `run` method of a Thread subclass */
  private readonly threadBodies = new Set<string>();
  /** main coroutines and the function that drives each on its loop */
  private readonly driven: { runner: FunctionUnit; main: FunctionUnit }[] = [];

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
    for (const { runner, main } of this.driven) {
      if (this.runsOnAThread(linker, runner) && !startsOtherWork(linker, main)) this.privateLoop.addRoot(main.id);
    }
  }

  /**
   * The coroutine runs alone on a private event loop: a thread's body drives it with
   * `loop.run_until_complete(...)` on a loop of its own and it starts no task, server or callback
   * there (or only such coroutines await it). A blocking call in it holds that thread, which has
   * nothing else to run: not the event loop the program's other tasks share.
   */
  onPrivateLoop(unit: FunctionUnit): boolean {
    return unit.isAsync && this.privateLoop.runsOnce(unit.id);
  }

  private runsOnAThread(linker: Linker, unit: FunctionUnit): boolean {
    if (this.threadBodies.has(unit.id)) return true;
    return unit.localName === 'run' && unit.className !== undefined && linker.catalogBaseType(unit.module, unit.className) === 'threading.Thread';
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
      if (external && SPAWNERS[external] === 'thread') {
        const body = keywordArguments(node, unit.module.source).get('target');
        const runs = body ? callableUnit(linker, unit, body) : undefined;
        if (runs) this.threadBodies.add(runs.id);
      }
      const [first] = argumentsOf(node);
      if (!first) continue;
      if (external && MAIN_FUNCTION_RUNNERS.has(external)) {
        this.addMain(callableUnit(linker, unit, first));
        continue;
      }
      const runsMain = (external && MAIN_COROUTINE_RUNNERS.has(external)) || (target.method !== undefined && MAIN_COROUTINE_METHODS.has(target.method));
      if (!runsMain || first.type !== 'call') continue;
      const main = linker.resolveCall(unit, first).resolved;
      if (main.kind === 'unit') {
        this.addMain(main.unit);
        if (main.unit.isAsync) this.driven.push({ runner: unit, main: main.unit });
      } else this.noteRunnerParameter(unit, first);
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
    // on a private loop, what the coroutine awaits runs there too (however often); a task it starts does not count
    this.privateLoop.addEdge(callee.id, { caller: caller.id, repeats: !callee.isAsync || handedOn });
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

/**
 * What puts more work on an event loop than the coroutine itself: tasks, servers, connections
 * whose protocols the loop runs, callbacks, and a loop that keeps running.
 */
const OTHER_WORK_ON_LOOP: ReadonlySet<string> = new Set([
  'create_task', 'ensure_future', 'TaskGroup', 'start_soon', 'run_coroutine_threadsafe',
  'start_server', 'start_unix_server', 'create_server', 'create_unix_server', 'serve_forever', 'create_connection',
  'create_datagram_endpoint', 'open_connection', 'call_soon', 'call_later', 'call_at', 'call_soon_threadsafe', 'add_reader',
  'add_writer', 'run_forever',
]);
/** Names that say so only as the event-loop libraries' own functions (`asyncio.gather`, not `event.wait`). */
const LIBRARY_WORK_ON_LOOP: ReadonlySet<string> = new Set(['gather', 'wait', 'as_completed', 'serve']);
const EVENT_LOOP_LIBRARIES = /^(?:asyncio|trio|anyio|websockets|aiohttp)\./;
/** awaited coroutines looked into for other work on the loop */
const MAX_OTHER_WORK_DEPTH = 3;

/** The coroutine (or one it awaits, a few levels down) starts tasks, servers or callbacks on its loop. */
function startsOtherWork(linker: Linker, main: FunctionUnit, depth = 0, seen = new Set<string>()): boolean {
  if (seen.has(main.id)) return false;
  seen.add(main.id);
  const source = main.module.source;
  for (const call of ownNodes(main).calls) {
    const fn = childByField(call, 'function');
    const name = fn?.type === 'attribute' ? childByField(fn, 'attribute') : fn;
    const written = name ? textOf(source, name) : '';
    if (OTHER_WORK_ON_LOOP.has(written)) return true;
    const target = linker.resolveCall(main, call).resolved;
    if (LIBRARY_WORK_ON_LOOP.has(written) && target.kind === 'external' && EVENT_LOOP_LIBRARIES.test(target.qualified)) return true;
    if (depth >= MAX_OTHER_WORK_DEPTH) continue;
    if (target.kind === 'unit' && target.unit.isAsync && startsOtherWork(linker, target.unit, depth + 1, seen)) return true;
  }
  return false;
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

/**
 * The same steps named with their object (`start_kernel`, `_async_cleanup_resources`,
 * `launch_instance`, `close_session`): a verb of an object's life first, after a private
 * underscore and an `async_` prefix. (`open_*` is left out: `open_file` names per-request work.)
 */
const LIFECYCLE_VERBS: ReadonlySet<string> = new Set([
  'start', 'stop', 'restart', 'launch', 'shutdown', 'cleanup', 'setup', 'teardown', 'initialize', 'initialise', 'connect', 'disconnect', 'close',
]);

function isLifecycleStep(unit: FunctionUnit): boolean {
  const name = unit.localName;
  // a private step (`_close`, `__connect`) is a step too; a dunder is taken as written
  if (LIFECYCLE_STEPS.has(name) || (!name.endsWith('__') && LIFECYCLE_STEPS.has(name.replace(/^_+/, '')))) return true;
  const words = name.replace(/^_+/, '').replace(/^a?sync_/, '').split('_');
  return words.length > 1 && LIFECYCLE_VERBS.has(words[0]) && words.every((word) => word.length > 0);
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
