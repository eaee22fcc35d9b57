/**
 * Branches that run once: lazy initialisation and memoisation test long-lived state (a member of
 * `this`, a module-level variable, an entry of either) and create it when it is missing:
 *
 *   if (!this.client) this.connect();            if (cache[key]) return cache[key];
 *   if (db === undefined) db = open(file);       cache[key] = fs.readFileSync(file);
 *   this.body = this.body || fs.readFileSync(f);  entry.content ??= fs.readFileSync(file);
 *
 * The guarded code runs on the first call (per key), not every time the caller runs: a handler
 * that connects on its first request does not connect per request.
 */
import type { ts } from 'ts-morph';
import { enclosingFunctionOrFile, skipOuterExpressions, T } from './syntax';

/** Is a name state that outlives a call (bound at module level, and not an imported module)? */
export type IsLongLived = (name: string) => boolean;

/**
 * `absent` when the condition holds only while some long-lived state is missing, `present` when
 * it holds only while that state exists; undefined when it tests anything else.
 */
export function stateTest(condition: ts.Expression, isLongLived: IsLongLived): 'absent' | 'present' | undefined {
  const node = skipOuterExpressions(condition);
  if (T.isPrefixUnaryExpression(node) && node.operator === T.SyntaxKind.ExclamationToken) {
    const inner = stateTest(node.operand, isLongLived);
    return inner === 'absent' ? 'present' : inner === 'present' ? 'absent' : undefined;
  }
  if (T.isBinaryExpression(node)) {
    const operator = node.operatorToken.kind;
    if (operator === T.SyntaxKind.BarBarToken || operator === T.SyntaxKind.AmpersandAmpersandToken) {
      const tests = [stateTest(node.left, isLongLived), stateTest(node.right, isLongLived)];
      // 'absent': the condition holds only while a state is missing; 'present': its negation does
      const and = operator === T.SyntaxKind.AmpersandAmpersandToken;
      const some = (kind: string) => tests.some((test) => test === kind);
      const every = (kind: string) => tests.every((test) => test === kind);
      if (and ? some('absent') : every('absent')) return 'absent';
      if (and ? every('present') : some('present')) return 'present';
      return undefined;
    }
    const nullish = nullishComparison(node);
    if (nullish && isStateReference(nullish.operand, isLongLived)) return nullish.equal ? 'absent' : 'present';
    return undefined;
  }
  return isStateReference(node, isLongLived) ? 'present' : undefined;
}

/** `x == null`, `x === undefined`, `typeof x === 'undefined'`, `x !== void 0` … */
function nullishComparison(node: ts.BinaryExpression): { operand: ts.Expression; equal: boolean } | undefined {
  const operator = node.operatorToken.kind;
  const equal = operator === T.SyntaxKind.EqualsEqualsToken || operator === T.SyntaxKind.EqualsEqualsEqualsToken;
  const notEqual = operator === T.SyntaxKind.ExclamationEqualsToken || operator === T.SyntaxKind.ExclamationEqualsEqualsToken;
  if (!equal && !notEqual) return undefined;
  for (const [operand, other] of [[node.left, node.right], [node.right, node.left]] as const) {
    const value = skipOuterExpressions(other);
    const isNullish = value.kind === T.SyntaxKind.NullKeyword || (T.isIdentifier(value) && value.text === 'undefined') || T.isVoidExpression(value);
    if (isNullish) return { operand, equal };
    const tested = skipOuterExpressions(operand);
    if (T.isTypeOfExpression(tested) && T.isStringLiteral(value) && value.text === 'undefined') return { operand: tested.expression, equal };
  }
  return undefined;
}

/** `this.client`, `this.cache[key]`, `cache.get(key)`, a module-level `db`: state kept between calls. */
function isStateReference(expression: ts.Expression, isLongLived: IsLongLived): boolean {
  let node = skipOuterExpressions(expression);
  // `cache.get(key)` / `cache.has(key)` reads an entry of the state
  if (T.isCallExpression(node) && T.isPropertyAccessExpression(node.expression) && /^(get|has)$/.test(node.expression.name.text)) {
    node = skipOuterExpressions(node.expression.expression);
  }
  let steps = 0;
  while (T.isPropertyAccessExpression(node) || T.isElementAccessExpression(node)) {
    node = skipOuterExpressions(node.expression);
    steps++;
  }
  if (node.kind === T.SyntaxKind.ThisKeyword) return steps > 0;
  return T.isIdentifier(node) && isLongLived(node.text);
}

/** `if (state) return …;` with no else: what follows runs only while the state is missing. */
export function isEarlyReturnWhilePresent(statement: ts.Statement, isLongLived: IsLongLived): boolean {
  if (!T.isIfStatement(statement) || statement.elseStatement) return false;
  if (stateTest(statement.expression, isLongLived) !== 'present') return false;
  const then = statement.thenStatement;
  const last = T.isBlock(then) ? then.statements[then.statements.length - 1] : then;
  return last !== undefined && (T.isReturnStatement(last) || T.isThrowStatement(last));
}

/** The operators that keep a value already there: `a || b`, `a ?? b`. */
const KEEPING_OPERATORS: ReadonlySet<ts.SyntaxKind> = new Set([T.SyntaxKind.BarBarToken, T.SyntaxKind.QuestionQuestionToken]);
/** Their assignment forms: `a ||= b`, `a ??= b`. */
const KEEPING_ASSIGNMENTS: ReadonlySet<ts.SyntaxKind> = new Set([T.SyntaxKind.BarBarEqualsToken, T.SyntaxKind.QuestionQuestionEqualsToken]);

/**
 * The part of a memoising assignment that runs only while the state is missing: `b` in
 * `state = state || b`, `state = state ?? b`, `state ||= b`, `state ??= b`, where `state` is
 * long-lived (a member of `this`, a module-level variable, an entry of either, or a property of a
 * local that holds such an entry: `const entry = this.index.get(key); entry.body = entry.body ||
 * readFileSync(path)`). Undefined for any other expression.
 */
export function memoisedValue(node: ts.BinaryExpression, isLongLived: IsLongLived): ts.Expression | undefined {
  const operator = node.operatorToken.kind;
  let value: ts.Expression | undefined;
  if (KEEPING_ASSIGNMENTS.has(operator)) value = node.right;
  else if (operator === T.SyntaxKind.EqualsToken) {
    const right = skipOuterExpressions(node.right);
    if (T.isBinaryExpression(right) && KEEPING_OPERATORS.has(right.operatorToken.kind) && sameReference(right.left, node.left)) value = right.right;
  }
  if (!value) return undefined;
  return isStateReference(node.left, isLongLived) || isEntryOfState(node.left, isLongLived) ? value : undefined;
}

/** `this.cache[key].body` and the same chain written again: names, `this`, member names, literal or named keys. */
function sameReference(a: ts.Expression, b: ts.Expression): boolean {
  const left = skipOuterExpressions(a);
  const right = skipOuterExpressions(b);
  if (left.kind === T.SyntaxKind.ThisKeyword) return right.kind === T.SyntaxKind.ThisKeyword;
  if (T.isIdentifier(left) || T.isStringLiteral(left) || T.isNumericLiteral(left)) return left.kind === right.kind && left.text === (right as typeof left).text;
  if (T.isPropertyAccessExpression(left)) {
    return T.isPropertyAccessExpression(right) && left.name.text === right.name.text && sameReference(left.expression, right.expression);
  }
  if (T.isElementAccessExpression(left)) {
    return T.isElementAccessExpression(right) && sameReference(left.argumentExpression, right.argumentExpression) && sameReference(left.expression, right.expression);
  }
  return false;
}

/** `entry.body` where `entry` is a local the function set from long-lived state (`const entry = this.cache.get(key)`). */
function isEntryOfState(target: ts.Expression, isLongLived: IsLongLived): boolean {
  let node = skipOuterExpressions(target);
  if (!T.isPropertyAccessExpression(node) && !T.isElementAccessExpression(node)) return false;
  while (T.isPropertyAccessExpression(node) || T.isElementAccessExpression(node)) node = skipOuterExpressions(node.expression);
  if (!T.isIdentifier(node)) return false;
  const initializer = localInitializer(node);
  return initializer !== undefined && isStateReference(initializer, isLongLived);
}

/** The initializer of the declaration of a local `name` in the function that holds it (the first one written). */
function localInitializer(name: ts.Identifier): ts.Expression | undefined {
  const scope = enclosingFunctionOrFile(name);
  if (!scope || T.isSourceFile(scope)) return undefined;
  let found: ts.Expression | undefined;
  const search = (node: ts.Node): void => {
    if (found) return;
    if (T.isVariableDeclaration(node) && T.isIdentifier(node.name) && node.name.text === name.text && node.initializer) {
      found = node.initializer;
      return;
    }
    if (T.isFunctionLike(node) && node !== scope) return;
    T.forEachChild(node, search);
  };
  T.forEachChild(scope, search);
  return found;
}
