/**
 * One walk over a file's compiler AST (no ts-morph wrappers: they cost ~5x a parse) that builds a
 * summary of every function: loops with their bounds, calls with their arguments, awaits in loops,
 * `Promise.all` sites, what each name refers to and what functions return. Calls into other files
 * stay as bindings; the linker resolves them once every file is summarised.
 *
 * What `this` means is tracked per function: a class's instance (or the class, in static
 * members), the constructor function's instance in `Foo.prototype.m = function` and in the
 * constructor itself, the object in an object literal's methods (`Base.extend({ m() {} })`), the
 * receiver in `obj.m = function`. Names a function uses but the walk has not met yet are looked up
 * lazily, by the linker, in the live scopes around the use.
 *
 * This file is the walk: it visits statements and expressions, functions, classes and object
 * literals, and hands each concern to its part: scopes.ts (frames and names), declarations.ts
 * (imports, exports, assignments, classes), expressions.ts (what an expression binds to, its
 * value), loops.ts (loops and their bounds), calls.ts (call sites, arguments, callbacks, awaits).
 */
import type { ts } from 'ts-morph';
import { functionName, handlerByDeclaration, handlerBySignature } from '../naming';
import { isEarlyReturnWhilePresent, memoisedValue, stateTest } from './once';
import type { Binding, ClassInfo, FileSummary, FunctionSummary, HandlerInfo } from '../summary';
import { unionOf } from '../bindings';
import { Accumulations } from './accumulation';
import { ArrayGrowth } from './growth';
import { Calls } from './calls';
import { compactSummary } from './compact';
import { Declarations } from './declarations';
import { Expressions } from './expressions';
import { Loops } from './loops';
import { Scopes } from './scopes';
import { type Accessors, FileState, type SummarizeHost, type SummaryTimeBudget, type Walker } from './state';
import {
  emptyBlock, enclosingFunctionOrFile, hasDefaultModifier, hasExportModifier, isAsyncFunction, isFunctionLike, isInlineFunction, isStatic, nameNodeOf, propertyName, skipOuterExpressions, T,
} from './syntax';
import { countAllocation } from './retention';

/** Calls whose results a function's return values carry, at most (a few sources, not dozens). */
const MAX_RETURNED_SOURCES = 8;

const ARITHMETIC_OPERATORS: ReadonlySet<ts.SyntaxKind> = new Set([
  T.SyntaxKind.PlusToken, T.SyntaxKind.MinusToken, T.SyntaxKind.AsteriskToken, T.SyntaxKind.SlashToken,
  T.SyntaxKind.PercentToken, T.SyntaxKind.AsteriskAsteriskToken, T.SyntaxKind.LessThanLessThanToken,
  T.SyntaxKind.GreaterThanGreaterThanToken, T.SyntaxKind.GreaterThanGreaterThanGreaterThanToken,
  T.SyntaxKind.AmpersandToken, T.SyntaxKind.BarToken, T.SyntaxKind.CaretToken,
  T.SyntaxKind.PlusEqualsToken, T.SyntaxKind.MinusEqualsToken, T.SyntaxKind.AsteriskEqualsToken,
  T.SyntaxKind.SlashEqualsToken, T.SyntaxKind.PercentEqualsToken, T.SyntaxKind.AmpersandEqualsToken,
  T.SyntaxKind.BarEqualsToken, T.SyntaxKind.CaretEqualsToken, T.SyntaxKind.LessThanLessThanEqualsToken,
  T.SyntaxKind.GreaterThanGreaterThanEqualsToken, T.SyntaxKind.GreaterThanGreaterThanGreaterThanEqualsToken,
  T.SyntaxKind.LessThanToken, T.SyntaxKind.GreaterThanToken, T.SyntaxKind.LessThanEqualsToken,
  T.SyntaxKind.GreaterThanEqualsToken,
]);

/**
 * Operators that do the work of a kernel (bitwise, shifts, multiplication, division): counted in
 * `Block.dense` with element accesses. Comparisons, `+`, `-` and `++` are the bookkeeping of
 * any loop, dense or not.
 */
const DENSE_OPERATORS: ReadonlySet<ts.SyntaxKind> = new Set([
  T.SyntaxKind.AsteriskToken, T.SyntaxKind.SlashToken, T.SyntaxKind.PercentToken, T.SyntaxKind.AsteriskAsteriskToken,
  T.SyntaxKind.LessThanLessThanToken, T.SyntaxKind.GreaterThanGreaterThanToken, T.SyntaxKind.GreaterThanGreaterThanGreaterThanToken,
  T.SyntaxKind.AmpersandToken, T.SyntaxKind.BarToken, T.SyntaxKind.CaretToken,
  T.SyntaxKind.AsteriskEqualsToken, T.SyntaxKind.SlashEqualsToken, T.SyntaxKind.PercentEqualsToken,
  T.SyntaxKind.AmpersandEqualsToken, T.SyntaxKind.BarEqualsToken, T.SyntaxKind.CaretEqualsToken,
  T.SyntaxKind.LessThanLessThanEqualsToken, T.SyntaxKind.GreaterThanGreaterThanEqualsToken,
  T.SyntaxKind.GreaterThanGreaterThanGreaterThanEqualsToken,
]);

export class FileSummarizer implements Walker {
  private readonly state: FileState;
  private readonly scopes = new Scopes();
  private readonly expressions: Expressions;
  private readonly declarations: Declarations;
  private readonly loops: Loops;
  private readonly calls: Calls;
  private readonly growth: ArrayGrowth;
  private readonly accumulations: Accumulations;

  constructor(sf: ts.SourceFile, host: SummarizeHost, budget?: SummaryTimeBudget) {
    this.state = new FileState(sf, host, budget);
    this.expressions = new Expressions(this.state, this.scopes);
    this.declarations = new Declarations(this.state, this.scopes, this.expressions);
    this.loops = new Loops(this.state, this.scopes, this.expressions, this);
    this.calls = new Calls(this.state, this.scopes, this.expressions, this.declarations, this.loops, this);
    this.growth = new ArrayGrowth(this.scopes);
    this.accumulations = new Accumulations(this.state, this.scopes);
  }

  summarize(): FileSummary {
    const moduleFn = this.newFunction(this.state.sf, '<module>', undefined);
    moduleFn.isModuleBody = true;
    this.scopes.pushFrame(moduleFn, this.scopes.moduleScope, { kind: 'namespace', file: this.state.sf.fileName });
    this.declarations.hoist(this.state.sf.statements);
    for (const statement of this.state.sf.statements) this.visit(statement);
    this.scopes.frames.pop();
    this.state.summary.isWorkerModule = this.state.usesWorkerApi && !this.state.createsWorkers;
    if (this.state.summary.isWorkerModule) for (const fn of this.state.summary.functions) fn.inWorker = true;
    return this.state.summary;
  }

  private newFunction(node: ts.Node, name: string, handler: HandlerInfo | undefined): FunctionSummary {
    const start = node === this.state.sf ? 0 : node.getStart(this.state.sf);
    const nameNode = nameNodeOf(node);
    const nameStart = nameNode ? nameNode.getStart(this.state.sf) : start;
    const nameEnd = nameNode ? nameNode.getEnd() : Math.min(node.getEnd(), start + 1);
    const fn: FunctionSummary = {
      id: node === this.state.sf ? `${this.state.sf.fileName}#<module>` : this.state.id(node),
      file: this.state.sf.fileName,
      name,
      start,
      end: node.getEnd(),
      range: this.state.range(start, node.getEnd()),
      nameRange: this.state.range(nameStart, nameEnd),
      params: [],
      isAsync: false,
      isModuleBody: false,
      body: emptyBlock(),
      handler,
      inWorker: false,
      parentId: this.scopes.frames.length > 0 ? this.scopes.frame.fn.id : undefined,
      awaitsInLoops: [],
      promiseAlls: [],
    };
    this.state.summary.functions.push(fn);
    return fn;
  }

  /**
   * `visit` as the callback of `forEachChild`, made once: a callback made per node was one
   * allocation for every node with children the walk goes through. It returns nothing, so
   * `forEachChild` goes through every child.
   */
  private readonly visitChild = (child: ts.Node): void => {
    this.visit(child);
  };

  visit(node: ts.Node): void {
    this.state.checkBudget();
    if (isFunctionLike(node)) {
      const fn = this.visitFunction(node, undefined);
      if (T.isFunctionDeclaration(node) && hasExportModifier(node)) {
        this.declarations.setExport(hasDefaultModifier(node) || !node.name ? 'default' : node.name.text, { kind: 'fn', id: fn.id });
      }
      return;
    }
    switch (node.kind) {
      case T.SyntaxKind.ClassDeclaration:
      case T.SyntaxKind.ClassExpression:
        this.visitClass(node as ts.ClassLikeDeclaration);
        return;
      case T.SyntaxKind.ObjectLiteralExpression:
        this.visitObjectLiteral(node as ts.ObjectLiteralExpression, undefined);
        return;
      case T.SyntaxKind.ArrayLiteralExpression:
      case T.SyntaxKind.TemplateExpression:
        countAllocation(this.scopes.block, node);
        break;
      case T.SyntaxKind.ImportDeclaration:
        this.declarations.bindImport(node as ts.ImportDeclaration);
        return;
      case T.SyntaxKind.ExportDeclaration:
        this.declarations.visitExportDeclaration(node as ts.ExportDeclaration);
        return;
      case T.SyntaxKind.ExportAssignment:
        this.visit((node as ts.ExportAssignment).expression);
        this.declarations.setExport('default', this.expressions.bindingOf((node as ts.ExportAssignment).expression));
        return;
      case T.SyntaxKind.VariableDeclaration:
        this.visitVariable(node as ts.VariableDeclaration);
        return;
      case T.SyntaxKind.VariableStatement:
        this.visitVariableStatement(node as ts.VariableStatement);
        return;
      case T.SyntaxKind.CallExpression:
      case T.SyntaxKind.NewExpression:
        this.calls.visitCall(node as ts.CallExpression | ts.NewExpression);
        if (T.isCallExpression(node)) {
          this.growth.recordCall(node);
          this.accumulations.recordCall(node);
        }
        return;
      case T.SyntaxKind.AwaitExpression:
        this.calls.visitAwait(node as ts.AwaitExpression);
        return;
      case T.SyntaxKind.ReturnStatement: {
        const expression = (node as ts.ReturnStatement).expression;
        if (expression) {
          this.visit(expression);
          this.addReturn(expression);
        }
        return;
      }
      case T.SyntaxKind.ForStatement:
      case T.SyntaxKind.ForOfStatement:
      case T.SyntaxKind.ForInStatement:
      case T.SyntaxKind.WhileStatement:
      case T.SyntaxKind.DoStatement:
        this.accumulations.recordLoop(node as ts.IterationStatement);
        this.loops.visitLoop(node as ts.IterationStatement);
        return;
      case T.SyntaxKind.BinaryExpression:
        this.visitBinary(node as ts.BinaryExpression);
        return;
      case T.SyntaxKind.IfStatement:
        this.visitIf(node as ts.IfStatement);
        return;
      case T.SyntaxKind.ConditionalExpression:
        this.visitConditional(node as ts.ConditionalExpression);
        return;
      case T.SyntaxKind.Block:
        this.visitStatements((node as ts.Block).statements);
        return;
      case T.SyntaxKind.PropertyAccessExpression:
        this.visitMemberRead(node as ts.PropertyAccessExpression);
        break;
      case T.SyntaxKind.ElementAccessExpression:
        this.scopes.block.weight += 1;
        this.scopes.block.dense += 1;
        break;
      case T.SyntaxKind.PrefixUnaryExpression:
        this.scopes.block.weight += 1;
        if ((node as ts.PrefixUnaryExpression).operator === T.SyntaxKind.TildeToken) this.scopes.block.dense += 1;
        break;
      case T.SyntaxKind.PostfixUnaryExpression:
        this.scopes.block.weight += 1;
        break;
      case T.SyntaxKind.InterfaceDeclaration:
      case T.SyntaxKind.TypeAliasDeclaration:
        return;
      default:
        break;
    }
    T.forEachChild(node, this.visitChild);
  }

  /**
   * Statements in order; after `if (state) return state;` the rest runs only while the state is
   * missing (lazy initialisation: see once.ts).
   */
  private visitStatements(statements: readonly ts.Statement[]): void {
    const frame = this.scopes.frame;
    const guardsBefore = frame.onceGuards;
    for (const statement of statements) {
      this.visit(statement);
      if (isEarlyReturnWhilePresent(statement, this.isLongLived)) frame.onceGuards++;
    }
    frame.onceGuards = guardsBefore;
  }

  /** `if (!this.client) this.connect()`: the branch taken while long-lived state is missing runs once. */
  private visitIf(node: ts.IfStatement): void {
    this.visit(node.expression);
    const test = stateTest(node.expression, this.isLongLived);
    const mode = this.modeFlag(node.expression);
    const frame = this.scopes.frame;
    const outer = frame.modeGuard;
    if (mode?.truthy) frame.modeGuard = mode.index;
    this.visitBranch(node.thenStatement, test === 'absent');
    frame.modeGuard = outer;
    if (node.elseStatement) {
      if (mode && !mode.truthy) frame.modeGuard = mode.index;
      this.visitBranch(node.elseStatement, test === 'present');
      frame.modeGuard = outer;
    }
  }

  /** `sync ? fs.statSync(f) : fs.promises.stat(f)`: each branch in the mode its test picks, as for `if`. */
  private visitConditional(node: ts.ConditionalExpression): void {
    this.visit(node.condition);
    const mode = this.scopes.frames.length > 1 ? this.modeFlag(node.condition) : undefined;
    const frame = this.scopes.frames.length > 1 ? this.scopes.frame : undefined;
    const outer = frame?.modeGuard;
    if (frame && mode?.truthy) frame.modeGuard = mode.index;
    this.visit(node.whenTrue);
    if (frame) frame.modeGuard = mode && !mode.truthy ? mode.index : outer;
    this.visit(node.whenFalse);
    if (frame) frame.modeGuard = outer;
  }

  /**
   * `if (sync)`, `if (!sync)`: a test of a parameter of the function itself, a mode the caller
   * picks. `truthy` says whether the then branch is the one that runs when it is set.
   */
  private modeFlag(condition: ts.Expression): { index: number; truthy: boolean } | undefined {
    let node = skipOuterExpressions(condition);
    let truthy = true;
    if (T.isPrefixUnaryExpression(node) && node.operator === T.SyntaxKind.ExclamationToken) {
      node = skipOuterExpressions(node.operand);
      truthy = false;
    }
    if (!T.isIdentifier(node) || this.scopes.frames.length < 2) return undefined;
    const binding = this.scopes.frame.scope.get(node.text);
    const fn = this.scopes.frame.fn;
    if (binding?.kind !== 'param' || binding.fn !== fn.id) return undefined;
    // a callback handed to a call gets what the call hands it (`reduce((files, dir) => { if (dir) … })`): no mode
    const owner = enclosingFunctionOrFile(node);
    if (!owner || T.isSourceFile(owner) || ((T.isCallExpression(owner.parent) || T.isNewExpression(owner.parent)) && owner.parent.expression !== owner)) return undefined;
    return onlyTestedOrHandedOn(owner, node.text) ? { index: binding.index, truthy } : undefined;
  }

  private visitBranch(statement: ts.Statement, once: boolean): void {
    const frame = this.scopes.frame;
    if (once) frame.onceGuards++;
    this.visit(statement);
    if (once) frame.onceGuards--;
  }

  /**
   * State that outlives a call: a variable declared at module level or by an enclosing function (a
   * closure's state, as a member of `this` is an object's), not an imported module or a
   * declaration. Globals (`process.env`) are not state the code creates: a test of them is no
   * lazy initialisation.
   */
  private readonly isLongLived = (name: string): boolean => {
    if (!this.scopes.isModuleVariable(name) && !this.scopes.isEnclosingFunctionVariable(name)) return false;
    const binding = this.scopes.lookup(name);
    return binding === undefined || !['module', 'namespace', 'import', 'fn', 'class'].includes(binding.kind);
  };

  /** What a destructuring default stands for (`{ parse = JSON.parse }`), for `Scopes.bind`. */
  private readonly defaultOf = (initializer: ts.Expression): Binding | undefined => this.expressions.bindingOf(initializer);

  /** What the function being walked returns: a union of its return statements' bindings. */
  private addReturn(expression: ts.Expression): void {
    const fn = this.scopes.frame.fn;
    if (fn.isModuleBody) return;
    const from = this.expressions.resultsIn(expression);
    if (from.length > 0) fn.returnsFrom = [...new Set([...(fn.returnsFrom ?? []), ...from])].slice(0, MAX_RETURNED_SOURCES);
    const binding = this.expressions.bindingOf(expression);
    if (!binding || binding.kind === 'value') return;
    fn.returns = fn.returns ? unionOf([fn.returns, binding]) : binding;
  }

  /**
   * `thisBinding` is what `this` means in the function when the caller knows it (a method);
   * otherwise an arrow function keeps its parent's and any other function is its own
   * constructor's instance (`function Foo() { this.stream = ... }`).
   */
  visitFunction(
    node: ts.FunctionLikeDeclaration,
    handler: HandlerInfo | undefined,
    thisBinding?: Binding,
    /** for an immediately invoked function: what its arguments are (`(function (factory) {...})(function () {...})`) */
    argBindings?: readonly (Binding | undefined)[],
  ): FunctionSummary {
    const preliminaryName = functionName(node, this.state.sf, handler);
    const declaredHandler = handler ?? handlerByDeclaration(node, preliminaryName, this.state.sf.fileName) ??
      handlerBySignature(node, this.state.sf);
    const name = declaredHandler && !handler ? preliminaryName : functionName(node, this.state.sf, declaredHandler);
    const fn = this.newFunction(node, name, declaredHandler);
    fn.isAsync = isAsyncFunction(node);
    const scope = new Map<string, Binding>();
    const self: Binding | undefined = thisBinding ??
      (T.isArrowFunction(node) ? this.scopes.frame?.thisBinding : { kind: 'instance', classKey: `class:${fn.id}` });
    const enclosingOnce = this.scopes.frames.length > 0 && this.scopes.frame.onceGuards > 0;
    this.scopes.pushFrame(fn, scope, self);
    // a callback written inside a run-once branch runs as part of it
    if (enclosingOnce && (T.isArrowFunction(node) || T.isFunctionExpression(node))) this.scopes.frame.onceGuards = 1;
    node.parameters.forEach((parameter, index) => {
      fn.params.push(T.isIdentifier(parameter.name) ? parameter.name.text : `arg${index}`);
      const passed = argBindings?.[index];
      const declared = parameter.type ? this.expressions.bindingOfType(parameter.type) : passed && passed.kind !== 'value' ? passed : undefined;
      if (T.isIdentifier(parameter.name)) scope.set(parameter.name.text, declared ?? { kind: 'param', index, fn: fn.id });
      else this.scopes.bind(parameter.name, declared, this.defaultOf);
      // a rest parameter holds the arguments a call writes, a few values like `arguments`
      if (!isSetting(parameter) && !parameter.dotDotDotToken) this.markParameterInputs(parameter.name);
      if (parameter.initializer) {
        this.visit(parameter.initializer);
        const value = this.expressions.valueOf(parameter.initializer);
        // a default of constant size (`options = {}`) stands for no data: the function's representative
        // cost keeps that parameter unknown (callers pass the data); numbers bound loops
        if (value.k !== 'unknown' && value.k !== 'small') (fn.paramDefaults ??= [])[index] = value;
      }
    });
    if (node.name && (T.isFunctionExpression(node)) && T.isIdentifier(node.name)) {
      scope.set(node.name.text, { kind: 'fn', id: fn.id });
    }
    if (node.body) {
      if (T.isBlock(node.body)) {
        this.declarations.hoist(node.body.statements);
        this.visitStatements(node.body.statements);
      } else {
        this.visit(node.body);
        this.addReturn(node.body);
      }
    }
    this.scopes.frames.pop();
    return fn;
  }

  private visitClass(node: ts.ClassLikeDeclaration): void {
    const key = this.state.id(node);
    const info: ClassInfo = {
      key,
      name: node.name?.text ?? '<class>',
      methods: new Map(),
      fields: new Map(),
      statics: new Map(),
    };
    this.state.summary.classes.set(key, info);
    if (node.name && T.isClassDeclaration(node)) this.scopes.frame.scope.set(node.name.text, { kind: 'class', key });
    const heritage = node.heritageClauses?.find((clause) => clause.token === T.SyntaxKind.ExtendsKeyword);
    const baseExpression = heritage?.types[0]?.expression;
    if (baseExpression) info.base = this.expressions.bindingOf(baseExpression);
    if (T.isClassDeclaration(node) && hasExportModifier(node)) {
      this.declarations.setExport(hasDefaultModifier(node) ? 'default' : info.name, { kind: 'class', key });
    }
    this.state.accessors.set(key, this.accessorsOf(node));
    for (const member of node.members) this.visitClassMember(member, info);
  }

  /** The class's getters and setters by name, with the ids their functions will have. */
  private accessorsOf(node: ts.ClassLikeDeclaration): Accessors {
    const accessors: Accessors = new Map();
    for (const member of node.members) {
      if ((!T.isGetAccessor(member) && !T.isSetAccessor(member)) || isStatic(member)) continue;
      const name = propertyName(member.name);
      if (!name) continue;
      const entry = accessors.get(name) ?? {};
      entry[T.isGetAccessor(member) ? 'get' : 'set'] = this.state.id(member);
      accessors.set(name, entry);
    }
    return accessors;
  }

  /** The accessor `this.name` names in a method of a class that declares one, if any. */
  private accessorOf(node: ts.Expression): { get?: string; set?: string } | undefined {
    if (!T.isPropertyAccessExpression(node) || skipOuterExpressions(node.expression).kind !== T.SyntaxKind.ThisKeyword) return undefined;
    const self = this.scopes.frames.length > 0 ? this.scopes.frame.thisBinding : undefined;
    if (self?.kind !== 'instance') return undefined;
    return this.state.accessors.get(self.classKey)?.get(node.name.text);
  }

  visitMemberRead(node: ts.Expression): void {
    if (T.isPropertyAccessExpression(node)) this.declarations.detectWorkerMember(node);
    const getter = this.accessorOf(node)?.get;
    // the getter reading its own property's backing field never calls itself
    if (getter && getter !== this.scopes.frame.fn.id) this.calls.recordAccessorCall(node as ts.PropertyAccessExpression, getter);
  }

  private visitClassMember(member: ts.ClassElement, info: ClassInfo): void {
    const staticMember = isStatic(member);
    const self: Binding = staticMember ? { kind: 'class', key: info.key } : { kind: 'instance', classKey: info.key };
    if (isFunctionLike(member)) {
      const fn = this.visitFunction(member, undefined, self);
      const memberName = T.isConstructorDeclaration(member) ? 'constructor' : propertyName(member.name);
      if (memberName) {
        fn.memberName = memberName;
        if (staticMember) info.statics.set(memberName, { kind: 'fn', id: fn.id });
        else info.methods.set(memberName, fn.id);
      }
      if (T.isConstructorDeclaration(member)) this.recordParameterProperties(member, info);
      return;
    }
    if (T.isPropertyDeclaration(member)) {
      const memberName = propertyName(member.name);
      const declared = member.type ? this.expressions.bindingOfType(member.type) : undefined;
      if (!member.initializer) {
        if (memberName && declared && !staticMember) info.fields.set(memberName, declared);
        return;
      }
      const initializer = skipOuterExpressions(member.initializer);
      if (T.isArrowFunction(initializer) || T.isFunctionExpression(initializer)) {
        const fn = this.visitFunction(initializer, undefined, self);
        if (memberName) {
          fn.memberName = memberName;
          if (staticMember) info.statics.set(memberName, { kind: 'fn', id: fn.id });
          else info.methods.set(memberName, fn.id);
        }
        return;
      }
      this.visit(member.initializer);
      const binding = unionOf([declared, this.expressions.bindingOf(member.initializer)]);
      if (memberName && binding) (staticMember ? info.statics : info.fields).set(memberName, binding);
      return;
    }
    T.forEachChild(member, this.visitChild);
  }

  /** `constructor(private readonly pool: Pool)` declares a typed field. */
  private recordParameterProperties(constructor: ts.ConstructorDeclaration, info: ClassInfo): void {
    for (const parameter of constructor.parameters) {
      if (!T.isIdentifier(parameter.name) || !parameter.type) continue;
      const modifiers = T.canHaveModifiers(parameter) ? T.getModifiers(parameter) ?? [] : [];
      if (modifiers.length === 0) continue;
      const declared = this.expressions.bindingOfType(parameter.type);
      if (declared) info.fields.set(parameter.name.text, declared);
    }
  }

  /**
   * An object literal: its methods' `this` is the object (or, through `Base.extend({...})`, the
   * object derived from it). Handler objects (`{ handler() {} }` passed to a route registration)
   * mark their `handler` function as a request handler.
   */
  visitObjectLiteral(literal: ts.ObjectLiteralExpression, handler: HandlerInfo | undefined): void {
    countAllocation(this.scopes.block, literal);
    const self = this.expressions.objectBinding(literal);
    for (const property of literal.properties) {
      const key = T.isSpreadAssignment(property) ? undefined : propertyName(property.name);
      const isHandler = handler !== undefined && key === 'handler';
      if (T.isMethodDeclaration(property) || T.isGetAccessor(property) || T.isSetAccessor(property)) {
        const fn = this.visitFunction(property, isHandler ? handler : undefined, self);
        fn.memberName = key;
      } else if (T.isPropertyAssignment(property)) {
        const initializer = skipOuterExpressions(property.initializer);
        if (isInlineFunction(initializer)) {
          const fn = this.visitFunction(initializer, isHandler ? handler : undefined, T.isFunctionExpression(initializer) ? self : undefined);
          fn.memberName = key;
        } else {
          this.visit(property.initializer);
        }
      } else {
        this.visit(property);
      }
    }
  }

  private visitVariableStatement(node: ts.VariableStatement): void {
    const exported = hasExportModifier(node);
    for (const declaration of node.declarationList.declarations) {
      this.visitVariable(declaration);
      if (exported && T.isIdentifier(declaration.name)) {
        this.declarations.setExport(declaration.name.text, this.scopes.lookup(declaration.name.text));
      }
    }
  }

  private visitVariable(node: ts.VariableDeclaration): void {
    if (T.isIdentifier(node.name)) this.scopes.frame.declared.add(node.name.text);
    if (!node.initializer) {
      const declared = node.type ? this.expressions.bindingOfType(node.type) : undefined;
      if (declared) this.scopes.bind(node.name, declared);
      return;
    }
    this.visit(node.initializer);
    this.markInputs(node.name, node.initializer, true);
    this.scopes.bind(node.name, this.expressions.declaredBinding(node as ts.VariableDeclaration & { initializer: ts.Expression }) ?? (node.type ? this.expressions.bindingOfType(node.type) : undefined), this.defaultOf);
    this.growth.recordDeclaration(node.name);
    this.declarations.detectWorkerApi(node.initializer);
  }

  private visitBinary(node: ts.BinaryExpression): void {
    this.accumulations.recordAssignment(node);
    const memoised = memoisedValue(node, this.isLongLived);
    if (memoised) {
      this.visitMemoised(node, memoised);
      return;
    }
    if (node.operatorToken.kind !== T.SyntaxKind.EqualsToken) {
      this.visitOperatorChain(node);
      return;
    }
    const right = skipOuterExpressions(node.right);
    if (T.isFunctionExpression(right) && T.isPropertyAccessExpression(node.left)) {
      // `Foo.prototype.m = function () {}`, `obj.m = function () {}`: `this` is the receiver
      this.visitFunction(right, undefined, this.declarations.receiverOfAssignedMethod(node.left)).memberName = node.left.name.text;
    } else if (T.isFunctionExpression(right) && T.isElementAccessExpression(node.left)) {
      // `Foo.prototype[kSend] = function () {}`
      this.visitFunction(right, undefined, this.declarations.receiverOfAssignedMethod(node.left));
    } else {
      this.visit(node.right);
    }
    this.visitAssignmentTarget(node.left, node.right);
    const target = skipOuterExpressions(node.left);
    if (T.isIdentifier(target)) this.markInputs(target, node.right, false);
    this.declarations.recordAssignment(node.left, node.right);
  }

  /**
   * `this.body = this.body || readFileSync(f)`: the value is computed while the state is missing
   * (once, or once per key), like the branch of `if (!this.body)`.
   */
  private visitMemoised(node: ts.BinaryExpression, value: ts.Expression): void {
    this.visit(node.left);
    const frame = this.scopes.frame;
    frame.onceGuards++;
    try {
      this.visit(value);
    } finally {
      frame.onceGuards--;
    }
    if (node.operatorToken.kind === T.SyntaxKind.EqualsToken) {
      this.visitAssignmentTarget(node.left, node.right);
      this.declarations.recordAssignment(node.left, node.right);
    }
  }

  /** A parameter's names hold the input (`{ text, offset }` destructured too). */
  private markParameterInputs(name: ts.BindingName): void {
    if (T.isIdentifier(name)) this.scopes.markInput(name.text, true, true);
    else for (const element of name.elements) if (!T.isOmittedExpression(element)) this.markParameterInputs(element.name);
  }

  /**
   * Names declared or assigned from the input hold input data (`const lines = text.split('\n')`),
   * and from calls' results, those results (`const data = await readFile(p)`).
   */
  private markInputs(name: ts.BindingName, value: ts.Expression, declared: boolean): void {
    this.markNames(name, this.expressions.readsInput(value), this.expressions.resultsIn(value), declared);
  }

  private markNames(name: ts.BindingName, isInput: boolean, results: readonly string[], declared: boolean): void {
    if (T.isIdentifier(name)) {
      this.scopes.markInput(name.text, isInput, declared);
      this.scopes.markResults(name.text, results, declared);
    } else {
      for (const element of name.elements) if (!T.isOmittedExpression(element)) this.markNames(element.name, isInput, results, declared);
    }
  }

  /**
   * `a + b + c + …` nests to the left, one level per operator: walked with a loop, not
   * recursion, so a generated chain of thousands of terms does not overflow the stack. The
   * operands are visited left to right, as the recursive walk would.
   */
  private visitOperatorChain(top: ts.BinaryExpression): void {
    const rights: ts.Expression[] = [];
    let current: ts.Expression = top;
    while (T.isBinaryExpression(current) && current.operatorToken.kind !== T.SyntaxKind.EqualsToken) {
      const operator = current.operatorToken.kind;
      if (ARITHMETIC_OPERATORS.has(operator)) {
        this.scopes.block.weight += 1;
        if (DENSE_OPERATORS.has(operator)) this.scopes.block.dense += 1;
      }
      // `'k' + i`, `text += '…'`: a new string (what else `+` adds up is not known without types)
      if ((operator === T.SyntaxKind.PlusToken || operator === T.SyntaxKind.PlusEqualsToken) && (isTextLiteral(current.left) || isTextLiteral(current.right))) {
        countAllocation(this.scopes.block, current);
      }
      rights.push(current.right);
      current = current.left;
    }
    this.visit(current);
    for (let index = rights.length - 1; index >= 0; index--) this.visit(rights[index]);
  }

  private visitAssignmentTarget(target: ts.Expression, assigned: ts.Expression): void {
    const setter = this.accessorOf(target)?.set;
    if (setter && setter !== this.scopes.frame.fn.id) this.calls.recordAccessorCall(target as ts.PropertyAccessExpression, setter, assigned);
    if (T.isElementAccessExpression(target)) {
      this.scopes.block.weight += 1;
      this.scopes.block.dense += 1;
      this.growth.recordElementWrite(target);
    }
    T.forEachChild(target, this.visitChild);
  }
}

/**
 * A file's summary. With a budget, a walk still under way at the deadline throws OverBudgetError
 * (its message the reason to give): one pathological file cannot hold a whole run.
 */
export function summarizeFile(sf: ts.SourceFile, host: SummarizeHost, budget?: SummaryTimeBudget): FileSummary {
  const summary = new FileSummarizer(sf, host, budget).summarize();
  compactSummary(summary);
  return summary;
}

/**
 * A parameter defaulting to a number, a string or a boolean is a setting (`radix = 10`,
 * `separator = ','`), not the data the function works on.
 */
function isSetting(parameter: ts.ParameterDeclaration): boolean {
  const initializer = parameter.initializer && skipOuterExpressions(parameter.initializer);
  if (!initializer) return false;
  return T.isNumericLiteral(initializer) || T.isStringLiteral(initializer) || T.isNoSubstitutionTemplateLiteral(initializer) ||
    initializer.kind === T.SyntaxKind.TrueKeyword || initializer.kind === T.SyntaxKind.FalseKeyword;
}

/** A string literal or template: what makes `+` build a new string. */
function isTextLiteral(node: ts.Expression): boolean {
  const inner = skipOuterExpressions(node);
  return T.isStringLiteral(inner) || T.isNoSubstitutionTemplateLiteral(inner) || T.isTemplateExpression(inner);
}

/**
 * Is `name` in the function only tested (`if (sync)`, `if (!sync)`, `sync ? a : b`) or handed on
 * as an argument (`this.read(sync)`)? Then it is a flag that picks a mode; a parameter the
 * function also uses as data (`if (dir) { readdirSync(resolve(dir)) }`) is no mode.
 */
function onlyTestedOrHandedOn(fn: ts.Node, name: string): boolean {
  let other = false;
  const visit = (node: ts.Node): void => {
    if (other) return;
    if (T.isIdentifier(node) && node.text === name && isUse(node) && !isFlagUse(node)) other = true;
    node.forEachChild(visit);
  };
  const body = (fn as ts.FunctionLikeDeclaration).body;
  if (body) visit(body);
  return !other;
}

/** An identifier read as a value (not a member name, a key or a declaration). */
function isUse(node: ts.Identifier): boolean {
  const parent = node.parent;
  if (T.isPropertyAccessExpression(parent) && parent.name === node) return false;
  if ((T.isPropertyAssignment(parent) || T.isMethodDeclaration(parent) || T.isPropertyDeclaration(parent)) && parent.name === node) return false;
  return !(T.isVariableDeclaration(parent) || T.isParameter(parent) || T.isBindingElement(parent)) || parent.name !== node;
}

function isFlagUse(node: ts.Identifier): boolean {
  let child: ts.Node = node;
  let parent = node.parent;
  while (T.isParenthesizedExpression(parent) || (T.isPrefixUnaryExpression(parent) && parent.operator === T.SyntaxKind.ExclamationToken)) {
    child = parent;
    parent = parent.parent;
  }
  if (T.isIfStatement(parent)) return parent.expression === child;
  if (T.isConditionalExpression(parent)) return parent.condition === child;
  if (!T.isCallExpression(parent) && !T.isNewExpression(parent)) return false;
  const args: readonly ts.Node[] = parent.arguments ?? [];
  return args.includes(child);
}
