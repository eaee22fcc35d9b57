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
 */
import { ts } from 'ts-morph';

/**
 * The TypeScript namespace as a plain value: the bundle re-exports ts-morph's `ts` through a
 * getter, which costs a call on every `ts.isX` and `ts.SyntaxKind.X` in the hot walk.
 */
const T: typeof ts = ts;
import { isKnownModule, lookupGlobalCall, lookupModuleCall, normalizeModule } from '../catalog';
import type { Range } from '../model';
import { functionName, handlerByDeclaration, handlerForCallArgument, ITERATION_METHODS, shorten, WEB_FRAMEWORKS } from './naming';
import type {
  AwaitInLoop, Binding, Block, CalleeRef, CallSite, ClassInfo, FileSummary, FunctionSummary, HandlerInfo, Loop,
  ReceiverHint,
} from './summary';
import { COMPUTED_MEMBER, memberOf, unionOf } from './bindings';
import { type BinaryOp, formatCount, num, UNKNOWN, type ValueExpr } from './values';

export interface SummarizeHost {
  /** absolute path of the project file a relative or path-mapped specifier names, if any */
  resolveModule(fromFile: string, specifier: string): string | undefined;
}

interface LoopContext {
  loop: Loop;
  node: ts.Node;
  awaits: AwaitInLoop[];
}

interface Frame {
  fn: FunctionSummary;
  blocks: Block[];
  loops: LoopContext[];
  /** what `this` is inside the function */
  thisBinding?: Binding;
  scope: Map<string, Binding>;
}

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

/** Class-emulation calls: `Base.extend({ ... })` derives an object from `Base`. */
const EXTENDS_METHODS: ReadonlySet<string> = new Set(['extend', 'mixin', 'compose']);

function emptyBlock(): Block {
  return { weight: 0, dense: 0, loops: [], calls: [] };
}

/** Looks through parentheses, `as`, `!`, `satisfies` and `<T>` assertions. Shared with the fixes. */
export function skipOuterExpressions(node: ts.Expression): ts.Expression {
  let current = node;
  while (
    T.isParenthesizedExpression(current) || T.isAsExpression(current) || T.isNonNullExpression(current) ||
    T.isSatisfiesExpression(current) || T.isTypeAssertionExpression(current)
  ) {
    current = current.expression;
  }
  return current;
}

function isFunctionLike(node: ts.Node): node is ts.FunctionLikeDeclaration {
  return (
    T.isFunctionDeclaration(node) || T.isFunctionExpression(node) || T.isArrowFunction(node) ||
    T.isMethodDeclaration(node) || T.isConstructorDeclaration(node) || T.isGetAccessor(node) ||
    T.isSetAccessor(node)
  );
}

function isAsyncFunction(node: ts.FunctionLikeDeclaration): boolean {
  return (T.getCombinedModifierFlags(node as ts.Declaration) & T.ModifierFlags.Async) !== 0;
}

function isStatic(node: ts.Node): boolean {
  return T.canHaveModifiers(node) && (T.getModifiers(node) ?? []).some((m) => m.kind === T.SyntaxKind.StaticKeyword);
}

function parseNumber(text: string): number {
  return Number(text.replace(/_/g, ''));
}

export class FileSummarizer {
  private readonly summary: FileSummary;
  private readonly frames: Frame[] = [];
  private readonly moduleScope = new Map<string, Binding>();
  private readonly callsByNode = new Map<ts.Node, CallSite>();
  /** the binding of each object literal, created once so its methods' `this` and its value agree */
  private readonly objects = new Map<ts.ObjectLiteralExpression, Extract<Binding, { kind: 'object' }>>();
  private usesWorkerApi = false;
  private createsWorkers = false;

  constructor(
    private readonly sf: ts.SourceFile,
    private readonly host: SummarizeHost,
  ) {
    this.summary = {
      path: sf.fileName,
      functions: [],
      classes: new Map(),
      exports: new Map(),
      starExports: [],
      isWorkerModule: false,
      parseErrors: countParseErrors(sf),
      imports: new Set(),
      reexports: [],
      externalModules: new Set(),
      augments: [],
    };
  }

  summarize(): FileSummary {
    const moduleFn = this.newFunction(this.sf, '<module>', undefined);
    moduleFn.isModuleBody = true;
    this.pushFrame(moduleFn, this.moduleScope, { kind: 'namespace', file: this.sf.fileName });
    this.hoist(this.sf.statements);
    for (const statement of this.sf.statements) this.visit(statement);
    this.frames.pop();
    this.summary.isWorkerModule = this.usesWorkerApi && !this.createsWorkers;
    if (this.summary.isWorkerModule) for (const fn of this.summary.functions) fn.inWorker = true;
    return this.summary;
  }

  // ---------------------------------------------------------------- positions

  private range(start: number, end: number): Range {
    const from = this.sf.getLineAndCharacterOfPosition(start);
    const to = this.sf.getLineAndCharacterOfPosition(end);
    return { line: from.line + 1, column: from.character + 1, endLine: to.line + 1, endColumn: to.character + 1 };
  }

  private lineOf(node: ts.Node): number {
    return this.sf.getLineAndCharacterOfPosition(node.getStart(this.sf)).line + 1;
  }

  private id(node: ts.Node): string {
    return `${this.sf.fileName}#${node.getStart(this.sf)}`;
  }

  // ---------------------------------------------------------------- frames and scopes

  private get frame(): Frame {
    return this.frames[this.frames.length - 1];
  }

  private get block(): Block {
    const blocks = this.frame.blocks;
    return blocks[blocks.length - 1];
  }

  private pushFrame(fn: FunctionSummary, scope: Map<string, Binding>, thisBinding?: Binding): void {
    this.frames.push({ fn, blocks: [fn.body], loops: [], thisBinding, scope });
  }

  private lookup(name: string): Binding | undefined {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const binding = this.frames[i].scope.get(name);
      if (binding) return binding;
    }
    return undefined;
  }

  /** A name not bound yet: the linker looks it up later in the same (live) scopes. */
  private lazy(name: string): Binding {
    const scopes: Map<string, Binding>[] = [];
    for (let i = this.frames.length - 1; i >= 0; i--) scopes.push(this.frames[i].scope);
    return { kind: 'lazy', name, scopes };
  }

  private bind(name: ts.BindingName, binding: Binding | undefined): void {
    if (T.isIdentifier(name)) {
      if (binding) this.frame.scope.set(name.text, binding);
      else this.frame.scope.delete(name.text);
      return;
    }
    if (T.isObjectBindingPattern(name)) {
      for (const element of name.elements) {
        const key = element.propertyName && T.isIdentifier(element.propertyName)
          ? element.propertyName.text
          : T.isIdentifier(element.name) ? element.name.text : undefined;
        this.bind(element.name, key && binding ? memberOf(binding, key) : undefined);
      }
    }
  }

  private newFunction(node: ts.Node, name: string, handler: HandlerInfo | undefined): FunctionSummary {
    const start = node === this.sf ? 0 : node.getStart(this.sf);
    const nameNode = nameNodeOf(node);
    const nameStart = nameNode ? nameNode.getStart(this.sf) : start;
    const nameEnd = nameNode ? nameNode.getEnd() : Math.min(node.getEnd(), start + 1);
    const fn: FunctionSummary = {
      id: node === this.sf ? `${this.sf.fileName}#<module>` : this.id(node),
      file: this.sf.fileName,
      name,
      start,
      end: node.getEnd(),
      range: this.range(start, node.getEnd()),
      nameRange: this.range(nameStart, nameEnd),
      params: [],
      isAsync: false,
      isModuleBody: false,
      body: emptyBlock(),
      handler,
      inWorker: false,
      parentId: this.frames.length > 0 ? this.frame.fn.id : undefined,
      awaitsInLoops: [],
      promiseAlls: [],
    };
    this.summary.functions.push(fn);
    return fn;
  }

  /** Function and class declarations are visible before their statement (hoisting). */
  private hoist(statements: readonly ts.Statement[]): void {
    for (const statement of statements) {
      if (T.isFunctionDeclaration(statement) && statement.name) {
        if (statement.body || !this.frame.scope.has(statement.name.text)) {
          this.frame.scope.set(statement.name.text, { kind: 'fn', id: this.id(statement) });
        }
      } else if (T.isClassDeclaration(statement) && statement.name) {
        this.frame.scope.set(statement.name.text, { kind: 'class', key: this.id(statement) });
      } else if (T.isImportDeclaration(statement)) {
        this.bindImport(statement);
      } else if (T.isVariableStatement(statement) && this.frames.length === 1) {
        // Module constants are read by functions declared above them; bind simple ones early.
        for (const declaration of statement.declarationList.declarations) {
          if (declaration.initializer) this.bind(declaration.name, this.bindingOf(declaration.initializer));
        }
      }
    }
  }

  // ---------------------------------------------------------------- the walk

  private visit(node: ts.Node): void {
    if (isFunctionLike(node)) {
      const fn = this.visitFunction(node, undefined);
      if (T.isFunctionDeclaration(node) && hasExportModifier(node)) {
        this.setExport(hasDefaultModifier(node) || !node.name ? 'default' : node.name.text, { kind: 'fn', id: fn.id });
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
      case T.SyntaxKind.ImportDeclaration:
        this.bindImport(node as ts.ImportDeclaration);
        return;
      case T.SyntaxKind.ExportDeclaration:
        this.visitExportDeclaration(node as ts.ExportDeclaration);
        return;
      case T.SyntaxKind.ExportAssignment:
        this.visit((node as ts.ExportAssignment).expression);
        this.setExport('default', this.bindingOf((node as ts.ExportAssignment).expression));
        return;
      case T.SyntaxKind.VariableDeclaration:
        this.visitVariable(node as ts.VariableDeclaration);
        return;
      case T.SyntaxKind.VariableStatement:
        this.visitVariableStatement(node as ts.VariableStatement);
        return;
      case T.SyntaxKind.CallExpression:
      case T.SyntaxKind.NewExpression:
        this.visitCall(node as ts.CallExpression | ts.NewExpression);
        return;
      case T.SyntaxKind.AwaitExpression:
        this.visitAwait(node as ts.AwaitExpression);
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
        this.visitLoop(node as ts.IterationStatement);
        return;
      case T.SyntaxKind.BinaryExpression:
        this.visitBinary(node as ts.BinaryExpression);
        return;
      case T.SyntaxKind.ElementAccessExpression:
        this.block.weight += 1;
        this.block.dense += 1;
        break;
      case T.SyntaxKind.PrefixUnaryExpression:
        this.block.weight += 1;
        if ((node as ts.PrefixUnaryExpression).operator === T.SyntaxKind.TildeToken) this.block.dense += 1;
        break;
      case T.SyntaxKind.PostfixUnaryExpression:
        this.block.weight += 1;
        break;
      case T.SyntaxKind.InterfaceDeclaration:
      case T.SyntaxKind.TypeAliasDeclaration:
        return;
      default:
        break;
    }
    T.forEachChild(node, (child) => this.visit(child));
  }

  /** What the function being walked returns: a union of its return statements' bindings. */
  private addReturn(expression: ts.Expression): void {
    const fn = this.frame.fn;
    if (fn.isModuleBody) return;
    const binding = this.bindingOf(expression);
    if (!binding || binding.kind === 'value') return;
    fn.returns = fn.returns ? unionOf([fn.returns, binding]) : binding;
  }

  /**
   * `thisBinding` is what `this` means in the function when the caller knows it (a method);
   * otherwise an arrow function keeps its parent's and any other function is its own
   * constructor's instance (`function Foo() { this.stream = ... }`).
   */
  private visitFunction(
    node: ts.FunctionLikeDeclaration,
    handler: HandlerInfo | undefined,
    thisBinding?: Binding,
    /** for an immediately invoked function: what its arguments are (`(function (factory) {...})(function () {...})`) */
    argBindings?: readonly (Binding | undefined)[],
  ): FunctionSummary {
    const preliminaryName = functionName(node, this.sf, handler);
    const declaredHandler = handler ?? handlerByDeclaration(node, preliminaryName, this.sf.fileName);
    const name = declaredHandler && !handler ? preliminaryName : functionName(node, this.sf, declaredHandler);
    const fn = this.newFunction(node, name, declaredHandler);
    fn.isAsync = isAsyncFunction(node);
    const scope = new Map<string, Binding>();
    const self: Binding | undefined = thisBinding ??
      (T.isArrowFunction(node) ? this.frame?.thisBinding : { kind: 'instance', classKey: `class:${fn.id}` });
    this.pushFrame(fn, scope, self);
    node.parameters.forEach((parameter, index) => {
      fn.params.push(T.isIdentifier(parameter.name) ? parameter.name.text : `arg${index}`);
      const passed = argBindings?.[index];
      const declared = parameter.type ? this.bindingOfType(parameter.type) : passed && passed.kind !== 'value' ? passed : undefined;
      if (T.isIdentifier(parameter.name)) scope.set(parameter.name.text, declared ?? { kind: 'param', index, fn: fn.id });
      else if (declared) this.bind(parameter.name, declared);
      if (parameter.initializer) this.visit(parameter.initializer);
    });
    if (node.name && (T.isFunctionExpression(node)) && T.isIdentifier(node.name)) {
      scope.set(node.name.text, { kind: 'fn', id: fn.id });
    }
    if (node.body) {
      if (T.isBlock(node.body)) {
        this.hoist(node.body.statements);
        for (const statement of node.body.statements) this.visit(statement);
      } else {
        this.visit(node.body);
        this.addReturn(node.body);
      }
    }
    this.frames.pop();
    return fn;
  }

  /**
   * A binding for a declared type: an imported class or a class of a known module
   * (`client: PoolClient` from 'pg'), so calls on typed parameters and fields resolve without
   * the type checker. Only plain type references count; unions and generics say too little.
   */
  private bindingOfType(type: ts.TypeNode): Binding | undefined {
    if (!T.isTypeReferenceNode(type)) return undefined;
    const parts: string[] = [];
    let name: ts.EntityName = type.typeName;
    while (T.isQualifiedName(name)) {
      parts.unshift(name.right.text);
      name = name.left;
    }
    const root = this.lookup(name.text);
    if (!root) return undefined;
    let binding: Binding | undefined = root;
    for (const part of parts) binding = binding && memberOf(binding, part);
    if (!binding) return undefined;
    switch (binding.kind) {
      case 'module':
        return binding;
      case 'class':
        return { kind: 'instance', classKey: binding.key };
      case 'import':
        return { kind: 'instance', classKey: `import:${binding.file}#${binding.name}` };
      default:
        return undefined;
    }
  }

  private visitClass(node: ts.ClassLikeDeclaration): void {
    const key = this.id(node);
    const info: ClassInfo = {
      key,
      name: node.name?.text ?? '<class>',
      methods: new Map(),
      fields: new Map(),
      statics: new Map(),
    };
    this.summary.classes.set(key, info);
    if (node.name && T.isClassDeclaration(node)) this.frame.scope.set(node.name.text, { kind: 'class', key });
    const heritage = node.heritageClauses?.find((clause) => clause.token === T.SyntaxKind.ExtendsKeyword);
    const baseExpression = heritage?.types[0]?.expression;
    if (baseExpression) info.base = this.bindingOf(baseExpression);
    if (T.isClassDeclaration(node) && hasExportModifier(node)) {
      this.setExport(hasDefaultModifier(node) ? 'default' : info.name, { kind: 'class', key });
    }
    for (const member of node.members) this.visitClassMember(member, info);
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
      const declared = member.type ? this.bindingOfType(member.type) : undefined;
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
      const binding = unionOf([declared, this.bindingOf(member.initializer)]);
      if (memberName && binding) (staticMember ? info.statics : info.fields).set(memberName, binding);
      return;
    }
    T.forEachChild(member, (child) => this.visit(child));
  }

  /** `constructor(private readonly pool: Pool)` declares a typed field. */
  private recordParameterProperties(constructor: ts.ConstructorDeclaration, info: ClassInfo): void {
    for (const parameter of constructor.parameters) {
      if (!T.isIdentifier(parameter.name) || !parameter.type) continue;
      const modifiers = T.canHaveModifiers(parameter) ? T.getModifiers(parameter) ?? [] : [];
      if (modifiers.length === 0) continue;
      const declared = this.bindingOfType(parameter.type);
      if (declared) info.fields.set(parameter.name.text, declared);
    }
  }

  /**
   * An object literal: its methods' `this` is the object (or, through `Base.extend({...})`, the
   * object derived from it). Handler objects (`{ handler() {} }` passed to a route registration)
   * mark their `handler` function as a request handler.
   */
  private visitObjectLiteral(literal: ts.ObjectLiteralExpression, handler: HandlerInfo | undefined): void {
    const self = this.objectBinding(literal);
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
        this.setExport(declaration.name.text, this.lookup(declaration.name.text));
      }
    }
  }

  private visitVariable(node: ts.VariableDeclaration): void {
    if (!node.initializer) {
      const declared = node.type ? this.bindingOfType(node.type) : undefined;
      if (declared) this.bind(node.name, declared);
      return;
    }
    this.visit(node.initializer);
    this.bind(node.name, this.bindingOf(node.initializer) ?? (node.type ? this.bindingOfType(node.type) : undefined));
    this.detectWorkerApi(node.initializer);
  }

  private visitBinary(node: ts.BinaryExpression): void {
    const operator = node.operatorToken.kind;
    if (ARITHMETIC_OPERATORS.has(operator)) {
      this.block.weight += 1;
      if (DENSE_OPERATORS.has(operator)) this.block.dense += 1;
    }
    if (operator === T.SyntaxKind.EqualsToken) {
      const right = skipOuterExpressions(node.right);
      if (T.isFunctionExpression(right) && T.isPropertyAccessExpression(node.left)) {
        // `Foo.prototype.m = function () {}`, `obj.m = function () {}`: `this` is the receiver
        this.visitFunction(right, undefined, this.receiverOfAssignedMethod(node.left)).memberName = node.left.name.text;
      } else {
        this.visit(node.right);
      }
      this.visitAssignmentTarget(node.left);
      this.recordAssignment(node.left, node.right);
      return;
    }
    T.forEachChild(node, (child) => this.visit(child));
  }

  /** What `this` is in a function assigned to `target`. */
  private receiverOfAssignedMethod(target: ts.PropertyAccessExpression): Binding | undefined {
    const receiver = skipOuterExpressions(target.expression);
    if (T.isPropertyAccessExpression(receiver) && receiver.name.text === 'prototype') {
      const owner = this.bindingOf(receiver.expression);
      const classKey = owner ? this.classKeyOf(owner) : undefined;
      return classKey ? { kind: 'instance', classKey } : undefined;
    }
    const receiverText = receiver.getText(this.sf);
    if (receiverText === 'module.exports' || receiverText === 'exports') return { kind: 'namespace', file: this.sf.fileName };
    return this.bindingOf(receiver);
  }

  /** The class key of a constructor: a class, or a constructor function's pseudo class. */
  private classKeyOf(binding: Binding): string | undefined {
    if (binding.kind === 'class') return binding.key;
    if (binding.kind === 'fn') return this.ensurePseudoClass(binding.id).key;
    if (binding.kind === 'import') return `import:${binding.file}#${binding.name}`;
    return undefined;
  }

  /** A constructor function's pseudo class, `class:<function id>`, holding its prototype methods. */
  private ensurePseudoClass(fnId: string): ClassInfo {
    const key = `class:${fnId}`;
    let info = this.summary.classes.get(key);
    if (!info) {
      const fn = this.summary.functions.find((candidate) => candidate.id === fnId);
      info = { key, name: fn?.name ?? '<function>', methods: new Map(), fields: new Map(), statics: new Map() };
      this.summary.classes.set(key, info);
    }
    return info;
  }

  private visitAssignmentTarget(target: ts.Expression): void {
    if (T.isElementAccessExpression(target)) {
      this.block.weight += 1;
      this.block.dense += 1;
    }
    T.forEachChild(target, (child) => this.visit(child));
  }

  /**
   * `module.exports = ...`, `exports.x = ...`, `this.client = new Pool()`, `Foo.prototype.m = fn`,
   * `Foo.prototype = { ... }`, `Foo.m = fn`, `obj.m = fn`.
   */
  private recordAssignment(left: ts.Expression, right: ts.Expression): void {
    const binding = this.bindingOf(right);
    const target = skipOuterExpressions(left);
    const leftText = target.getText(this.sf);
    if (leftText === 'module.exports') {
      if (binding?.kind === 'object') for (const [key, value] of binding.members) this.setExport(key, value);
      this.setExport('default', binding);
      if (binding && binding.kind !== 'object' && binding.kind !== 'fn' && binding.kind !== 'class') this.summary.reexports.push(binding);
      return;
    }
    if (!T.isPropertyAccessExpression(target)) {
      if (T.isIdentifier(target)) {
        if (target.text === 'exports' && binding) this.summary.reexports.push(binding);
        this.reassign(target.text, binding);
      }
      return;
    }
    const receiver = skipOuterExpressions(target.expression);
    const receiverText = receiver.getText(this.sf);
    const member = target.name.text;
    if (receiverText === 'module.exports' || receiverText === 'exports') {
      this.setExport(member, binding);
      return;
    }
    if (T.isPropertyAccessExpression(receiver) && receiver.name.text === 'prototype') {
      const owner = this.bindingOf(receiver.expression);
      const classKey = owner && this.classKeyOf(owner);
      const info = classKey ? this.summary.classes.get(classKey) : undefined;
      if (info && binding?.kind === 'fn') info.methods.set(member, binding.id);
      else if (info && binding) info.fields.set(member, binding);
      return;
    }
    if (member === 'prototype') {
      // `Foo.prototype = { m() {} }` or `Foo.prototype = Object.create(Base.prototype)`
      const owner = this.bindingOf(receiver);
      const classKey = owner && this.classKeyOf(owner);
      const info = classKey ? this.summary.classes.get(classKey) : undefined;
      if (info && binding?.kind === 'object') this.addPrototypeMembers(info, binding);
      return;
    }
    const owner = receiver.kind === T.SyntaxKind.ThisKeyword ? this.frame.thisBinding : this.bindingOf(receiver);
    if (owner && binding) this.assignMember(owner, member, binding);
  }

  /**
   * `name = value`: a variable holding a function, a module value or an object may hold any of
   * the values assigned to it (the analysis is flow-insensitive there: `adapter = known[id]`,
   * later `adapter = adapter.get(config)`); a number takes the latest value, for loop bounds.
   */
  private reassign(name: string, binding: Binding | undefined): void {
    let owner = this.frame.scope;
    for (let i = this.frames.length - 1; i >= 0; i--) {
      if (this.frames[i].scope.has(name)) {
        owner = this.frames[i].scope;
        break;
      }
    }
    const previous = owner.get(name);
    const next = binding ?? { kind: 'value', expr: UNKNOWN } as Binding;
    const keep = (candidate: Binding | undefined): boolean => candidate !== undefined && candidate.kind !== 'value' && candidate.kind !== 'param';
    owner.set(name, keep(previous) && keep(next) ? unionOf([previous, next])! : keep(previous) && !binding ? previous! : next);
  }

  private addPrototypeMembers(info: ClassInfo, object: Extract<Binding, { kind: 'object' }>): void {
    for (const [key, value] of object.members) {
      if (value.kind === 'fn') info.methods.set(key, value.id);
      else info.fields.set(key, value);
    }
    if (object.base) {
      const base = object.base;
      // Object.create(Base.prototype): the prototype chain continues at Base
      info.base ??= base.kind === 'member' && base.path.length === 1 && base.path[0] === 'prototype' ? base.of : base;
    }
  }

  /** Records `owner.member = binding` where the summary can keep it. Re-assignments widen, never replace. */
  private assignMember(owner: Binding, member: string, binding: Binding): void {
    const widen = (map: Map<string, Binding>): void => {
      const previous = map.get(member);
      map.set(member, previous ? unionOf([previous, binding])! : binding);
    };
    switch (owner.kind) {
      case 'object':
        widen(owner.members);
        return;
      case 'instance': {
        const info = this.summary.classes.get(owner.classKey) ?? (owner.classKey.startsWith('class:') && this.isLocalFunction(owner.classKey.slice(6)) ? this.ensurePseudoClass(owner.classKey.slice(6)) : undefined);
        if (info) widen(info.fields);
        return;
      }
      case 'class':
        this.summary.classes.get(owner.key)?.statics.set(member, binding);
        return;
      case 'fn':
        if (this.isLocalFunction(owner.id)) this.ensurePseudoClass(owner.id).statics.set(member, binding);
        return;
      case 'namespace':
        if (owner.file !== this.sf.fileName) this.summary.augments.push({ file: owner.file, path: [member], binding });
        return;
      case 'import':
        if (owner.file !== this.sf.fileName) this.summary.augments.push({ file: owner.file, path: [owner.name, member], binding });
        return;
      default:
        return;
    }
  }

  private isLocalFunction(id: string): boolean {
    return id.startsWith(`${this.sf.fileName}#`);
  }

  private setExport(name: string, binding: Binding | undefined): void {
    if (binding) this.summary.exports.set(name, binding);
  }

  private bindImport(node: ts.ImportDeclaration): void {
    if (!T.isStringLiteral(node.moduleSpecifier)) return;
    const specifier = node.moduleSpecifier.text;
    const clause = node.importClause;
    if (!clause) return;
    const file = this.host.resolveModule(this.sf.fileName, specifier);
    if (file && !clause.isTypeOnly) this.summary.imports.add(file);
    if (!file) this.summary.externalModules.add(normalizeModule(specifier));
    // Type-only imports still name types for typed parameters (`import type { Pool } from 'pg'`).
    const base = (name: string): Binding => file
      ? { kind: 'import', file, name }
      : { kind: 'module', specifier: normalizeModule(specifier), path: name === 'default' || name === '*' ? [] : [name] };
    if (clause.name) this.moduleScope.set(clause.name.text, base('default'));
    const bindings = clause.namedBindings;
    if (!bindings) return;
    if (T.isNamespaceImport(bindings)) {
      this.moduleScope.set(bindings.name.text, file ? { kind: 'namespace', file } : base('*'));
      return;
    }
    for (const element of bindings.elements) {
      const imported = (element.propertyName ?? element.name).text;
      this.moduleScope.set(element.name.text, base(imported));
      if (!file && normalizeModule(specifier) === 'worker_threads' && /^(parentPort|workerData)$/.test(imported)) {
        this.usesWorkerApi = true;
      }
    }
  }

  private visitExportDeclaration(node: ts.ExportDeclaration): void {
    const specifier = node.moduleSpecifier && T.isStringLiteral(node.moduleSpecifier) ? node.moduleSpecifier.text : undefined;
    const file = specifier ? this.host.resolveModule(this.sf.fileName, specifier) : undefined;
    if (file) this.summary.imports.add(file);
    if (!node.exportClause) {
      if (file) this.summary.starExports.push(file);
      return;
    }
    if (!T.isNamedExports(node.exportClause)) return;
    for (const element of node.exportClause.elements) {
      const local = (element.propertyName ?? element.name).text;
      const binding: Binding | undefined = file ? { kind: 'import', file, name: local } : this.lookup(local);
      this.setExport(element.name.text, binding);
    }
  }

  private detectWorkerApi(initializer: ts.Expression): void {
    const text = initializer.getText(this.sf);
    if (/require\(\s*['"](node:)?worker_threads['"]\s*\)/.test(text) && /parentPort|workerData/.test(initializer.parent.getText(this.sf))) {
      this.usesWorkerApi = true;
    }
  }

  // ---------------------------------------------------------------- loops

  private visitLoop(node: ts.IterationStatement): void {
    const { bound, label } = this.loopBound(node);
    const loop: Loop = { line: this.lineOf(node), start: node.getStart(this.sf), bound, boundLabel: label, body: emptyBlock() };
    if (T.isForStatement(node)) {
      if (node.initializer) this.visit(node.initializer);
    } else if (T.isForOfStatement(node) || T.isForInStatement(node)) {
      this.visit(node.expression);
      this.bindLoopVariable(node);
    }
    const context: LoopContext = { loop, node, awaits: [] };
    this.enterLoop(context);
    if (T.isForStatement(node)) {
      if (node.condition) this.visit(node.condition);
      if (node.incrementor) this.visit(node.incrementor);
    } else if (T.isWhileStatement(node) || T.isDoStatement(node)) {
      this.visit(node.expression);
    }
    this.visit(node.statement);
    this.leaveLoop(context);
  }

  private enterLoop(context: LoopContext): void {
    this.block.loops.push(context.loop);
    this.frame.blocks.push(context.loop.body);
    this.frame.loops.push(context);
  }

  private leaveLoop(context: LoopContext): void {
    this.frame.blocks.pop();
    this.frame.loops.pop();
    for (const entry of context.awaits) {
      entry.dependency ??= iterationDependency(context.node, entry, this.sf);
      this.frame.fn.awaitsInLoops.push(entry);
    }
  }

  private bindLoopVariable(node: ts.ForOfStatement | ts.ForInStatement): void {
    const initializer = node.initializer;
    if (!T.isVariableDeclarationList(initializer)) return;
    const iterated = T.isForOfStatement(node) ? this.valueOf(node.expression) : UNKNOWN;
    for (const declaration of initializer.declarations) {
      this.bind(declaration.name, { kind: 'value', expr: iterated.k === 'unknown' ? UNKNOWN : { k: 'elem', of: iterated } });
    }
  }

  private loopBound(node: ts.IterationStatement): { bound: ValueExpr; label: string } {
    if (T.isForStatement(node)) return this.forStatementBound(node);
    if (T.isForOfStatement(node)) {
      if (node.awaitModifier) return { bound: UNKNOWN, label: 'the stream' };
      return this.lengthOf(node.expression);
    }
    if (T.isWhileStatement(node) || T.isDoStatement(node)) return this.countdownBound(node.expression);
    return { bound: UNKNOWN, label: 'the data' };
  }

  /** `while (i--)`, `while (n-- > 0)`, `while (--i)`: as many iterations as the counter's value. */
  private countdownBound(condition: ts.Expression): { bound: ValueExpr; label: string } {
    let node = skipOuterExpressions(condition);
    if (T.isBinaryExpression(node) && node.operatorToken.kind === T.SyntaxKind.GreaterThanToken &&
      T.isNumericLiteral(node.right) && parseNumber(node.right.text) === 0) {
      node = skipOuterExpressions(node.left);
    }
    const decrement = (T.isPostfixUnaryExpression(node) || T.isPrefixUnaryExpression(node)) && node.operator === T.SyntaxKind.MinusMinusToken;
    const counter = decrement ? (node as ts.PostfixUnaryExpression | ts.PrefixUnaryExpression).operand : undefined;
    if (!counter || !T.isIdentifier(counter)) return { bound: UNKNOWN, label: 'the data' };
    const value = this.valueOf(counter);
    return value.k === 'unknown' ? { bound: UNKNOWN, label: counter.text } : { bound: value, label: counter.text };
  }

  /**
   * `for (let i = a; i < b; i++)`, `for (i = a; ...)`, `i += s`, `i <= b`, counting down, and a
   * condition with extra stop clauses (`i < n && !found`: at most n).
   */
  private forStatementBound(node: ts.ForStatement): { bound: ValueExpr; label: string } {
    const unknown = { bound: UNKNOWN, label: 'the data' };
    const initializer = node.initializer;
    if (!node.condition || !initializer) return unknown;
    const starts = new Map<string, ts.Expression>();
    if (T.isVariableDeclarationList(initializer)) {
      for (const declaration of initializer.declarations) {
        if (declaration.initializer && T.isIdentifier(declaration.name)) starts.set(declaration.name.text, declaration.initializer);
      }
    } else {
      const assignments: ts.Expression[] = [];
      const collect = (expression: ts.Expression): void => {
        const inner = skipOuterExpressions(expression);
        if (T.isBinaryExpression(inner) && inner.operatorToken.kind === T.SyntaxKind.CommaToken) {
          collect(inner.left);
          collect(inner.right);
        } else {
          assignments.push(inner);
        }
      };
      collect(initializer);
      for (const assignment of assignments) {
        if (T.isBinaryExpression(assignment) && assignment.operatorToken.kind === T.SyntaxKind.EqualsToken && T.isIdentifier(assignment.left)) {
          starts.set(assignment.left.text, assignment.right);
        }
      }
    }
    const clauses: ts.Expression[] = [];
    const split = (expression: ts.Expression): void => {
      const inner = skipOuterExpressions(expression);
      if (T.isBinaryExpression(inner) && inner.operatorToken.kind === T.SyntaxKind.AmpersandAmpersandToken) {
        split(inner.left);
        split(inner.right);
      } else {
        clauses.push(inner);
      }
    };
    split(node.condition);
    const condition = clauses.find((clause): clause is ts.BinaryExpression =>
      T.isBinaryExpression(clause) && T.isIdentifier(clause.left) && starts.has(clause.left.text));
    if (!condition) return unknown;
    const counter = (condition.left as ts.Identifier).text;
    const limit = this.valueOf(condition.right);
    const start = this.valueOf(starts.get(counter)!);
    const step = this.stepOf(node.incrementor, counter);
    const operator = condition.operatorToken.kind;
    const inclusive = operator === T.SyntaxKind.LessThanEqualsToken || operator === T.SyntaxKind.GreaterThanEqualsToken;
    const countingUp = operator === T.SyntaxKind.LessThanToken || operator === T.SyntaxKind.LessThanEqualsToken;
    const counting = countingUp
      // from an unknown start counting up to a known limit: at most the limit
      ? (start.k === 'unknown' ? limit : { k: 'bin', op: '-', a: limit, b: start } as ValueExpr)
      : operator === T.SyntaxKind.GreaterThanToken || operator === T.SyntaxKind.GreaterThanEqualsToken
        ? { k: 'bin', op: '-', a: start, b: limit } as ValueExpr
        : undefined;
    if (!counting || limit.k === 'unknown') return unknown;
    let bound: ValueExpr = inclusive ? { k: 'bin', op: '+', a: counting, b: num(1) } : counting;
    if (step !== 1) bound = { k: 'bin', op: '/', a: bound, b: num(step) };
    return { bound, label: limitLabel(condition.right, this.sf) };
  }

  private stepOf(incrementor: ts.Expression | undefined, counter: string): number {
    if (!incrementor) return 1;
    const text = incrementor.getText(this.sf).replace(/\s+/g, '');
    const match = new RegExp(`^${counter}(?:\\+=|-=)(\\d[\\d_]*)$`).exec(text);
    return match ? Math.max(1, parseNumber(match[1])) : 1;
  }

  /** The number of elements of an iterated expression, and the iterated value itself. */
  private lengthOf(expression: ts.Expression): { bound: ValueExpr; label: string; value?: ValueExpr } {
    const value = this.valueOf(expression);
    const label = shorten(expression.getText(this.sf));
    if (value.k === 'arr') return { bound: num(value.items.length), label, value };
    if (value.k === 'param' || value.k === 'elem') return { bound: { k: 'len', of: value }, label, value };
    const inner = skipOuterExpressions(expression);
    // Array.from({ length: n }), new Array(n), Array(n).fill()
    const lengthExpression = arrayConstructionLength(inner);
    if (lengthExpression) return { bound: this.valueOf(lengthExpression), label: shorten(lengthExpression.getText(this.sf)) };
    return { bound: UNKNOWN, label };
  }

  // ---------------------------------------------------------------- awaits

  private visitAwait(node: ts.AwaitExpression): void {
    this.visit(node.expression);
    const target = skipOuterExpressions(node.expression);
    const call = this.callsByNode.get(target);
    if (call) call.awaited = true;
    const loops = this.frame.loops;
    if (loops.length === 0) return;
    const innermost = loops[loops.length - 1];
    const start = node.getStart(this.sf);
    const position = this.sf.getLineAndCharacterOfPosition(start);
    innermost.awaits.push({
      start,
      end: node.getEnd(),
      line: position.line + 1,
      column: position.character + 1,
      loopLine: innermost.loop.line,
      loopStart: innermost.loop.start,
      callId: call?.id,
    });
  }

  // ---------------------------------------------------------------- calls

  private visitCall(node: ts.CallExpression | ts.NewExpression): void {
    this.block.weight += 1;
    const callee = skipOuterExpressions(node.expression);
    if (isInlineFunction(callee) && T.isCallExpression(node)) {
      this.visitFunction(callee, undefined, undefined, node.arguments.map((argument) => this.bindingOf(argument)));
    } else {
      this.visitCalleeExpression(callee);
    }
    if (T.isCallExpression(node) && this.visitRequire(node)) return;
    const site = this.recordCall(node, callee);
    this.visitArguments(node, site);
    if (T.isCallExpression(node)) this.recordMutatingCall(node);
  }

  /** Visit the parts of a callee that are themselves calls (`a().b()`), not the names. */
  private visitCalleeExpression(callee: ts.Expression): void {
    if (T.isPropertyAccessExpression(callee) || T.isElementAccessExpression(callee)) {
      this.visitCalleeExpression(skipOuterExpressions(callee.expression));
      if (T.isElementAccessExpression(callee)) this.visit(callee.argumentExpression);
      return;
    }
    if (!T.isIdentifier(callee) && callee.kind !== T.SyntaxKind.ThisKeyword) this.visit(callee);
  }

  private visitRequire(node: ts.CallExpression): boolean {
    if (!T.isIdentifier(node.expression) || node.expression.text !== 'require') return false;
    const first = node.arguments[0];
    if (first && T.isStringLiteral(first)) {
      const file = this.host.resolveModule(this.sf.fileName, first.text);
      if (file) this.summary.imports.add(file);
    }
    return true;
  }

  /**
   * Calls that change what a name holds: `Object.assign(exports, fs)` re-exports `fs`,
   * `Object.assign(Foo.prototype, {...})` adds methods, `util.inherits(Foo, Base)` and
   * `Object.setPrototypeOf(Foo.prototype, Base.prototype)` set a base class.
   */
  private recordMutatingCall(node: ts.CallExpression): void {
    const callee = skipOuterExpressions(node.expression);
    if (!T.isPropertyAccessExpression(callee) && !T.isIdentifier(callee)) return;
    const name = T.isIdentifier(callee) ? callee.text : callee.name.text;
    const receiver = T.isPropertyAccessExpression(callee) ? callee.expression.getText(this.sf) : undefined;
    const [first, second] = node.arguments.map((argument) => skipOuterExpressions(argument));
    if (!first || !second) return;
    if (name === 'assign' && receiver === 'Object') {
      const targetText = first.getText(this.sf);
      const sources = node.arguments.slice(1).map((argument) => this.bindingOf(argument));
      if (targetText === 'exports' || targetText === 'module.exports') {
        for (const source of sources) {
          if (source?.kind === 'object') for (const [key, value] of source.members) this.setExport(key, value);
          else if (source) this.summary.reexports.push(source);
        }
        return;
      }
      if (T.isPropertyAccessExpression(first) && first.name.text === 'prototype') {
        const owner = this.bindingOf(first.expression);
        const classKey = owner && this.classKeyOf(owner);
        const info = classKey ? this.summary.classes.get(classKey) : undefined;
        if (info) for (const source of sources) if (source?.kind === 'object') this.addPrototypeMembers(info, source);
        return;
      }
      const target = this.bindingOf(first);
      if (target?.kind === 'object') {
        for (const source of sources) {
          if (source?.kind === 'object') for (const [key, value] of source.members) this.assignMember(target, key, value);
        }
      }
      return;
    }
    const inherits = name === 'inherits' || (name === 'setPrototypeOf' && receiver === 'Object');
    if (!inherits) return;
    const unwrapPrototype = (expression: ts.Expression): ts.Expression =>
      T.isPropertyAccessExpression(expression) && expression.name.text === 'prototype' ? expression.expression : expression;
    const child = this.bindingOf(unwrapPrototype(first));
    const classKey = child && this.classKeyOf(child);
    const info = classKey ? this.summary.classes.get(classKey) : undefined;
    if (info) info.base ??= this.bindingOf(unwrapPrototype(second));
  }

  private recordCall(node: ts.CallExpression | ts.NewExpression, callee: ts.Expression): CallSite {
    const start = node.getStart(this.sf);
    const position = this.sf.getLineAndCharacterOfPosition(start);
    const calleeRef = this.calleeOf(callee);
    const site: CallSite = {
      // `a().b()` starts where `a()` starts: the end tells the two calls apart
      id: `${this.id(node)}-${node.getEnd()}`,
      callerId: this.frame.fn.id,
      start,
      end: node.getEnd(),
      line: position.line + 1,
      column: position.character + 1,
      calleeText: shorten(callee.getText(this.sf)),
      callee: calleeRef,
      args: (node.arguments ?? []).map((argument) => this.valueOf(argument)),
      awaited: false,
      loopDepth: this.frame.loops.length,
      isNew: T.isNewExpression(node),
    };
    const hint = this.receiverHint(node, callee);
    if (hint) site.hint = hint;
    if ((node.arguments ?? []).some((argument) => this.isPartOfInput(argument))) site.structural = true;
    const argBindings = this.argumentBindings(node.arguments ?? []);
    if (argBindings) site.argBindings = argBindings;
    if (calleeRef.kind === 'binding' && calleeRef.binding.kind === 'param' && calleeRef.binding.fn === this.frame.fn.id &&
      (calleeRef.path.length === 0 || (calleeRef.path.length === 1 && /^(call|apply)$/.test(calleeRef.path[0])))) {
      const invoked = (this.frame.fn.invokesParams ??= []);
      if (!invoked.includes(calleeRef.binding.index)) invoked.push(calleeRef.binding.index);
    }
    if (calleeRef.kind === 'catalog' && calleeRef.entry.effect === 'spawn-worker') this.createsWorkers = true;
    if (calleeRef.kind === 'global' && calleeRef.entry.effect === 'spawn-worker') this.createsWorkers = true;
    this.block.calls.push(site);
    this.callsByNode.set(node, site);
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
      const binding = this.bindingOf(node);
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
      const binding = this.lookup(node.text);
      return binding?.kind === 'value' && binding.expr.k === 'elem';
    }
    if (!T.isPropertyAccessExpression(node) && !T.isElementAccessExpression(node)) return false;
    let root: ts.Expression = node;
    while (T.isPropertyAccessExpression(root) || T.isElementAccessExpression(root)) root = skipOuterExpressions(root.expression);
    if (!T.isIdentifier(root)) return false;
    const binding = this.lookup(root.text);
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
      const binding = this.lookup(receiver.text);
      if (binding && binding === this.frame.thisBinding) hint.isThis = true;
      if (binding?.kind === 'module') hint.externalModule = binding.specifier;
    } else if (T.isPropertyAccessExpression(receiver)) hint.name = receiver.name.text;
    const first = node.arguments?.[0];
    if (first && (T.isStringLiteral(first) || T.isNoSubstitutionTemplateLiteral(first))) hint.firstArg = first.text;
    const method = T.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
    if (method === 'pipe' && first && node.arguments!.length <= 2) {
      const argument = skipOuterExpressions(first);
      hint.pipesStream = T.isIdentifier(argument) || T.isPropertyAccessExpression(argument) || T.isElementAccessExpression(argument);
    }
    return hint;
  }

  private visitArguments(node: ts.CallExpression | ts.NewExpression, site: CallSite): void {
    const args = node.arguments ?? [];
    const method = T.isPropertyAccessExpression(node.expression) ? node.expression.name.text : undefined;
    if (T.isCallExpression(node) && method && ITERATION_METHODS.has(method) && args.length > 0) {
      this.visitIteration(node, method, site);
      args.slice(1).forEach((argument) => this.visit(argument));
      return;
    }
    if (T.isCallExpression(node) && isArrayFrom(node) && args.length > 1) {
      this.visit(args[0]);
      this.visitIterationCallback(args[1], this.lengthOf(args[0]), 'Array.from', site);
      return;
    }
    if (T.isNewExpression(node) && /(^|\.)_?Promise$/.test(site.calleeText) && args[0] && isInlineFunction(skipOuterExpressions(args[0]))) {
      // new Promise(executor), new fetch.Promise(executor): the executor runs once, now
      const executor = this.visitFunction(skipOuterExpressions(args[0]) as ts.FunctionLikeDeclaration, undefined);
      site.callee = { kind: 'binding', binding: { kind: 'fn', id: executor.id }, path: [] };
      site.viaCallback = 'executor';
      // the executor receives resolve and reject, not the arguments of `new Promise`
      delete site.argBindings;
      return;
    }
    if (T.isCallExpression(node) && this.recordPromiseAll(node, site)) return;
    const handler = T.isCallExpression(node)
      ? handlerForCallArgument(node, this.sf, (receiver) => this.isWebFramework(receiver))
      : undefined;
    for (const argument of args) {
      const inner = skipOuterExpressions(argument);
      if (isInlineFunction(inner)) this.visitFunction(inner, handler);
      else if (T.isObjectLiteralExpression(inner)) this.visitObjectLiteral(inner, handler);
      else this.visit(argument);
    }
  }

  private isWebFramework(receiver: ts.Expression): boolean {
    const root = rootIdentifier(receiver);
    const binding = root ? this.lookup(root) : undefined;
    return binding?.kind === 'module' && WEB_FRAMEWORKS.has(binding.specifier);
  }

  /** `items.map(cb)`: a loop over `items` whose body calls `cb` once per element. */
  private visitIteration(node: ts.CallExpression, method: string, site: CallSite): void {
    const receiver = (node.expression as ts.PropertyAccessExpression).expression;
    this.visitIterationCallback(node.arguments[0], this.lengthOf(receiver), method, site);
  }

  private visitIterationCallback(
    callback: ts.Expression,
    length: { bound: ValueExpr; label: string; value?: ValueExpr },
    method: string,
    iterationCall: CallSite,
  ): void {
    const element: ValueExpr = length.value ? { k: 'elem', of: length.value } : UNKNOWN;
    const loop: Loop = {
      line: iterationCall.line,
      start: iterationCall.start,
      bound: method === 'sort' || method === 'toSorted' ? nLogN(length.bound) : length.bound,
      boundLabel: length.label,
      body: emptyBlock(),
      method,
    };
    // The iteration call itself is bookkeeping: its cost is the loop's.
    this.block.calls.splice(this.block.calls.indexOf(iterationCall), 1);
    const context: LoopContext = { loop, node: callback, awaits: [] };
    this.enterLoop(context);
    const inner = skipOuterExpressions(callback);
    const calleeRef: CalleeRef = isInlineFunction(inner)
      ? { kind: 'binding', binding: { kind: 'fn', id: this.visitFunction(inner, undefined).id }, path: [] }
      : this.calleeOf(inner);
    const position = this.sf.getLineAndCharacterOfPosition(callback.getStart(this.sf));
    const site: CallSite = {
      id: this.id(callback),
      callerId: this.frame.fn.id,
      start: callback.getStart(this.sf),
      end: callback.getEnd(),
      line: position.line + 1,
      column: position.character + 1,
      calleeText: isInlineFunction(inner) ? `${method} callback` : shorten(inner.getText(this.sf)),
      callee: calleeRef,
      args: [element],
      awaited: false,
      loopDepth: this.frame.loops.length,
      isNew: false,
      viaCallback: 'iteration',
    };
    if (iterationCall.structural || this.isPartOfInput(receiverOf(callback))) site.structural = true;
    this.block.calls.push(site);
    this.callsByNode.set(callback, site);
    this.leaveLoop(context);
    iterationCall.callee = site.callee;
  }

  /** `Promise.all(items.map(fn))`: returns true when it visited the arguments itself. */
  private recordPromiseAll(node: ts.CallExpression, site: CallSite): boolean {
    if (!/^Promise\.(all|allSettled|any|race)$/.test(site.calleeText)) return false;
    const first = node.arguments[0] && skipOuterExpressions(node.arguments[0]);
    if (!first || !T.isCallExpression(first) || !T.isPropertyAccessExpression(first.expression)) return false;
    if (first.expression.name.text !== 'map' || first.arguments.length === 0) return false;
    this.visit(first);
    const length = this.lengthOf(first.expression.expression);
    const perElement = this.callsByNode.get(first.arguments[0]);
    this.frame.fn.promiseAlls.push({
      start: site.start,
      end: site.end,
      line: site.line,
      column: site.column,
      bound: length.bound,
      boundLabel: length.label,
      callId: perElement?.id,
      method: site.calleeText,
    });
    node.arguments.slice(1).forEach((argument) => this.visit(argument));
    return true;
  }

  // ---------------------------------------------------------------- names and values

  /**
   * A reference expression as a root binding and a member path: `this.stream.write` is the
   * `this` binding with path `['stream', 'write']`; `getStream().write` is the result of
   * `getStream()` with path `['write']`. Calls on external modules stay one flat module path
   * (`createHash(...).update` is `crypto` with `createHash.update`), as the catalog names them.
   */
  private reference(expression: ts.Expression): { binding?: Binding; path: string[]; root?: ts.Expression } {
    const path: string[] = [];
    let current = skipOuterExpressions(expression);
    while (true) {
      if (T.isPropertyAccessExpression(current)) {
        path.unshift(current.name.text);
        current = skipOuterExpressions(current.expression);
      } else if (T.isElementAccessExpression(current)) {
        path.unshift(literalKey(current.argumentExpression) ?? COMPUTED_MEMBER);
        current = skipOuterExpressions(current.expression);
      } else {
        break;
      }
    }
    if (current.kind === T.SyntaxKind.ThisKeyword) return { binding: this.frame.thisBinding, path, root: current };
    if (T.isIdentifier(current)) return { binding: this.lookup(current.text), path, root: current };
    return { binding: this.bindingOf(current), path, root: current };
  }

  /** What a callee expression refers to: a function, a catalog entry, or unknown. */
  private calleeOf(expression: ts.Expression): CalleeRef {
    const { binding, path, root } = this.reference(expression);
    if (binding) return this.refine({ kind: 'binding', binding, path });
    if (root && T.isIdentifier(root)) {
      const global = lookupGlobalCall([root.text, ...path].join('.'));
      if (global) return { kind: 'global', entry: global };
      if (root.text === 'require' || root.text === 'process' || root.text === 'console') {
        return { kind: 'unknown', methodName: [root.text, ...path].join('.') };
      }
      if (!BUILTIN_GLOBALS.has(root.text)) return { kind: 'binding', binding: this.lazy(root.text), path };
      return { kind: 'unknown', methodName: path.at(-1) ?? root.text };
    }
    return { kind: 'unknown', methodName: path.at(-1) };
  }

  /** Bindings to external modules are looked up in the catalog right away. */
  private refine(ref: CalleeRef): CalleeRef {
    if (ref.kind !== 'binding' || ref.binding.kind !== 'module') return ref;
    const fullPath = modulePath([...ref.binding.path, ...ref.path]);
    const entry = lookupModuleCall(ref.binding.specifier, fullPath.length === 0 ? 'default' : fullPath.join('.'));
    if (entry) return { kind: 'catalog', entry, module: ref.binding.specifier };
    return ref;
  }

  /** What a value expression binds a name to. */
  private bindingOf(expression: ts.Expression): Binding | undefined {
    const node = skipOuterExpressions(expression);
    if (isInlineFunction(node)) return { kind: 'fn', id: this.id(node) };
    if (T.isClassExpression(node)) return { kind: 'class', key: this.id(node) };
    if (node.kind === T.SyntaxKind.ThisKeyword) return this.frames.length > 0 ? this.frame.thisBinding : undefined;
    if (T.isIdentifier(node)) {
      const found = this.lookup(node.text);
      if (found) return found;
      return this.frames.length > 1 && !BUILTIN_GLOBALS.has(node.text) ? this.lazy(node.text) : undefined;
    }
    if (T.isAwaitExpression(node)) return this.bindingOf(node.expression);
    if (T.isObjectLiteralExpression(node)) return this.objectBinding(node);
    if (T.isPropertyAccessExpression(node) && node.name.text === 'length') {
      const length = this.valueOf(node);
      if (length.k !== 'unknown') return { kind: 'value', expr: length };
    }
    if (T.isPropertyAccessExpression(node) || T.isElementAccessExpression(node)) {
      const receiver = this.bindingOf(node.expression);
      const key = T.isPropertyAccessExpression(node) ? node.name.text : literalKey(node.argumentExpression) ?? COMPUTED_MEMBER;
      return receiver ? memberOf(receiver, key) : undefined;
    }
    if (T.isConditionalExpression(node)) return unionOf([this.bindingOf(node.whenTrue), this.bindingOf(node.whenFalse)]);
    if (T.isBinaryExpression(node)) {
      const operator = node.operatorToken.kind;
      if (operator === T.SyntaxKind.BarBarToken || operator === T.SyntaxKind.QuestionQuestionToken) {
        return unionOf([this.bindingOf(node.left), this.bindingOf(node.right)]);
      }
      if (operator === T.SyntaxKind.AmpersandAmpersandToken || operator === T.SyntaxKind.CommaToken) return this.bindingOf(node.right);
      if (operator === T.SyntaxKind.EqualsToken) return this.bindingOf(node.right);
    }
    if (T.isCallExpression(node) && T.isIdentifier(node.expression) && node.expression.text === 'require') {
      return this.requireBinding(node);
    }
    if (T.isNewExpression(node) || T.isCallExpression(node)) return this.constructedBinding(node);
    const value = this.valueOf(node);
    return value.k === 'unknown' ? undefined : { kind: 'value', expr: value };
  }

  /** The binding of an object literal, created once (its members by position, so before the walk reaches them). */
  private objectBinding(node: ts.ObjectLiteralExpression): Extract<Binding, { kind: 'object' }> {
    const known = this.objects.get(node);
    if (known) return known;
    const members = new Map<string, Binding>();
    const binding: Extract<Binding, { kind: 'object' }> = { kind: 'object', members };
    this.objects.set(node, binding);
    for (const property of node.properties) {
      if (T.isShorthandPropertyAssignment(property)) {
        const value = this.bindingOf(property.name);
        if (value) members.set(property.name.text, value);
      } else if (T.isPropertyAssignment(property) || T.isMethodDeclaration(property) || T.isGetAccessor(property)) {
        const key = propertyName(property.name);
        const value = T.isPropertyAssignment(property) ? this.bindingOf(property.initializer) : { kind: 'fn' as const, id: this.id(property) };
        if (key && value) members.set(key, value);
      } else if (T.isSpreadAssignment(property)) {
        binding.base ??= this.bindingOf(property.expression);
      }
    }
    return binding;
  }

  private requireBinding(node: ts.CallExpression): Binding | undefined {
    const first = node.arguments[0];
    if (!first || !T.isStringLiteral(first)) return undefined;
    const file = this.host.resolveModule(this.sf.fileName, first.text);
    if (file) return { kind: 'namespace', file };
    this.summary.externalModules.add(normalizeModule(first.text));
    return { kind: 'module', specifier: normalizeModule(first.text), path: [] };
  }

  /**
   * What a call or `new` evaluates to: an instance of a class (`new Pool()`, `new LocalClass()`),
   * a value derived from a module (`axios.create()`, `createHash('sha1')`), an object derived from
   * another (`Base.extend({...})`, `Object.create(proto)`), the function a wrapper returns
   * (`promisify(fs.readFile)`, `u(fn)`), or what the callee returns, resolved by the linker.
   */
  private constructedBinding(node: ts.CallExpression | ts.NewExpression): Binding | undefined {
    const callee = skipOuterExpressions(node.expression);
    const args = node.arguments ?? [];
    if (isInlineFunction(callee)) {
      // an IIFE: what the function returns (resolved by the linker, the function is walked later)
      return { kind: 'result', callee: { kind: 'fn', id: this.id(callee) }, path: [], args: args.map((argument) => this.bindingOf(argument)) };
    }
    const { binding, path } = this.reference(callee);
    const calleeName = path.at(-1) ?? (T.isIdentifier(callee) ? callee.text : undefined);
    const first = args[0] && skipOuterExpressions(args[0]);
    if (T.isCallExpression(node) && T.isPropertyAccessExpression(callee) && T.isIdentifier(callee.expression) && callee.expression.text === 'Object') {
      if (calleeName === 'create' && first) return { kind: 'object', members: new Map(), base: this.bindingOf(first) };
      if (calleeName === 'assign' && first) return this.bindingOf(first);
      if (calleeName === 'freeze' && first) return this.bindingOf(first);
    }
    if (calleeName && EXTENDS_METHODS.has(calleeName) && path.length > 0) {
      // Base.extend({ ... }): class emulation; the literal's methods see the derived object as `this`
      const literal = args.map((argument) => skipOuterExpressions(argument)).find(T.isObjectLiteralExpression);
      if (literal) {
        const derived = this.objectBinding(literal);
        const receiver = binding && memberPathBinding(binding, path.slice(0, -1));
        if (receiver) derived.base ??= receiver;
        return derived;
      }
    }
    if (!binding) {
      if (T.isIdentifier(callee) && !BUILTIN_GLOBALS.has(callee.text) && T.isCallExpression(node)) {
        // an undeclared (or later-declared) function: a wrapper of its first argument if that is a function
        const wrapped = first ? this.wrappedBinding(first) : undefined;
        if (wrapped) return wrapped;
        return { kind: 'result', callee: this.lazy(callee.text), path: [], args: args.map((argument) => this.bindingOf(argument)) };
      }
      return undefined;
    }
    if (binding.kind === 'module') {
      const module: Binding = { kind: 'module', specifier: binding.specifier, path: modulePath([...binding.path, ...path]) };
      if (T.isCallExpression(node) && first && !isKnownModule(binding.specifier)) {
        // promisify(fs.readFile), universalify.fromPromise(fn): an external higher-order function
        const wrapped = this.wrappedBinding(first);
        if (wrapped) return wrapped;
      }
      return module;
    }
    return {
      kind: 'result',
      callee: binding,
      path,
      args: args.map((argument) => this.bindingOf(argument)),
      ...(T.isNewExpression(node) ? { isNew: true } : {}),
    };
  }

  /**
   * The function a higher-order wrapper's first argument names, if it names one: a function of
   * the project, or a catalogued module function (`promisify(fs.readFile)`).
   */
  private wrappedBinding(argument: ts.Expression): Binding | undefined {
    const node = skipOuterExpressions(argument);
    if (!T.isIdentifier(node) && !T.isPropertyAccessExpression(node) && !isInlineFunction(node)) return undefined;
    const binding = this.bindingOf(node);
    if (!binding) return undefined;
    if (binding.kind === 'fn') return binding;
    if (binding.kind === 'module' && binding.path.length > 0 && lookupModuleCall(binding.specifier, modulePath(binding.path).join('.'))) return binding;
    if (binding.kind === 'import') return binding;
    return undefined;
  }

  /** A symbolic numeric value for an expression. */
  private valueOf(expression: ts.Expression): ValueExpr {
    const node = skipOuterExpressions(expression);
    if (T.isNumericLiteral(node)) return num(parseNumber(node.text));
    if (T.isIdentifier(node)) {
      const binding = this.lookup(node.text);
      if (binding?.kind === 'param') return { k: 'param', index: binding.index };
      if (binding?.kind === 'value') return binding.expr;
      return UNKNOWN;
    }
    if (T.isArrayLiteralExpression(node)) {
      if (node.elements.some(T.isSpreadElement)) return UNKNOWN;
      return { k: 'arr', items: node.elements.map((element) => this.valueOf(element)) };
    }
    if (T.isPropertyAccessExpression(node) && node.name.text === 'length') {
      const of = this.valueOf(node.expression);
      return of.k === 'unknown' ? UNKNOWN : { k: 'len', of };
    }
    if (T.isBinaryExpression(node)) return this.binaryValue(node);
    if (T.isPrefixUnaryExpression(node) && node.operator === T.SyntaxKind.MinusToken) {
      return { k: 'bin', op: '-', a: num(0), b: this.valueOf(node.operand) };
    }
    if (T.isCallExpression(node) && /^Math\.(floor|ceil|round|trunc|sqrt|max|min)$/.test(node.expression.getText(this.sf))) {
      return this.mathValue(node);
    }
    return UNKNOWN;
  }

  private binaryValue(node: ts.BinaryExpression): ValueExpr {
    const operators: Partial<Record<ts.SyntaxKind, BinaryOp>> = {
      [T.SyntaxKind.PlusToken]: '+',
      [T.SyntaxKind.MinusToken]: '-',
      [T.SyntaxKind.AsteriskToken]: '*',
      [T.SyntaxKind.SlashToken]: '/',
      [T.SyntaxKind.AsteriskAsteriskToken]: '**',
      [T.SyntaxKind.LessThanLessThanToken]: '<<',
      [T.SyntaxKind.GreaterThanGreaterThanToken]: '>>',
      [T.SyntaxKind.PercentToken]: '%',
    };
    const op = operators[node.operatorToken.kind];
    if (!op) return UNKNOWN;
    const a = this.valueOf(node.left);
    const b = this.valueOf(node.right);
    return a.k === 'unknown' || b.k === 'unknown' ? UNKNOWN : { k: 'bin', op, a, b };
  }

  private mathValue(node: ts.CallExpression): ValueExpr {
    const name = (node.expression as ts.PropertyAccessExpression).name.text;
    const [first, second] = node.arguments.map((argument) => this.valueOf(argument));
    if (!first || first.k === 'unknown') return UNKNOWN;
    if (name === 'sqrt') return { k: 'bin', op: '**', a: first, b: num(0.5) };
    if (name === 'max' && second && second.k !== 'unknown') return { k: 'bin', op: 'max', a: first, b: second };
    if (name === 'min' || name === 'max') return UNKNOWN;
    return first;
  }
}

// ------------------------------------------------------------------ helpers

/** JavaScript globals: never looked up lazily (a project rarely redefines them). */
const BUILTIN_GLOBALS: ReadonlySet<string> = new Set([
  'Math', 'JSON', 'Object', 'Array', 'String', 'Number', 'Boolean', 'Promise', 'Buffer', 'Symbol',
  'Reflect', 'Date', 'RegExp', 'Error', 'TypeError', 'RangeError', 'Map', 'Set', 'WeakMap', 'WeakSet',
  'parseInt', 'parseFloat', 'isNaN', 'isFinite', 'encodeURIComponent', 'decodeURIComponent',
  'encodeURI', 'decodeURI', 'Uint8Array', 'Uint16Array', 'Uint32Array', 'Int8Array', 'Int16Array',
  'Int32Array', 'Float32Array', 'Float64Array', 'ArrayBuffer', 'DataView', 'BigInt', 'Proxy',
  'queueMicrotask', 'structuredClone', 'URL', 'URLSearchParams', 'TextEncoder', 'TextDecoder',
  'AbortController', 'clearTimeout', 'clearInterval', 'clearImmediate', 'undefined', 'NaN', 'Infinity',
  'globalThis', 'global', 'window', 'self', 'arguments', 'require', 'module', 'exports', 'process',
  'console', 'define', 'String', 'escape', 'unescape', 'atob', 'btoa', 'performance',
]);

/** The receiver of an iteration call (`node.children` in `node.children.forEach(visit)`). */
function receiverOf(callback: ts.Expression): ts.Expression {
  const call = callback.parent;
  if (T.isCallExpression(call) && T.isPropertyAccessExpression(call.expression)) return call.expression.expression;
  return callback;
}

/** `obj['key']`, `obj[0]`: the literal key, if the key is one. */
function literalKey(expression: ts.Expression): string | undefined {
  const node = skipOuterExpressions(expression);
  if (T.isStringLiteral(node) || T.isNoSubstitutionTemplateLiteral(node) || T.isNumericLiteral(node)) return node.text;
  return undefined;
}

/**
 * A module member path as the catalog names it: CommonJS interop's `.default` is dropped
 * (`fs_1.default.readFileSync` is `readFileSync`), and so is a final `call`/`apply`/`bind`
 * (`server.listen.apply(server, args)` calls `listen`).
 */
function modulePath(path: readonly string[]): string[] {
  const result = path.filter((segment, index) => !(segment === 'default' && index < path.length - 1));
  while (result.length > 1 && /^(call|apply|bind)$/.test(result[result.length - 1])) result.pop();
  return result;
}

function memberPathBinding(binding: Binding, path: readonly string[]): Binding | undefined {
  let current: Binding | undefined = binding;
  for (const segment of path) current = current && memberOf(current, segment);
  return current;
}

function rootIdentifier(expression: ts.Expression): string | undefined {
  let current = skipOuterExpressions(expression);
  while (T.isPropertyAccessExpression(current) || T.isCallExpression(current) || T.isElementAccessExpression(current)) {
    current = skipOuterExpressions(current.expression);
  }
  return T.isIdentifier(current) ? current.text : undefined;
}

function propertyName(name: ts.PropertyName | undefined): string | undefined {
  if (!name) return undefined;
  if (T.isIdentifier(name) || T.isStringLiteral(name) || T.isNumericLiteral(name) || T.isPrivateIdentifier(name)) return name.text;
  return undefined;
}

function nameNodeOf(node: ts.Node): ts.Node | undefined {
  if (T.isArrowFunction(node)) return node.equalsGreaterThanToken;
  const named = node as { name?: ts.Node };
  if (named.name) return named.name;
  if (T.isConstructorDeclaration(node)) return node.getFirstToken();
  if (T.isFunctionExpression(node)) return node.getFirstToken();
  return undefined;
}

function isInlineFunction(node: ts.Node): node is ts.ArrowFunction | ts.FunctionExpression {
  return T.isArrowFunction(node) || T.isFunctionExpression(node);
}

function isArrayFrom(node: ts.CallExpression): boolean {
  const callee = node.expression;
  return T.isPropertyAccessExpression(callee) && T.isIdentifier(callee.expression) &&
    callee.expression.text === 'Array' && callee.name.text === 'from';
}

function arrayConstructionLength(node: ts.Expression): ts.Expression | undefined {
  if (T.isCallExpression(node) && isArrayFrom(node)) {
    const source = node.arguments[0] && skipOuterExpressions(node.arguments[0]);
    if (source && T.isObjectLiteralExpression(source)) {
      const lengthProperty = source.properties.find((property) => T.isPropertyAssignment(property) && propertyName(property.name) === 'length');
      return lengthProperty && T.isPropertyAssignment(lengthProperty) ? lengthProperty.initializer : undefined;
    }
  }
  if ((T.isNewExpression(node) || T.isCallExpression(node)) && T.isIdentifier(node.expression) && node.expression.text === 'Array') {
    return node.arguments?.length === 1 ? node.arguments[0] : undefined;
  }
  if (T.isCallExpression(node) && T.isPropertyAccessExpression(node.expression) && /^(fill|keys)$/.test(node.expression.name.text)) {
    return arrayConstructionLength(skipOuterExpressions(node.expression.expression));
  }
  return undefined;
}

function nLogN(bound: ValueExpr): ValueExpr {
  return { k: 'bin', op: '*', a: bound, b: num(17) };
}

function limitLabel(expression: ts.Expression, sf: ts.SourceFile): string {
  if (T.isNumericLiteral(expression)) return formatCount(parseNumber(expression.text));
  return shorten(expression.getText(sf));
}

function hasExportModifier(node: ts.Node): boolean {
  return T.canHaveModifiers(node) && (T.getModifiers(node) ?? []).some((m) => m.kind === T.SyntaxKind.ExportKeyword);
}

function hasDefaultModifier(node: ts.Node): boolean {
  return T.canHaveModifiers(node) && (T.getModifiers(node) ?? []).some((m) => m.kind === T.SyntaxKind.DefaultKeyword);
}

function countParseErrors(sf: ts.SourceFile): number {
  const diagnostics = (sf as unknown as { parseDiagnostics?: readonly unknown[] }).parseDiagnostics;
  return diagnostics?.length ?? 0;
}

/**
 * Why one iteration's await might depend on the previous one; undefined when iterations look
 * independent. Deliberately conservative: a false "sequential awaits" finding is worse than a
 * missed one, because the fix would change behaviour.
 */
function iterationDependency(loopNode: ts.Node, entry: AwaitInLoop, sf: ts.SourceFile): string | undefined {
  if (T.isWhileStatement(loopNode) || T.isDoStatement(loopNode)) return 'a while loop usually waits for a condition the previous iteration set';
  if (T.isForOfStatement(loopNode) && loopNode.awaitModifier) return 'for await consumes a stream in order';
  const body = T.isIterationStatement(loopNode, false) ? loopNode.statement : loopNode;
  const declaredInside = new Set<string>();
  const assignedInside = new Set<string>();
  let exitsEarly = false;
  const visit = (node: ts.Node, depth: number): void => {
    if (T.isVariableDeclaration(node) && T.isIdentifier(node.name)) declaredInside.add(node.name.text);
    if ((T.isBreakStatement(node) || T.isReturnStatement(node)) && depth === 0) exitsEarly = true;
    if (T.isBinaryExpression(node) && node.operatorToken.kind >= T.SyntaxKind.FirstAssignment &&
      node.operatorToken.kind <= T.SyntaxKind.LastAssignment && T.isIdentifier(node.left)) {
      assignedInside.add(node.left.text);
    }
    if ((T.isPrefixUnaryExpression(node) || T.isPostfixUnaryExpression(node)) && T.isIdentifier(node.operand)) {
      assignedInside.add(node.operand.text);
    }
    const nestedScope = T.isFunctionLike(node) || T.isIterationStatement(node, false) || T.isSwitchStatement(node);
    T.forEachChild(node, (child) => visit(child, nestedScope ? depth + 1 : depth));
  };
  visit(body, 0);
  if (T.isForStatement(loopNode) && loopNode.incrementor) {
    // the counter is assigned by the incrementor, which is expected
    const counter = loopNode.initializer && T.isVariableDeclarationList(loopNode.initializer) ? loopNode.initializer.declarations[0]?.name : undefined;
    if (counter && T.isIdentifier(counter)) declaredInside.add(counter.text);
  }
  if (exitsEarly) return 'the loop may stop early depending on a result';
  const carried = [...assignedInside].filter((name) => !declaredInside.has(name));
  if (carried.length > 0) return `each iteration updates ${carried[0]}, which the next one may read`;
  const awaitedText = sf.text.slice(entry.start, entry.end);
  if (/\b(sleep|delay|wait|setTimeout|backoff|throttle)\b/i.test(awaitedText)) return 'the await is a deliberate delay';
  return undefined;
}

export function summarizeFile(sf: ts.SourceFile, host: SummarizeHost): FileSummary {
  return new FileSummarizer(sf, host).summarize();
}
