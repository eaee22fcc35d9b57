/**
 * Code that runs once per program run, whatever the language: the program's roots (a module's
 * top-level code, the main coroutine, the function that starts a server) and what they call
 * outside any loop when every analysed caller runs once too. Blocking or waiting there costs the
 * program's start a moment; nothing else is waiting for the thread yet. A function called from a
 * loop, from code that may run many times, or from no analysed caller at all (a handler, a
 * callback a framework calls) is not run once. Each language builds the graph from its own
 * syntax (python/run-once.ts, typescript/run-once.ts); the question is answered here.
 */

export interface CallerEdge {
  /** the calling function's id */
  caller: string;
  /**
   * the call may run more than once per run of its caller: inside a loop, per item of an
   * iteration callback, or handed on to run later (a task, a listener)
   */
  repeats: boolean;
  /** the call runs once whatever its caller does: lazy initialisation behind a state test */
  guarded?: boolean;
}

export class RunOnceGraph {
  private readonly callers = new Map<string, CallerEdge[]>();
  private readonly roots = new Set<string>();
  private readonly presumedRoots = new Set<string>();
  /** functions that run once per program without callers: top-level code */
  private readonly topLevel = new Set<string>();
  /** functions never counted as run once, whatever their callers (they start work that runs on) */
  private readonly excluded = new Set<string>();
  private readonly memo = new Map<string, boolean>();

  addEdge(callee: string, edge: CallerEdge): void {
    const list = this.callers.get(callee);
    if (list) list.push(edge);
    else this.callers.set(callee, [edge]);
    this.memo.clear();
  }

  /** the program's entry: the main coroutine, the function that starts the server */
  addRoot(id: string): void {
    this.roots.add(id);
    this.memo.clear();
  }

  /**
   * A function its name presumes to run once (an object's `start`, a connection's `close`): run once
   * while no analysed caller says otherwise; with callers, it runs once only when they all do (a
   * `connect` called for every message is per message, whatever its name).
   */
  addPresumedRoot(id: string): void {
    this.presumedRoots.add(id);
    this.memo.clear();
  }

  /** a module's top-level code: runs once per program (modules are loaded once) */
  addTopLevel(id: string): void {
    this.topLevel.add(id);
    this.memo.clear();
  }

  exclude(id: string): void {
    this.excluded.add(id);
    this.memo.clear();
  }

  isRoot(id: string): boolean {
    return this.roots.has(id);
  }

  /** The function runs once per program run (see the file comment). */
  runsOnce(id: string): boolean {
    const known = this.memo.get(id);
    if (known !== undefined) return known;
    // a cycle (recursion) is not run once
    this.memo.set(id, false);
    const edges = this.callers.get(id) ?? [];
    const once =
      !this.excluded.has(id) &&
      (this.roots.has(id) ||
        this.topLevel.has(id) ||
        (this.presumedRoots.has(id) && edges.length === 0) ||
        (edges.length > 0 && edges.every((edge) => !edge.repeats && (edge.guarded === true || this.topLevel.has(edge.caller) || this.runsOnce(edge.caller)))));
    this.memo.set(id, once);
    return once;
  }
}
