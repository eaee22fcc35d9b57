/**
 * Calls and their arguments: call sites with their callees, argument values and bindings,
 * iteration callbacks as loops, `Promise.all` over a map, `new Promise` executors, and awaits.
 */
import type { ts } from 'ts-morph';
import { handlerForCallArgument, ITERATION_METHODS, shorten, WEB_FRAMEWORKS } from '../naming';
import type { Binding, CalleeRef, CallSite, Loop, PromiseAllSite, ReceiverHint } from '../summary';
import { UNKNOWN, type ValueExpr } from '../values';
import { emptyBlock, isArrayFrom, isInlineFunction, receiverOf, rootIdentifier, skipOuterExpressions, T } from './syntax';
import type { FileState, Walker } from './state';
import type { LoopContext, Scopes } from './scopes';
import type { Expressions } from './expressions';
import type { Declarations } from './declarations';
import { nLogN, type Loops } from './loops';
import { scannedValue } from './scans';
import { countAllocation } from './retention';
import { bytesOf } from './sizes';

export class Calls {
  constructor(
    private readonly state: FileState,
    private readonly scopes: Scopes,
    private readonly expressions: Expressions,
    private readonly declarations: Declarations,
    private readonly loops: Loops,
    private readonly walker: Walker,
  ) {}

  visitAwait(node: ts.AwaitExpression): void {
    this.walker.visit(node.expression);
    const target = skipOuterExpressions(node.expression);
    const call = this.state.callsByNode.get(target);
    if (call) call.awaited = true;
    const loops = this.scopes.frame.loops;
    if (loops.length === 0) return;
    const innermost = loops[loops.length - 1];
    const start = node.getStart(this.state.sf);
    const position = this.state.position(start);
    innermost.awaits.push({
      start,
      end: node.getEnd(),
      line: position.line,
      column: position.column,
      loopLine: innermost.loop.line,
      loopStart: innermost.loop.start,
      callId: call?.id,
    });
  }

  visitCall(node: ts.CallExpression | ts.NewExpression): void {
    this.scopes.block.weight += 1;
    if (T.isNewExpression(node)) countAllocation(this.scopes.block, node);
    const callee = skipOuterExpressions(node.expression);
    if (isInlineFunction(callee) && T.isCallExpression(node)) {
      this.walker.visitFunction(callee, undefined, undefined, node.arguments.map((argument) => this.expressions.bindingOf(argument)));
    } else {
      this.visitCalleeExpression(callee);
    }
    if (T.isCallExpression(node) && this.visitRequire(node)) return;
    if (T.isCallExpression(node) && isBind(callee)) {
      // `f.bind(obj)` makes a function and runs nothing: what it binds is passed on (bindingOf), not called
      node.arguments.forEach((argument) => this.walker.visit(argument));
      return;
    }
    const site = this.recordCall(node, callee);
    this.visitArguments(node, site);
    const dataFrom = (node.arguments ?? []).flatMap((argument) => this.expressions.resultsIn(argument)).filter((id) => id !== site.id);
    if (dataFrom.length > 0) site.dataFrom = [...new Set(dataFrom)];
    const payload = (node.arguments ?? []).slice(1).flatMap((argument) => this.expressions.resultsIn(argument)).filter((id) => id !== site.id);
    if (payload.length > 0) site.payloadFrom = [...new Set(payload)];
    if (T.isCallExpression(node)) this.declarations.recordMutatingCall(node);
  }

  /** Visit the parts of a callee that are themselves calls (`a().b()`), not the names. */
  private visitCalleeExpression(callee: ts.Expression): void {
    if (T.isPropertyAccessExpression(callee) || T.isElementAccessExpression(callee)) {
      const receiver = skipOuterExpressions(callee.expression);
      this.walker.visitMemberRead(receiver);
      this.visitCalleeExpression(receiver);
      if (T.isElementAccessExpression(callee)) this.walker.visit(callee.argumentExpression);
      return;
    }
    if (!T.isIdentifier(callee) && callee.kind !== T.SyntaxKind.ThisKeyword) this.walker.visit(callee);
  }

  private visitRequire(node: ts.CallExpression): boolean {
    if (!T.isIdentifier(node.expression) || node.expression.text !== 'require') return false;
    const first = node.arguments[0];
    if (first && T.isStringLiteral(first)) {
      const file = this.state.host.resolveModule(this.state.sf.fileName, first.text);
      if (file) this.state.summary.imports.add(file);
    }
    return true;
  }

  private recordCall(node: ts.CallExpression | ts.NewExpression, callee: ts.Expression): CallSite {
    const calleeRef = this.expressions.calleeOf(callee);
    const site = this.newSite(node, callee, calleeRef, (node.arguments ?? []).map((argument) => this.expressions.valueOf(argument)));
    site.isNew = T.isNewExpression(node);
    const hint = this.receiverHint(node, callee);
    if (hint) site.hint = hint;
    const prefix = node.arguments?.[0] && leadingText(node.arguments[0]);
    if (prefix) site.firstArgPrefix = prefix.slice(0, 32);
    if (formatsMessage(node, this.state.formatting)) site.formatsMessage = true;
    if (this.scopes.frame.modeGuard !== undefined) site.guardParam = this.scopes.frame.modeGuard;
    const falsy = (node.arguments ?? []).flatMap((argument, index) => (isFalsyLiteral(argument) ? [index] : []));
    if (falsy.length > 0) site.falsyArgs = falsy;
    const scanned = T.isCallExpression(node) ? scannedValue(node, (expression) => this.state.isGlobalRegex(expression)) : undefined;
    if (scanned && this.expressions.readsInput(scanned)) site.scans = this.expressions.valueOf(scanned);
    else if (scanned && !isJoin(node)) {
      // a global regular expression over text of a size the code shows (`text.match(/x/g)` of a join of known rows)
      const text = this.expressions.valueOf(scanned);
      if (bytesOf(text)) site.regexOver = text;
    }
    if (T.isCallExpression(node) && this.execsOverInput(node, callee)) {
      const loops = this.scopes.frame.loops;
      if (loops.length > 0) loops[loops.length - 1].execsOverInput = true;
    }
    if ((node.arguments ?? []).some((argument) => this.isPartOfInput(argument))) site.structural = true;
    if ((node.arguments ?? []).some((argument) => this.expressions.readsInput(argument))) site.passesInput = true;
    const argBindings = this.argumentBindings(node.arguments ?? []);
    if (argBindings) site.argBindings = argBindings;
    if (isReturned(node)) site.returned = true;
    if (calleeRef.kind === 'binding' && calleeRef.binding.kind === 'param' && calleeRef.binding.fn === this.scopes.frame.fn.id &&
      (calleeRef.path.length === 0 || (calleeRef.path.length === 1 && /^(call|apply)$/.test(calleeRef.path[0])))) {
      const invoked = (this.scopes.frame.fn.invokesParams ??= []);
      if (!invoked.includes(calleeRef.binding.index)) invoked.push(calleeRef.binding.index);
    }
    if (calleeRef.kind === 'binding' && calleeRef.binding.kind === 'param' && calleeRef.binding.fn !== this.scopes.frame.fn.id && calleeRef.path.length === 0) {
      // a function an enclosing function was handed (`resolve`, `done`), called with this one's parameters
      const read = (node.arguments ?? []).flatMap((argument) => this.expressions.paramsRead(argument));
      if (read.length > 0) site.paramsPassed = [...new Set(read)].sort((a, b) => a - b);
    }
    if (calleeRef.kind === 'catalog' && calleeRef.entry.effect === 'spawn-worker') this.state.createsWorkers = true;
    if (calleeRef.kind === 'global' && calleeRef.entry.effect === 'spawn-worker') this.state.createsWorkers = true;
    this.scopes.block.calls.push(site);
    this.state.callsByNode.set(node, site);
    return site;
  }

  /** `re.exec(text)` with a global regular expression over the function's input data. */
  private execsOverInput(node: ts.CallExpression, callee: ts.Expression): boolean {
    if (!T.isPropertyAccessExpression(callee) || callee.name.text !== 'exec' || node.arguments.length !== 1) return false;
    return this.state.isGlobalRegex(callee.expression) && this.expressions.readsInput(node.arguments[0]);
  }

  /**
   * Reading or assigning an accessor property (`this.all`, `this.all = value`) calls its getter
   * or setter: a call site of that function, with the assigned value as its argument.
   */
  recordAccessorCall(node: ts.PropertyAccessExpression, fnId: string, assigned?: ts.Expression): void {
    const callee: CallSite['callee'] = { kind: 'binding', binding: { kind: 'fn', id: fnId }, path: [] };
    const site = this.newSite(node, node, callee, assigned ? [this.expressions.valueOf(assigned)] : []);
    this.scopes.block.weight += 1;
    this.scopes.block.calls.push(site);
  }

  /** A call site at `node` in the current function, with what every kind of call site records. */
  private newSite(node: ts.Node, calleeNode: ts.Node, callee: CallSite['callee'], args: CallSite['args']): CallSite {
    const start = node.getStart(this.state.sf);
    const position = this.state.position(start);
    const site: CallSite = {
      // `a().b()` starts where `a()` starts: the end tells the two calls apart
      id: `${this.state.id(node)}-${node.getEnd()}`,
      callerId: this.scopes.frame.fn.id,
      start,
      end: node.getEnd(),
      line: position.line,
      column: position.column,
      calleeText: shorten(indirectCallTarget(calleeNode).getText(this.state.sf)),
      callee,
      args,
      awaited: false,
      loopDepth: this.scopes.frame.loops.length,
      isNew: false,
    };
    if (this.scopes.frame.onceGuards > 0) site.once = true;
    return site;
  }

  /**
   * What the arguments name, for the linker's parameter flow (`new Hasher(createHash('sha1'))`
   * makes the constructor's `hash` parameter a crypto hash). Undefined when none names anything.
   */
  private argumentBindings(args: readonly ts.Expression[]): (Binding | undefined)[] | undefined {
    let found = false;
    const bindings = args.map((argument) => {
      const node = skipOuterExpressions(argument);
      if (!T.isIdentifier(node) && !T.isPropertyAccessExpression(node) && !T.isCallExpression(node) && !T.isNewExpression(node) && !isInlineFunction(node) && node.kind !== T.SyntaxKind.ThisKeyword) {
        return undefined;
      }
      const binding = this.expressions.bindingOf(node);
      if (!binding || binding.kind === 'value' || binding.kind === 'lazy') return undefined;
      found = true;
      return binding;
    });
    return found ? bindings : undefined;
  }

  /** `node.left`, `items[i]`, `list.slice(1)`, a loop variable over a parameter: a part of the input. */
  private isPartOfInput(expression: ts.Expression): boolean {
    let node = skipOuterExpressions(expression);
    if (T.isCallExpression(node) && T.isPropertyAccessExpression(node.expression) && /^(slice|subarray|substring|substr)$/.test(node.expression.name.text)) {
      node = skipOuterExpressions(node.expression.expression);
    }
    if (T.isIdentifier(node)) {
      const binding = this.scopes.lookup(node.text);
      return binding?.kind === 'value' && binding.expr.k === 'elem';
    }
    if (!T.isPropertyAccessExpression(node) && !T.isElementAccessExpression(node)) return false;
    let root: ts.Expression = node;
    while (T.isPropertyAccessExpression(root) || T.isElementAccessExpression(root)) root = skipOuterExpressions(root.expression);
    if (!T.isIdentifier(root)) return false;
    const binding = this.scopes.lookup(root.text);
    return binding?.kind === 'param' || (binding?.kind === 'value' && binding.expr.k === 'elem');
  }

  /** What the heuristics for unresolved calls may use: the receiver's name, `this`, a literal first argument. */
  private receiverHint(node: ts.CallExpression | ts.NewExpression, callee: ts.Expression): ReceiverHint | undefined {
    if (!T.isPropertyAccessExpression(callee) && !T.isElementAccessExpression(callee)) return undefined;
    const hint: ReceiverHint = {};
    const receiver = skipOuterExpressions(callee.expression);
    if (receiver.kind === T.SyntaxKind.ThisKeyword) hint.isThis = true;
    else if (T.isIdentifier(receiver)) {
      hint.name = receiver.text;
      const binding = this.scopes.lookup(receiver.text);
      if (binding && binding === this.scopes.frame.thisBinding) hint.isThis = true;
      if (binding?.kind === 'module') hint.externalModule = binding.specifier;
    } else if (T.isPropertyAccessExpression(receiver)) {
      hint.name = receiver.name.text;
      if (this.isThisReceiver(skipOuterExpressions(receiver.expression))) hint.heldMember = true;
    }
    if ((node.arguments ?? []).some((argument) => takesErrorFirst(skipOuterExpressions(argument)))) hint.completion = 'error-callback';
    const first = node.arguments?.[0];
    if (first && (T.isStringLiteral(first) || T.isNoSubstitutionTemplateLiteral(first))) hint.firstArg = first.text;
    const method = T.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
    if (method === 'pipe' && first && node.arguments!.length <= 2) {
      const argument = skipOuterExpressions(first);
      hint.pipesStream = T.isIdentifier(argument) || T.isPropertyAccessExpression(argument) || T.isElementAccessExpression(argument);
    }
    return hint;
  }

  /**
   * A method handed to `new Promise` as its executor (`new Promise(this.conn.query.bind(this.conn,
   * sql))`): it is given resolve and reject, so it completes later, as a call given a completion
   * callback does.
   */
  private executorHint(target: ts.PropertyAccessExpression): ReceiverHint {
    const hint: ReceiverHint = { completion: 'executor' };
    const receiver = skipOuterExpressions(target.expression);
    if (receiver.kind === T.SyntaxKind.ThisKeyword || (T.isIdentifier(receiver) && this.isThisReceiver(receiver))) hint.isThis = true;
    else if (T.isIdentifier(receiver)) hint.name = receiver.text;
    else if (T.isPropertyAccessExpression(receiver)) {
      hint.name = receiver.name.text;
      if (this.isThisReceiver(skipOuterExpressions(receiver.expression))) hint.heldMember = true;
    }
    return hint;
  }

  /** `this`, or a name holding it (`const self = this`). */
  private isThisReceiver(node: ts.Expression): boolean {
    if (node.kind === T.SyntaxKind.ThisKeyword) return true;
    if (!T.isIdentifier(node)) return false;
    const binding = this.scopes.lookup(node.text);
    return binding !== undefined && binding === this.scopes.frame.thisBinding;
  }

  private visitArguments(node: ts.CallExpression | ts.NewExpression, site: CallSite): void {
    const args = node.arguments ?? [];
    const method = T.isPropertyAccessExpression(node.expression) ? node.expression.name.text : undefined;
    if (T.isCallExpression(node) && method && this.visitPromiseLibraryIteration(node, method, site)) return;
    if (T.isCallExpression(node) && method && ITERATION_METHODS.has(method) && args.length > 0) {
      this.visitIteration(node, method, site);
      args.slice(1).forEach((argument) => this.walker.visit(argument));
      return;
    }
    if (T.isCallExpression(node) && isArrayFrom(node) && args.length > 1) {
      this.walker.visit(args[0]);
      this.visitIterationCallback(args[1], this.loops.lengthOf(args[0]), 'Array.from', site, this.expressions.readsInput(args[0]), this.expressions.resultsIn(args[0]));
      return;
    }
    if (T.isNewExpression(node) && /(^|\.)_?Promise$/.test(site.calleeText) && args[0] && isInlineFunction(skipOuterExpressions(args[0]))) {
      // new Promise(executor), new fetch.Promise(executor): the executor runs once, now
      const executor = this.walker.visitFunction(skipOuterExpressions(args[0]) as ts.FunctionLikeDeclaration, undefined);
      site.callee = { kind: 'binding', binding: { kind: 'fn', id: executor.id }, path: [] };
      site.viaCallback = 'executor';
      // the executor receives resolve and reject, not the arguments of `new Promise`
      delete site.argBindings;
      return;
    }
    if (T.isNewExpression(node) && /(^|\.)_?Promise$/.test(site.calleeText) && args[0] && this.visitNamedExecutor(args[0], site)) return;
    if (T.isCallExpression(node) && this.recordPromiseAll(node, site)) return;
    if (T.isCallExpression(node) && method === 'then' && this.visitContinuation(node, site)) return;
    const handler = T.isCallExpression(node)
      ? handlerForCallArgument(node, this.state.sf, (receiver) => this.isWebFramework(receiver))
      : undefined;
    for (const argument of args) {
      const inner = skipOuterExpressions(argument);
      if (isInlineFunction(inner)) this.walker.visitFunction(inner, handler);
      else if (T.isObjectLiteralExpression(inner)) this.walker.visitObjectLiteral(inner, handler);
      else this.walker.visit(argument);
    }
    // handlers passed by reference (`app.get('/x', list)`, `server.on('request', app.handle.bind(app))`):
    // the linker finds the functions the arguments name
    if (handler && site.argBindings && args.some((argument) => !isInlineFunction(skipOuterExpressions(argument)))) site.registersHandler = handler;
  }

  /**
   * `new Promise(conn.query.bind(conn, sql))`, `new Promise(this.send.bind(this, cmd))`,
   * `new Promise(executor)`: the Promise constructor calls the function it is handed, now, as it
   * calls an inline executor. Returns true when it found one.
   */
  private visitNamedExecutor(argument: ts.Expression, site: CallSite): boolean {
    let target = skipOuterExpressions(argument);
    if (T.isCallExpression(target) && isBind(target.expression)) {
      target.arguments.forEach((bound) => this.walker.visit(bound));
      target = skipOuterExpressions((target.expression as ts.PropertyAccessExpression).expression);
    }
    if (!T.isIdentifier(target) && !T.isPropertyAccessExpression(target) && !T.isElementAccessExpression(target)) return false;
    const callee = this.expressions.calleeOf(target);
    if (callee.kind === 'unknown') return false;
    this.visitCalleeExpression(target);
    site.callee = callee;
    if (T.isPropertyAccessExpression(target)) site.hint = this.executorHint(target);
    site.viaCallback = 'executor';
    site.calleeText = shorten(target.getText(this.state.sf));
    delete site.argBindings;
    return true;
  }

  /**
   * `promise.then(onFulfilled)`: the callback is the code after an `await` of the promise, written
   * another way. It runs on the caller's thread with what the promise settles to, so the call is
   * a call of the callback, handed the receiver's result (`dataFrom`): `readFile(p).then((text)
   * => JSON.parse(text))` reads and parses as `JSON.parse(await readFile(p))` does. The receiver
   * call is marked `continued`. A rejection handler is an ordinary callback.
   */
  private visitContinuation(node: ts.CallExpression, site: CallSite): boolean {
    const callback = skipOuterExpressions(node.arguments[0]);
    const inline = isInlineFunction(callback);
    if (!inline && !T.isIdentifier(callback) && !T.isPropertyAccessExpression(callback)) return false;
    const callee: CalleeRef = inline
      ? { kind: 'binding', binding: { kind: 'fn', id: this.walker.visitFunction(callback as ts.FunctionLikeDeclaration, undefined).id }, path: [] }
      : this.expressions.calleeOf(callback);
    if (callee.kind === 'unknown') {
      if (!inline) this.walker.visit(callback);
      return false;
    }
    for (const argument of node.arguments.slice(1)) {
      const inner = skipOuterExpressions(argument);
      if (isInlineFunction(inner)) this.walker.visitFunction(inner, undefined);
      else this.walker.visit(argument);
    }
    const receiver = skipOuterExpressions((node.expression as ts.PropertyAccessExpression).expression);
    const settled = this.expressions.resultsIn(receiver);
    if (settled.length > 0) {
      const ids = new Set(settled);
      for (const source of this.state.callsByNode.values()) if (ids.has(source.id)) source.continued = true;
    }
    site.callee = callee;
    site.viaCallback = 'continuation';
    site.args = [UNKNOWN];
    if (!inline) site.calleeText = shorten(callback.getText(this.state.sf));
    if (settled.length > 0) site.dataFrom = settled;
    delete site.argBindings;
    delete site.hint;
    return true;
  }

  private isWebFramework(receiver: ts.Expression): boolean {
    const root = rootIdentifier(receiver);
    const binding = root ? this.scopes.lookup(root) : undefined;
    return binding?.kind === 'module' && WEB_FRAMEWORKS.has(binding.specifier);
  }

  /** `items.map(cb)`: a loop over `items` whose body calls `cb` once per element. */
  private visitIteration(node: ts.CallExpression, method: string, site: CallSite): void {
    const receiver = (node.expression as ts.PropertyAccessExpression).expression;
    const length = this.loops.lengthOf(receiver);
    this.visitIterationCallback(node.arguments[0], length, method, site, this.expressions.readsInput(receiver), this.expressions.resultsIn(receiver));
    // `items.forEach((item) => fs.readFile(item, cb))` waits for nothing: every element's operation
    // is started before the first completes, as with Promise.all(items.map(fn)); the rule decides
    // from the callback whether it starts one
    if (method === 'forEach') this.recordStartAll(site, length, this.state.callsByNode.get(node.arguments[0])?.id, 'callbacks');
  }

  private visitIterationCallback(
    callback: ts.Expression,
    length: { bound: ValueExpr; label: string; value?: ValueExpr },
    method: string,
    iterationCall: CallSite,
    overInput: boolean,
    receiverResults: readonly string[] = [],
  ): void {
    const element: ValueExpr = length.value ? { k: 'elem', of: length.value } : UNKNOWN;
    const loop: Loop = {
      line: iterationCall.line,
      start: iterationCall.start,
      bound: method === 'sort' || method === 'toSorted' ? nLogN(length.bound) : length.bound,
      boundLabel: length.label,
      body: emptyBlock(),
      method,
      ...(overInput ? { overInput } : {}),
      ...(receiverResults.length > 0 ? { dataFrom: [...new Set(receiverResults)] } : {}),
    };
    // The iteration call itself is bookkeeping: its cost is the loop's.
    this.scopes.block.calls.splice(this.scopes.block.calls.indexOf(iterationCall), 1);
    const context: LoopContext = { loop, node: callback, awaits: [] };
    this.loops.enterLoop(context);
    const inner = skipOuterExpressions(callback);
    const calleeRef: CalleeRef = isInlineFunction(inner)
      ? { kind: 'binding', binding: { kind: 'fn', id: this.walker.visitFunction(inner, undefined).id }, path: [] }
      : this.expressions.calleeOf(inner);
    const position = this.state.position(callback.getStart(this.state.sf));
    const site: CallSite = {
      id: this.state.id(callback),
      callerId: this.scopes.frame.fn.id,
      start: callback.getStart(this.state.sf),
      end: callback.getEnd(),
      line: position.line,
      column: position.column,
      calleeText: isInlineFunction(inner) ? `${method} callback` : shorten(inner.getText(this.state.sf)),
      callee: calleeRef,
      args: [element],
      awaited: false,
      loopDepth: this.scopes.frame.loops.length,
      isNew: false,
      viaCallback: 'iteration',
    };
    if (iterationCall.structural || this.isPartOfInput(receiverOf(callback))) site.structural = true;
    this.scopes.block.calls.push(site);
    this.state.callsByNode.set(callback, site);
    this.loops.leaveLoop(context);
    iterationCall.callee = site.callee;
  }

  /**
   * bluebird's concurrent static iteration (`Promise.map(items, fn)`, `Promise.filter`): a loop over
   * the first argument calling the second once per element; without a `{ concurrency }` option it
   * starts every element's promise at once, as `Promise.all(items.map(fn))` does. Returns true when
   * it visited the arguments itself.
   */
  private visitPromiseLibraryIteration(node: ts.CallExpression, method: string, site: CallSite): boolean {
    if (!PROMISE_LIBRARY_ITERATIONS.has(method) || node.arguments.length < 2) return false;
    const receiver = (node.expression as ts.PropertyAccessExpression).expression;
    const root = T.isIdentifier(receiver) ? receiver.text : undefined;
    const binding = root ? this.scopes.lookup(root) : undefined;
    if (binding?.kind !== 'module' || !PROMISE_LIBRARIES.has(binding.specifier)) return false;
    const [items, callback, options] = node.arguments;
    this.walker.visit(items);
    const length = this.loops.lengthOf(items);
    this.visitIterationCallback(callback, length, method, site, this.expressions.readsInput(items));
    // with an options object (`{ concurrency: n }`) the library bounds how many run at once
    if (options) this.walker.visit(options);
    else this.recordStartAll(site, length, this.state.callsByNode.get(callback)?.id);
    return true;
  }

  /** `Promise.all(items.map(fn))`: returns true when it visited the arguments itself. */
  private recordPromiseAll(node: ts.CallExpression, site: CallSite): boolean {
    if (!/^Promise\.(all|allSettled|any|race)$/.test(site.calleeText)) return false;
    const first = node.arguments[0] && skipOuterExpressions(node.arguments[0]);
    if (!first || !T.isCallExpression(first) || !T.isPropertyAccessExpression(first.expression)) return false;
    if (first.expression.name.text !== 'map' || first.arguments.length === 0) return false;
    this.walker.visit(first);
    const length = this.loops.lengthOf(first.expression.expression);
    this.recordStartAll(site, length, this.state.callsByNode.get(first.arguments[0])?.id);
    node.arguments.slice(1).forEach((argument) => this.walker.visit(argument));
    return true;
  }

  /** One call that starts an operation per element at once (`Promise.all(items.map(fn))`, bluebird's `Promise.map(items, fn)`). */
  private recordStartAll(
    site: CallSite,
    length: { bound: ValueExpr; label: string },
    perElementCallId: string | undefined,
    startedBy?: PromiseAllSite['startedBy'],
  ): void {
    this.scopes.frame.fn.promiseAlls.push({
      ...(startedBy ? { startedBy } : {}),
      start: site.start,
      end: site.end,
      line: site.line,
      column: site.column,
      bound: length.bound,
      boundLabel: length.label,
      callId: perElementCallId,
      method: site.calleeText,
    });
  }
}

/** Promise libraries with static iteration helpers (`Promise.map(items, fn)`), by import specifier. */
const PROMISE_LIBRARIES: ReadonlySet<string> = new Set(['bluebird']);
const PROMISE_LIBRARY_ITERATIONS: ReadonlySet<string> = new Set(['map', 'filter']);

/** The constant text an expression starts with: a string literal, a template's head, the left end of a `+` chain. */
function leadingText(expression: ts.Expression): string | undefined {
  let node = skipOuterExpressions(expression);
  while (T.isBinaryExpression(node) && node.operatorToken.kind === T.SyntaxKind.PlusToken) node = skipOuterExpressions(node.left);
  if (T.isStringLiteral(node) || T.isNoSubstitutionTemplateLiteral(node)) return node.text || undefined;
  if (T.isTemplateExpression(node)) return node.head.text || undefined;
  return undefined;
}

/**
 * `(0, fs_1.existsSync)(path)`, as TypeScript compiles a call of an imported function: the callee
 * is the comma expression's last operand (named so in messages, not `0, fs_1.existsSync`).
 */
function indirectCallTarget(callee: ts.Node): ts.Node {
  let node = T.isExpression(callee) ? skipOuterExpressions(callee) : callee;
  if (!T.isBinaryExpression(node) || node.operatorToken.kind !== T.SyntaxKind.CommaToken) return callee;
  while (T.isBinaryExpression(node) && node.operatorToken.kind === T.SyntaxKind.CommaToken) node = skipOuterExpressions(node.right);
  return node;
}

/** `f.bind(obj)`, `obj.method.bind(obj)`: creates a bound function. */
function isBind(callee: ts.Expression): boolean {
  return T.isPropertyAccessExpression(callee) && callee.name.text === 'bind';
}

/**
 * The call's result is formatted into a message: interpolated into a template literal with words
 * in it, or a string concatenation, or part of what is thrown. What it serialises is a value to show, not
 * the data the function processes.
 *
 * The answer for a node is its own or else its parent's (up to the enclosing statement or
 * function), so each ancestor's is kept (`known`, one map per file): the calls of a generated
 * chain of thousands of terms (`a() + b() + …`) share their ancestors, and walking them from
 * every call would cost the square of the chain's length.
 */
function formatsMessage(node: ts.Node, known: Map<ts.Node, boolean>): boolean {
  const walked: ts.Node[] = [];
  let answer = false;
  for (let current = node.parent; current; current = current.parent) {
    const remembered = known.get(current);
    if (remembered !== undefined) {
      answer = remembered;
      break;
    }
    walked.push(current);
    const own = ownFormatting(current);
    if (own !== undefined) {
      answer = own;
      break;
    }
  }
  for (const ancestor of walked) known.set(ancestor, answer);
  return answer;
}

/** What a node alone says of a call inside it: formats it (true), ends the search (false), or its parent's answer (undefined). */
function ownFormatting(node: ts.Node): boolean | undefined {
  if (isInlineFunction(node) || T.isFunctionDeclaration(node) || T.isMethodDeclaration(node)) return false;
  if (T.isTemplateSpan(node)) return hasText(node.parent);
  if (T.isThrowStatement(node)) return true;
  if (T.isBinaryExpression(node) && node.operatorToken.kind === T.SyntaxKind.PlusToken &&
    (T.isStringLiteral(node.left) || T.isStringLiteral(node.right) || T.isTemplateExpression(node.left) || T.isTemplateExpression(node.right))) {
    return true;
  }
  if (T.isStatement(node)) return false;
  return undefined;
}

/** A template with words in it (`total: ${n}`) formats a message; `${a}${b}` only joins values into one string. */
function hasText(template: ts.TemplateExpression): boolean {
  return template.head.text.trim() !== '' || template.templateSpans.some((span) => span.literal.text.trim() !== '');
}

function isJoin(node: ts.CallExpression | ts.NewExpression): boolean {
  const callee = skipOuterExpressions(node.expression);
  return T.isPropertyAccessExpression(callee) && callee.name.text === 'join';
}

/** `return f(…)`, `() => f(…)`: the function hands back what the call returns (its promise, when it makes one). */
/**
 * A Node-style completion callback, `(err, data) => …` or `function (error) {…}`: a call handed
 * one finishes later and reports its failure first.
 */
function takesErrorFirst(node: ts.Expression): boolean {
  if (!isInlineFunction(node)) return false;
  const first = (node as ts.FunctionLikeDeclaration).parameters[0];
  if (!first || !T.isIdentifier(first.name)) return false;
  const name = first.name.text;
  return /^(err|error|er)$/i.test(name) || ((node as ts.FunctionLikeDeclaration).parameters.length >= 2 && /^e$/i.test(name));
}

function isReturned(node: ts.Node): boolean {
  let child = node;
  let parent = node.parent;
  while (parent && (T.isParenthesizedExpression(parent) || T.isAsExpression(parent) || T.isNonNullExpression(parent) || T.isAwaitExpression(parent))) {
    child = parent;
    parent = parent.parent;
  }
  return parent !== undefined && (T.isReturnStatement(parent) || (T.isArrowFunction(parent) && parent.body === child));
}

/** `false`, `null`, `undefined`, `0`, `''`: an argument that turns a mode flag off. */
function isFalsyLiteral(argument: ts.Expression): boolean {
  const node = skipOuterExpressions(argument);
  if (node.kind === T.SyntaxKind.FalseKeyword || node.kind === T.SyntaxKind.NullKeyword) return true;
  if (T.isIdentifier(node)) return node.text === 'undefined';
  if (T.isNumericLiteral(node)) return Number(node.text) === 0;
  return T.isStringLiteral(node) && node.text === '';
}
