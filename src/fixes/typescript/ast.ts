/**
 * Syntax helpers shared by the TypeScript/JavaScript fixes (not a fix itself): parsing the current
 * text, finding the node a finding's offsets point at, enclosing functions and statements,
 * indentation, and identifier references. Fixes re-parse the file's *current* text, so a finding
 * whose offsets point at something else is detected and the fix bails out.
 */
import { ts } from 'ts-morph';
import { skipOuterExpressions } from '../../core/typescript/summarize';
import { indentationAt, lineEnd, lineStart } from '../text';

export { indentationAt, lineEnd, lineStart } from '../text';

const parseCache = new Map<string, ts.SourceFile>();

/** Parses a file's text (cached on path + text: fixes of one request share the trees). */
export function parse(path: string, text: string): ts.SourceFile {
  const key = `${path}\0${text.length}`;
  const cached = parseCache.get(key);
  if (cached && cached.text === text) return cached;
  const sf = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, scriptKindOf(path));
  if (parseCache.size > 64) parseCache.clear();
  parseCache.set(key, sf);
  return sf;
}

export function scriptKindOf(path: string): ts.ScriptKind {
  if (path.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (path.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (/\.[cm]?js$/.test(path)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

export function isTypeScriptFile(path: string): boolean {
  return /\.[cm]?tsx?$/.test(path);
}

/** The node that spans exactly [start, end) (the outermost such node), if any. */
export function nodeAt(sf: ts.SourceFile, start: number, end: number): ts.Node | undefined {
  if (start < 0 || end > sf.text.length || start >= end) return undefined;
  let found: ts.Node | undefined;
  const visit = (node: ts.Node): void => {
    const nodeStart = node.getStart(sf);
    if (nodeStart > start || node.getEnd() < end) return;
    if (nodeStart === start && node.getEnd() === end) {
      found ??= node;
      return;
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(sf, visit);
  return found;
}

/** The call spanning exactly [start, end), looking through wrappers of the same span. */
export function callAt(sf: ts.SourceFile, start: number, end: number): ts.CallExpression | undefined {
  return expressionAt(sf, start, end, ts.isCallExpression);
}

/** The node of kind `is` spanning exactly [start, end), looking through wrappers of the same span. */
export function expressionAt<Node extends ts.Node>(sf: ts.SourceFile, start: number, end: number, is: (node: ts.Node) => node is Node): Node | undefined {
  let node = nodeAt(sf, start, end);
  while (node && !is(node)) {
    const child = onlyChildWithSameSpan(node, sf);
    if (!child) return undefined;
    node = child;
  }
  return node;
}

function onlyChildWithSameSpan(node: ts.Node, sf: ts.SourceFile): ts.Node | undefined {
  let match: ts.Node | undefined;
  ts.forEachChild(node, (child) => {
    if (child.getStart(sf) === node.getStart(sf) && child.getEnd() === node.getEnd()) match = child;
  });
  return match;
}

/** The analyser's own unwrapping, so fixes see through the same wrappers it does. */
export const skipParens = skipOuterExpressions;

/** The last name of a callee: `readFileSync` for `fs.readFileSync` and `readFileSync`. */
export function calleeName(call: ts.CallExpression | ts.NewExpression): string | undefined {
  const callee = skipParens(call.expression);
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
}

/** The node naming the callee: the identifier, or the `.name` of a property access. */
export function calleeNameNode(call: ts.CallExpression | ts.NewExpression): ts.Identifier | undefined {
  const callee = skipParens(call.expression);
  if (ts.isIdentifier(callee)) return callee;
  if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.name)) return callee.name;
  return undefined;
}

export type FunctionNode =
  | ts.FunctionDeclaration
  | ts.FunctionExpression
  | ts.ArrowFunction
  | ts.MethodDeclaration
  | ts.ConstructorDeclaration
  | ts.GetAccessorDeclaration
  | ts.SetAccessorDeclaration;

export function isFunctionNode(node: ts.Node): node is FunctionNode {
  return (
    ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) ||
    ts.isMethodDeclaration(node) || ts.isConstructorDeclaration(node) || ts.isGetAccessor(node) || ts.isSetAccessor(node)
  );
}

/** The innermost function around a node, or the source file for top-level code. */
export function enclosingFunction(node: ts.Node): FunctionNode | ts.SourceFile {
  let current = node.parent;
  while (current && !ts.isSourceFile(current)) {
    if (isFunctionNode(current)) return current;
    current = current.parent;
  }
  return current as ts.SourceFile;
}

export function isAsync(fn: FunctionNode): boolean {
  return (ts.getCombinedModifierFlags(fn as ts.Declaration) & ts.ModifierFlags.Async) !== 0;
}

export function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((modifier) => modifier.kind === kind);
}

/** The statement holding a node, directly inside a block or the source file. */
export function enclosingStatement(node: ts.Node): ts.Statement | undefined {
  let current: ts.Node = node;
  while (current.parent) {
    if (ts.isBlock(current.parent) || ts.isSourceFile(current.parent) || ts.isModuleBlock(current.parent) || ts.isCaseClause(current.parent) || ts.isDefaultClause(current.parent)) {
      return current as ts.Statement;
    }
    if (isFunctionNode(current.parent)) return undefined; // an expression-bodied arrow
    current = current.parent;
  }
  return undefined;
}

/** The file's indentation step: two spaces unless the file shows another. */
export function indentUnit(text: string): string {
  const counts = new Map<string, number>();
  for (const match of text.matchAll(/\{[ \t]*\n([ \t]+)\S/g)) {
    const inner = match[1];
    const outer = indentationAt(text, match.index);
    if (inner.startsWith(outer) && inner.length > outer.length) {
      const unit = inner.slice(outer.length);
      counts.set(unit, (counts.get(unit) ?? 0) + 1);
    }
  }
  let best = '  ';
  let bestCount = 0;
  for (const [unit, count] of counts) if (count > bestCount) [best, bestCount] = [unit, count];
  return best;
}

/** Re-indents a block of code from one base indentation to another. */
export function reindent(code: string, from: string, to: string): string {
  return code
    .split('\n')
    .map((line, index) => {
      if (index === 0 || line.trim() === '') return index === 0 ? line : line.trimEnd();
      return line.startsWith(from) ? to + line.slice(from.length) : line;
    })
    .join('\n');
}

/** True when the file's statements end with semicolons (most do); new code follows the file. */
export function usesSemicolons(sf: ts.SourceFile): boolean {
  let withSemicolon = 0;
  let without = 0;
  const visit = (node: ts.Node): void => {
    if (ts.isExpressionStatement(node) || ts.isVariableStatement(node) || ts.isReturnStatement(node) || ts.isImportDeclaration(node)) {
      if (sf.text[node.getEnd() - 1] === ';') withSemicolon++;
      else without++;
    }
    if (withSemicolon + without < 50) ts.forEachChild(node, visit);
  };
  visit(sf);
  return withSemicolon >= without;
}

/** The quote the file uses for module specifiers. */
export function quoteOf(sf: ts.SourceFile): string {
  for (const statement of sf.statements) {
    if (ts.isImportDeclaration(statement)) return sf.text[statement.moduleSpecifier.getStart(sf)] === '"' ? '"' : "'";
  }
  const require = /require\(\s*(["'])/.exec(sf.text);
  return require?.[1] === '"' ? '"' : "'";
}

/** Identifiers named `name` that refer to a binding (not property names, not declarations' own names). */
export function referencesTo(root: ts.Node, name: string): ts.Identifier[] {
  const found: ts.Identifier[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node.text === name && isReference(node)) found.push(node);
    ts.forEachChild(node, visit);
  };
  visit(root);
  return found;
}

/** An identifier used as a value or type, not as a property name or a declared name. */
export function isReference(node: ts.Identifier): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) return false;
  if (ts.isQualifiedName(parent) && parent.right === node) return false;
  if ((ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent) || ts.isMethodDeclaration(parent) ||
    ts.isPropertySignature(parent) || ts.isMethodSignature(parent) || ts.isGetAccessor(parent) || ts.isSetAccessor(parent) ||
    ts.isEnumMember(parent)) && parent.name === node) return false;
  if (ts.isBindingElement(parent) && parent.propertyName === node) return false;
  if ((ts.isFunctionDeclaration(parent) || ts.isFunctionExpression(parent) || ts.isClassDeclaration(parent) ||
    ts.isClassExpression(parent) || ts.isInterfaceDeclaration(parent) || ts.isTypeAliasDeclaration(parent) ||
    ts.isEnumDeclaration(parent) || ts.isVariableDeclaration(parent) || ts.isParameter(parent) ||
    ts.isBindingElement(parent) || ts.isTypeParameterDeclaration(parent) || ts.isImportSpecifier(parent) ||
    ts.isImportClause(parent) || ts.isNamespaceImport(parent) || ts.isImportEqualsDeclaration(parent)) &&
    (parent as { name?: ts.Node }).name === node) return false;
  if (ts.isImportSpecifier(parent) && parent.propertyName === node) return false;
  if (ts.isExportSpecifier(parent) && parent.name === node && parent.propertyName) return false;
  if (ts.isLabeledStatement(parent) || ts.isBreakOrContinueStatement(parent)) return false;
  if (ts.isJsxAttribute(parent)) return false;
  return true;
}

/** Every identifier text used anywhere in the file (to pick names that collide with nothing). */
export function identifiersIn(sf: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) names.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return names;
}

/** `name`, or `name2`, `name3`... when the file already uses `name`. */
export function freeIdentifier(used: ReadonlySet<string>, name: string): string {
  if (!used.has(name)) return name;
  for (let i = 2; ; i++) if (!used.has(`${name}${i}`)) return `${name}${i}`;
}

/** `cpuBoundTask` → `cpu-bound-task`; `Foo_bar` → `foo-bar`. */
export function kebabCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .replace(/[_\s$]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase() || 'task';
}

/** `cpuBoundTask` → `CpuBoundTask`. */
export function pascalCase(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9]+(.)?/g, (_, next: string | undefined) => (next ? next.toUpperCase() : ''));
  return cleaned.charAt(0).toUpperCase() + cleaned.slice(1);
}

/** The offset just after the statement, including the rest of its line (comments) and the newline. */
export function statementRemovalRange(sf: ts.SourceFile, statement: ts.Node): { start: number; end: number } {
  const text = sf.text;
  const comments = ts.getLeadingCommentRanges(text, statement.getFullStart()) ?? [];
  // keep a file header comment separated by a blank line; take comments attached to the statement
  let start = statement.getStart(sf);
  for (let i = comments.length - 1; i >= 0; i--) {
    const between = text.slice(comments[i].end, start);
    if (/\n[ \t]*\n/.test(between)) break;
    start = comments[i].pos;
  }
  start = lineStart(text, start);
  let end = statement.getEnd();
  const restOfLine = text.slice(end, lineEnd(text, end));
  if (restOfLine.trim() === '' || /^\s*\/\//.test(restOfLine)) end = Math.min(text.length, lineEnd(text, end) + 1);
  // swallow one blank line after, so removal leaves no double gap
  if (/^[ \t]*\n/.test(text.slice(end)) && (start === 0 || /\n[ \t]*\n$/.test(text.slice(0, start)))) {
    end = lineEnd(text, end) + 1;
  }
  return { start, end };
}

/** The source text of a statement with the comments attached to it (JSDoc and line comments above). */
export function statementTextWithComments(sf: ts.SourceFile, statement: ts.Node): string {
  const range = statementRemovalRange(sf, statement);
  return sf.text.slice(range.start, statement.getEnd());
}
