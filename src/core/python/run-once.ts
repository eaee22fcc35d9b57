/**
 * Code that runs once per program: the coroutine handed to `asyncio.run()` or
 * `loop.run_until_complete()` (the program's main coroutine), and what such code calls outside any
 * loop when every analysed caller runs once too (`await self.startup()` before the server starts
 * serving). A function called from a loop, from code that may run many times, or from no analysed
 * caller at all (a handler or a callback the framework calls) is not run once.
 */
import type { Linker } from './link';
import { type FunctionUnit, MODULE_UNIT_NAME, type PyModule } from './summarize';
import { childByField, enclosing, namedChildren, ownDescendants, type PyNode } from './syntax';

/** Runners that drive one coroutine from start to end on a new or idle event loop. */
const MAIN_COROUTINE_RUNNERS: ReadonlySet<string> = new Set(['asyncio.run', 'asyncio.runners.run']);
const MAIN_COROUTINE_METHODS: ReadonlySet<string> = new Set(['run_until_complete']);
const LOOPS: ReadonlySet<string> = new Set(['for_statement', 'while_statement', 'list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);

interface CallerEdge {
  caller: FunctionUnit;
  inLoop: boolean;
  /** a coroutine created and handed on (to gather(), create_task()), not awaited there and then */
  handedOn: boolean;
}

export class RunOnceIndex {
  private readonly callers = new Map<string, CallerEdge[]>();
  private readonly roots = new Set<string>();
  /** units that start coroutines without awaiting them: what they run next shares the loop with those */
  private readonly startsTasks = new Set<string>();
  private readonly memo = new Map<string, boolean>();

  constructor(linker: Linker, modules: readonly PyModule[]) {
    for (const module of modules) {
      for (const unit of module.units) {
        try {
          this.index(linker, unit);
        } catch {
          // a unit that cannot be resolved adds no edges; its callees keep their other callers
        }
      }
    }
  }

  /** The function runs once per program run (see the file comment). */
  runsOnce(unit: FunctionUnit): boolean {
    const known = this.memo.get(unit.id);
    if (known !== undefined) return known;
    // a cycle (recursion) is not run once
    this.memo.set(unit.id, false);
    const edges = this.callers.get(unit.id) ?? [];
    const once =
      !this.startsTasks.has(unit.id) &&
      (this.roots.has(unit.id) ||
        (edges.length > 0 && edges.every((edge) => !edge.inLoop && !edge.handedOn && (edge.caller.name === MODULE_UNIT_NAME || this.runsOnce(edge.caller)))));
    this.memo.set(unit.id, once);
    return once;
  }

  private index(linker: Linker, unit: FunctionUnit): void {
    for (const node of ownDescendants(unit.body)) {
      if (node.type !== 'call') continue;
      const target = linker.resolveCall(unit, node);
      if (target.resolved.kind === 'unit') this.addEdge(target.resolved.unit, unit, node);
      const runsMain =
        (target.resolved.kind === 'external' && MAIN_COROUTINE_RUNNERS.has(target.resolved.qualified)) ||
        (target.method !== undefined && MAIN_COROUTINE_METHODS.has(target.method));
      if (!runsMain) continue;
      const [first] = namedChildren(childByField(node, 'arguments') ?? node);
      if (first?.type !== 'call') continue;
      const main = linker.resolveCall(unit, first).resolved;
      if (main.kind === 'unit' && main.unit.isAsync) this.roots.add(main.unit.id);
    }
  }

  private addEdge(callee: FunctionUnit, caller: FunctionUnit, call: PyNode): void {
    // enclosing() stops at the caller's own scope: a loop outside a nested def is not this call's
    const inLoop = enclosing(call, LOOPS) !== undefined;
    const handedOn = callee.isAsync && !isAwaited(call);
    if (handedOn) this.startsTasks.add(caller.id);
    const list = this.callers.get(callee.id);
    if (list) list.push({ caller, inLoop, handedOn });
    else this.callers.set(callee.id, [{ caller, inLoop, handedOn }]);
  }
}

/** `await f()`, `await (f())`. */
function isAwaited(call: PyNode): boolean {
  let parent = call.parent;
  while (parent?.type === 'parenthesized_expression') parent = parent.parent;
  return parent?.type === 'await';
}
