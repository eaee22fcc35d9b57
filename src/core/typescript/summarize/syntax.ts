/** Small syntax helpers of the summariser: what a node is, its names and modifiers. */
import { ts } from 'ts-morph';
import type { Block } from '../summary';

/**
 * The TypeScript namespace as a plain value: the bundle re-exports ts-morph's `ts` through a
 * getter, which costs a call on every `ts.isX` and `ts.SyntaxKind.X` in the hot walk.
 */
export const T: typeof ts = ts;

export function emptyBlock(): Block {
  return { weight: 0, dense: 0, allocations: 0, temporaries: 0, loops: [], calls: [] };
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

export function isFunctionLike(node: ts.Node): node is ts.FunctionLikeDeclaration {
  return (
    T.isFunctionDeclaration(node) || T.isFunctionExpression(node) || T.isArrowFunction(node) ||
    T.isMethodDeclaration(node) || T.isConstructorDeclaration(node) || T.isGetAccessor(node) ||
    T.isSetAccessor(node)
  );
}

/** The nearest function of any kind (`T.isFunctionLike`) or the source file around `node`. */
export function enclosingFunctionOrFile(node: ts.Node): ts.Node | undefined {
  let current = node.parent;
  while (current && !T.isFunctionLike(current) && !T.isSourceFile(current)) current = current.parent;
  return current;
}

/**
 * `async` is written on the function itself (no declaration list or JSDoc tag gives it), so its
 * own modifiers say it: the compiler's combined flags would also read a JavaScript file's JSDoc
 * for access modifiers, once per function.
 */
export function isAsyncFunction(node: ts.FunctionLikeDeclaration): boolean {
  return T.canHaveModifiers(node) && (T.getModifiers(node)?.some((modifier) => modifier.kind === T.SyntaxKind.AsyncKeyword) ?? false);
}

export function isStatic(node: ts.Node): boolean {
  return T.canHaveModifiers(node) && (T.getModifiers(node) ?? []).some((m) => m.kind === T.SyntaxKind.StaticKeyword);
}

export function parseNumber(text: string): number {
  return Number(text.replace(/_/g, ''));
}

/** `obj['key']`, `obj[0]`: the literal key, if the key is one. */
export function literalKey(expression: ts.Expression): string | undefined {
  const node = skipOuterExpressions(expression);
  if (T.isStringLiteral(node) || T.isNoSubstitutionTemplateLiteral(node) || T.isNumericLiteral(node)) return node.text;
  return undefined;
}

export function propertyName(name: ts.PropertyName | undefined): string | undefined {
  if (!name) return undefined;
  if (T.isIdentifier(name) || T.isStringLiteral(name) || T.isNumericLiteral(name) || T.isPrivateIdentifier(name)) return name.text;
  if (T.isComputedPropertyName(name)) return literalKey(name.expression) ?? computedKey(skipOuterExpressions(name.expression));
  return undefined;
}

/**
 * The key of a member named by a constant (`[kSend]() {}`, `[Symbol.iterator]() {}`): the
 * constant's text in brackets, which `obj[kSend]` and `obj[Symbol.iterator]` name too.
 */
export function computedKey(expression: ts.Expression): string | undefined {
  if (T.isIdentifier(expression)) return `[${expression.text}]`;
  if (isWellKnownSymbol(expression)) return `[Symbol.${(expression as ts.PropertyAccessExpression).name.text}]`;
  // a member of a constant table of keys (`const PRIVATE = { SEND: Symbol('send') }`, `[PRIVATE.SEND]() {}`)
  const path = constantPath(expression);
  return path ? `[${path}]` : undefined;
}

/** `PRIVATE.SEND_REQUEST`: a dotted path of plain names, as text. */
function constantPath(expression: ts.Expression): string | undefined {
  if (T.isIdentifier(expression)) return expression.text;
  if (!T.isPropertyAccessExpression(expression) || !T.isIdentifier(expression.name)) return undefined;
  const owner = constantPath(skipOuterExpressions(expression.expression));
  return owner ? `${owner}.${expression.name.text}` : undefined;
}

/** The name a dotted path of plain names starts with (`PRIVATE` in `PRIVATE.SEND_REQUEST`). */
export function pathRoot(expression: ts.Expression): ts.Identifier | undefined {
  let node = expression;
  while (T.isPropertyAccessExpression(node)) node = skipOuterExpressions(node.expression);
  return T.isIdentifier(node) ? node : undefined;
}

/** `Symbol.iterator`, `Symbol.asyncIterator`, … */
export function isWellKnownSymbol(expression: ts.Expression): boolean {
  return T.isPropertyAccessExpression(expression) && T.isIdentifier(expression.expression) && expression.expression.text === 'Symbol';
}

export function nameNodeOf(node: ts.Node): ts.Node | undefined {
  if (T.isArrowFunction(node)) return node.equalsGreaterThanToken;
  const named = node as { name?: ts.Node };
  if (named.name) return named.name;
  if (T.isConstructorDeclaration(node)) return node.getFirstToken();
  if (T.isFunctionExpression(node)) return node.getFirstToken();
  return undefined;
}

export function isInlineFunction(node: ts.Node): node is ts.ArrowFunction | ts.FunctionExpression {
  return T.isArrowFunction(node) || T.isFunctionExpression(node);
}

export function isArrayFrom(node: ts.CallExpression): boolean {
  const callee = node.expression;
  return T.isPropertyAccessExpression(callee) && T.isIdentifier(callee.expression) &&
    callee.expression.text === 'Array' && callee.name.text === 'from';
}

export function rootIdentifier(expression: ts.Expression): string | undefined {
  let current = skipOuterExpressions(expression);
  while (T.isPropertyAccessExpression(current) || T.isCallExpression(current) || T.isElementAccessExpression(current)) {
    current = skipOuterExpressions(current.expression);
  }
  return T.isIdentifier(current) ? current.text : undefined;
}

/** The receiver of an iteration call (`node.children` in `node.children.forEach(visit)`). */
export function receiverOf(callback: ts.Expression): ts.Expression {
  const call = callback.parent;
  if (T.isCallExpression(call) && T.isPropertyAccessExpression(call.expression)) return call.expression.expression;
  return callback;
}

export function hasExportModifier(node: ts.Node): boolean {
  return T.canHaveModifiers(node) && (T.getModifiers(node) ?? []).some((m) => m.kind === T.SyntaxKind.ExportKeyword);
}

export function hasDefaultModifier(node: ts.Node): boolean {
  return T.canHaveModifiers(node) && (T.getModifiers(node) ?? []).some((m) => m.kind === T.SyntaxKind.DefaultKeyword);
}

export function countParseErrors(sf: ts.SourceFile): number {
  const diagnostics = (sf as unknown as { parseDiagnostics?: readonly unknown[] }).parseDiagnostics;
  return diagnostics?.length ?? 0;
}
