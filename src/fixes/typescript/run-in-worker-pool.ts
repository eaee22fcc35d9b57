import { ts } from 'ts-morph';
import type { CpuOnEventLoopData } from '../../core/rules/cpu-on-event-loop';
import type { WorkerPerTaskData } from '../../core/rules/worker-per-task';
import { dataOf } from '../fix';
import { skipParens } from './ast';
import { defineFix } from './define-fix';
import { refuse } from './edits';
import { callShapeAt, checkCallerFormat, dropUnusedImportOf, heavyFunction, importRunner, otherCallSites, removeOriginal, rewriteCallSite, scaffold, type Site } from './worker-scaffold';
import { workerPerTaskToPool } from './worker-per-task-pool';

/**
 * Many independent inputs → a pool of worker threads, about one per core:
 *
 *     const results = numbers.map(cpuBoundTask);
 *  →  const results = await Promise.all(numbers.map((n) => runCpuBoundTaskInPool(n)));
 *
 * cpu-on-event-loop (per item): the function moves to `<name>.worker.<ext>` as for
 * move-to-worker-thread, and `<name>.pool.<ext>` exports `runXInPool(...)` and `closeXPool()`.
 * The pool is piscina, tinypool (ES modules only) or workerpool when `dependencies` has one;
 * otherwise the generated `worker-pool.<ext>` on node:worker_threads: sized by
 * `os.availableParallelism()` (falling back to `os.cpus().length`), a task queue, reused workers,
 * errors delivered to the caller, idle workers unref'd so the process exits, `close()`.
 * workerpool's workers keep the process alive, so its wrapper closes the pool after 200 ms idle.
 * worker-per-task: see worker-per-task-pool.ts.
 * Refuses: a call that is not per item through `items.map(...)` (a loop would run the pool one
 * task at a time), and everything move-to-worker-thread refuses.
 */
export const runInWorkerPool = defineFix<CpuOnEventLoopData>('run-in-worker-pool', ({ ctx, finding, data }) => {
  if (finding.rule === 'worker-per-task') return workerPerTaskToPool(ctx, dataOf<WorkerPerTaskData>(finding));
  const { calleeId, callStart: start, callEnd: end } = data;
  if (!calleeId || start === undefined || end === undefined) refuse('a pool needs a per-item call site');
  const heavy = heavyFunction(ctx, calleeId);
  const name = heavy.movable.name;
  const shape = callShapeAt(ctx.main, start, end, name);
  if (shape.kind === 'call') refuse('not a per-item call through items.map(...)');
  checkCallerFormat(ctx.main, heavy);
  const made = scaffold(ctx, heavy, 'pool');
  const params = heavy.movable.fn.parameters;
  const firstParam = params[0] && ts.isIdentifier(params[0].name) ? params[0].name.text : 'item';
  // the per-item call the finding is on, then the function's other calls: it moves, so they all use the pool
  const sites: Site[] = [{ file: ctx.main, shape }, ...otherCallSites(ctx, heavy, calleeId, { file: ctx.main.path, start, end })];
  for (const site of sites) {
    checkCallerFormat(site.file, heavy);
    rewriteCallSite(ctx, site.file, site.shape, importRunner(site.file, made, made.runName), params.length, firstParam);
  }
  for (const site of sites) {
    const callee = site.shape.kind === 'map-reference' ? site.shape.reference : skipParens(site.shape.call.expression);
    let root: ts.Expression = callee;
    while (ts.isPropertyAccessExpression(root)) root = root.expression;
    if (ts.isIdentifier(root)) dropUnusedImportOf(ctx, site.file, heavy, root.text);
  }
  removeOriginal(ctx, heavy, made);
  const library = made.backend === 'threadwise' ? '' : ` (${made.backend})`;
  return ctx.finish(`Run ${name}() on a pool of worker threads${library}`, finding.fixes[0] === 'run-in-worker-pool');
});
