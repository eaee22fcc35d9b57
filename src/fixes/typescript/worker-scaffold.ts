/**
 * What move-to-worker-thread and run-in-worker-pool share: find the heavy function, move it (and
 * what it needs) into a worker module next to its file, write the client module with the typed
 * `runXInWorker(...)` / `runXInPool(...)` wrapper (and the generic worker-pool module when the
 * project has no pool library), and rewrite call sites to await the wrapper.
 *
 * New files, next to the function's file, never overwriting (generated files are recognised by
 * their `threadwise:` marker and reused):
 *   <name>.worker.<ext>     the function, its imports/helpers/constants, and the message loop
 *   <name>.in-worker.<ext>  (thread) or <name>.pool.<ext> (pool): the wrapper the main thread calls
 *   worker-pool.<ext>       the generic pool on node:worker_threads (not with piscina/tinypool/workerpool)
 */
import * as path from 'node:path';
import { ts } from 'ts-morph';
import { callAt, calleeNameNode, enclosingFunction, indentUnit, kebabCase, pascalCase, skipParens, usesSemicolons } from './ast';
import { indentationAt } from '../text';
import { awaitExpression, makeAsync } from './asyncify';
import type { FileState, FixContext } from './context';
import { refuse } from './edits';
import { type Extraction, extractFunction, type MovableFunction, movableFunctionAt, removeMovedFunction, removeWhatOnlyItUsed } from './extract';
import { removeUnusedBinding } from './imports';
import { relativeSpecifier } from './module-system';
import { clientModule, flavourOf, POOL_MARKER, type PoolBackend, workerModule, workerPoolModule } from './templates';

export interface HeavyFunction {
  file: FileState;
  movable: MovableFunction;
}

/** The function `calleeId` (`<file>#<offset>`) names, if it can be moved. */
export function heavyFunction(ctx: FixContext, calleeId: string): HeavyFunction {
  const hash = calleeId.lastIndexOf('#');
  const file = calleeId.slice(0, hash);
  const offset = Number(calleeId.slice(hash + 1));
  if (!file || !Number.isInteger(offset)) refuse('bad function id');
  const state = ctx.file(file);
  const movable = movableFunctionAt(state, offset);
  if (!movable) refuse('the function is not a top-level function declaration or const function (or it changed)');
  return { file: state, movable };
}

export interface Scaffold {
  /** the client module (new or reused) */
  clientPath: string;
  runName: string;
  closeName?: string;
  backend: PoolBackend;
  extraction: Extraction;
}

/** Picks the pool implementation: a library the project depends on, else the generated pool. */
export function poolBackend(ctx: FixContext, file: FileState, wantPool: boolean): PoolBackend {
  if (!wantPool) return 'threadwise';
  const deps = ctx.input.dependencies;
  if (deps.has('piscina')) return 'piscina';
  if (deps.has('tinypool') && file.format.runtime === 'esm') return 'tinypool'; // ESM-only package
  if (deps.has('workerpool')) return 'workerpool';
  return 'threadwise';
}

/** Writes (or reuses) the worker module, the client module and the pool module. */
export function scaffold(ctx: FixContext, heavy: HeavyFunction, kind: 'thread' | 'pool'): Scaffold {
  const { file, movable } = heavy;
  const extraction = extractFunction(file, movable);
  const backend = poolBackend(ctx, file, kind === 'pool');
  const flavour = flavourOf(file.format);
  const dir = path.dirname(file.path);
  const ext = file.format.sourceExtension;
  const base = kebabCase(movable.name);
  const pascal = pascalCase(movable.name);
  const runName = kind === 'thread' ? `run${pascal}InWorker` : `run${pascal}InPool`;
  const closeName = kind === 'pool' ? `close${pascal}Pool` : undefined;

  const workerMarker = `threadwise:worker ${movable.name} ${backend}`;
  const workerPath = reuseOrFree(ctx, dir, base, `.worker${ext}`, workerMarker);
  const clientSuffix = kind === 'thread' ? `.in-worker${ext}` : `.pool${ext}`;
  const clientMarker = `threadwise:client ${movable.name} ${kind} ${backend}`;
  const clientPath = reuseOrFree(ctx, dir, base, clientSuffix, clientMarker);

  // a CommonJS file's 'use strict' applies to the code moved out of it, and to the new modules beside it
  const prologue = strictPrologue(file);
  if (!ctx.input.fileExists(workerPath)) {
    const portName = extraction.names.has('parentPort') ? 'workerPort' : 'parentPort';
    ctx.edits.create(workerPath, prologue + workerModule(flavour, backend, {
      functionName: movable.name,
      origin: `./${path.basename(file.path)}`,
      clientName: `${runName}() in ./${path.basename(clientPath)}`,
      imports: extraction.imports,
      body: extraction.body,
      portName,
    }));
  }
  if (!ctx.input.fileExists(clientPath)) {
    let poolSpecifier = '';
    if (backend === 'threadwise') {
      const poolPath = reuseOrFree(ctx, dir, 'worker-pool', ext, POOL_MARKER);
      if (!ctx.input.fileExists(poolPath) && !ctx.edits.isCreated(poolPath)) ctx.edits.create(poolPath, prologue + workerPoolModule(flavour));
      poolSpecifier = relativeSpecifier(clientPath, poolPath, file.format);
    }
    const runtimeExt = file.format.runtimeExtension;
    const client = clientModule(flavour, {
      functionName: movable.name,
      runName,
      closeName,
      workerRuntimeName: path.basename(workerPath).replace(/\.[cm]?[jt]s$/, runtimeExt),
      workerSourceName: path.basename(workerPath),
      workerSpecifier: relativeSpecifier(clientPath, workerPath, file.format),
      poolSpecifier,
      // never one worker: concurrent callers (requests) would queue behind each other; the pool starts workers only as needed
      size: undefined,
      backend,
    });
    ctx.edits.create(clientPath, prologue + client);
  }
  return { clientPath, runName, closeName, backend, extraction };
}

function strictPrologue(file: FileState): string {
  const first = file.sf.statements[0];
  const strict = file.format.syntax === 'cjs' && first && ts.isExpressionStatement(first) && ts.isStringLiteral(first.expression) && first.expression.text === 'use strict';
  return strict ? "'use strict';\n" : '';
}

/** An existing generated file with this marker, else a free path. */
function reuseOrFree(ctx: FixContext, dir: string, base: string, suffix: string, marker: string): string {
  for (let i = 1; i < 50; i++) {
    const candidate = path.join(dir, `${i === 1 ? base : `${base}-${i}`}${suffix}`);
    if (ctx.edits.isCreated(candidate)) return candidate;
    if (!ctx.input.fileExists(candidate)) break;
    const text = ctx.input.readFile(candidate);
    if (text && text.includes(marker)) return candidate;
  }
  return ctx.edits.freeFilePath(dir, base, suffix);
}

/** The wrapper's local name in the caller's file (importing it from the client module). */
export function importRunner(caller: FileState, made: Scaffold, name: string): string {
  const specifier = relativeSpecifier(caller.path, made.clientPath, caller.format);
  return caller.imports.named(specifier, name);
}

export type CallShape =
  /** `f(a, b)` */
  | { kind: 'call'; call: ts.CallExpression }
  /** `items.map(f)`: the reference `f` and the `.map(...)` call */
  | { kind: 'map-reference'; reference: ts.Expression; map: ts.CallExpression }
  /** `items.map((x) => f(x))`: the inner call, the arrow and the `.map(...)` call */
  | { kind: 'map-arrow'; call: ts.CallExpression; arrow: ts.ArrowFunction; map: ts.CallExpression };

/** What the finding's offsets point at: a call of the function, or the function passed to `map`. */
export function callShapeAt(file: FileState, start: number, end: number, functionName: string): CallShape {
  const sf = file.sf;
  const call = callAt(sf, start, end);
  if (call) {
    const nameNode = calleeNameNode(call);
    if (!nameNode) refuse('the call changed');
    const arrow = skipParentParens(call);
    if (ts.isArrowFunction(arrow) && skipParens(arrow.body as ts.Expression) === call) {
      const map = skipParentParens(arrow);
      if (ts.isCallExpression(map) && isMapCall(map) && map.arguments[0] && skipParens(map.arguments[0]) === arrow) return { kind: 'map-arrow', call, arrow, map };
    }
    return { kind: 'call', call };
  }
  // an iteration callback reference: `items.map(f)`
  let reference: ts.Node | undefined;
  const visit = (node: ts.Node): void => {
    if (reference) return;
    if (node.getStart(sf) === start && node.getEnd() === end && (ts.isIdentifier(node) || ts.isPropertyAccessExpression(node))) {
      reference = node;
      return;
    }
    if (node.getStart(sf) <= start && node.getEnd() >= end) ts.forEachChild(node, visit);
  };
  ts.forEachChild(sf, visit);
  if (!reference) refuse('the call changed');
  const map = skipParentParens(reference);
  const name = ts.isIdentifier(reference) ? reference.text : (reference as ts.PropertyAccessExpression).name.text;
  if (name !== functionName && !ts.isIdentifier(reference)) refuse('the callback changed');
  if (!ts.isCallExpression(map) || !isMapCall(map) || map.arguments.length !== 1) refuse('the function is passed to something other than items.map(...)');
  return { kind: 'map-reference', reference: reference as ts.Expression, map };
}

function isMapCall(call: ts.CallExpression): boolean {
  return ts.isPropertyAccessExpression(call.expression) && call.expression.name.text === 'map';
}

function skipParentParens(node: ts.Node): ts.Node {
  let parent = node.parent;
  while (parent && ts.isParenthesizedExpression(parent)) parent = parent.parent;
  return parent;
}

export interface Site {
  file: FileState;
  shape: CallShape;
}

/**
 * The calls of the function the project view knows, other than `except` and those inside the
 * function itself: a fix that moves the function rewrites them too, so that they await the
 * worker rather than a wrapper. Without the view: none (the wrapper's callers are then found by
 * name in its file, see asyncify.ts).
 */
export function otherCallSites(ctx: FixContext, heavy: HeavyFunction, calleeId: string, except: { file: string; start: number; end: number }): Site[] {
  const project = ctx.project;
  if (!project || !project.functionById(calleeId)) return [];
  const own = heavy.movable.statement;
  const sites: Site[] = [];
  for (const site of project.callSitesOf(calleeId)) {
    if (site.file === except.file && site.start === except.start && site.end === except.end) continue;
    const file = ctx.file(site.file);
    if (file.path === heavy.file.path && site.start >= own.getStart(heavy.file.sf) && site.start < own.getEnd()) continue;
    sites.push({ file, shape: callShapeAt(file, site.start, site.end, heavy.movable.name) });
  }
  return sites;
}

/** Rewrites one call site to await the wrapper. `arity`: the function's parameter count. */
export function rewriteCallSite(ctx: FixContext, caller: FileState, shape: CallShape, runner: string, arity: number, firstParam: string): void {
  const sf = caller.sf;
  if (shape.kind === 'call') {
    const callee = skipParens(shape.call.expression);
    ctx.edits.replace(caller.path, callee.getStart(sf), callee.getEnd(), runner);
    awaitExpression(ctx, caller, shape.call);
    return;
  }
  if (shape.kind === 'map-arrow') {
    const callee = skipParens(shape.call.expression);
    ctx.edits.replace(caller.path, callee.getStart(sf), callee.getEnd(), runner);
  } else {
    const names = ['item', 'index', 'array'].slice(0, Math.max(1, Math.min(3, arity)));
    if (firstParam && /^[A-Za-z_$][\w$]*$/.test(firstParam)) names[0] = firstParam;
    const params = names.map((name) => (enclosingUses(shape.map, name) ? caller.imports.reserve(name) : name));
    ctx.edits.replace(caller.path, shape.reference.getStart(sf), shape.reference.getEnd(), `(${params.join(', ')}) => ${runner}(${params.join(', ')})`);
  }
  // items.map(...) → await Promise.all(items.map(...))
  awaitExpression(ctx, caller, shape.map, { open: 'Promise.all(', close: ')' });
}

/** True when `name` is visible around the node (so a new parameter would shadow it). */
function enclosingUses(node: ts.Node, name: string): boolean {
  const fn = enclosingFunction(node);
  const text = fn.getText();
  return new RegExp(`\\b${name}\\b`).test(text);
}

/** After rewriting, drop the caller's import of the original function if nothing uses it. */
export function dropUnusedImportOf(ctx: FixContext, caller: FileState, heavy: HeavyFunction, localName: string): void {
  if (caller.path === heavy.file.path) return;
  removeUnusedBinding(ctx.edits, caller.path, caller.sf, localName);
}

/**
 * Moves, never copies: the original is removed when nothing else uses it (see extract.ts);
 * otherwise (other callers, or other modules through its export) it becomes a thin wrapper that
 * dispatches to the worker. Either way one implementation remains, the worker module's.
 */
export function removeOriginal(ctx: FixContext, heavy: HeavyFunction, made: Scaffold): void {
  if (!removeMovedFunction(ctx, heavy.file, heavy.movable, made.extraction)) replaceOriginalWithWrapper(ctx, heavy, made);
}

/**
 * `export function f(a, b) { ...heavy... }` → `export async function f(a, b) { return runFInWorker(a, b); }`:
 * its body gives way to a call of the worker, the function becomes async and its remaining
 * callers await it (asyncify.ts: it refuses where they cannot), and the imports, helpers and
 * constants only the old body used go.
 */
function replaceOriginalWithWrapper(ctx: FixContext, heavy: HeavyFunction, made: Scaffold): void {
  const { file, movable } = heavy;
  const { fn } = movable;
  const sf = file.sf;
  if (!fn.body) refuse(`${movable.name} has no body`);
  const runner = importRunner(file, made, made.runName);
  const args = fn.parameters.map((param, index) => {
    const spread = param.dotDotDotToken ? '...' : '';
    if (ts.isIdentifier(param.name)) return `${spread}${param.name.text}`;
    // a destructured parameter is passed on whole: the pattern's names are no longer used
    const name = file.imports.reserve(`arg${index + 1}`);
    ctx.edits.replace(file.path, param.name.getStart(sf), param.name.getEnd(), name);
    return `${spread}${name}`;
  });
  const call = `${runner}(${args.join(', ')})`;
  if (ts.isBlock(fn.body)) {
    const indent = indentationAt(file.text, movable.statement.getStart(sf));
    const semicolon = usesSemicolons(sf) ? ';' : '';
    ctx.edits.replace(file.path, fn.body.getStart(sf), fn.body.getEnd(), `{\n${indent}${indentUnit(file.text)}return ${call}${semicolon}\n${indent}}`);
  } else {
    ctx.edits.replace(file.path, fn.body.getStart(sf), fn.body.getEnd(), call);
  }
  removeWhatOnlyItUsed(ctx, file, made.extraction);
  makeAsync(ctx, file, fn);
}

/** Checks the caller can load the client module (same module system). */
export function checkCallerFormat(caller: FileState, heavy: HeavyFunction): void {
  if (caller.format.runtime !== heavy.file.format.runtime) refuse('the caller and the function are in different module systems');
}
