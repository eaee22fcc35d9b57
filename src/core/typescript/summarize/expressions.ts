/**
 * What an expression is bound to (a function, a class, an instance, a module value, an object, the
 * result of a call) and its symbolic numeric value, for loop bounds and arguments.
 */
import type { ts } from 'ts-morph';
import { isKnownModule, lookupGlobalCall, lookupModuleCall, normalizeModule } from '../../catalog';
import type { Binding, CalleeRef } from '../summary';
import { COMPUTED_MEMBER, memberOf, unionOf } from '../bindings';
import { type BinaryOp, evaluateValue, isConstantSize, ITEM_BYTES, KEPT_LITERAL_LENGTH, num, SMALL_VALUE, UNKNOWN, type ValueExpr } from '../values';
import { BYTE_ARRAYS, bytesOf } from './sizes';
import { computedKey, isArrayFrom, isInlineFunction, isWellKnownSymbol, literalKey, parseNumber, pathRoot, propertyName, skipOuterExpressions, T } from './syntax';
import type { FileState } from './state';
import type { Scopes } from './scopes';

/**
 * How deep bindingOf and valueOf follow nested expressions. Written code nests a few levels;
 * generated code can nest thousands (`'x' + 'x' + …`), which would overflow the stack: beyond
 * this depth an expression has no known binding or value, like any other expression we cannot read.
 */
const MAX_EXPRESSION_DEPTH = 150;

export class Expressions {
  /** nesting of bindingOf/valueOf calls right now (see MAX_EXPRESSION_DEPTH) */
  private depth = 0;
  constructor(
    private readonly state: FileState,
    private readonly scopes: Scopes,
  ) {}

  /**
   * A binding for a declared type: an imported class or a class of a known module
   * (`client: PoolClient` from 'pg'), so calls on typed parameters and fields resolve without
   * the type checker. Only plain type references count; unions and generics say too little.
   */
  bindingOfType(type: ts.TypeNode): Binding | undefined {
    if (!T.isTypeReferenceNode(type)) return undefined;
    const parts: string[] = [];
    let name: ts.EntityName = type.typeName;
    while (T.isQualifiedName(name)) {
      parts.unshift(name.right.text);
      name = name.left;
    }
    const root = this.scopes.lookup(name.text);
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
        path.unshift(this.memberKey(current.argumentExpression));
        current = skipOuterExpressions(current.expression);
      } else {
        break;
      }
    }
    if (current.kind === T.SyntaxKind.ThisKeyword) return { binding: this.scopes.frame.thisBinding, path, root: current };
    if (T.isIdentifier(current)) return { binding: this.scopes.lookup(current.text), path, root: current };
    return { binding: this.bindingOf(current), path, root: current };
  }

  /**
   * The member `obj[key]` names: a literal's text; for a constant key declared at module level
   * (`const kSend = Symbol('send')`, `this[kSend](cmd)`) or a well-known symbol
   * (`this[Symbol.asyncIterator]`) the key a computed member name declares (`[kSend]() {}`,
   * `computedKey` in syntax.ts); anything else may be any member (COMPUTED_MEMBER).
   */
  memberKey(argument: ts.Expression): string {
    const literal = literalKey(argument);
    if (literal !== undefined) return literal;
    const node = skipOuterExpressions(argument);
    const root = isWellKnownSymbol(node) ? undefined : pathRoot(node);
    const moduleConstant = root !== undefined && this.scopes.moduleVariables.has(root.text) &&
      !this.scopes.frames.slice(1).some((frame) => frame.scope.has(root.text) || frame.declared.has(root.text));
    return (moduleConstant || isWellKnownSymbol(node) ? computedKey(node) : undefined) ?? COMPUTED_MEMBER;
  }

  /**
   * Does the expression read the function's input data (a parameter, or a local computed from
   * one: `Scopes.isInput`)? Functions written inside it are not read now; member names
   * (`x.length`) are not names; the fields of an object (`Object.keys(options)`, see
   * `isRecordFields`) are not data that grows.
   */
  readsInput(expression: ts.Node): boolean {
    let found = false;
    walkValueNodes(expression, (node) => {
      if (T.isIdentifier(node) && this.scopes.isInput(node.text)) found = true;
      return found;
    }, isRecordFields);
    return found;
  }

  /**
   * The indices of the current function's own parameters the expression reads (`err ? '' : data`
   * reads 0 and 1), in order; functions written inside it are not read now.
   */
  paramsRead(expression: ts.Node): number[] {
    const found = new Set<number>();
    const fnId = this.scopes.frame.fn.id;
    walkValueNodes(expression, (node) => {
      if (!T.isIdentifier(node)) return false;
      const binding = this.scopes.lookup(node.text);
      if (binding?.kind === 'param' && binding.fn === fnId) found.add(binding.index);
      return false;
    });
    return [...found].sort((a, b) => a - b);
  }

  /**
   * The calls whose results the expression carries: the calls in it (`parse(await readFile(p))`)
   * and those whose results the names it reads hold (`Scopes.resultsOf`). Functions written
   * inside it do not run now.
   */
  resultsIn(expression: ts.Node): string[] {
    const found = new Set<string>();
    walkValueNodes(expression, (node) => {
      if (T.isIdentifier(node)) for (const id of this.scopes.resultsOf(node.text)) found.add(id);
      const call = T.isCallExpression(node) || T.isNewExpression(node) ? this.state.callsByNode.get(node) : undefined;
      if (call) found.add(call.id);
      return false;
    });
    return [...found];
  }

  /** What a callee expression refers to: a function, a catalog entry, or unknown. */
  calleeOf(expression: ts.Expression): CalleeRef {
    const { binding, path, root } = this.reference(expression);
    if (binding) return this.refine({ kind: 'binding', binding, path });
    // `exports.render(...)`, `module.exports.render(...)`: a CommonJS module calling its own export
    if (root && T.isIdentifier(root) && root.text === 'exports' && path.length > 0) return { kind: 'binding', binding: this.ownExports(), path };
    if (root && T.isIdentifier(root) && root.text === 'module' && path[0] === 'exports' && path.length > 1 && !this.scopes.lookup('module')) {
      return { kind: 'binding', binding: this.ownExports(), path: path.slice(1) };
    }
    if (root && T.isIdentifier(root)) {
      const global = lookupGlobalCall([root.text, ...path].join('.'));
      if (global) return { kind: 'global', entry: global };
      if (root.text === 'require' || root.text === 'process' || root.text === 'console') {
        return { kind: 'unknown', methodName: [root.text, ...path].join('.') };
      }
      if (!BUILTIN_GLOBALS.has(root.text)) return { kind: 'binding', binding: this.scopes.lazy(root.text), path };
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
  bindingOf(expression: ts.Expression): Binding | undefined {
    return this.withinDepth(undefined, () => this.bindingAt(expression));
  }

  private withinDepth<T>(tooDeep: T, read: () => T): T {
    if (this.depth >= MAX_EXPRESSION_DEPTH) return tooDeep;
    this.depth++;
    try {
      return read();
    } finally {
      this.depth--;
    }
  }

  private bindingAt(expression: ts.Expression): Binding | undefined {
    const node = skipOuterExpressions(expression);
    if (isInlineFunction(node)) return { kind: 'fn', id: this.state.id(node) };
    if (T.isClassExpression(node)) return { kind: 'class', key: this.state.id(node) };
    if (node.kind === T.SyntaxKind.ThisKeyword) return this.scopes.frames.length > 0 ? this.scopes.frame.thisBinding : undefined;
    if (T.isIdentifier(node)) {
      const found = this.scopes.lookup(node.text);
      if (found) return found;
      if (node.text === 'exports') return this.ownExports();
      return this.scopes.frames.length > 1 && !BUILTIN_GLOBALS.has(node.text) ? this.scopes.lazy(node.text) : undefined;
    }
    if (T.isAwaitExpression(node)) return this.bindingOf(node.expression);
    if (T.isObjectLiteralExpression(node)) return this.objectBinding(node);
    if (T.isPropertyAccessExpression(node) && node.name.text === 'length') {
      const length = this.valueOf(node);
      if (length.k !== 'unknown') return { kind: 'value', expr: length };
    }
    if (T.isPropertyAccessExpression(node) || T.isElementAccessExpression(node)) {
      const global = this.globalFunctionValue(node);
      if (global) return global;
      if (isModuleExports(node) && !this.scopes.lookup('module')) return this.ownExports();
      const receiver = this.bindingOf(node.expression);
      const key = T.isPropertyAccessExpression(node) ? node.name.text : this.memberKey(node.argumentExpression);
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
    if (T.isCallExpression(node) && T.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'bind') {
      // a bound function is the function, called with another `this`
      return this.bindingOf(node.expression.expression);
    }
    if (T.isCallExpression(node)) {
      const copied = this.argumentsCopy(node) ?? this.sizedCallValue(node);
      if (copied) return { kind: 'value', expr: copied };
    }
    if (T.isNewExpression(node) || T.isCallExpression(node)) return this.constructedBinding(node);
    const value = this.valueOf(node);
    return value.k === 'unknown' ? undefined : { kind: 'value', expr: value };
  }

  /**
   * CommonJS `exports` (or `module.exports`) held by another name (`var util = exports;
   * util.fs = require('./fs')`): members assigned through the alias are exports of this file.
   */
  private ownExports(): Binding {
    return { kind: 'namespace', file: this.state.sf.fileName };
  }

  /**
   * `JSON.parse` read as a value rather than called: a catalogued global function of a global the
   * file does not shadow. A format object (`{ parse: JSON.parse }`) or a default
   * (`options.parse || JSON.parse`) then calls the kernel it names.
   */
  private globalFunctionValue(node: ts.PropertyAccessExpression | ts.ElementAccessExpression): Binding | undefined {
    if (!T.isPropertyAccessExpression(node)) return undefined;
    const receiver = skipOuterExpressions(node.expression);
    if (!T.isIdentifier(receiver) || !BUILTIN_GLOBALS.has(receiver.text) || this.scopes.lookup(receiver.text)) return undefined;
    const name = `${receiver.text}.${node.name.text}`;
    return lookupGlobalCall(name) ? { kind: 'global', name } : undefined;
  }

  /** The binding of an object literal, created once (its members by position, so before the walk reaches them). */
  objectBinding(node: ts.ObjectLiteralExpression): Extract<Binding, { kind: 'object' }> {
    const known = this.state.objects.get(node);
    if (known) return known;
    const members = new Map<string, Binding>();
    const binding: Extract<Binding, { kind: 'object' }> = { kind: 'object', members };
    this.state.objects.set(node, binding);
    for (const property of node.properties) {
      if (T.isShorthandPropertyAssignment(property)) {
        const value = this.bindingOf(property.name);
        if (value) members.set(property.name.text, value);
      } else if (T.isPropertyAssignment(property) || T.isMethodDeclaration(property) || T.isGetAccessor(property)) {
        const key = propertyName(property.name);
        const value = T.isPropertyAssignment(property) ? this.bindingOf(property.initializer) : { kind: 'fn' as const, id: this.state.id(property) };
        if (key && value) members.set(key, value);
      } else if (T.isSpreadAssignment(property)) {
        binding.base ??= this.bindingOf(property.expression);
      }
    }
    this.lendThisOf(node, binding);
    return binding;
  }

  /**
   * A function declared apart and put in an object literal by name (`return { parse: parse,
   * incorporateLine: incorporateLine }`, a factory of methods) is a method of that object: `this`
   * in it holds the object's other members, unless its own prototype already says otherwise.
   */
  private lendThisOf(node: ts.ObjectLiteralExpression, object: Extract<Binding, { kind: 'object' }>): void {
    for (const property of node.properties) {
      const name = T.isShorthandPropertyAssignment(property) ? property.name
        : T.isPropertyAssignment(property) && T.isIdentifier(skipOuterExpressions(property.initializer)) ? skipOuterExpressions(property.initializer) as ts.Identifier : undefined;
      const key = name && propertyName(property.name!);
      const method = key ? object.members.get(key) : undefined;
      // only a function of this file: a pseudo class is the file's own
      if (method?.kind !== 'fn' || !method.id.startsWith(`${this.state.sf.fileName}#`)) continue;
      const info = this.state.pseudoClass(method.id);
      for (const [member, value] of object.members) {
        if (value.kind === 'fn') { if (!info.methods.has(member)) info.methods.set(member, value.id); }
        else if (!info.fields.has(member)) info.fields.set(member, value);
      }
    }
  }

  private requireBinding(node: ts.CallExpression): Binding | undefined {
    const first = node.arguments[0];
    if (!first || !T.isStringLiteral(first)) return undefined;
    const file = this.state.host.resolveModule(this.state.sf.fileName, first.text);
    if (file) return { kind: 'namespace', file };
    this.state.summary.externalModules.add(normalizeModule(first.text));
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
      return { kind: 'result', callee: { kind: 'fn', id: this.state.id(callee) }, path: [], args: args.map((argument) => this.bindingOf(argument)) };
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
        return { kind: 'result', callee: this.scopes.lazy(callee.text), path: [], args: args.map((argument) => this.bindingOf(argument)) };
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
    let node = skipOuterExpressions(argument);
    // promisify(this.send.bind(this)): the bound function is the function
    if (T.isCallExpression(node) && T.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'bind') node = skipOuterExpressions(node.expression.expression);
    if (!T.isIdentifier(node) && !T.isPropertyAccessExpression(node) && !isInlineFunction(node)) return undefined;
    const binding = this.bindingOf(node);
    return binding && this.wrappableBindingOf(binding);
  }

  /** Idem for a binding: `(options.fs || fs).readFile` wraps each of the options that names a function. */
  private wrappableBindingOf(binding: Binding): Binding | undefined {
    if (binding.kind === 'union') return unionOf(binding.options.map((option) => this.wrappableBindingOf(option)));
    if (binding.kind === 'member' && binding.of.kind === 'union') {
      const { path } = binding;
      return unionOf(binding.of.options.map((option) => {
        const member = path.reduce<Binding | undefined>((of, key) => of && memberOf(of, key), option);
        return member && this.wrappableBindingOf(member);
      }));
    }
    if (binding.kind === 'fn') return binding;
    if (binding.kind === 'module' && binding.path.length > 0 && lookupModuleCall(binding.specifier, modulePath(binding.path).join('.'))) return binding;
    if (binding.kind === 'import') return binding;
    // a member of a name declared later or assigned in branches (`let fs; try { fs = require(…) }`),
    // or of an instance or a call's result (`promisify(this.conn.query)`): the linker resolves it
    if (binding.kind === 'member' && (binding.of.kind === 'lazy' || binding.of.kind === 'instance' || binding.of.kind === 'result')) return binding;
    return undefined;
  }

  /**
   * What a declared variable holds at first. A `let` or `var` of constant size may grow later
   * (`let body = ''` then `body += chunk`): only a `const` keeps the constant size.
   */
  declaredBinding(declaration: ts.VariableDeclaration & { initializer: ts.Expression }): Binding | undefined {
    const binding = this.bindingOf(declaration.initializer);
    const isConst = T.isVariableDeclarationList(declaration.parent) && (declaration.parent.flags & T.NodeFlags.Const) !== 0;
    return binding?.kind === 'value' && binding.expr.k === 'small' && !isConst ? { kind: 'value', expr: UNKNOWN } : binding;
  }

  /** A symbolic numeric value for an expression. */
  /** `os.cpus()`, `cpus()` from node:os, `os.availableParallelism()`: asks the OS for its cores. */
  private callsOs(expression: ts.Expression, member: string): boolean {
    const node = skipOuterExpressions(expression);
    if (!T.isCallExpression(node)) return false;
    const binding = this.bindingOf(node.expression);
    return binding?.kind === 'module' && normalizeModule(binding.specifier) === 'os' && binding.path.length === 1 && binding.path[0] === member;
  }

  valueOf(expression: ts.Expression): ValueExpr {
    return this.withinDepth(UNKNOWN, () => this.valueAt(expression));
  }

  private valueAt(expression: ts.Expression): ValueExpr {
    const node = skipOuterExpressions(expression);
    if (T.isNumericLiteral(node)) return num(parseNumber(node.text));
    if (T.isIdentifier(node)) {
      const binding = this.scopes.lookup(node.text);
      if (binding?.kind === 'param') return { k: 'param', index: binding.index };
      if (binding?.kind === 'value') return binding.expr;
      if (!binding && CONSTANT_SIZE_GLOBALS.has(node.text)) return SMALL_VALUE;
      if (!binding && node.text === 'arguments' && this.scopes.frames.length > 1) return ARGUMENTS_VALUE;
      return UNKNOWN;
    }
    const constant = this.constantSizeValue(node);
    if (constant) return constant;
    if (T.isArrayLiteralExpression(node)) {
      if (node.elements.some(T.isSpreadElement)) return UNKNOWN;
      return { k: 'arr', items: node.elements.map((element) => this.valueOf(element)) };
    }
    if (T.isPropertyAccessExpression(node) && node.name.text === 'length') {
      if (this.callsOs(node.expression, 'cpus')) return num(CORE_COUNT);
      const of = this.valueOf(node.expression);
      return of.k === 'unknown' ? UNKNOWN : { k: 'len', of };
    }
    if (this.callsOs(node, 'availableParallelism')) return num(CORE_COUNT);
    if (T.isBinaryExpression(node)) return this.binaryValue(node);
    if (T.isCallExpression(node)) {
      const filled = this.filledArrayValue(node);
      if (filled) return filled;
      const copied = this.argumentsCopy(node);
      if (copied) return copied;
      const sized = this.sizedCallValue(node);
      if (sized) return sized;
    }
    if (T.isNewExpression(node) && T.isIdentifier(node.expression) && BYTE_ARRAYS.has(node.expression.text) && node.arguments?.length === 1) {
      const length = this.valueOf(node.arguments[0]);
      if (length.k === 'num' || length.k === 'param' || length.k === 'bin') return { k: 'sized', bytes: length };
    }
    if (T.isPrefixUnaryExpression(node) && node.operator === T.SyntaxKind.MinusToken) {
      return { k: 'bin', op: '-', a: num(0), b: this.valueOf(node.operand) };
    }
    if (T.isCallExpression(node) && /^Math\.(floor|ceil|round|trunc|sqrt|max|min)$/.test(node.expression.getText(this.state.sf))) {
      return this.mathValue(node);
    }
    return UNKNOWN;
  }

  /**
   * Values whose size is a constant whatever the inputs: literals other than numbers, a template
   * or an object literal made of such values (or numbers), a count (`++n`, `typeof x`), a number
   * (`Number(s)`), a string of such a value (`String(n)`). Their content may be unknown; their
   * size is not, so a kernel over them is cheap.
   */
  private constantSizeValue(node: ts.Expression): ValueExpr | undefined {
    const constant = (part: ts.Expression): boolean => isConstantSize(evaluateValue(this.valueOf(part), []));
    if (T.isStringLiteral(node) || T.isNoSubstitutionTemplateLiteral(node)) {
      return node.text.length <= KEPT_LITERAL_LENGTH ? { k: 'small', text: node.text } : SMALL_VALUE;
    }
    switch (node.kind) {
      case T.SyntaxKind.TrueKeyword:
      case T.SyntaxKind.FalseKeyword:
      case T.SyntaxKind.NullKeyword:
      case T.SyntaxKind.RegularExpressionLiteral:
      case T.SyntaxKind.TypeOfExpression:
      case T.SyntaxKind.VoidExpression:
        return SMALL_VALUE;
    }
    if (T.isTemplateExpression(node)) return node.templateSpans.every((span) => constant(span.expression)) ? SMALL_VALUE : undefined;
    if ((T.isPrefixUnaryExpression(node) || T.isPostfixUnaryExpression(node)) &&
      (node.operator === T.SyntaxKind.PlusPlusToken || node.operator === T.SyntaxKind.MinusMinusToken)) {
      return SMALL_VALUE;
    }
    if (T.isObjectLiteralExpression(node)) {
      return node.properties.every((property) =>
        (T.isPropertyAssignment(property) && (isInlineFunction(skipOuterExpressions(property.initializer)) || constant(property.initializer))) ||
        (T.isShorthandPropertyAssignment(property) && constant(property.name)) ||
        T.isMethodDeclaration(property) || T.isGetAccessorDeclaration(property) || T.isSetAccessorDeclaration(property))
        ? SMALL_VALUE
        : undefined;
    }
    if (T.isCallExpression(node) && T.isIdentifier(node.expression) && !this.scopes.lookup(node.expression.text)) {
      if (NUMBER_CONVERSIONS.has(node.expression.text)) return SMALL_VALUE;
      if (node.expression.text === 'String' && (node.arguments.length === 0 || constant(node.arguments[0]))) return SMALL_VALUE;
    }
    return undefined;
  }

  /**
   * Strings and buffers of a size the code shows: `'ab'.repeat(n)`, `Buffer.alloc(n)`,
   * `parts.join(sep)` of an array of known length and item size, `JSON.stringify(rows)` or
   * `Buffer.from(text)` of a value of known size (see sizes.ts).
   */
  private sizedCallValue(node: ts.CallExpression): ValueExpr | undefined {
    const callee = skipOuterExpressions(node.expression);
    if (!T.isPropertyAccessExpression(callee)) return undefined;
    const method = callee.name.text;
    const receiver = skipOuterExpressions(callee.expression);
    const [first, second] = node.arguments;
    const sized = (bytes: ValueExpr | undefined): ValueExpr | undefined => (bytes ? { k: 'sized', bytes } : undefined);
    if (method === 'repeat' && first) {
      const count = this.valueOf(first);
      const unit = T.isStringLiteralLike(receiver) ? num(receiver.text.length) : bytesOf(this.valueOf(receiver));
      return count.k === 'unknown' || !unit ? undefined : sized({ k: 'bin', op: '*', a: unit, b: count });
    }
    if (method === 'join' && node.arguments.length <= 1) {
      const parts = this.valueOf(receiver);
      const separator = first === undefined ? 1 : T.isStringLiteralLike(skipOuterExpressions(first)) ? (skipOuterExpressions(first) as ts.StringLiteral).text.length : ITEM_BYTES;
      if (parts.k === 'grown' && parts.itemBytes !== undefined) return sized({ k: 'bin', op: '*', a: parts.length, b: num(parts.itemBytes + separator) });
      return undefined;
    }
    if (T.isIdentifier(receiver) && this.scopes.lookup(receiver.text)) return undefined;
    const global = T.isIdentifier(receiver) ? `${receiver.text}.${method}` : undefined;
    if ((global === 'Buffer.alloc' || global === 'Buffer.allocUnsafe') && first) {
      const length = this.valueOf(first);
      return length.k === 'num' || length.k === 'param' || length.k === 'bin' ? sized(length) : undefined;
    }
    if ((global === 'JSON.stringify' && second === undefined) || global === 'Buffer.from') return first ? sized(bytesOf(this.valueOf(first))) : undefined;
    return undefined;
  }

  /** `Array.prototype.slice.call(arguments, 1)`, `[].slice.call(arguments)`, `Array.from(arguments)`: the arguments, as an array. */
  private argumentsCopy(node: ts.CallExpression): ValueExpr | undefined {
    const first = node.arguments[0] && skipOuterExpressions(node.arguments[0]);
    if (!first || !T.isIdentifier(first) || first.text !== 'arguments') return undefined;
    const callee = node.expression.getText(this.state.sf);
    return /(^|\.)slice\.call$/.test(callee) || callee === 'Array.from' ? this.valueOf(first) : undefined;
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

  /**
   * `Array(4).fill(x)`, `new Array(4).fill(x)`, `Array.from({ length: 4 }, () => x)`: the same
   * array as `[x, x, x, x]` (for a known, small length).
   */
  private filledArrayValue(node: ts.CallExpression): ValueExpr | undefined {
    const callee = node.expression;
    let length: ts.Expression | undefined;
    let item: ts.Expression | undefined;
    if (T.isPropertyAccessExpression(callee) && callee.name.text === 'fill' && node.arguments.length === 1) {
      const array = skipOuterExpressions(callee.expression);
      if ((T.isCallExpression(array) || T.isNewExpression(array)) && T.isIdentifier(array.expression) && array.expression.text === 'Array' && array.arguments?.length === 1) {
        length = array.arguments[0];
        item = node.arguments[0];
      }
    } else if (isArrayFrom(node) && node.arguments.length === 2) {
      const source = skipOuterExpressions(node.arguments[0]);
      const producer = skipOuterExpressions(node.arguments[1]);
      const lengthProperty = T.isObjectLiteralExpression(source)
        ? source.properties.find((property): property is ts.PropertyAssignment => T.isPropertyAssignment(property) && propertyName(property.name) === 'length')
        : undefined;
      if (lengthProperty && T.isArrowFunction(producer) && !T.isBlock(producer.body)) {
        length = lengthProperty.initializer;
        item = producer.body;
      }
    }
    if (!length || !item) return undefined;
    const count = evaluateValue(this.valueOf(length), []);
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > MAX_FILLED_ITEMS) return undefined;
    const value = this.valueOf(item);
    return { k: 'arr', items: Array.from({ length: count }, () => value) };
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

/**
 * Nodes of an expression that are read when it is evaluated, at most MAX_VALUE_NODES of them:
 * not the functions and classes written inside it (they run later), not member names (`x.length`
 * reads `x`). A loop over an explicit stack: generated code nests thousands of levels, and a value
 * that large is not worth reading whole. `visit` returns true to stop.
 */
function walkValueNodes(expression: ts.Node, visit: (node: ts.Node) => boolean, skip?: (node: ts.Node) => boolean): void {
  const stack: ts.Node[] = [expression];
  // one callback a walk, not one a node (it returns nothing: forEachChild goes through every child)
  const pushChild = (child: ts.Node): void => {
    stack.push(child);
  };
  for (let seen = 0; stack.length > 0 && seen < MAX_VALUE_NODES; seen++) {
    const node = stack.pop()!;
    if (isInlineFunction(node) || T.isFunctionDeclaration(node) || T.isClassLike(node) || skip?.(node)) continue;
    if (visit(node)) return;
    if (T.isPropertyAccessExpression(node)) stack.push(node.expression);
    else T.forEachChild(node, pushChild);
  }
}

/** How many nodes of an expression `walkValueNodes` reads at most. */
const MAX_VALUE_NODES = 256;

/** Globals of constant size: the module's own file or folder (a path), `undefined`, `NaN`, `Infinity`. */
/** The machine's core count (`os.cpus().length`), as a number the model can follow: a typical server's. */
const CORE_COUNT = 8;
const CONSTANT_SIZE_GLOBALS: ReadonlySet<string> = new Set(['__filename', '__dirname', 'undefined', 'NaN', 'Infinity']);

/**
 * `arguments` holds what a call writes: a few values, not data of any size. A loop over them
 * (`for (i = 1; i < arguments.length; i++)`, merging a few option objects) runs a few times.
 */
const ARGUMENTS_WRITTEN = 4;
const ARGUMENTS_VALUE: ValueExpr = { k: 'arr', items: Array.from({ length: ARGUMENTS_WRITTEN }, () => UNKNOWN) };

/** Conversions whose result is a number or a boolean, whatever their argument (`String(x)` is as large as `x`). */
const NUMBER_CONVERSIONS: ReadonlySet<string> = new Set(['Number', 'Boolean', 'parseInt', 'parseFloat']);

/** Arrays built by `Array(n).fill(x)` longer than this stay unknown (a table, not a few tasks). */
const MAX_FILLED_ITEMS = 64;

/** Class-emulation calls: `Base.extend({ ... })` derives an object from `Base`. */
const EXTENDS_METHODS: ReadonlySet<string> = new Set(['extend', 'mixin', 'compose']);

/** JavaScript globals: never looked up lazily (a project rarely redefines them). */
export const BUILTIN_GLOBALS: ReadonlySet<string> = new Set([
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

/**
 * A module member path as the catalog names it: CommonJS interop's `.default` is dropped
 * (`fs_1.default.readFileSync` is `readFileSync`), and so is a final `call`/`apply`/`bind`
 * (`server.listen.apply(server, args)` calls `listen`).
 */
export function modulePath(path: readonly string[]): string[] {
  const result = path.filter((segment, index) => !(segment === 'default' && index < path.length - 1));
  while (result.length > 1 && /^(call|apply|bind)$/.test(result[result.length - 1])) result.pop();
  return result;
}

function memberPathBinding(binding: Binding, path: readonly string[]): Binding | undefined {
  let current: Binding | undefined = binding;
  for (const segment of path) current = current && memberOf(current, segment);
  return current;
}

/** `Object.keys(o)` and its kin: the fields of an object, as an array. */
const RECORD_FIELD_FUNCTIONS: ReadonlySet<string> = new Set(['keys', 'values', 'entries', 'getOwnPropertyNames']);

/**
 * `Object.keys(options)`, `Object.entries(headers)`: the fields of an object. An object a
 * function is handed is a record (options, headers, a query, a row) whose fields the code that
 * built it wrote: a few, not data that grows with the input, like `arguments`. Going over
 * them (copying options, lower-casing header names) is bounded work; a function that walks a
 * whole object tree still grows with it through its recursion, and one that serialises or
 * encodes each field through the calls it makes.
 */
export function isRecordFields(node: ts.Node): boolean {
  if (!T.isCallExpression(node) || !T.isPropertyAccessExpression(node.expression)) return false;
  const receiver = node.expression.expression;
  return T.isIdentifier(receiver) && receiver.text === 'Object' && RECORD_FIELD_FUNCTIONS.has(node.expression.name.text);
}

/** `module.exports` (not `x.module.exports`). */
function isModuleExports(node: ts.PropertyAccessExpression | ts.ElementAccessExpression): boolean {
  return T.isPropertyAccessExpression(node) && node.name.text === 'exports' && T.isIdentifier(node.expression) && node.expression.text === 'module';
}
