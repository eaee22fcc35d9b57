/**
 * `await`ing a call where there was none, and making the code around it async so that it still
 * compiles and still runs in the same order.
 *
 * Policy (chosen over `.then`): the enclosing function becomes `async`, and so do its callers —
 * each call of it gets an `await` — up the call graph until one of these stops the cascade:
 *   - the function is already async, or the call is already awaited or explicitly `void`ed;
 *   - top-level code of an ES module (top-level `await`);
 *   - the last statement of a CommonJS module's top level (`main();`): nothing after it waits;
 *   - a callback whose return value is ignored or awaited by its caller: request handlers
 *     (`app.get(...)`, `createServer`), event listeners (`.on`), timers, `new Promise(executor)`,
 *     `.then`/`.catch`/`.finally`, and `items.map(cb)` passed straight to `Promise.all`.
 * Callers are found by name in the function's scope, in other files through the project view
 * (exported functions), and as `this.m()` in the class (private methods only).
 * It refuses (the fix returns undefined) rather than guess when the cascade meets a function used
 * as a value, a callback of another kind (`items.map(cb)` used as an array), a getter, setter,
 * constructor, generator or public method (callable through any object), an exported function
 * without the project view (its callers in other files are unknown), top-level CommonJS code that
 * is not the last statement, or more than MAX_ASYNC functions. `.then` was rejected: it changes completion order just as much as an
 * un-awaited async call, and hides it.
 */
import { ts } from 'ts-morph';
import { LineIndex } from '../../core/positions';
import { handlerForCallArgument, WEB_FRAMEWORKS } from '../../core/typescript/naming';
import {
  callAt, calleeName, enclosingFunction, type FunctionNode, hasModifier, isAsync, isFunctionNode, referencesTo, skipParens,
} from './ast';
import type { FileState, FixContext } from './context';
import { refuse } from './edits';
import { answerErrors, handlerStyleOf } from './handler-errors';

const MAX_ASYNC = 8;

/** Callbacks whose return value the caller ignores: making them async changes nothing for it. */
const IGNORED_RESULT_CALLEES: ReadonlySet<string> = new Set([
  'on', 'once', 'addListener', 'prependListener', 'prependOnceListener', 'addEventListener',
  'setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask', 'nextTick', 'createServer',
  'createSecureServer', 'listen', 'then', 'catch', 'finally',
]);

interface AsyncState {
  made: Set<string>;
  awaited: Set<string>;
}

const states = new WeakMap<FixContext, AsyncState>();

function stateOf(ctx: FixContext): AsyncState {
  let state = states.get(ctx);
  if (!state) {
    state = { made: new Set(), awaited: new Set() };
    states.set(ctx, state);
  }
  return state;
}

/** Functions made async by this fix so far (for titles and tests). */
export function asyncifiedCount(ctx: FixContext): number {
  return stateOf(ctx).made.size;
}

/** True when `await` is needed (and possible) at `expr` without further changes: the code is already async. */
export function inAsyncContext(file: FileState, expr: ts.Node): boolean {
  const fn = enclosingFunction(expr);
  if (ts.isSourceFile(fn)) return file.format.topLevelAwait;
  return isAsync(fn);
}

export interface AwaitOptions {
  /** read this member from the awaited value: `(await x).stdout` */
  member?: string;
  /** wrap the expression before awaiting it: `await Promise.all(x)` is `{ open: 'Promise.all(', close: ')' }` */
  open?: string;
  close?: string;
}

/**
 * Writes `await ` before `expr` (in parentheses where precedence needs them or a member is read
 * from the result) and makes the enclosing function async, cascading to its callers.
 */
export function awaitExpression(ctx: FixContext, file: FileState, expr: ts.Expression, options: AwaitOptions = {}): void {
  const state = stateOf(ctx);
  const key = `${file.path}#${expr.getStart(file.sf)}:${expr.getEnd()}`;
  if (state.awaited.has(key)) return;
  state.awaited.add(key);
  const member = options.member ?? '';
  const parent = skipParentParens(expr);
  if (ts.isAwaitExpression(parent) && member === '' && !options.open) return;
  if (insideParameterOrField(expr)) refuse('await is not allowed in a parameter default or class field');
  const parens = member !== '' || needsParentheses(expr);
  ctx.edits.insert(file.path, expr.getStart(file.sf), `${parens ? '(await ' : 'await '}${options.open ?? ''}`);
  const close = `${options.close ?? ''}${parens ? `)${member}` : ''}`;
  if (close) ctx.edits.insert(file.path, expr.getEnd(), close);
  makeAsync(ctx, file, enclosingFunction(expr));
}

function skipParentParens(node: ts.Node): ts.Node {
  let parent = node.parent;
  while (parent && ts.isParenthesizedExpression(parent)) parent = parent.parent;
  return parent;
}

function insideParameterOrField(node: ts.Node): boolean {
  for (let current = node.parent; current && !isFunctionNode(current) && !ts.isSourceFile(current); current = current.parent) {
    if (ts.isParameter(current) || ts.isPropertyDeclaration(current) || ts.isClassStaticBlockDeclaration(current)) return true;
  }
  return false;
}

/** `await f().x` awaits `.x`: member access, calls, `new`, tagged templates and `**` need `(await f())`. */
function needsParentheses(expr: ts.Expression): boolean {
  const parent = expr.parent;
  if (!parent) return false;
  if ((ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === expr) return true;
  if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.expression === expr) return true;
  if (ts.isTaggedTemplateExpression(parent) && parent.tag === expr) return true;
  if (ts.isNonNullExpression(parent)) return true;
  if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.AsteriskAsteriskToken && parent.left === expr) return true;
  return false;
}

/** Makes a function async (or checks top-level await is available) and updates its callers. */
export function makeAsync(ctx: FixContext, file: FileState, fn: FunctionNode | ts.SourceFile): void {
  const state = stateOf(ctx);
  if (ts.isSourceFile(fn)) {
    if (file.format.topLevelAwait) return;
    refuse('top-level await is not available here (a CommonJS module or an old target)');
  }
  const key = `${file.path}#${fn.getStart(file.sf)}`;
  if (state.made.has(key) || isAsync(fn)) return;
  if ((ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn) || ts.isMethodDeclaration(fn)) && fn.asteriskToken) refuse('a generator cannot become async without changing its callers');
  if (ts.isGetAccessor(fn) || ts.isSetAccessor(fn) || ts.isConstructorDeclaration(fn)) refuse('getters, setters and constructors cannot be async');
  state.made.add(key);
  if (state.made.size > MAX_ASYNC) refuse(`the change would make more than ${MAX_ASYNC} functions async`);
  ctx.edits.insert(file.path, asyncInsertionOffset(fn, file.sf), 'async ');
  if (fn.type) {
    const typeText = fn.type.getText(file.sf);
    if (!/^Promise\s*</.test(typeText)) ctx.edits.replace(file.path, fn.type.getStart(file.sf), fn.type.getEnd(), `Promise<${typeText}>`);
  } else {
    // JavaScript checked with JSDoc: `@returns {T}` becomes `@returns {Promise<T>}`
    const declared = ts.getJSDocReturnTag(fn)?.typeExpression?.type;
    const typeText = declared?.getText(file.sf);
    if (declared && typeText && !/^Promise\s*</.test(typeText)) ctx.edits.replace(file.path, declared.getStart(file.sf), declared.getEnd(), `Promise<${typeText}>`);
  }
  updateCallers(ctx, file, fn);
}

function asyncInsertionOffset(fn: FunctionNode, sf: ts.SourceFile): number {
  if (ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn)) {
    const keyword = fn.getChildren(sf).find((child) => child.kind === ts.SyntaxKind.FunctionKeyword);
    if (keyword) return keyword.getStart(sf);
  }
  if (ts.isMethodDeclaration(fn)) return fn.name.getStart(sf);
  return fn.getStart(sf);
}

/** The role of a function decides who observes its (now promised) result. */
function updateCallers(ctx: FixContext, file: FileState, fn: FunctionNode): void {
  const project = ctx.project;
  const analysed = project?.functionAt(file.path, fn.getStart(file.sf));
  const holder = skipParentParens(fn);
  const inlineCallback = (ts.isCallExpression(holder) || ts.isNewExpression(holder)) && holder.expression !== fn && skipParens(holder.expression) !== fn;
  // a request handler passed inline answers its request when what it now awaits fails (handler-errors.ts)
  const style = inlineCallback && ts.isCallExpression(holder) ? handlerStyleOf(holder, (receiver) => frameworkOfReceiver(receiver, file.sf)) : undefined;
  if (style) answerErrors(ctx, file, fn, style);
  if (analysed && analysed.start === fn.getStart(file.sf) && analysed.isHandler) return;

  // an inline callback: `app.get('/', (req, res) => ...)`, `emitter.on('x', function () {...})`
  if (inlineCallback) {
    if (callbackResultIgnored(holder, file.sf)) return;
    refuse(`${describe(fn, file)} is a callback whose caller would receive a promise`);
  }
  // an immediately invoked function: `(() => {...})()`
  if (ts.isCallExpression(holder) && skipParens(holder.expression) === fn) {
    awaitCallUnlessTopLevelTail(ctx, file, holder);
    return;
  }
  if (ts.isMethodDeclaration(fn)) {
    updatePrivateMethodCallers(ctx, file, fn);
    return;
  }
  const name = declaredName(fn);
  if (!name) refuse(`${describe(fn, file)} has no name to find its callers by`);
  const declarationScope = scopeOf(name);
  const exported = isExported(fn, name.text, file);
  for (const ref of referencesTo(declarationScope, name.text)) {
    if (ref === name) continue;
    if (replacedAlready(ctx, file, ref.getStart(file.sf), ref.getEnd())) continue; // this fix rewrote that use already
    const parent = ref.parent;
    if (ts.isExportSpecifier(parent) || ts.isExportAssignment(parent) || isModuleExportsUse(ref)) continue;
    if (ts.isTypeQueryNode(parent)) continue; // `typeof f` in a type
    if (!ts.isCallExpression(parent) || parent.expression !== ref) refuse(`${name.text} is used as a value (line ${lineOf(file, ref)}), not only called`);
    awaitCallUnlessTopLevelTail(ctx, file, parent);
  }
  if (exported) updateCallersFromProject(ctx, file, fn, name.text, false);
}

/**
 * A method's callers are only certain when it is private (`#m` or `private m`): then they are the
 * `this.m(...)` calls in its class. A public method may be called through any object, anywhere.
 */
function updatePrivateMethodCallers(ctx: FixContext, file: FileState, method: ts.MethodDeclaration): void {
  const isPrivate = ts.isPrivateIdentifier(method.name) || hasModifier(method, ts.SyntaxKind.PrivateKeyword);
  if (!isPrivate || !ts.isClassLike(method.parent)) refuse(`${method.name.getText(file.sf)}() is a public method: its callers may be anywhere`);
  if (hasModifier(method, ts.SyntaxKind.StaticKeyword)) refuse('a static method');
  const name = method.name.getText(file.sf);
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && node.name.getText(file.sf) === name) {
      if (node.expression.kind !== ts.SyntaxKind.ThisKeyword) refuse(`${name} is used through another object`);
      const call = node.parent;
      if (!ts.isCallExpression(call) || call.expression !== node) refuse(`${name} is used as a value`);
      awaitCallUnlessTopLevelTail(ctx, file, call);
    }
    ts.forEachChild(node, visit);
  };
  visit(method.parent);
}

/** Calls of an exported function in other files, from the project view. */
function updateCallersFromProject(ctx: FixContext, file: FileState, fn: FunctionNode, name: string, includeSameFile: boolean): void {
  const project = ctx.project;
  if (!project) refuse(`${name} is exported: its callers in other files are not visible without the project view`);
  const id = `${file.path}#${fn.getStart(file.sf)}`;
  if (!project.functionById(id)) refuse(`${name} is not in the last analysis (the file changed)`);
  for (const site of project.callSitesOf(id)) {
    if (site.file === file.path && !includeSameFile) continue;
    const caller = ctx.file(site.file);
    if (replacedAlready(ctx, caller, site.start, site.end)) continue;
    const call = callAt(caller.sf, site.start, site.end);
    if (call && replacedAlready(ctx, caller, skipParens(call.expression).getStart(caller.sf), call.expression.getEnd())) continue;
    if (site.viaCallback) refuse(`${name} is passed as a callback in ${site.file}`);
    if (!call || calleeName(call) === undefined) refuse(`the call of ${name} in ${site.file} changed since the analysis`);
    awaitCallUnlessTopLevelTail(ctx, caller, call);
  }
}

/** True when an edit of this fix already replaces the text [start, end) (a call site rewritten to call something else). */
function replacedAlready(ctx: FixContext, file: FileState, start: number, end: number): boolean {
  return ctx.edits.editsOf(file.path).some((edit) => edit.end > edit.start && edit.start <= start && end <= edit.end);
}

/** `await f()` — except `void f()`, already awaited calls, and the last top-level statement of a CommonJS module. */
function awaitCallUnlessTopLevelTail(ctx: FixContext, file: FileState, call: ts.CallExpression): void {
  const parent = skipParentParens(call);
  if (ts.isAwaitExpression(parent) || ts.isVoidExpression(parent)) return;
  // `f().then(...)`/`f().catch(...)`: the caller already treats the result as a promise
  if (ts.isPropertyAccessExpression(parent) && /^(then|catch|finally)$/.test(parent.name.text)) return;
  const fn = enclosingFunction(call);
  if (ts.isSourceFile(fn) && !file.format.topLevelAwait && ts.isExpressionStatement(parent) && isLastEffectfulStatement(file.sf, parent)) return;
  awaitExpression(ctx, file, call);
}

/** Nothing but declarations follows the statement at the top level. */
function isLastEffectfulStatement(sf: ts.SourceFile, statement: ts.Statement): boolean {
  const index = sf.statements.indexOf(statement);
  if (index === -1) return false;
  return sf.statements.slice(index + 1).every((next) =>
    ts.isFunctionDeclaration(next) || ts.isInterfaceDeclaration(next) || ts.isTypeAliasDeclaration(next) ||
    ts.isEmptyStatement(next) || (ts.isClassDeclaration(next) && !next.modifiers?.some((m) => m.kind === ts.SyntaxKind.Decorator)));
}

function callbackResultIgnored(call: ts.CallExpression | ts.NewExpression, sf: ts.SourceFile): boolean {
  if (ts.isNewExpression(call)) return ts.isIdentifier(call.expression) && call.expression.text === 'Promise';
  const name = calleeName(call);
  if (name && IGNORED_RESULT_CALLEES.has(name)) return true;
  if (handlerForCallArgument(call, sf, (receiver) => receiverIsWebFramework(receiver, sf))) return true;
  // items.map(async (x) => ...) handed straight to Promise.all: the promises are awaited
  if (name === 'map') {
    const outer = skipParentParens(call);
    if (ts.isCallExpression(outer) && /^Promise\.(all|allSettled)$/.test(outer.expression.getText(sf))) return true;
  }
  return false;
}

function receiverIsWebFramework(receiver: ts.Expression, sf: ts.SourceFile): boolean {
  return frameworkOfReceiver(receiver, sf) !== undefined;
}

/** The web framework module (`express`...) whose factory made the receiver: `const app = express()`. */
function frameworkOfReceiver(receiver: ts.Expression, sf: ts.SourceFile): string | undefined {
  let root: ts.Expression = receiver;
  while (ts.isPropertyAccessExpression(root) || ts.isCallExpression(root)) root = root.expression;
  if (!ts.isIdentifier(root)) return undefined;
  const name = root.text;
  const pattern = new RegExp(`\\b(?:const|let|var)\\s+${name}\\s*=\\s*(\\w+)(?:\\.\\w+)?\\s*\\(`);
  const factory = pattern.exec(sf.text)?.[1];
  if (!factory) return undefined;
  for (const statement of sf.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) && WEB_FRAMEWORKS.has(statement.moduleSpecifier.text)) {
      const clause = statement.importClause;
      const namespace = clause?.namedBindings && ts.isNamespaceImport(clause.namedBindings) ? clause.namedBindings.name.text : undefined;
      if (clause?.name?.text === factory || namespace === factory) return statement.moduleSpecifier.text;
    }
  }
  return new RegExp(`\\b${factory}\\s*=\\s*require\\(\\s*['"](${[...WEB_FRAMEWORKS].join('|')})['"]`).exec(sf.text)?.[1];
}

function declaredName(fn: FunctionNode): ts.Identifier | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) && fn.name && ts.isIdentifier(fn.name)) return fn.name;
  const holder = skipParentParens(fn);
  if (ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name) && ts.isVariableDeclarationList(holder.parent) && (holder.parent.flags & ts.NodeFlags.Const) !== 0) return holder.name;
  if (ts.isFunctionExpression(fn) && fn.name) return fn.name;
  return undefined;
}

/** Where a name is visible: the block (or file) holding its declaration. */
function scopeOf(name: ts.Identifier): ts.Node {
  let current: ts.Node = name.parent;
  if (ts.isFunctionExpression(current) && current.name === name) return current;
  while (current.parent && !ts.isBlock(current.parent) && !ts.isSourceFile(current.parent) && !ts.isModuleBlock(current.parent)) current = current.parent;
  return current.parent ?? current;
}

function isExported(fn: FunctionNode, name: string, file: FileState): boolean {
  const statement = ts.isFunctionDeclaration(fn) ? fn : skipParentParens(fn).parent?.parent;
  if (statement && hasModifier(statement, ts.SyntaxKind.ExportKeyword)) return true;
  for (const candidate of file.sf.statements) {
    if (ts.isExportDeclaration(candidate) && !candidate.moduleSpecifier && candidate.exportClause && ts.isNamedExports(candidate.exportClause)) {
      if (candidate.exportClause.elements.some((element) => (element.propertyName ?? element.name).text === name)) return true;
    }
    if (ts.isExportAssignment(candidate) && ts.isIdentifier(candidate.expression) && candidate.expression.text === name) return true;
  }
  return referencesTo(file.sf, name).some((ref) => isModuleExportsUse(ref));
}

/** `module.exports = { f }`, `module.exports.f = f`, `exports.f = f`, `module.exports = f`. */
function isModuleExportsUse(ref: ts.Identifier): boolean {
  let node: ts.Node = ref;
  if (ts.isShorthandPropertyAssignment(node.parent) || ts.isPropertyAssignment(node.parent)) node = node.parent.parent;
  const parent = node.parent;
  if (!parent || !ts.isBinaryExpression(parent) || parent.operatorToken.kind !== ts.SyntaxKind.EqualsToken || parent.right !== node) return false;
  const left = parent.left.getText();
  return /^(module\.exports|exports)(\.\w+)?$/.test(left);
}

function describe(fn: FunctionNode, file: FileState): string {
  const name = declaredName(fn);
  return name ? `${name.text}()` : `the function at line ${lineOf(file, fn)}`;
}

/** The line as every output counts it (core/positions.ts), not as the compiler does. */
function lineOf(file: FileState, node: ts.Node): number {
  return new LineIndex(file.sf.text).position(node.getStart(file.sf)).line;
}
