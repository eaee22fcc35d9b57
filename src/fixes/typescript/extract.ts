/**
 * Moving a top-level function into a worker module: the function, and what it needs from its
 * module — the imports it uses (only the bindings it uses), the local helpers it calls, the
 * constants, types and classes it reads, transitively. Refuses when the move would change
 * behaviour: module state the main thread also reads or writes (the worker has its own copy), or
 * a module-level initialiser with side effects (it would run again in the worker).
 * Also removes the function (and what only it used) from its file when nothing else uses it.
 */
import { ts } from 'ts-morph';
import { hasModifier, isReference, statementTextWithComments } from './ast';
import type { FileState, FixContext } from './context';
import { refuse } from './edits';
import { removeStatement, removeUnusedBinding, requireOf, stillReferenced } from './imports';

export interface MovableFunction {
  name: string;
  /** the top-level statement declaring it (function declaration or `const f = ...`) */
  statement: ts.FunctionDeclaration | ts.VariableStatement;
  fn: ts.FunctionDeclaration | ts.ArrowFunction | ts.FunctionExpression;
  exported: boolean;
}

interface TopLevel {
  statement: ts.Statement;
  /** for imports and requires: the binding (import specifier, clause name, namespace, binding element) */
  binding?: ts.Node;
  /** for multi-declaration variable statements: the declaration */
  declaration?: ts.VariableDeclaration;
}

export interface Extraction {
  /** import lines for the worker module, in the source's syntax */
  imports: string[];
  /** the helpers, constants and types it needs, then the function (exported in ES modules), in source order */
  body: string;
  /** every top-level name the moved code declares (to avoid collisions in the worker module) */
  names: Set<string>;
  /** the statements and bindings copied, for removal from the source */
  used: TopLevel[];
  isAsync: boolean;
  params: ts.NodeArray<ts.ParameterDeclaration>;
}

/** The top-level function with this start offset (or whose declaration statement starts there). */
export function movableFunctionAt(file: FileState, start: number): MovableFunction | undefined {
  for (const statement of file.sf.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name && statement.body && statement.getStart(file.sf) <= start && start < statement.getEnd()) {
      if (statement.name.getStart(file.sf) !== start && statement.getStart(file.sf) !== start) continue;
      if (statement.asteriskToken || hasModifier(statement, ts.SyntaxKind.DefaultKeyword)) return undefined;
      return { name: statement.name.text, statement, fn: statement, exported: hasModifier(statement, ts.SyntaxKind.ExportKeyword) || exportedByName(file, statement.name.text) };
    }
    if (ts.isVariableStatement(statement) && statement.declarationList.declarations.length === 1 && (statement.declarationList.flags & ts.NodeFlags.Const) !== 0) {
      const declaration = statement.declarationList.declarations[0];
      const init = declaration.initializer;
      if (!init || !ts.isIdentifier(declaration.name)) continue;
      if (!(ts.isArrowFunction(init) || ts.isFunctionExpression(init))) continue;
      if (init.getStart(file.sf) !== start && statement.getStart(file.sf) !== start && declaration.name.getStart(file.sf) !== start) continue;
      if (ts.isFunctionExpression(init) && init.asteriskToken) return undefined;
      const name = declaration.name.text;
      return { name, statement, fn: init, exported: hasModifier(statement, ts.SyntaxKind.ExportKeyword) || exportedByName(file, name) };
    }
  }
  return undefined;
}

function exportedByName(file: FileState, name: string): boolean {
  for (const statement of file.sf.statements) {
    if (ts.isExportDeclaration(statement) && !statement.moduleSpecifier && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      if (statement.exportClause.elements.some((element) => (element.propertyName ?? element.name).text === name)) return true;
    }
    if (ts.isExportAssignment(statement) && ts.isIdentifier(statement.expression) && statement.expression.text === name) return true;
  }
  return new RegExp(`\\b(?:module\\.)?exports(?:\\.\\w+)?\\s*=[^;\\n]*\\b${name}\\b`).test(file.text);
}

function topLevelIndex(sf: ts.SourceFile): Map<string, TopLevel> {
  const index = new Map<string, TopLevel>();
  for (const statement of sf.statements) {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      if (!clause) continue;
      if (clause.name) index.set(clause.name.text, { statement, binding: clause.name });
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) index.set(bindings.name.text, { statement, binding: bindings });
      if (bindings && ts.isNamedImports(bindings)) for (const element of bindings.elements) index.set(element.name.text, { statement, binding: element });
      continue;
    }
    if (ts.isImportEqualsDeclaration(statement)) {
      index.set(statement.name.text, { statement });
      continue;
    }
    if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isInterfaceDeclaration(statement) ||
      ts.isTypeAliasDeclaration(statement) || ts.isEnumDeclaration(statement)) && statement.name) {
      if (!index.has(statement.name.text)) index.set(statement.name.text, { statement });
      continue;
    }
    if (ts.isVariableStatement(statement)) {
      const required = requireOf(statement);
      for (const declaration of statement.declarationList.declarations) {
        for (const { name, node } of boundNames(declaration.name)) {
          index.set(name, required ? { statement, binding: node === declaration.name ? undefined : node } : { statement, declaration });
        }
      }
    }
  }
  return index;
}

function boundNames(name: ts.BindingName): { name: string; node: ts.Node }[] {
  if (ts.isIdentifier(name)) return [{ name: name.text, node: name }];
  const names: { name: string; node: ts.Node }[] = [];
  for (const element of name.elements) {
    if (ts.isOmittedExpression(element)) continue;
    for (const inner of boundNames(element.name)) names.push({ name: inner.name, node: ts.isIdentifier(element.name) ? element : inner.node });
  }
  return names;
}

/** Names a node refers to, minus the names it declares itself (parameters, locals). */
function freeNames(node: ts.Node): Set<string> {
  const referenced = new Set<string>();
  const declared = new Set<string>();
  const visit = (current: ts.Node): void => {
    if (ts.isIdentifier(current)) {
      if (isReference(current)) referenced.add(current.text);
      else if (current.parent && current.parent !== node && (ts.isParameter(current.parent) || ts.isVariableDeclaration(current.parent) ||
        ts.isBindingElement(current.parent) || ts.isFunctionDeclaration(current.parent) || ts.isClassDeclaration(current.parent) ||
        ts.isTypeParameterDeclaration(current.parent))) declared.add(current.text);
    }
    // shorthand `{ x }` reads x
    if (ts.isShorthandPropertyAssignment(current)) referenced.add(current.name.text);
    ts.forEachChild(current, visit);
  };
  visit(node);
  for (const name of declared) referenced.delete(name);
  return referenced;
}

const PURE_GLOBALS = new Set([
  'Number', 'String', 'Boolean', 'BigInt', 'Symbol', 'Math', 'JSON', 'Object', 'Array', 'Map', 'Set', 'WeakMap', 'WeakSet',
  'RegExp', 'Date', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array',
  'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array', 'ArrayBuffer', 'Error', 'TypeError', 'RangeError',
  'parseInt', 'parseFloat', 'require', 'Buffer', 'process', 'URL', 'TextEncoder', 'TextDecoder',
]);

/** An initialiser that is safe to evaluate again in the worker (no I/O, no connections, no timers). */
function isPureInitializer(expr: ts.Expression, locals: ReadonlySet<string>): boolean {
  let pure = true;
  const visit = (node: ts.Node): void => {
    if (!pure) return;
    if (ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isClassExpression(node)) return; // not run by the initialiser
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      let root: ts.Expression = node.expression;
      while (ts.isPropertyAccessExpression(root)) root = root.expression;
      const ok = ts.isIdentifier(root) && (PURE_GLOBALS.has(root.text) || locals.has(root.text));
      if (!ok) pure = false;
    }
    if (ts.isAwaitExpression(node) || ts.isYieldExpression(node)) pure = false;
    ts.forEachChild(node, visit);
  };
  visit(expr);
  return pure;
}

/** Collects what the function needs and checks that moving it keeps behaviour. */
export function extractFunction(file: FileState, movable: MovableFunction): Extraction {
  const sf = file.sf;
  const index = topLevelIndex(sf);
  const included = new Map<ts.Node, TopLevel>();
  const includedImports: TopLevel[] = [];
  const queue = [...freeNames(movable.fn)];
  const seen = new Set<string>([movable.name]);
  const movedRoots: ts.Node[] = [movable.statement];
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const entry = index.get(name);
    if (!entry) continue;
    if (entry.binding || ts.isImportDeclaration(entry.statement) || ts.isImportEqualsDeclaration(entry.statement) || requireOf(entry.statement)) {
      includedImports.push(entry);
      continue;
    }
    const key = entry.declaration ?? entry.statement;
    if (included.has(key)) continue;
    if (entry.statement === movable.statement) continue;
    included.set(key, entry);
    movedRoots.push(key);
    for (const next of freeNames(key)) queue.push(next);
  }
  const movedNames = new Set<string>([movable.name]);
  for (const entry of included.values()) {
    const node = entry.declaration ?? entry.statement;
    if (ts.isVariableDeclaration(node)) for (const { name } of boundNames(node.name)) movedNames.add(name);
    else if ((node as ts.DeclarationStatement).name) movedNames.add(((node as ts.DeclarationStatement).name as ts.Identifier).text);
  }
  checkState(file, movable, included, movedNames, movedRoots);

  const localNames = new Set([...movedNames, ...includedImports.flatMap((entry) => namesOfImport(entry))]);
  for (const entry of included.values()) {
    // imported functions (fs, a database client...) may do anything: only the moved code's own are trusted
    if (entry.declaration?.initializer && !isPureInitializer(entry.declaration.initializer, movedNames)) {
      refuse(`the initialiser of ${entry.declaration.name.getText(sf)} would run again in the worker`);
    }
  }

  const imports = importLines(sf, includedImports);
  // the helpers, constants and types, then the function, in source order, spaced as in the source
  const pieces: { start: number; end: number; text: string }[] = [];
  for (const statement of sf.statements) {
    const entries = [...included.values()].filter((entry) => entry.statement === statement);
    if (statement === movable.statement) {
      let text = statementTextWithComments(sf, statement);
      if (!hasModifier(statement, ts.SyntaxKind.ExportKeyword) && file.format.syntax === 'esm') {
        const own = statement.getText(sf);
        text = `${text.slice(0, text.length - own.length)}export ${own}`;
      }
      pieces.push({ start: statement.getStart(sf), end: statement.getEnd(), text });
    } else if (entries.length > 0 && ts.isVariableStatement(statement) && statement.declarationList.declarations.length > 1) {
      const flags = statement.declarationList.flags;
      const keyword = (flags & ts.NodeFlags.Const) !== 0 ? 'const' : (flags & ts.NodeFlags.Let) !== 0 ? 'let' : 'var';
      pieces.push({ start: statement.getStart(sf), end: statement.getEnd(), text: entries.map((entry) => `${keyword} ${entry.declaration!.getText(sf)};`).join('\n') });
    } else if (entries.length > 0) {
      pieces.push({ start: statement.getStart(sf), end: statement.getEnd(), text: statementTextWithComments(sf, statement) });
    }
  }
  let body = '';
  pieces.forEach((piece, index) => {
    if (index > 0) {
      const between = sf.text.slice(pieces[index - 1].end, piece.start);
      body += /\n[ \t]*\n/.test(between) ? '\n\n' : '\n';
    }
    body += piece.text;
  });
  return {
    imports,
    body,
    names: localNames,
    used: [...included.values(), ...includedImports],
    isAsync: hasModifier(movable.fn, ts.SyntaxKind.AsyncKeyword),
    params: movable.fn.parameters,
  };
}

function namesOfImport(entry: TopLevel): string[] {
  if (entry.binding) {
    const binding = entry.binding;
    if (ts.isIdentifier(binding)) return [binding.text];
    if (ts.isNamespaceImport(binding) || ts.isImportSpecifier(binding)) return [binding.name.text];
    if (ts.isBindingElement(binding) && ts.isIdentifier(binding.name)) return [binding.name.text];
  }
  if (ts.isImportEqualsDeclaration(entry.statement)) return [entry.statement.name.text];
  const required = requireOf(entry.statement);
  if (required && ts.isIdentifier(required.declaration.name)) return [required.declaration.name.text];
  return [];
}

/**
 * Module state: a variable the moved code writes (or a `let` written anywhere) must not be read
 * by code that stays on the main thread — the worker would update its own copy.
 */
function checkState(file: FileState, movable: MovableFunction, included: Map<ts.Node, TopLevel>, movedNames: Set<string>, movedRoots: ts.Node[]): void {
  const sf = file.sf;
  const insideMoved = (node: ts.Node): boolean => movedRoots.some((root) => node.getStart(sf) >= root.getStart(sf) && node.getEnd() <= root.getEnd());
  const written = new Set<string>();
  const visit = (node: ts.Node): void => {
    let target: ts.Expression | undefined;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment) target = node.left;
    if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)) target = node.operand;
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && /^(push|pop|shift|unshift|splice|set|add|delete|clear|sort|reverse|fill|copyWithin)$/.test(node.expression.name.text)) target = node.expression.expression;
    if (target) {
      let root = target;
      while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root) || ts.isParenthesizedExpression(root)) root = root.expression;
      if (ts.isIdentifier(root) && movedNames.has(root.text)) written.add(root.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  for (const name of written) {
    if (name === movable.name) continue;
    const entry = [...included.values()].find((candidate) => candidate.declaration && boundNames(candidate.declaration.name).some((bound) => bound.name === name));
    if (!entry && !included.size) continue;
    const usedOutside = collectReferences(sf, name).some((ref) => !insideMoved(ref));
    if (usedOutside) refuse(`${name} is module state the main thread also uses; a worker would change its own copy`);
  }
}

function collectReferences(sf: ts.SourceFile, name: string): ts.Identifier[] {
  const refs: ts.Identifier[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node.text === name && isReference(node)) refs.push(node);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return refs;
}

/** Import statements restricted to the bindings the moved code uses, in the source's syntax. */
function importLines(sf: ts.SourceFile, entries: TopLevel[]): string[] {
  const lines: string[] = [];
  const byStatement = new Map<ts.Statement, TopLevel[]>();
  for (const entry of entries) {
    const list = byStatement.get(entry.statement) ?? [];
    list.push(entry);
    byStatement.set(entry.statement, list);
  }
  for (const statement of sf.statements) {
    const list = byStatement.get(statement);
    if (!list) continue;
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause!;
      const specifier = statement.moduleSpecifier.getText(sf);
      const defaultName = list.find((entry) => entry.binding === clause.name)?.binding as ts.Identifier | undefined;
      const namespace = list.find((entry) => entry.binding && ts.isNamespaceImport(entry.binding))?.binding as ts.NamespaceImport | undefined;
      const named = list.map((entry) => entry.binding).filter((binding): binding is ts.ImportSpecifier => !!binding && ts.isImportSpecifier(binding));
      const typeOnly = clause.isTypeOnly ? 'type ' : '';
      const semicolon = sf.text[statement.getEnd() - 1] === ';' ? ';' : '';
      if (namespace) lines.push(`import ${typeOnly}${defaultName ? `${defaultName.text}, ` : ''}* as ${namespace.name.text} from ${specifier}${semicolon}`);
      else if (named.length > 0) lines.push(`import ${typeOnly}${defaultName ? `${defaultName.text}, ` : ''}{ ${named.map((element) => element.getText(sf)).join(', ')} } from ${specifier}${semicolon}`);
      else if (defaultName) lines.push(`import ${typeOnly}${defaultName.text} from ${specifier}${semicolon}`);
      continue;
    }
    if (ts.isImportEqualsDeclaration(statement)) {
      lines.push(statement.getText(sf));
      continue;
    }
    const required = requireOf(statement);
    if (!required) continue;
    const pattern = required.declaration.name;
    const flags = (required.declaration.parent as ts.VariableDeclarationList).flags;
    const keyword = (flags & ts.NodeFlags.Const) !== 0 ? 'const' : (flags & ts.NodeFlags.Let) !== 0 ? 'let' : 'var';
    const semicolon = sf.text[statement.getEnd() - 1] === ';' ? ';' : '';
    if (ts.isObjectBindingPattern(pattern)) {
      const elements = list.map((entry) => entry.binding).filter((binding): binding is ts.BindingElement => !!binding && ts.isBindingElement(binding));
      lines.push(`${keyword} { ${elements.map((element) => element.getText(sf)).join(', ')} } = ${required.declaration.initializer!.getText(sf)}${semicolon}`);
    } else {
      lines.push(statement.getText(sf));
    }
  }
  return lines;
}

/**
 * Removes the moved function from its file when nothing else there uses it (and it is not
 * exported), then whatever only it used. `rewritten` are the ranges of call sites already replaced.
 */
export function removeMovedFunction(ctx: FixContext, file: FileState, movable: MovableFunction, extraction: Extraction): boolean {
  if (movable.exported) return false;
  const sf = file.sf;
  const edits = ctx.edits;
  const statementStart = movable.statement.getStart(sf);
  const statementEnd = movable.statement.getEnd();
  const outside = collectReferences(sf, movable.name).filter((ref) => ref.getStart(sf) < statementStart || ref.getEnd() > statementEnd);
  const pending = edits.editsOf(file.path);
  const stillUsed = outside.some((ref) => !pending.some((edit) => edit.end > edit.start && edit.start <= ref.getStart(sf) && ref.getEnd() <= edit.end));
  if (stillUsed) return false;
  removeStatement(edits, file.path, sf, movable.statement);
  removeWhatOnlyItUsed(ctx, file, extraction);
  return true;
}

/**
 * After the moved function's body is removed (or replaced by a call of the worker): the imports,
 * helpers and constants only it used, repeating until nothing more goes.
 */
export function removeWhatOnlyItUsed(ctx: FixContext, file: FileState, extraction: Extraction): void {
  const sf = file.sf;
  const edits = ctx.edits;
  const removed = new Set<string>();
  for (let changed = true; changed;) {
    changed = false;
    for (const entry of extraction.used) {
      const isImport = entry.binding !== undefined || ts.isImportDeclaration(entry.statement) || ts.isImportEqualsDeclaration(entry.statement) || requireOf(entry.statement) !== undefined;
      for (const name of isImport ? namesOfImport(entry) : declaredNames(entry)) {
        if (removed.has(name) || stillReferenced(sf, name, edits.editsOf(file.path))) continue;
        if (isImport) {
          if (removeUnusedBinding(edits, file.path, sf, name)) {
            removed.add(name);
            changed = true;
          }
        } else if (!hasModifier(entry.statement, ts.SyntaxKind.ExportKeyword) && !exportedByName(file, name) && !edits.touches(file.path, entry.statement.getStart(sf), entry.statement.getEnd())) {
          if (ts.isVariableStatement(entry.statement) && entry.statement.declarationList.declarations.length > 1) continue;
          removeStatement(edits, file.path, sf, entry.statement);
          removed.add(name);
          changed = true;
        }
      }
    }
  }
}

function declaredNames(entry: TopLevel): string[] {
  if (entry.declaration) return boundNames(entry.declaration.name).map((bound) => bound.name);
  const named = (entry.statement as ts.DeclarationStatement).name;
  return named && ts.isIdentifier(named) ? [named.text] : [];
}
