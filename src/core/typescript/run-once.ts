/**
 * Code that runs once per program (the shared notion: core/run-once.ts), from the TS/JS call
 * graph. Roots: server bootstrap, a function that makes a server listen (`server.listen(port)`),
 * directly or in a callback it runs there and then (`new Promise((resolve) => server.listen(port,
 * resolve))`), the function whose own closure does so (`refresh().then(afterSetUp)` where
 * `afterSetUp` listens), and the methods of the same object that start it that way (`async start() {
 * await this.setup(); await this.listen() }`): a server starts once, and what its start-up calls before
 * and after listening is start-up. From the roots, a function runs once when every call of it runs
 * once: outside loops and iteration callbacks, from code that runs once, or behind lazy
 * initialisation (`if (!this.ready) this.ready = this.setup()`). Presumed roots, run once while no
 * analysed caller runs them in a loop, per item or from a request handler: steps named for an
 * object's life (`init`, `setup`, `start`, `bootstrap`, `migrate`: a storage module's `init` that
 * the host calls once) and functions that register request handlers (a plugin, a router's set-up:
 * routes are registered when the server is put together). Request handlers and what they
 * reach never run once. A script's top-level code is no root: the commands it runs are what the
 * script is for.
 */
import { RunOnceGraph } from '../run-once';
import { callsOf, type Linker } from './link';
import type { CallSite, FunctionSummary } from './summary';

export class TsRunOnce {
  private readonly graph = new RunOnceGraph();

  constructor(linker: Linker, requestPaths: ReadonlyMap<string, unknown>) {
    const listening = new Set<string>();
    /** functions that register request handlers: a server's set-up */
    const registrars = new Set<string>();
    /** per function, the calls that start it from its own object or run it there and then */
    const starters = new Map<string, string[]>();
    for (const fn of linker.allFunctions()) {
      if (requestPaths.has(fn.id)) this.graph.exclude(fn.id);
      else if (isLifecycleStep(fn)) this.graph.addPresumedRoot(fn.id);
      // an inline handler's enclosing function registers routes: set-up (`app.get('/x', (req, res) => …)`)
      if (fn.handler && fn.parentId && !requestPaths.has(fn.parentId)) registrars.add(fn.parentId);
      for (const { call, loopMultiplier } of callsOf(fn)) {
        if (startsListening(linker, call)) listening.add(fn.id);
        if (call.registersHandler && !requestPaths.has(fn.id)) registrars.add(fn.id);
        const sameObject = call.viaCallback === 'executor' || call.hint?.isThis === true || call.calleeText.startsWith('this.');
        for (const edge of edgesOf(linker, fn, call, loopMultiplier)) {
          this.graph.addEdge(edge.callee, { caller: fn.id, repeats: edge.repeats, guarded: call.once === true });
          if (edge.repeats || !sameObject) continue;
          const list = starters.get(edge.callee);
          if (list) list.push(fn.id);
          else starters.set(edge.callee, [fn.id]);
        }
      }
    }
    // route registration (a plugin, a router's set-up) runs when the server is put together, not per request
    for (const id of registrars) {
      const fn = linker.functionById(id);
      if (fn && !fn.isModuleBody) this.graph.addPresumedRoot(id);
    }
    // bootstrap: the functions that make a server listen, and the object's methods that call them outside loops
    const queue = [...listening];
    for (let next = 0; next < queue.length; next++) {
      const id = queue[next];
      if (!requestPaths.has(id)) this.graph.addRoot(id);
      // a closure that makes the server listen (`fileList.refresh().then(afterPreprocess)`) is a
      // step of its enclosing function's start-up: that function starts the server too
      const parent = linker.functionById(id)?.parentId;
      const parentFn = parent ? linker.functionById(parent) : undefined;
      if (parentFn && !parentFn.isModuleBody && !listening.has(parentFn.id)) {
        listening.add(parentFn.id);
        queue.push(parentFn.id);
      }
      for (const caller of starters.get(id) ?? []) {
        if (listening.has(caller)) continue;
        listening.add(caller);
        queue.push(caller);
      }
    }
  }

  /** The function runs once per program run (see the file comment). */
  runsOnce(fn: FunctionSummary): boolean {
    return this.graph.runsOnce(fn.id);
  }
}

/**
 * The functions a call runs, and whether it may run them more than once per run of the caller:
 * its callee (each candidate of a call resolved by name), the callback of an iteration method
 * (once per item) or of an executor (now, once), and callbacks handed to anything else (a
 * listener, a timer, a library: they may run any number of times, later).
 */
function edgesOf(linker: Linker, fn: FunctionSummary, call: CallSite, inLoop: boolean): { callee: string; repeats: boolean }[] {
  const edges: { callee: string; repeats: boolean }[] = [];
  const callee = linker.resolve(call);
  const repeats = inLoop || call.viaCallback === 'iteration';
  if (callee.kind === 'fn') edges.push({ callee: callee.fn.id, repeats });
  else if (callee.kind === 'virtual') for (const candidate of callee.fns) edges.push({ callee: candidate.id, repeats });
  if (call.viaCallback) return edges;
  for (const argument of call.argBindings ?? []) {
    if (argument?.kind !== 'fn' || argument.id === fn.id) continue;
    if (callee.kind === 'fn' && argument.id === callee.fn.id) continue;
    edges.push({ callee: argument.id, repeats: true });
  }
  return edges;
}

/**
 * Steps of an object's or a program's life by their conventional names (`init`, `setup`,
 * `start`, `bootstrap`, `migrate`): each runs once per object or program, when it is put
 * together, not per request. Presumed only: a step that an analysed caller runs in a loop, per
 * item or from a request handler is not run once (see RunOnceGraph.addPresumedRoot).
 */
const LIFECYCLE_STEPS: ReadonlySet<string> = new Set([
  'init', 'initialize', 'initialise', 'setup', 'start', 'startup', 'bootstrap', 'boot', 'migrate',
]);

function isLifecycleStep(fn: FunctionSummary): boolean {
  if (fn.isModuleBody) return false;
  const name = (fn.memberName ?? fn.name.slice(fn.name.lastIndexOf('.') + 1)).replace(/^_+/, '').toLowerCase();
  return LIFECYCLE_STEPS.has(name);
}

/**
 * `server.listen(port)`: node's catalogued listen, or a `listen` method of a value the analysis
 * cannot type (also when a project method of that name was guessed for it).
 */
function startsListening(linker: Linker, call: CallSite): boolean {
  const callee = linker.resolve(call);
  if (callee.kind === 'catalog') return callee.entry.startsServer === true;
  if (callee.kind === 'fn') return false;
  return !call.hint?.isThis && /\.listen$/.test(call.calleeText);
}
