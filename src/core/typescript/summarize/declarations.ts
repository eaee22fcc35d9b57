/**
 * What declarations, imports, exports and assignments bind: module exports (ES and CommonJS),
 * class members and constructor functions' pseudo classes, prototype chains, and members added to
 * other files' objects (augments).
 */
import type { ts } from 'ts-morph';
import { normalizeModule } from '../../catalog';
import type { Binding, ClassInfo } from '../summary';
import { unionOf } from '../bindings';
import { skipOuterExpressions, T } from './syntax';
import type { FileState } from './state';
import type { Scopes } from './scopes';
import type { Expressions } from './expressions';

export class Declarations {
  constructor(
    private readonly state: FileState,
    private readonly scopes: Scopes,
    private readonly expressions: Expressions,
  ) {}

  /** Function and class declarations are visible before their statement (hoisting). */
  hoist(statements: readonly ts.Statement[]): void {
    for (const statement of statements) {
      if (T.isFunctionDeclaration(statement) && statement.name) {
        if (statement.body || !this.scopes.frame.scope.has(statement.name.text)) {
          this.scopes.frame.scope.set(statement.name.text, { kind: 'fn', id: this.state.id(statement) });
        }
      } else if (T.isClassDeclaration(statement) && statement.name) {
        this.scopes.frame.scope.set(statement.name.text, { kind: 'class', key: this.state.id(statement) });
      } else if (T.isImportDeclaration(statement)) {
        this.bindImport(statement);
      } else if (T.isVariableStatement(statement) && this.scopes.frames.length === 1) {
        // Module constants are read by functions declared above them; bind simple ones early.
        for (const declaration of statement.declarationList.declarations) {
          if (T.isIdentifier(declaration.name)) this.scopes.moduleVariables.add(declaration.name.text);
          if (declaration.initializer) this.scopes.bind(declaration.name, this.expressions.declaredBinding(declaration as ts.VariableDeclaration & { initializer: ts.Expression }));
        }
      }
    }
  }

  /** What `this` is in a function assigned to `target`. */
  receiverOfAssignedMethod(target: ts.PropertyAccessExpression): Binding | undefined {
    const receiver = skipOuterExpressions(target.expression);
    if (T.isPropertyAccessExpression(receiver) && receiver.name.text === 'prototype') {
      const owner = this.expressions.bindingOf(receiver.expression);
      const classKey = owner ? this.classKeyOf(owner) : undefined;
      return classKey ? { kind: 'instance', classKey } : undefined;
    }
    const receiverText = receiver.getText(this.state.sf);
    if (receiverText === 'module.exports' || receiverText === 'exports') return { kind: 'namespace', file: this.state.sf.fileName };
    return this.expressions.bindingOf(receiver);
  }

  /** The class key of a constructor: a class, or a constructor function's pseudo class. */
  private classKeyOf(binding: Binding): string | undefined {
    if (binding.kind === 'class') return binding.key;
    if (binding.kind === 'fn') return this.ensurePseudoClass(binding.id).key;
    if (binding.kind === 'import') return `import:${binding.file}#${binding.name}`;
    return undefined;
  }

  private ensurePseudoClass(fnId: string): ClassInfo {
    return this.state.pseudoClass(fnId);
  }

  /**
   * `module.exports = ...`, `exports.x = ...`, `this.client = new Pool()`, `Foo.prototype.m = fn`,
   * `Foo.prototype = { ... }`, `Foo.m = fn`, `obj.m = fn`.
   */
  recordAssignment(left: ts.Expression, right: ts.Expression): void {
    const binding = this.expressions.bindingOf(right);
    const target = skipOuterExpressions(left);
    const leftText = target.getText(this.state.sf);
    if (leftText === 'module.exports') {
      if (binding?.kind === 'object') for (const [key, value] of binding.members) this.setExport(key, value);
      this.setExport('default', binding);
      if (binding && binding.kind !== 'object' && binding.kind !== 'fn' && binding.kind !== 'class') this.state.summary.reexports.push(binding);
      return;
    }
    if (!T.isPropertyAccessExpression(target)) {
      if (T.isIdentifier(target)) {
        if (target.text === 'exports' && binding) this.state.summary.reexports.push(binding);
        this.scopes.reassign(target.text, binding);
      }
      return;
    }
    const receiver = skipOuterExpressions(target.expression);
    const receiverText = receiver.getText(this.state.sf);
    const member = target.name.text;
    if (receiverText === 'module.exports' || receiverText === 'exports') {
      this.setExport(member, binding);
      return;
    }
    if (T.isPropertyAccessExpression(receiver) && receiver.name.text === 'prototype') {
      const owner = this.expressions.bindingOf(receiver.expression);
      const classKey = owner && this.classKeyOf(owner);
      const info = classKey ? this.state.summary.classes.get(classKey) : undefined;
      if (info && binding?.kind === 'fn') info.methods.set(member, binding.id);
      else if (info && binding) info.fields.set(member, binding);
      return;
    }
    if (member === 'prototype') {
      // `Foo.prototype = { m() {} }` or `Foo.prototype = Object.create(Base.prototype)`
      const owner = this.expressions.bindingOf(receiver);
      const classKey = owner && this.classKeyOf(owner);
      const info = classKey ? this.state.summary.classes.get(classKey) : undefined;
      if (info && binding?.kind === 'object') this.addPrototypeMembers(info, binding);
      return;
    }
    const owner = receiver.kind === T.SyntaxKind.ThisKeyword ? this.scopes.frame.thisBinding : this.expressions.bindingOf(receiver);
    if (owner && binding) this.assignMember(owner, member, binding);
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
        const info = this.state.summary.classes.get(owner.classKey) ?? (owner.classKey.startsWith('class:') && this.isLocalFunction(owner.classKey.slice(6)) ? this.ensurePseudoClass(owner.classKey.slice(6)) : undefined);
        if (info) widen(info.fields);
        return;
      }
      case 'class':
        this.state.summary.classes.get(owner.key)?.statics.set(member, binding);
        return;
      case 'fn':
        if (this.isLocalFunction(owner.id)) this.ensurePseudoClass(owner.id).statics.set(member, binding);
        return;
      case 'namespace':
        if (owner.file !== this.state.sf.fileName) this.state.summary.augments.push({ file: owner.file, path: [member], binding });
        return;
      case 'import':
        if (owner.file !== this.state.sf.fileName) this.state.summary.augments.push({ file: owner.file, path: [owner.name, member], binding });
        return;
      default:
        return;
    }
  }

  private isLocalFunction(id: string): boolean {
    return id.startsWith(`${this.state.sf.fileName}#`);
  }

  setExport(name: string, binding: Binding | undefined): void {
    if (binding) this.state.summary.exports.set(name, binding);
  }

  bindImport(node: ts.ImportDeclaration): void {
    if (!T.isStringLiteral(node.moduleSpecifier)) return;
    const specifier = node.moduleSpecifier.text;
    const clause = node.importClause;
    if (!clause) return;
    const file = this.state.host.resolveModule(this.state.sf.fileName, specifier);
    if (file && !clause.isTypeOnly) this.state.summary.imports.add(file);
    if (!file) this.state.summary.externalModules.add(normalizeModule(specifier));
    // Type-only imports still name types for typed parameters (`import type { Pool } from 'pg'`).
    const base = (name: string): Binding => file
      ? { kind: 'import', file, name }
      : { kind: 'module', specifier: normalizeModule(specifier), path: name === 'default' || name === '*' ? [] : [name] };
    if (clause.name) this.scopes.moduleScope.set(clause.name.text, base('default'));
    const bindings = clause.namedBindings;
    if (!bindings) return;
    if (T.isNamespaceImport(bindings)) {
      this.scopes.moduleScope.set(bindings.name.text, file ? { kind: 'namespace', file } : base('*'));
      return;
    }
    for (const element of bindings.elements) {
      const imported = (element.propertyName ?? element.name).text;
      this.scopes.moduleScope.set(element.name.text, base(imported));
      if (!file && normalizeModule(specifier) === 'worker_threads' && /^(parentPort|workerData)$/.test(imported)) {
        this.state.usesWorkerApi = true;
      }
    }
  }

  visitExportDeclaration(node: ts.ExportDeclaration): void {
    const specifier = node.moduleSpecifier && T.isStringLiteral(node.moduleSpecifier) ? node.moduleSpecifier.text : undefined;
    const file = specifier ? this.state.host.resolveModule(this.state.sf.fileName, specifier) : undefined;
    if (file) this.state.summary.imports.add(file);
    if (!node.exportClause) {
      if (file) this.state.summary.starExports.push(file);
      return;
    }
    if (!T.isNamedExports(node.exportClause)) return;
    for (const element of node.exportClause.elements) {
      const local = (element.propertyName ?? element.name).text;
      const binding: Binding | undefined = file ? { kind: 'import', file, name: local } : this.scopes.lookup(local);
      this.setExport(element.name.text, binding);
    }
  }

  detectWorkerApi(initializer: ts.Expression): void {
    const text = initializer.getText(this.state.sf);
    if (/require\(\s*['"](node:)?worker_threads['"]\s*\)/.test(text) && /parentPort|workerData/.test(initializer.parent.getText(this.state.sf))) {
      this.state.usesWorkerApi = true;
    }
  }

  /**
   * `worker_threads_1.parentPort`, `wt.workerData`: the worker API read as a member of the module
   * (compiled TypeScript, a namespace import), not only destructured from it.
   */
  detectWorkerMember(node: ts.PropertyAccessExpression): void {
    if (this.state.usesWorkerApi || !/^(parentPort|workerData)$/.test(node.name.text)) return;
    const receiver = this.expressions.bindingOf(node.expression);
    if (receiver?.kind === 'module' && normalizeModule(receiver.specifier) === 'worker_threads' && receiver.path.length === 0) this.state.usesWorkerApi = true;
  }

  /**
   * Calls that change what a name holds: `Object.assign(exports, fs)` re-exports `fs`,
   * `Object.assign(Foo.prototype, {...})` adds methods, `util.inherits(Foo, Base)` and
   * `Object.setPrototypeOf(Foo.prototype, Base.prototype)` set a base class.
   */
  recordMutatingCall(node: ts.CallExpression): void {
    const callee = skipOuterExpressions(node.expression);
    if (!T.isPropertyAccessExpression(callee) && !T.isIdentifier(callee)) return;
    const name = T.isIdentifier(callee) ? callee.text : callee.name.text;
    const receiver = T.isPropertyAccessExpression(callee) ? callee.expression.getText(this.state.sf) : undefined;
    const [first, second] = node.arguments.map((argument) => skipOuterExpressions(argument));
    if (!first || !second) return;
    if (name === 'assign' && receiver === 'Object') {
      const targetText = first.getText(this.state.sf);
      const sources = node.arguments.slice(1).map((argument) => this.expressions.bindingOf(argument));
      if (targetText === 'exports' || targetText === 'module.exports') {
        for (const source of sources) {
          if (source?.kind === 'object') for (const [key, value] of source.members) this.setExport(key, value);
          else if (source) this.state.summary.reexports.push(source);
        }
        return;
      }
      if (T.isPropertyAccessExpression(first) && first.name.text === 'prototype') {
        const owner = this.expressions.bindingOf(first.expression);
        const classKey = owner && this.classKeyOf(owner);
        const info = classKey ? this.state.summary.classes.get(classKey) : undefined;
        if (info) for (const source of sources) if (source?.kind === 'object') this.addPrototypeMembers(info, source);
        return;
      }
      const target = this.expressions.bindingOf(first);
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
    const child = this.expressions.bindingOf(unwrapPrototype(first));
    const classKey = child && this.classKeyOf(child);
    const info = classKey ? this.state.summary.classes.get(classKey) : undefined;
    if (info) info.base ??= this.expressions.bindingOf(unwrapPrototype(second));
  }
}
