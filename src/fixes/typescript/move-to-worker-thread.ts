import { ts } from 'ts-morph';
import type { CpuOnEventLoopData } from '../../core/rules/cpu-on-event-loop';
import { referencesTo, skipParens } from './ast';
import type { FileState, FixContext } from './context';
import { defineFix } from './define-fix';
import { refuse } from './edits';
import {
  callShapeAt, type CallShape, checkCallerFormat, dropUnusedImportOf, heavyFunction, type HeavyFunction, importRunner,
  otherCallSites, removeOriginal, rewriteCallSite, scaffold, type Site,
} from './worker-scaffold';

/**
 * cpu-on-event-loop: moves the heavy function to a worker thread.
 *   - `<name>.worker.<ext>`: the function with its imports (only the bindings it uses), the local
 *     helpers it calls and the constants/types it reads, plus the message loop;
 *   - `<name>.in-worker.<ext>`: `runXInWorker(...args): Promise<Awaited<ReturnType<typeof x>>>`,
 *     on a pool sized to the cores (`availableParallelism()`), created once per module, workers
 *     started as needed and reused, never keeping the process alive when idle;
 *   - `worker-pool.<ext>`: the small generic pool both use (reused when already generated);
 *   - the call site awaits the wrapper (`items.map(f)` → `await Promise.all(items.map((n) => runFInWorker(n)))`),
 *     and the enclosing function becomes async — with its callers, see asyncify.ts.
 * A finding on the declaration (no call offsets) rewrites every call the project view knows (or,
 * without it, the calls in the function's own file). The original function is removed when
 * nothing else uses it (not exported, no other reference), with the imports and helpers only it used.
 * Worker paths follow the module system: `new URL('./x.worker.js', import.meta.url)` in ES modules,
 * `path.join(__dirname, 'x.worker.js')` in CommonJS, pointing at tsc's .js output (or the .ts
 * itself when running under tsx/ts-node).
 * Refuses: methods, nested functions, generators, default exports; module state shared with the
 * main thread; module initialisers with side effects (extract.ts); call sites whose caller cannot
 * become async (asyncify.ts); a caller in another module system than the function.
 */
export const moveToWorkerThread = defineFix<CpuOnEventLoopData>('move-to-worker-thread', ({ ctx, finding, data }) => {
  const { calleeId, calleeName: expected } = data;
  if (!calleeId) refuse('finding without the function id');
  const heavy = heavyFunction(ctx, calleeId);
  const name = heavy.movable.name;
  if (expected && expected !== name) refuse('the function changed');
  const sites = callSites(ctx, heavy, calleeId, data);
  if (sites.length === 0) refuse('no call of the function to move to the worker');
  const made = scaffold(ctx, heavy, 'thread');
  const params = heavy.movable.fn.parameters;
  const firstParam = params[0] && ts.isIdentifier(params[0].name) ? params[0].name.text : 'item';
  for (const { file, shape } of sites) {
    checkCallerFormat(file, heavy);
    const runner = importRunner(file, made, made.runName);
    rewriteCallSite(ctx, file, shape, runner, params.length, firstParam);
  }
  for (const { file, shape } of sites) {
    const local = localNameOf(shape);
    if (local) dropUnusedImportOf(ctx, file, heavy, local);
  }
  removeOriginal(ctx, heavy, made);
  return ctx.finish(`Move ${name}() to a worker thread`, finding.fixes[0] === 'move-to-worker-thread');
});


/** The finding's call, or (declaration findings) every known call of the function. */
function callSites(ctx: FixContext, heavy: HeavyFunction, calleeId: string, data: Partial<CpuOnEventLoopData>): Site[] {
  const name = heavy.movable.name;
  const { callStart: start, callEnd: end } = data;
  const own = heavy.movable.statement;
  const insideOwn = (file: FileState, offset: number) => file.path === heavy.file.path && offset >= own.getStart(heavy.file.sf) && offset < own.getEnd();
  const project = ctx.project;
  if (start !== undefined && end !== undefined) {
    // the call the finding is on, then every other call: the function moves, so they all go to the worker
    const found: Site = { file: ctx.main, shape: callShapeAt(ctx.main, start, end, name) };
    return [found, ...otherCallSites(ctx, heavy, calleeId, { file: ctx.main.path, start, end })];
  }
  const sites: Site[] = [];
  if (project) {
    if (!project.functionById(calleeId)) refuse('the function is not in the last analysis');
    for (const site of project.callSitesOf(calleeId)) {
      const file = ctx.file(site.file);
      if (insideOwn(file, site.start)) continue;
      sites.push({ file, shape: callShapeAt(file, site.start, site.end, name) });
    }
    return sites;
  }
  // without the project view: the calls in the function's own file
  const file = heavy.file;
  for (const ref of referencesTo(file.sf, name)) {
    if (insideOwn(file, ref.getStart(file.sf))) continue;
    const parent = ref.parent;
    if (ts.isCallExpression(parent) && parent.expression === ref) {
      sites.push({ file, shape: callShapeAt(file, parent.getStart(file.sf), parent.getEnd(), name) });
    } else if (ts.isCallExpression(parent) && parent.arguments.includes(ref)) {
      sites.push({ file, shape: callShapeAt(file, ref.getStart(file.sf), ref.getEnd(), name) });
    } else if (!ts.isExportSpecifier(parent) && !ts.isTypeQueryNode(parent)) {
      refuse(`${name} is used as a value`);
    }
  }
  return sites;
}

function localNameOf(shape: CallShape): string | undefined {
  const callee = shape.kind === 'map-reference' ? shape.reference : skipParens(shape.call.expression);
  let root: ts.Expression = callee;
  while (ts.isPropertyAccessExpression(root)) root = root.expression;
  return ts.isIdentifier(root) ? root.text : undefined;
}
